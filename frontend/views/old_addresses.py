"""Every other address: an old one the CMS redirects (e.g. /blog/<slug> from the WordPress
import), else the 404 page. Registered last; any more specific route wins over it."""

from flask import Blueprint, abort, current_app, request
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from ..caching import cached_page
from ..content.old_addresses import redirect_or_404

bp = Blueprint("old_addresses", __name__)

# What this catch-all itself answers; a path another route takes by other methods is that route's.
OWN_METHODS = {"GET", "HEAD", "OPTIONS"}


def other_routes_methods(path: str) -> set[str]:
    """The methods other routes accept at `path` (e.g. POST at /_cms/purge), else an empty set."""
    try:
        current_app.url_map.bind("").match(path, method="-")
    except MethodNotAllowed as refused:
        return set(refused.valid_methods or ()) - OWN_METHODS
    except (NotFound, RequestRedirect):
        pass
    return set()


@bp.get("/<path:path>")
def old_address(path):
    # A GET to a POST-only address of the site (the CMS's webhooks) is a 405, not an old address.
    if methods := other_routes_methods(request.path):
        abort(405, valid_methods=sorted(methods))
    return cached_old_address(path=path)


@cached_page()
def cached_old_address(path):
    redirect_or_404(request.path)
