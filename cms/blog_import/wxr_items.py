"""One WXR <item> -> a Post or an Attachment. A post that cannot be read raises `BrokenItem`: it is
reported and skipped, the rest of the export still imports."""

from __future__ import annotations

import email.utils
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import nh3
from django.utils.dateparse import parse_datetime
from django.utils.text import Truncator, slugify

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
CONTENT_NS_HTTPS = "https://purl.org/rss/1.0/modules/content/"
DC_NS = ("http://purl.org/dc/elements/1.1/", "https://purl.org/dc/elements/1.1/")
EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
TITLE_WORDS = 8


class BrokenItem(Exception):
    """This item cannot be imported; the message says why."""


@dataclass(frozen=True)
class Attachment:
    post_id: int
    url: str
    title: str
    alt: str


@dataclass(frozen=True)
class Post:
    post_id: int  # WordPress's, or derived from the guid/link/title when the export has none
    guid: str
    title: str  # decoded once, markup stripped
    slug: str  # as in the export, else derived (may be blank for a draft)
    link: str
    published_at: datetime | None  # aware (UTC), None when the export has no real date
    modified_at: datetime | None
    status: str  # WordPress's: publish, draft, pending, future, private, trash, ...
    author: str  # the display name when the export lists the author, else the login
    author_login: str
    content: str  # HTML as WordPress stores it
    excerpt: str
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    term_slugs: tuple[tuple[str, str, str], ...]  # (domain, nicename, name): the old archive addresses
    thumbnail_id: int | None
    password: str = ""
    sticky: bool = False
    comments: int = 0
    derived: tuple[str, ...] = ()  # what the export lacked and was derived: "id", "slug", "title"


def text(parent: Element, name: str) -> str:
    element = parent.find(name)
    return "" if element is None or element.text is None else element.text


def first_text(parent: Element, names) -> str:
    for name in names:
        element = parent.find(name)
        if element is not None:
            return element.text or ""
    return ""


def clean_title(raw: str) -> str:
    """WordPress stores titles as HTML: entities decoded exactly once, tags dropped."""
    return " ".join(html.unescape(nh3.clean(raw, tags=set())).split())


def derived_id(*parts: str) -> int:
    """A stable number for an item without wp:post_id (same item, same number, on every run)."""
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return 10**15 + int(digest[:12], 16)  # above any real WordPress id, within a big integer


def attachment(item: Element, wp: str) -> Attachment | None:
    post_id = number(text(item, f"{{{wp}}}post_id"))
    if post_id is None:
        return None
    return Attachment(
        post_id=post_id,
        url=text(item, f"{{{wp}}}attachment_url").strip(),  # checked when a post uses it
        title=clean_title(text(item, "title")),
        alt=postmeta(item, wp).get("_wp_attachment_image_alt", "").strip(),
    )


def post(item: Element, wp: str, authors: dict[str, str]) -> Post:
    content = item.find(f"{{{CONTENT_NS}}}encoded")
    if content is None:
        content = item.find(f"{{{CONTENT_NS_HTTPS}}}encoded")
    if content is None:
        raise BrokenItem("it has no <content:encoded> (the post's text)")
    guid, link = text(item, "guid").strip(), text(item, "link").strip()
    raw_title = text(item, "title")
    title = clean_title(raw_title)
    derived = []
    raw_id = text(item, f"{{{wp}}}post_id").strip()
    post_id = number(raw_id)
    if post_id is None:
        if raw_id:
            raise BrokenItem(f"its wp:post_id is {raw_id!r}, not a number")
        if not (guid or link or title):
            raise BrokenItem("it has no wp:post_id, guid, link or title to know it by")
        post_id, derived = derived_id(guid, link, title), ["id"]
    slug = text(item, f"{{{wp}}}post_name").strip()
    if not slug:
        slug = slug_from_link(link) or slugify(title, allow_unicode=True)
        if slug:
            derived.append("slug")
    if not title:
        words = " ".join(html.unescape(nh3.clean(content.text or "", tags=set())).split())
        title = unquote(slug).replace("-", " ").strip().capitalize() or Truncator(words).words(
            TITLE_WORDS, truncate="…"
        )
        title = title or f"Untitled post {post_id}"
        derived.append("title")
    meta = postmeta(item, wp)
    thumbnail = meta.get("_thumbnail_id", "").strip()
    creator = first_text(item, [f"{{{ns}}}creator" for ns in DC_NS]).strip()
    terms = terms_of(item)
    return Post(
        post_id=post_id,
        guid=guid,
        title=title[:255],
        slug=slug,
        link=link,
        published_at=published_at(item, wp),
        modified_at=gmt_date(text(item, f"{{{wp}}}post_modified_gmt")),
        status=text(item, f"{{{wp}}}status").strip() or "publish",
        author=(authors.get(creator) or creator).strip(),
        author_login=creator,
        content=content.text or "",
        excerpt=excerpt(item),
        tags=tuple(dict.fromkeys(name for domain, _slug, name in terms if domain == "post_tag")),
        categories=tuple(dict.fromkeys(name for domain, _slug, name in terms if domain == "category")),
        term_slugs=tuple(terms),
        thumbnail_id=number(thumbnail) if thumbnail.isdigit() else None,
        password=text(item, f"{{{wp}}}post_password"),
        sticky=text(item, f"{{{wp}}}is_sticky").strip() == "1",
        comments=len(item.findall(f"{{{wp}}}comment")),
        derived=tuple(derived),
    )


def slug_from_link(link: str) -> str:
    """The last part of a pretty permalink (/2024/03/my-post/ -> my-post); none for ?p=12."""
    path = urlsplit(link).path.rstrip("/")
    last = path.rsplit("/", 1)[-1] if path else ""
    return "" if not last or last.isdigit() or "." in last else last


def number(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def gmt_date(value: str) -> datetime | None:
    value = value.strip()
    if not value or value.startswith("0000"):
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is None:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def published_at(item: Element, wp: str) -> datetime | None:
    """WordPress's UTC date, else the RSS pubDate; drafts carry 0000-00-00 / year -0001 in both."""
    found = gmt_date(text(item, f"{{{wp}}}post_date_gmt"))
    if found is not None:
        return found
    pub_date = text(item, "pubDate").strip()
    # A four-digit year, not WordPress's "-0001" for "never", which email.utils reads as 2000.
    year = re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+(-?\d+)\s", pub_date)
    if year and len(year.group(1)) == 4:
        try:
            parsed = email.utils.parsedate_to_datetime(pub_date)
        except (TypeError, ValueError):
            return None
        if parsed.year >= 1970:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def excerpt(item: Element) -> str:
    for child in item:
        if child.tag.startswith("{") and EXCERPT_NS.match(child.tag[1:].split("}")[0]):
            return child.text or ""
    return ""


def terms_of(item: Element) -> list[tuple[str, str, str]]:
    found = []
    for category in item.findall("category"):
        name = clean_title(category.text or "")
        if category.get("domain") in ("post_tag", "category") and name:
            found.append((category.get("domain"), (category.get("nicename") or "").strip(), name))
    return found


def postmeta(item: Element, wp: str) -> dict[str, str]:
    return {
        text(meta, f"{{{wp}}}meta_key"): text(meta, f"{{{wp}}}meta_value") for meta in item.findall(f"{{{wp}}}postmeta")
    }
