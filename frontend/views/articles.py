"""/articles/ (a paginated list) and /articles/<slug>/.

The list is its own view; the detail is the same as any section's item page but
kept here beside the list (its cache decorator is part of this module's contract).
"""

from flask import Blueprint, abort

from shared.site_map import ARTICLE, ARTICLE_INDEX, ARTICLES_PER_PAGE
from shared.surrogate_keys import section_key

from ..caching import cached_page
from ..content.client import cms
from ..rendering.paging import offset, page_count, page_number, page_url
from .pages import fetch_item, fetch_page, render_page

bp = Blueprint("articles", __name__, url_prefix="/articles")


@bp.get("/")
@cached_page(page=page_number)
def index(page):
    number = page or 1
    index_answer = fetch_page("/articles/", ARTICLE_INDEX)
    listing, context = list_page(index_answer, number)
    return render_page(
        "articles/index.html",
        index_answer,
        also_shown=listing.shown_ids,
        also_keys={section_key("articles")},
        canonical_url=page_url("articles.index", number),
        **context,
    )


def list_page(index_answer, number: int):
    """Page `number` of the article list under `index_answer` (a 404 past the last page):
    the listing and the template's `articles`, `page_number` and `page_count`."""
    total = index_answer.page.get("article_count")
    if total is not None and number > page_count(total, ARTICLES_PER_PAGE):
        abort(404)
    listing = cms().articles(offset=offset(number, ARTICLES_PER_PAGE), limit=ARTICLES_PER_PAGE, total=total)
    pages = page_count(listing.total, ARTICLES_PER_PAGE)
    if number > pages or (number > 1 and not listing.items):
        abort(404)
    return listing, {"articles": listing.items, "page_number": number, "page_count": pages}


@bp.get("/<slug>/")
@cached_page()
def detail(slug):
    return render_page("articles/detail.html", fetch_item("articles", slug, ARTICLE))
