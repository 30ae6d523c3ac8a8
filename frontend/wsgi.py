"""WSGI entry point of the public site: `gunicorn frontend.wsgi:app`."""

from frontend import create_app

app = create_app()
