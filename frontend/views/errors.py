"""Error pages: every failure gets a page written for readers, never a traceback."""

import logging

from flask import Flask, g, render_template
from werkzeug.exceptions import HTTPException

from ..cms_client import CMSError, CMSUnavailable, cms

log = logging.getLogger(__name__)


def clinic_contact() -> dict:
    """The clinic's booking settings for the header and footer; empty when the CMS cannot say.

    Pages bring them along (the CMS adds them to every page); other pages ask once and cache.
    """
    if "clinic" in g:
        return g.clinic
    if g.get("cms_unavailable"):
        return {}
    try:
        return cms().booking_settings()
    except CMSError:
        return {}


def register(app: Flask) -> None:
    # A function, so only pages that show the footer ask for it (once, then cached).
    app.add_template_global(clinic_contact)

    @app.errorhandler(CMSUnavailable)
    def cms_unavailable(error):
        g.cms_unavailable = True
        response = app.make_response((render_template("errors/503.html"), 503))
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(HTTPException)
    def http_error(error):
        template = "errors/404.html" if error.code == 404 else "errors/generic.html"
        return render_template(template, error=error), error.code

    @app.errorhandler(Exception)
    def unexpected_error(error):
        log.exception("Unhandled error")
        return render_template("errors/generic.html", error=None), 500
