"""The newest articles as RSS 2.0 (/articles/feed/) and Atom (/articles/feed/atom/), built with feedgen.

One CMS request per feed (the listing endpoint with FEED_ARTICLE_FIELDS), cached like any
page and purged with every publish (shared.site_map.FEED_PATHS). Links are absolute, on the
site's public origin (SITE_PUBLIC_URL), in the entries' content too (the article's body, as
the article page renders it, in RSS `content:encoded` and Atom `content type="html"`).
Times are full timestamps: published is the first publish when it fell on the article's
publication day (in TIME_ZONE), else noon of that day there (a backdated or imported article);
Atom's updated is the last publish.
"""

import datetime
from zoneinfo import ZoneInfo

import lxml.html
from feedgen.feed import FeedGenerator
from flask import Blueprint, current_app, make_response, render_template

from shared.site_map import ARTICLE, page_path
from shared.surrogate_keys import section_key

from ..caching import cached_page
from ..content.client import cms
from .pages import surrogate_keys

bp = Blueprint("feeds", __name__)

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def published_at(item) -> datetime.datetime | None:
    """When the entry was published: its first publish on its publication day, else that day's noon."""
    zone = ZoneInfo(current_app.config["TIME_ZONE"])
    first = item["meta"].get("first_published_at")
    first = datetime.datetime.fromisoformat(first).astimezone(zone) if first else None
    day = datetime.date.fromisoformat(item["publication_date"]) if item["publication_date"] else None
    if first and (day is None or first.date() == day):
        return first
    return datetime.datetime.combine(day, datetime.time(12), zone) if day else None


def last_published_at(item) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(item["last_published_at"]) if item["last_published_at"] else None


def content_html(item, link: str) -> str:
    """The article's body as the page shows it, every link and picture address absolute."""
    html = render_template("partials/body_blocks.html", blocks=item["body"], feed=True).strip()
    if not html:
        return ""
    body = lxml.html.fragment_fromstring(html, create_parent="div")
    body.make_links_absolute(link, resolve_base_href=False)
    return "".join(lxml.html.tostring(child, encoding="unicode") for child in body)


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
        published = published_at(item)
        updated = max(filter(None, (last_published_at(item), published)), default=None)
        entry = feed.add_entry(order="append")
        entry.id(link)
        entry.guid(link, permalink=True)
        entry.title(item["title"])
        entry.link(href=link, rel="alternate")
        entry.summary(item["summary"] or item["title"])
        content = content_html(item, link)
        if content:
            entry.content(content, type="html")
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
