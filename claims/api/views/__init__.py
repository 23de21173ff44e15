"""The REST API's views, one module per resource; thin: services raise, ``api.errors`` answers."""
