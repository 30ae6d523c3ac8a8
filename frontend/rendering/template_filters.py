"""Template filters and globals: dates, prices, weekdays, tag links, list page addresses
(from paging.py), highlighted search terms."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from flask import Flask
from markupsafe import Markup, escape

from shared.site_map import tag_path

from .paging import page_url


def long_date(value) -> str:
    """ "2026-10-06" -> "6 October 2026"."""
    if not value:
        return ""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return ""
    return f"{day.day} {day:%B %Y}"


def price(value) -> str:
    """ "65.00" -> "€65", "62.50" -> "€62.50"."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    return f"€{amount:.0f}" if amount == amount.to_integral_value() else f"€{amount:.2f}"


def weekday(value: str) -> str:
    return str(value).capitalize()


def linkable_tag(name: str) -> bool:
    """Whether a tag's name can be one segment of its archive's address: no `/` or `\\`
    (browsers read both as separators) and no `..` (nor a lone `.`), which would lead out
    of /articles/tag/. Such a tag is shown without a link and has no archive."""
    return name != "." and not any(part in name for part in ("/", "\\", ".."))


def tag_url(name: str) -> str | None:
    """The address of a tag's archive, None for a tag that cannot have one (see linkable_tag)."""
    return tag_path(name) if linkable_tag(name) else None


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
    app.add_template_filter(long_date)
    app.add_template_filter(price)
    app.add_template_filter(weekday)
    app.add_template_filter(tag_url)
    app.add_template_filter(highlight)
    app.add_template_global(page_url)
