"""/articles/ (a paginated list) and /articles/<slug>/.

The list is its own view; the detail is the same as any section's item page but
kept here beside the list (its cache decorator is part of this module's contract).
"""

import math
import re

from flask import Blueprint, abort

from shared.contract import ARTICLE, ARTICLE_INDEX, ARTICLES_PER_PAGE

from ..cms_client import cms
from ..discovery_filters import page_url
from ..caching import cached_page
from .pages import fetch_item, fetch_page, render_page

bp = Blueprint("articles", __name__, url_prefix="/articles")


MAX_PAGE_NUMBER = 100_000
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}", re.ASCII)


def page_number(values: list[str]) -> int | None:
    """`?page=`: one whole number from 1, written plainly ("2", not "02" or "２"); None for page 1."""
    if not values:
        return None
    if len(values) > 1 or not PAGE_NUMBER.fullmatch(values[0]) or int(values[0]) > MAX_PAGE_NUMBER:
        raise ValueError("The page number must be one whole number from 1 up, like ?page=2.")
    return None if values[0] == "1" else int(values[0])


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
        canonical_url=page_url("articles.index", number),
        **context,
    )


def list_page(index_answer, number: int):
    """Page `number` of the article list under `index_answer` (a 404 past the last page):
    the listing and the template's `articles`, `page_number` and `page_count`."""
    total = index_answer.page.get("article_count")
    if total is not None and number > max(1, math.ceil(total / ARTICLES_PER_PAGE)):
        abort(404)
    listing = cms().articles(offset=(number - 1) * ARTICLES_PER_PAGE, limit=ARTICLES_PER_PAGE, total=total)
    page_count = max(1, math.ceil(listing.total / ARTICLES_PER_PAGE))
    if number > page_count or (number > 1 and not listing.items):
        abort(404)
    return listing, {"articles": listing.items, "page_number": number, "page_count": page_count}


@bp.get("/<slug>/")
@cached_page()
def detail(slug):
    return render_page("articles/detail.html", fetch_item("articles", slug, ARTICLE))
