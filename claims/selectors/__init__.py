"""Reads for pages, the API, the admin, exports and services, one module per entity."""
