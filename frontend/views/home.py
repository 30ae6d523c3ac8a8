from flask import Blueprint

from shared.site_map import HOME

from ..caching import cached_page
from ..content.old_addresses import redirect_or_404
from .pages import fetch_page, render_page

bp = Blueprint("home", __name__)


# The old blog's short addresses (/?p=1178, /?page_id=2): redirects the WordPress import made.
OLD_BLOG_PARAMETERS = ("p", "page_id")


def old_blog_id(values: list[str]) -> str | None:
    """A post or page id from the old blog's query string, else None (the home page as usual)."""
    return values[0] if values and values[0].isascii() and values[0].isdigit() and len(values[0]) < 19 else None


@bp.get("/")
@cached_page(p=old_blog_id, page_id=old_blog_id)
def index(p=None, page_id=None):
    if p or page_id:
        redirect_or_404(f"/?p={p}" if p else f"/?page_id={page_id}")
    return render_page("home.html", fetch_page("/", HOME))
