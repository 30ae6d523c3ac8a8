"""Error pages: every failure gets a page written for readers, never a traceback.

They never ask the CMS, so they work when it is down: the header's booking button and the
footer's clinic details are the last ones seen (frontend/content/last_clinic.py), or none.
"""

import logging

from flask import Flask, current_app, render_template
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException

from ..content.client import CMSUnavailable
from ..content.last_clinic import last_known
from ..rendering import clinic_days

log = logging.getLogger(__name__)


def error_page(template: str, status: int, **context):
    """The error page with the last clinic details seen. Only a 404, which the page cache keeps,
    is dated (Expires): on a 400, 500 or 503 an Expires would let caches in front keep the error."""
    clinic = last_known()
    days = clinic_days.for_clinic(clinic)
    response = current_app.make_response(
        (render_template(template, clinic=clinic, clinic_days=days, **context), status)
    )
    return clinic_days.dated(response, days) if status == 404 else response


def register(app: Flask) -> None:
    @app.errorhandler(CMSUnavailable)
    def cms_unavailable(error):
        response = error_page("errors/503.html", 503)
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(HTTPException)
    def http_error(error):
        if request_ctx.url_adapter is None:
            # The request could not even be routed (a malformed Host, say): no links can be
            # built for the page template, so a plain answer.
            return f"{error.code} {error.name}\n", error.code, {"Content-Type": "text/plain; charset=utf-8"}
        template = "errors/404.html" if error.code == 404 else "errors/generic.html"
        return error_page(template, error.code, error=error)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        log.exception("Unhandled error")
        return error_page("errors/generic.html", 500, error=None)
