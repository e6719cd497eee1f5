"""HTTP routes under /api and the health check."""
