"""One blueprint factory for a site section: its index page and its item pages.

Therapists and services are exactly this. Articles keep their own module: a paginated
list from the listing endpoint, and a detail view beside it.
Templates: `<section>/index.html` and `<section>/detail.html`.
"""

from flask import Blueprint

from shared.site_map import SECTIONS

from ..caching import cached_page
from .pages import fetch_item, fetch_page, render_page


def section_blueprint(section: str) -> Blueprint:
    """The blueprint for /<section>/ and /<section>/<slug>/, endpoints `<section>.index` and `.detail`."""
    index_type, item_type = SECTIONS[section]
    bp = Blueprint(section, __name__, url_prefix=f"/{section}")

    @bp.get("/", endpoint="index")
    @cached_page()
    def index():
        return render_page(f"{section}/index.html", fetch_page(f"/{section}/", index_type))

    @bp.get("/<slug>/", endpoint="detail")
    @cached_page()
    def detail(slug):
        return render_page(f"{section}/detail.html", fetch_item(section, slug, item_type))

    return bp
