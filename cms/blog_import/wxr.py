"""Read a WordPress eXtended RSS (WXR) export into plain dataclasses.

The XML is parsed with defusedxml (no entity expansion, no DTDs, no network), and every problem
that makes the file unusable raises `WxrError` with a message naming it, before anything is written.
Squarespace exports use the same format.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.utils.dateparse import parse_datetime

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
# WXR 1.0, 1.1 and 1.2 differ only in the version in these two namespaces.
WP_NS = re.compile(r"^http://wordpress\.org/export/\d+\.\d+/$")
EXCERPT_NS = re.compile(r"^http://wordpress\.org/export/\d+\.\d+/excerpt/$")


class WxrError(Exception):
    """The file cannot be imported; the message says why."""


@dataclass(frozen=True)
class Attachment:
    post_id: int
    url: str
    title: str
    alt: str


@dataclass(frozen=True)
class Post:
    post_id: int
    guid: str
    title: str
    slug: str  # as in the export (may be blank for a draft)
    link: str
    published_at: datetime | None  # aware (UTC), None when the export has no real date
    status: str  # WordPress's: publish, draft, pending, future, private, ...
    author: str  # the display name when the export lists the author, else the login
    content: str  # HTML as WordPress stores it
    excerpt: str
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    thumbnail_id: int | None


@dataclass
class Export:
    source: str  # the blog's address: what makes a post id unique across exports
    posts: list[Post] = field(default_factory=list)
    attachments: dict[int, Attachment] = field(default_factory=dict)
    other_items: dict[str, int] = field(default_factory=dict)  # post type -> count (pages, menu items...)


def parse_file(path: str | Path) -> Export:
    path = Path(path)
    try:
        with path.open("rb") as stream:
            root = SafeET.parse(stream, forbid_dtd=True).getroot()
    except OSError as error:
        raise WxrError(f"cannot read {path}: {error.strerror or error}") from error
    except ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        hint = " (the file looks truncated)" if _at_end(path, line) and line > 1 else ""
        raise WxrError(f"not well-formed XML: {reason} at line {line}, column {column + 1}{hint}") from error
    except DefusedXmlException as error:
        raise WxrError(f"refused: {error}; a WordPress export declares no DTD or entities") from error
    return parse_root(root)


def _at_end(path: Path, line: int) -> bool:
    """Whether an XML error is on the file's last line: where a cut-off download fails."""
    with path.open("rb") as stream:
        return line >= sum(1 for _ in stream)


def parse_root(root: Element) -> Export:
    if root.tag != "rss":
        raise WxrError(f"the root element is <{_local(root.tag)}>, not <rss>: this is not a WordPress export (WXR)")
    channel = root.find("channel")
    if channel is None:
        raise WxrError("<rss> has no <channel>: this is not a WordPress export (WXR)")
    wp = _wp_namespace(channel)
    if wp is None:
        raise WxrError("<channel> has no WordPress elements (wp:...): this RSS feed is not a WordPress export (WXR)")

    export = Export(source=_source(channel, wp))
    authors = {
        _text(author, f"{{{wp}}}author_login"): _text(author, f"{{{wp}}}author_display_name")
        for author in channel.findall(f"{{{wp}}}author")
    }
    posts: dict[int, Post] = {}
    for number, item in enumerate(channel.findall("item"), start=1):
        where = f"<item> number {number}"
        post_type = _required(item, f"{{{wp}}}post_type", where)
        post_id = _int(_required(item, f"{{{wp}}}post_id", where), f"{where}: <wp:post_id>")
        where = f"{where} (wp:post_id {post_id})"
        if post_type == "attachment":
            export.attachments[post_id] = Attachment(
                post_id=post_id,
                url=_text(item, f"{{{wp}}}attachment_url").strip(),  # checked when a post uses it
                title=_text(item, "title"),
                alt=_postmeta(item, wp).get("_wp_attachment_image_alt", "").strip(),
            )
        elif post_type == "post":
            if post_id in posts:
                raise WxrError(f"{where}: the same wp:post_id appears twice")
            posts[post_id] = _post(item, wp, post_id, where, authors)
        else:
            export.other_items[post_type] = export.other_items.get(post_type, 0) + 1
    export.posts = list(posts.values())
    return export


def _post(item: Element, wp: str, post_id: int, where: str, authors: dict[str, str]) -> Post:
    title = _required(item, "title", where).strip()
    if not title:
        raise WxrError(f"{where}: <title> is empty; every post needs a title")
    meta = _postmeta(item, wp)
    thumbnail = meta.get("_thumbnail_id", "").strip()
    creator = _text(item, f"{{{DC_NS}}}creator").strip()
    return Post(
        post_id=post_id,
        guid=_text(item, "guid").strip(),
        title=title,
        slug=_required(item, f"{{{wp}}}post_name", where).strip(),
        link=_required(item, "link", where).strip(),
        published_at=_published_at(item, wp),
        status=_required(item, f"{{{wp}}}status", where).strip(),
        author=(authors.get(creator) or creator).strip(),
        content=_required(item, f"{{{CONTENT_NS}}}encoded", where),
        excerpt=_excerpt(item),
        tags=_categories(item, "post_tag"),
        categories=_categories(item, "category"),
        thumbnail_id=_int(thumbnail, f"{where}: _thumbnail_id") if thumbnail else None,
    )


def _published_at(item: Element, wp: str) -> datetime | None:
    """WordPress's UTC date, else the RSS pubDate; drafts carry 0000-00-00 / year -0001 in both."""
    gmt = _text(item, f"{{{wp}}}post_date_gmt").strip()
    if gmt and not gmt.startswith("0000"):
        try:
            parsed = parse_datetime(gmt)
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed
    pub_date = _text(item, "pubDate").strip()
    # A four-digit year, not WordPress's "-0001" for "never", which email.utils reads as 2000.
    year = re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+(-?\d+)\s", pub_date)
    if year and len(year.group(1)) == 4:
        try:
            parsed = email.utils.parsedate_to_datetime(pub_date)
        except (TypeError, ValueError):
            return None
        if parsed.year >= 1970:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    return None


def _excerpt(item: Element) -> str:
    for child in item:
        if child.tag.startswith("{") and EXCERPT_NS.match(child.tag[1:].split("}")[0]):
            return child.text or ""
    return ""


def _categories(item: Element, domain: str) -> tuple[str, ...]:
    names = []
    for category in item.findall("category"):
        name = (category.text or "").strip()
        if category.get("domain") == domain and name and name not in names:
            names.append(name)
    return tuple(names)


def _postmeta(item: Element, wp: str) -> dict[str, str]:
    return {
        _text(meta, f"{{{wp}}}meta_key"): _text(meta, f"{{{wp}}}meta_value")
        for meta in item.findall(f"{{{wp}}}postmeta")
    }


def _wp_namespace(channel: Element) -> str | None:
    for element in channel.iter():
        if element.tag.startswith("{"):
            namespace = element.tag[1:].split("}")[0]
            if WP_NS.match(namespace):
                return namespace
    return None


def _source(channel: Element, wp: str) -> str:
    for name in (f"{{{wp}}}base_blog_url", f"{{{wp}}}base_site_url", "link"):
        value = _text(channel, name).strip().rstrip("/")
        if value:
            return value
    raise WxrError("<channel> has neither <link> nor <wp:base_blog_url>: cannot tell which blog this is")


def _required(parent: Element, name: str, where: str) -> str:
    element = parent.find(name)
    if element is None:
        raise WxrError(f"{where}: missing <{_prefixed(name)}>")
    return element.text or ""


def _text(parent: Element, name: str) -> str:
    element = parent.find(name)
    return "" if element is None or element.text is None else element.text


def _int(value: str, what: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise WxrError(f"{what} is {value.strip()!r}, not a number") from None


def _local(tag: str) -> str:
    return tag.split("}")[-1]


def _prefixed(tag: str) -> str:
    """{http://wordpress.org/export/1.2/}post_name -> wp:post_name, for messages."""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}")
    if namespace == CONTENT_NS:
        return f"content:{local}"
    if namespace == DC_NS:
        return f"dc:{local}"
    return f"wp:{local}"
