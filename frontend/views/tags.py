"""/articles/tag/<tag>/: the articles carrying one tag, newest first, paginated like the list.

Two CMS requests per page whatever the number of articles: the article index (title, the
clinic's settings) and one listing filtered by the tag. The CMS purges a tag's archive
when an article carrying it (before or after the change) is published, changed or removed.
"""

from flask import Blueprint, abort, current_app

from shared.site_map import ARTICLE_INDEX, ARTICLES_PER_PAGE
from shared.surrogate_keys import tag_key

from ..caching import cached_page
from ..content.client import cms
from ..rendering.paging import offset, page_count, page_number, page_url
from ..rendering.template_filters import linkable_tag
from .pages import fetch_page, render_page

bp = Blueprint("tags", __name__)

# Taggit keeps tag names in 100 characters; a comma would ask Wagtail for two tags at once.
MAX_TAG = 100


def plausible_tag(tag: str) -> bool:
    """A tag the site links to: no archive for one its links leave out (linkable_tag)."""
    return 0 < len(tag) <= MAX_TAG and tag.isprintable() and "," not in tag and tag.strip() == tag and linkable_tag(tag)


@bp.get("/articles/tag/<path:tag>/")
@cached_page(page=page_number)
def archive(tag, page):
    if not plausible_tag(tag):
        abort(404)
    number = page or 1
    index = fetch_page("/articles/", ARTICLE_INDEX)
    listing = cms().articles(offset=offset(number, ARTICLES_PER_PAGE), limit=ARTICLES_PER_PAGE, tag=tag)
    pages = page_count(listing.total, ARTICLES_PER_PAGE)
    if not listing.items or number > pages:
        abort(404)  # an unknown tag, one no published article carries, or past the last page
    return render_page(
        "articles/tag.html",
        index,
        also_shown=listing.shown_ids,
        also_keys={tag_key(tag)},
        tag=tag,
        articles=listing.items,
        total=listing.total,
        page_number=number,
        page_count=pages,
        canonical_url=page_url("tags.archive", number, tag=tag),  # the head's canonical link
        head_title=f"Articles tagged “{tag}”",
        head_description=f"Articles from {current_app.config['SITE_NAME']} about {tag}.",
        head_crumb=f"Tag: {tag}",
    )
