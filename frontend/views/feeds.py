"""The newest articles as RSS 2.0 (/articles/feed/) and Atom (/articles/feed/atom/), built with feedgen.

One CMS request per feed (the listing endpoint with FEED_ARTICLE_FIELDS), cached like any
page and purged with every publish (shared.site_map.FEED_PATHS). Links are absolute, on the
site's public origin (SITE_PUBLIC_URL). Dates: an article's publication date (a day) is
given as midnight UTC; "updated" is the day of a later revision, else the publication date.
"""

import datetime

from feedgen.feed import FeedGenerator
from flask import Blueprint, current_app, make_response

from shared.site_map import ARTICLE, page_path
from shared.surrogate_keys import section_key

from ..caching import cached_page
from ..content.client import cms
from .pages import surrogate_keys

bp = Blueprint("feeds", __name__)

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def midnight_utc(day: str | None) -> datetime.datetime | None:
    if not day:
        return None
    return datetime.datetime.combine(datetime.date.fromisoformat(day[:10]), datetime.time(), datetime.UTC)


def build_feed(self_path: str) -> tuple[FeedGenerator, set[int]]:
    """The feed of the newest articles, and the CMS pages it shows (articles and authors)."""
    origin = current_app.config["SITE_PUBLIC_URL"]
    name = current_app.config["SITE_NAME"]
    listing = cms().feed_articles()

    feed = FeedGenerator()
    feed.load_extension("dc")  # RSS names authors without an email address as dc:creator
    feed.id(f"{origin}/articles/")
    feed.title(f"{name}: articles")
    feed.subtitle(f"New articles from {name}.")  # RSS's required <description>
    # feedgen gives RSS's <link> the last link set: the alternate one goes last.
    feed.link(href=f"{origin}{self_path}", rel="self")
    feed.link(href=f"{origin}/articles/", rel="alternate")
    feed.language("en-GB")

    shown, newest = set(), None
    for item in listing["items"]:
        link = origin + page_path(ARTICLE, item["meta"]["slug"])
        published = midnight_utc(item["publication_date"])
        updated = midnight_utc(item["updated_date"]) or published
        entry = feed.add_entry(order="append")
        entry.id(link)
        entry.guid(link, permalink=True)
        entry.title(item["title"])
        entry.link(href=link, rel="alternate")
        entry.summary(item["summary"] or item["title"])
        if published:
            entry.published(published)
        if updated:
            entry.updated(updated)
            newest = max(newest or updated, updated)
        for tag in item["tags"]:
            entry.category(term=tag)
        author = item["author"]
        if author:
            entry.author(name=author["title"], uri=origin + author["url"])
            entry.dc.dc_creator(author["title"])
            shown.add(author["id"])
        shown.add(item["id"])
    # Atom requires a feed date: the latest entry's (now, for a feed without any).
    feed.updated(newest or datetime.datetime.now(datetime.UTC))
    return feed, shown


def feed_response(body: bytes, content_type: str, shown: set[int]):
    response = make_response(body)
    response.headers["Content-Type"] = content_type
    response.headers["Surrogate-Key"] = surrogate_keys(shown, [section_key("articles")])
    return response


@bp.get("/articles/feed/")
@cached_page()
def rss():
    feed, shown = build_feed("/articles/feed/")
    return feed_response(feed.rss_str(pretty=True), RSS_TYPE, shown)


@bp.get("/articles/feed/atom/")
@cached_page()
def atom():
    feed, shown = build_feed("/articles/feed/atom/")
    return feed_response(feed.atom_str(pretty=True, extensions=False), ATOM_TYPE, shown)  # authors are Atom <author>s
