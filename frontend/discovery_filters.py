"""Template helpers for finding things: tag links, list page addresses, highlighted search terms."""

import re

from flask import Flask, url_for
from markupsafe import Markup, escape

from shared.contract import tag_path

from .public_urls import public_url


def page_url(endpoint: str, number: int, external: bool = False, **values) -> str:
    """The address of page `number` of a list; page 1 has no ?page= (it is the list itself).
    `external`: on the site's public origin (SITE_PUBLIC_URL), like the canonical link."""
    if number > 1:
        values["page"] = number
    path = url_for(endpoint, **values)
    return public_url(path) if external else path


def highlight(text, terms) -> Markup:
    """`text`, escaped, with each word starting with a search term marked (<mark>)."""
    text = str(text or "")
    words = sorted({term for term in terms or () if term}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + ")", re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), Markup("<mark>"), escape(match.group()), Markup("</mark>")]
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def register(app: Flask) -> None:
    app.add_template_filter(tag_path, "tag_url")
    app.add_template_filter(highlight)
    app.add_template_global(page_url)
