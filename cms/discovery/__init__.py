"""Finding things on the public site: redirects from old addresses, and search, as API endpoints."""
