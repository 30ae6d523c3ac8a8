import math

from flask import Blueprint, abort, render_template, request

from shared.contract import ARTICLE, ARTICLE_INDEX, ARTICLES_PER_PAGE

from ..cms_client import cms
from ..page_cache import cached_page
from .pages import fetch_item, fetch_page

bp = Blueprint("articles", __name__, url_prefix="/articles")


def requested_page_number() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        abort(400, description="The page number must be a whole number from 1 up.")
    return int(raw)


@bp.get("/")
@cached_page("page")
def index():
    number = requested_page_number()
    index_page = fetch_page("/articles/", ARTICLE_INDEX)
    total = index_page.get("article_count")
    if total is not None and number > max(1, math.ceil(total / ARTICLES_PER_PAGE)):
        abort(404)
    listing = cms().articles(offset=(number - 1) * ARTICLES_PER_PAGE, limit=ARTICLES_PER_PAGE, total=total)
    total = listing["meta"]["total_count"]
    page_count = max(1, math.ceil(total / ARTICLES_PER_PAGE))
    if number > page_count or (number > 1 and not listing["items"]):
        abort(404)
    return render_template(
        "articles/index.html",
        page=index_page,
        articles=listing["items"],
        page_number=number,
        page_count=page_count,
    )


@bp.get("/<slug>/")
@cached_page()
def detail(slug):
    return render_template("articles/detail.html", page=fetch_item("articles", slug, ARTICLE))
