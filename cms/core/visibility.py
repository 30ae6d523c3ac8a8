"""Which pages the public may see, wherever the API shows one page inside another.

A page is public when it is live and neither it nor any ancestor carries a view restriction
(login, password or groups): Wagtail's `live().public()`. Wagtail reads the restrictions each
time it builds that filter; here they are read once per request and kept on it, so author
cards, booking buttons and neighbours cost no extra query each.
"""

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction

_CACHE_ATTRIBUTE = "_clinic_restricted_pages"


def restricted_pages(request=None) -> tuple:
    """The pages carrying a view restriction (their descendants are hidden with them)."""
    pages = getattr(request, _CACHE_ATTRIBUTE, None) if request is not None else None
    if pages is None:
        pages = tuple(restriction.page for restriction in PageViewRestriction.objects.select_related("page"))
        if request is not None:
            setattr(request, _CACHE_ATTRIBUTE, pages)
    return pages


def public_pages(queryset, request=None):
    """`queryset` narrowed to the pages the public may see."""
    if request is None:
        return queryset.live().public()
    hidden = [Page.objects.descendant_of_q(page, inclusive=True) for page in restricted_pages(request)]
    return queryset.live().exclude(reduce(or_, hidden)) if hidden else queryset.live()


def is_public(page, request=None) -> bool:
    if page is None or not page.live:
        return False
    return not any(page.path.startswith(restricted.path) for restricted in restricted_pages(request))


def public_or_none(page, request=None):
    """The page itself if the public may see it, else None."""
    return page if is_public(page, request) else None


def public_pages_in_one_query(queryset):
    """Like `public_pages`, with the restriction check inside the same query: for callers that
    render many small things without a request (rich text links)."""
    # A restriction on the page or an ancestor: its page's path is a prefix of this path.
    restricted_above = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return queryset.live().exclude(Exists(restricted_above))
