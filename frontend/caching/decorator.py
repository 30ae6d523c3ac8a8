"""`cached_page`: how a view is served through the page cache."""

from functools import wraps

from flask import current_app, make_response

from .core import PageCache
from .keys import read_parameters


def page_cache() -> PageCache:
    return current_app.extensions["page_cache"]


def cached_page(keep: float | None = None, **params):
    """Serve a view through the page cache.

    `keep`: seconds its copies live at most (default: as long as pages). `params` name the
    query parameters the view reads, each with a parser that returns its canonical value
    (None for the default) or raises ValueError for a malformed one (a 400). The parsed
    values are passed to the view as keyword arguments.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(**kwargs):
            values = read_parameters(params)
            return page_cache().serve(lambda: make_response(view(**kwargs, **values)), values, keep)

        wrapper.cache_parameters = tuple(params)  # what the edge keeps of query strings (tests check)
        return wrapper

    return decorator
