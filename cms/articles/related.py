"""The articles an article's page suggests next: those sharing the most tags, then the newest.

Two queries whatever the number of articles: one picks the candidates (the best few sharing
tags and the newest few, each an indexed subquery) and loads them with what their cards show
(picture, author and the author's photo). Their tags: cms/articles/models.py.
"""

import datetime

from django.db.models import Count, Q

from cms.core.visibility import public_pages

RELATED_COUNT = 3


def newest_first(article):
    return (article.publication_date or datetime.date.min, article.pk)


def related_articles(article, request=None, count: int = RELATED_COUNT) -> list:
    """Up to `count` public articles of the same index, never the article itself: those sharing
    the most tags first, then the newest."""
    if article.pk is None or not article.path:
        return []  # an unsaved page (a preview) has no siblings yet
    siblings = public_pages(type(article).objects.sibling_of(article, inclusive=False), request)
    own_tags = article.tags.through.objects.filter(content_object_id=article.pk).values("tag_id")
    sharing_tags = Q(tagged_items__tag_id__in=own_tags)
    # The filter comes before the annotation, so Count counts only the shared tags.
    most_shared = (
        siblings.filter(sharing_tags)
        .annotate(shared=Count("tagged_items"))
        .order_by("-shared", "-publication_date", "-pk")
    )
    # Twice as many of the newest as needed: enough to fill up whatever the ones sharing tags take.
    newest = siblings.order_by("-publication_date", "-pk")
    candidates = (
        type(article)
        .objects.filter(Q(pk__in=most_shared.values("pk")[:count]) | Q(pk__in=newest.values("pk")[: 2 * count]))
        .annotate(shared=Count("tagged_items", filter=sharing_tags))
        .select_related("hero_image", "author", "author__photo")
    )
    candidates = sorted(candidates, key=newest_first, reverse=True)
    chosen = sorted((a for a in candidates if a.shared), key=lambda a: (a.shared, *newest_first(a)), reverse=True)[
        :count
    ]
    return chosen + [a for a in candidates if a not in chosen][: count - len(chosen)]
