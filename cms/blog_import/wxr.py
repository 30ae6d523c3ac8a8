"""Read a WordPress eXtended RSS (WXR) export, 1.0 to 1.2 with http or https namespaces (WordPress
4 to 6.x, WordPress.com, Squarespace), into plain dataclasses.

The XML is read as a stream with defusedxml (no entity expansion, no DTDs, no network): each
<item> is turned into a Post or Attachment and then dropped, so memory holds the posts' data, not
the XML tree. Only a file that is not a well-formed export raises `WxrError`; a post that cannot
be read is listed in `Export.problems` and left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .wxr_items import Attachment, BrokenItem, Post, attachment, clean_title, post, text

__all__ = ["Attachment", "Export", "Post", "WxrError", "parse_file"]

WP_NS = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$")


class WxrError(Exception):
    """The file cannot be imported; the message says why."""


@dataclass
class Export:
    source: str  # the blog's address: what makes a post id unique across exports
    posts: list[Post] = field(default_factory=list)
    attachments: dict[int, Attachment] = field(default_factory=dict)
    other_items: dict[str, int] = field(default_factory=dict)  # post type -> count (pages, menu items...)
    problems: list[str] = field(default_factory=list)  # posts left out while reading, and why
    pages: dict[int, str] = field(default_factory=dict)  # WordPress page id -> its title (not imported)
    title: str = ""
    post_items: int = 0  # <item>s of type post read, imported or not


def parse_file(path: str | Path) -> Export:
    path = Path(path)
    try:
        return _parse(path)
    except OSError as error:
        raise WxrError(f"cannot read {path}: {error.strerror or error}") from error
    except ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        hint = " (the file looks truncated)" if _at_end(path, line) and line > 1 else ""
        raise WxrError(f"not well-formed XML: {reason} at line {line}, column {column + 1}{hint}") from error
    except DefusedXmlException as error:
        raise WxrError(f"refused: {error}; a WordPress export declares no DTD or entities") from error


def _at_end(path: Path, line: int) -> bool:
    """Whether an XML error is on the file's last line: where a cut-off download fails."""
    with path.open("rb") as stream:
        return line >= sum(1 for _ in stream)


def _parse(path: Path) -> Export:
    export = Export(source="")
    wp = None
    authors: dict[str, str] = {}
    seen: set[int] = set()
    stack = []
    channel = None
    with path.open("rb") as stream:
        for event, element in SafeET.iterparse(stream, events=("start-ns", "start", "end"), forbid_dtd=True):
            if event == "start-ns":
                if WP_NS.match(element[1]) and wp is None:
                    wp = element[1]
                continue
            if event == "start":
                if not stack and element.tag != "rss":
                    local = element.tag.split("}")[-1]
                    raise WxrError(f"the root element is <{local}>, not <rss>: this is not a WordPress export (WXR)")
                if len(stack) == 1 and element.tag == "channel":
                    channel = element
                stack.append(element.tag)
                continue
            stack.pop()
            if len(stack) != 2 or channel is None:
                continue
            if wp is None:
                wp = _wp_namespace(element)
            if element.tag == "item" and wp is not None:
                _item(export, element, wp, authors, seen)
                channel.remove(element)  # done with it: keep memory flat on big exports
            elif wp is not None and element.tag == f"{{{wp}}}author":
                authors[text(element, f"{{{wp}}}author_login")] = text(element, f"{{{wp}}}author_display_name")
    if channel is None:
        raise WxrError("<rss> has no <channel>: this is not a WordPress export (WXR)")
    if wp is None:
        raise WxrError("<channel> has no WordPress elements (wp:...): this RSS feed is not a WordPress export (WXR)")
    export.source = _source(channel, wp)
    export.title = clean_title(text(channel, "title"))
    return export


def _item(export: Export, item, wp: str, authors: dict[str, str], seen: set[int]) -> None:
    post_type = text(item, f"{{{wp}}}post_type").strip() or "post"
    if post_type == "attachment":
        found = attachment(item, wp)
        if found is not None:
            export.attachments[found.post_id] = found
        return
    if post_type != "post":
        export.other_items[post_type] = export.other_items.get(post_type, 0) + 1
        if post_type == "page" and text(item, f"{{{wp}}}post_id").strip().isdigit():
            export.pages[int(text(item, f"{{{wp}}}post_id"))] = clean_title(text(item, "title"))
        return
    export.post_items += 1
    number = export.post_items
    try:
        found = post(item, wp, authors)
    except BrokenItem as error:
        title = clean_title(text(item, "title")) or "untitled"
        export.problems.append(f'post "{title}" (item {number}): not imported, {error}')
        return
    if found.post_id in seen:
        export.problems.append(f"{_label(found)}: not imported, the same wp:post_id appears twice in the file")
        return
    seen.add(found.post_id)
    if "title" in found.derived:
        export.problems.append(f"{_label(found)}: the post has no title; it was named after its slug or first words")
    export.posts.append(found)


def _label(found: Post) -> str:
    return f'"{found.title}" (wp:post_id {found.post_id})'


def _wp_namespace(element) -> str | None:
    for child in element.iter():
        if child.tag.startswith("{"):
            namespace = child.tag[1:].split("}")[0]
            if WP_NS.match(namespace):
                return namespace
    return None


def _source(channel, wp: str) -> str:
    for name in (f"{{{wp}}}base_blog_url", f"{{{wp}}}base_site_url", "link"):
        value = text(channel, name).strip().rstrip("/")
        if value:
            return value
    raise WxrError("<channel> has neither <link> nor <wp:base_blog_url>: cannot tell which blog this is")
