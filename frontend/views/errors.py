"""Error pages: every failure gets a page written for readers, never a traceback.

They depend on neither the cache nor the CMS, so they work when either is down (the
footer then has no contact details).
"""

import logging

from flask import Flask, render_template
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException

from ..content.client import CMSUnavailable

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    @app.errorhandler(CMSUnavailable)
    def cms_unavailable(error):
        response = app.make_response((render_template("errors/503.html"), 503))
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(HTTPException)
    def http_error(error):
        if request_ctx.url_adapter is None:
            # The request could not even be routed (a malformed Host, say): no links can be
            # built for the page template, so a plain answer.
            return f"{error.code} {error.name}\n", error.code, {"Content-Type": "text/plain; charset=utf-8"}
        template = "errors/404.html" if error.code == 404 else "errors/generic.html"
        return render_template(template, error=error), error.code

    @app.errorhandler(Exception)
    def unexpected_error(error):
        log.exception("Unhandled error")
        return render_template("errors/generic.html", error=None), 500
