"""The REST API under /api/ (DRF viewsets; OpenAPI schema at /api/schema/)."""
