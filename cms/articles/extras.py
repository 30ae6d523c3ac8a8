"""What an article's page shows besides its own text: reading time, an "Updated" date and
related articles, computed when the API answers, from the rows the answer loads anyway
plus a bounded number of small queries (never one per article in the index)."""

import html
import math

from django.db.models import Count, prefetch_related_objects
from django.utils import timezone
from django.utils.html import strip_tags

from cms.core.visibility import public_pages

WORDS_PER_MINUTE = 200
RELATED_COUNT = 3

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


def related_articles(article, request=None, count: int = RELATED_COUNT) -> list:
    """Up to `count` public articles of the same index, never the article itself: those sharing
    the most tags first, then the newest. Two queries, whatever the number of articles (cards then cost
    what any article card does, their tags in one more)."""
    from cms.articles.models import ArticlePage, ArticleTag

    if article.pk is None or not article.path:
        return []  # an unsaved page (a preview) has no siblings yet
    siblings = public_pages(ArticlePage.objects.sibling_of(article, inclusive=False), request).select_related(
        "hero_image", "author", "author__photo"
    )
    own_tags = ArticleTag.objects.filter(content_object_id=article.pk).values("tag_id")
    # The filter comes before the annotation, so Count counts only the shared tags.
    related = list(
        siblings.filter(tagged_items__tag_id__in=own_tags)
        .annotate(shared=Count("tagged_items"))
        .order_by("-shared", "-publication_date", "-pk")[:count]
    )
    if len(related) < count:
        newest = siblings.exclude(pk__in=[page.pk for page in related]).order_by("-publication_date", "-pk")
        related += list(newest[: count - len(related)])
    # Cards list their tags: one query for all of them, not one per card.
    prefetch_related_objects(related, "tags")
    return related
