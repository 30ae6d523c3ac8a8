"""Every other address: an old one the CMS redirects (e.g. /blog/<slug> from the WordPress
import), else the 404 page. Registered last; any more specific route wins over it."""

from flask import Blueprint, request

from ..page_cache import cached_page
from ..redirects import redirect_or_404

bp = Blueprint("redirects", __name__)


@bp.get("/<path:path>")
@cached_page()
def old_address(path):
    redirect_or_404(request.path)
