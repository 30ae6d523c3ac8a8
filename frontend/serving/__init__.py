"""WSGI middleware around the app: security headers on every answer, one log line per request."""
