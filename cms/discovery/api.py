"""Two API endpoints the public site asks when a reader looks for something.

- `redirects/find/?html_path=/old/path/`: where an old address leads now, from Wagtail's
  redirects (made automatically on a slug change or move, by editors under Settings ->
  Redirects, or by the WordPress import). Unlike Wagtail's own `redirects/find/`, the path
  is normalised first, so `/old/` finds a redirect stored as `/old`. 404 when there is none,
  or when its target is not public or not an http(s) address.
- `search/?q=&offset=&limit=`: articles, therapists and services matching every word of
  the query (Wagtail's search backend, ordered by relevance), as small cards, with the
  clinic's settings, so a results page is one request.
"""

import re
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection
from django.http import Http404
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.contrib.redirects.api.v2 import RedirectsAPIViewSet as WagtailRedirectsAPIViewSet
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from cms.articles.models import ArticlePage
from cms.core.api_params import MAX_REDIRECT_PATH, MAX_SEARCH_OFFSET, html_path, only_parameters, whole_number
from cms.core.api_views import OneRouteAPIViewSet, with_clinic
from cms.core.visibility import is_public, public_pages
from cms.services.models import ServicePage
from cms.therapists.models import TherapistPage
from shared.site_map import API_LIMIT_MAX, SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS, page_path

SEARCHED_TYPES = (ArticlePage, TherapistPage, ServicePage)
WORD = re.compile(r"\w+")


def redirect_target(redirect: Redirect | None, request) -> str | None:
    """Where a redirect leads (Wagtail's `Redirect.link`), if readers may go there: a public
    page's path on the site, or an http(s) URL."""
    if redirect is None:
        return None
    if redirect.redirect_page_id and not is_public(redirect.redirect_page, request):
        return None
    link = redirect.link or ""
    parts = urlsplit(link)
    if redirect.redirect_page_id:  # the page's address on the site, whatever host Wagtail names
        return parts.path + (f"?{parts.query}" if parts.query else "") if parts.path else None
    if link.startswith("/") and not link.startswith("//") and "\\" not in link:
        return link  # a path on the site (the blog import's old tag, category and feed addresses)
    return link if parts.scheme in ("http", "https") and parts.netloc else None


class RedirectsAPIViewSet(OneRouteAPIViewSet, WagtailRedirectsAPIViewSet):
    """Wagtail's redirects endpoint, with only its `find/` route, answering with where to go."""

    route, handler, route_name = "find/", "find_view", "find"

    def find_object(self, queryset, request):
        path = html_path(request)
        if len(path) > MAX_REDIRECT_PATH:
            return None
        # Wagtail stores paths without their trailing slash and with sorted query parameters.
        return get_redirect(request, Redirect.normalise_path(path, decode_unicode=False))

    def find_view(self, request):
        only_parameters(request, {"html_path"})
        redirect = self.find_object(self.get_queryset(), request)
        target = redirect_target(redirect, request)
        old_path = redirect.old_path if redirect else ""
        if target is None or target.rstrip("/") == old_path.rstrip("/"):  # none, or one leading to itself
            raise Http404("no redirect")
        return Response({"location": target, "permanent": redirect.is_permanent})


def search_terms(query: str) -> list[str]:
    """The words of a query: punctuation, quotes and full-text operators' symbols dropped."""
    return WORD.findall(query)[:SEARCH_MAX_WORDS]


def ranked_page_ids(terms: list[str], request, offset: int, limit: int) -> tuple[int, list[int]]:
    """(how many public pages match every term, the ids of results offset..offset+limit), best first."""
    pages = public_pages(Page.objects.type(*SEARCHED_TYPES), request)
    if connection.vendor == "sqlite":
        return sqlite_ranked_page_ids(terms, pages, offset, limit)
    results = pages.search(" ".join(terms), operator="and")  # PostgreSQL: one ranked query
    return results.count(), [page.id for page in results[offset : offset + limit]]


def sqlite_ranked_page_ids(terms, pages, offset, limit):
    """The same search on SQLite, ranked in one pass over the full-text index.

    The database backend's relevance ordering on SQLite runs the full-text match again for
    every matching row (a correlated subquery): with 10,000 matching articles a results page
    took minutes. Here one query ranks every match with FTS5's bm25 (title weighted over
    body), and the public pages' ids (one indexed query) filter them. Terms are words
    (`search_terms`), quoted, so nothing in them is read as FTS syntax.
    """
    content_types = [
        ct.id for ct in ContentType.objects.get_for_models(*SEARCHED_TYPES, for_concrete_models=False).values()
    ]
    entries = IndexEntry._meta.db_table
    match = "{title body} : (" + " AND ".join(f'"{term}"' for term in terms) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT e.object_id FROM "{entries}_fts" f JOIN "{entries}" e ON e.id = f.rowid '
            f'WHERE "{entries}_fts" MATCH %s AND e.content_type_id IN ({", ".join(["%s"] * len(content_types))}) '
            f'ORDER BY bm25("{entries}_fts", 0.0, 1.0, 4.0), e.id',
            [match, *content_types],
        )
        ranked = [int(row[0]) for row in cursor.fetchall() if str(row[0]).isdigit()]
    public = set(pages.values_list("id", flat=True))
    found = [pk for pk in ranked if pk in public]
    return len(found), found[offset : offset + limit]


def search_result(page) -> dict:
    """A result card (shared.api_types.SearchResult)."""
    page_type = page.specific_class._meta.label
    summary = page.role if isinstance(page, TherapistPage) else page.summary
    return {
        "id": page.id,
        "type": page_type,
        "title": page.title,
        "url": page_path(page_type, page.slug),
        "summary": summary,
    }


class SearchAPIViewSet(OneRouteAPIViewSet):
    model = Page
    name = "search"

    def listing_view(self, request):
        only_parameters(request, {"q", "offset", "limit"})
        query = request.GET.get("q", "")
        if len(query) > SEARCH_MAX_LENGTH:
            raise BadRequestError(f"q is longer than {SEARCH_MAX_LENGTH} characters")
        offset = whole_number(request, "offset", 0, 0, MAX_SEARCH_OFFSET)
        limit = whole_number(request, "limit", 10, 0, API_LIMIT_MAX)
        terms = search_terms(query)
        total, items = 0, []
        if terms:
            try:
                total, found = ranked_page_ids(terms, request, offset, limit)
            except DatabaseError as error:  # whatever the backend's full-text syntax still refuses
                raise BadRequestError("the search terms could not be used") from error
            specific = Page.objects.filter(id__in=found).specific().in_bulk()
            items = [search_result(specific[pk]) for pk in found if pk in specific]
        return Response(with_clinic({"meta": {"total_count": total, "terms": terms}, "items": items}, request))
