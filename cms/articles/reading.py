"""How long an article takes to read and whether it was updated since it came out: computed
when the API answers, from the article's own row (no queries)."""

import html
import math

from django.utils import timezone
from django.utils.html import strip_tags

WORDS_PER_MINUTE = 200

# Raw StreamField struct keys that hold words a reader reads (not ids, links or choices).
_TEXT_KEYS = ("heading", "text", "quote", "attribution", "caption", "label")


def _texts(raw):
    """Every piece of readable text in a raw StreamField value (rich text stays HTML here)."""
    if isinstance(raw, str):
        yield raw
    elif isinstance(raw, dict):
        for key in _TEXT_KEYS:
            if isinstance(raw.get(key), str):
                yield raw[key]


def word_count(body) -> int:
    """Words in an article body, read from its stored JSON (no block rendering, no queries)."""
    words = 0
    for block in body.raw_data:
        for text in _texts(block.get("value")):
            # A space before each tag keeps "</p><p>" from gluing two words together.
            words += len(html.unescape(strip_tags(text.replace("<", " <"))).split())
    return words


def reading_minutes(body) -> int:
    """Minutes to read at WORDS_PER_MINUTE, rounded up; at least one."""
    return max(1, math.ceil(word_count(body) / WORDS_PER_MINUTE))


def updated_date(article):
    """The day of the latest publish, when that is a later day than both the article's
    publication date and the day it was first published; else None.

    Comparing with the first publish too means an article back-dated by its editor is not
    "updated" merely by being published today; fixing a typo the same day is not either.
    """
    last, first = article.last_published_at, article.first_published_at
    if last is None:
        return None
    day = timezone.localdate(last)
    floors = [d for d in (article.publication_date, first and timezone.localdate(first)) if d]
    return day if floors and day > max(floors) else None
