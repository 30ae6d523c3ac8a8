"""Werkzeug's own redirects to a path's one spelling (`/articles` -> `/articles/`, `//x/` -> `/x/`),
sent as a path alone.

Werkzeug writes them as absolute URLs on whatever host the request named, so a forged
`Host: evil.example` came back as `Location: http://evil.example/articles/`, for any cache
in front to keep. A relative Location leads to the same page on the host the reader really
used, and names none.
"""

from urllib.parse import urlsplit, urlunsplit

from flask import Flask, redirect, request
from werkzeug.routing import RequestRedirect


def relative_redirect():
    """Before any view: answer a routing redirect with its path and query only."""
    error = request.routing_exception
    if not isinstance(error, RequestRedirect):
        return None
    parts = urlsplit(error.new_url)
    path = "/" + parts.path.lstrip("/")  # never "//host/...": that would name a host again
    return redirect(urlunsplit(("", "", path, parts.query, "")), error.code)


def register(app: Flask) -> None:
    app.before_request(relative_redirect)
