"""Which pages the public may see, wherever the API shows one page inside another.

A page is public when it is live and neither it nor any ancestor carries a view restriction
(login, password or groups). The restricted paths are read once per request and kept on it,
so author cards, booking buttons and neighbours cost no extra query each.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction

_CACHE_ATTRIBUTE = "_clinic_restricted_paths"


def restricted_paths(request=None) -> tuple[str, ...]:
    """Tree paths of the pages carrying a view restriction (their descendants share the prefix)."""
    paths = getattr(request, _CACHE_ATTRIBUTE, None) if request is not None else None
    if paths is None:
        paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        if request is not None:
            setattr(request, _CACHE_ATTRIBUTE, paths)
    return paths


def public_pages(queryset, request=None):
    """`queryset` narrowed to the pages the public may see."""
    hidden = Q()
    for path in restricted_paths(request):
        hidden |= Q(path__startswith=path)
    queryset = queryset.live()
    return queryset.exclude(hidden) if hidden else queryset


def is_public(page, request=None) -> bool:
    return page is not None and page.live and not page.path.startswith(restricted_paths(request))


def public_or_none(page, request=None):
    """The page itself if the public may see it, else None."""
    return page if is_public(page, request) else None


def public_pages_in_one_query(queryset):
    """Like `public_pages`, with the restriction check inside the same query: for callers that
    render many small things without a request (rich text links)."""
    # A restriction on the page or an ancestor: its page's path is a prefix of this path.
    restricted_above = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.live().exclude(Exists(restricted_above))
