"""/articles/tag/<tag>/: the articles carrying one tag, newest first, paginated like the list.

Two CMS requests per page whatever the number of articles: the article index (title, the
clinic's settings) and one listing filtered by the tag. The CMS purges a tag's archive
when an article carrying it (before or after the change) is published, changed or removed.
"""

import math

from flask import Blueprint, abort, current_app

from shared.contract import ARTICLE_INDEX, ARTICLES_PER_PAGE

from ..cms_client import cms
from ..discovery_filters import page_url
from ..caching import cached_page
from .articles import page_number
from .pages import fetch_page, render_page

bp = Blueprint("tags", __name__)

# Taggit keeps tag names in 100 characters; a comma would ask Wagtail for two tags at once.
MAX_TAG = 100


def plausible_tag(tag: str) -> bool:
    return 0 < len(tag) <= MAX_TAG and tag.isprintable() and "," not in tag and tag.strip() == tag


@bp.get("/articles/tag/<path:tag>/")
@cached_page(page=page_number)
def archive(tag, page):
    if not plausible_tag(tag):
        abort(404)
    number = page or 1
    index = fetch_page("/articles/", ARTICLE_INDEX)
    listing = cms().articles(offset=(number - 1) * ARTICLES_PER_PAGE, limit=ARTICLES_PER_PAGE, tag=tag)
    page_count = max(1, math.ceil(listing.total / ARTICLES_PER_PAGE))
    if not listing.items or number > page_count:
        abort(404)  # an unknown tag, one no published article carries, or past the last page
    return render_page(
        "articles/tag.html",
        index,
        also_shown=listing.shown_ids,
        tag=tag,
        articles=listing.items,
        total=listing.total,
        page_number=number,
        page_count=page_count,
        canonical_url=page_url("tags.archive", number, tag=tag),  # the head's canonical link
        head_title=f"Articles tagged “{tag}”",
        head_description=f"Articles from {current_app.config['SITE_NAME']} about {tag}.",
    )
