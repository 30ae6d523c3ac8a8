"""The public, read-only content API (Wagtail API v2, extended where the site needs it)."""

import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, DataError
from django.db.models import Q
from django.http import Http404
from django.urls import path
from rest_framework import status
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import CollectionViewRestriction

from cms.booking.models import BookingSettings
from cms.core.sitemap_api import SitemapAPIViewSet
from cms.discovery.api import RedirectsAPIViewSet, SearchAPIViewSet

log = logging.getLogger(__name__)

def shown_page_ids(page, answer: dict) -> list[int]:
    """The page itself and whatever its type says it shows (`api_shown_page_ids`)."""
    ids = {answer["id"]}
    shown = getattr(page, "api_shown_page_ids", None)
    if shown is not None:
        ids.update(shown(answer))
    return sorted(ids)




# Far beyond any list, and inside the 64-bit LIMIT/OFFSET that SQLite and PostgreSQL accept
# (past it they fail with a datatype or range error).
MAX_OFFSET = 2**62

# What a query value the database cannot use raises: an offset past 2**63 (OverflowError
# on SQLite, DataError on PostgreSQL), an impossible date in a filter (ValidationError).
BAD_QUERY_VALUE = (OverflowError, DataError, ValidationError)


class BadQueryIs400:
    """Malformed query values answer 400 (bad query), never 500. NUL bytes and non-UTF-8
    queries never get here: `RejectMalformedRequestMiddleware` refuses them for the whole CMS."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        try:
            offset = int(self.request.GET.get("offset", 0))
        except ValueError:
            return  # Wagtail's paginator answers that with a 400
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")

    def handle_exception(self, exc):
        # A search the database's full-text syntax cannot parse (SQLite FTS and a lone `"`).
        bad_search = isinstance(exc, DatabaseError) and "search" in self.request.GET
        if isinstance(exc, BAD_QUERY_VALUE) or bad_search:
            log.info("Bad API query %s: %s", self.request.get_full_path(), exc)
            return Response({"message": "bad query: a value is out of range or invalid"}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


class ClinicPagesAPIViewSet(BadQueryIs400, PagesAPIViewSet):
    def detail_view(self, request, pk):
        """A page, plus the clinic's booking settings its header and footer show: one request per page.

        `meta.shown_page_ids` names every page this answer shows (the page, the section its
        breadcrumb links to, cards, author, neighbours, call-to-action targets), read from the
        answer itself by field name: the site tags its cached copy with them (Surrogate-Key).
        Shapes: shared.api_types (ArticleDetail, TherapistDetail, ... and Clinic).
        """
        response = super().detail_view(request, pk)
        page = self.get_object()
        response.data["meta"]["shown_page_ids"] = shown_page_ids(page, response.data)
        response.data["clinic"] = BookingSettings.for_request(request).as_api_dict()
        return response

    def find_view(self, request):
        """Answer `find/?html_path=` with the page itself rather than a redirect to it.

        The site looks pages up by their public path; one round trip per page render.
        """
        try:
            page = self.find_object(self.get_queryset(), request)
        except (ValueError, self.model.DoesNotExist):
            page = None
        if page is None:
            raise Http404("not found")
        self._cached_object = page
        self.kwargs["pk"] = page.pk
        return self.detail_view(request, page.pk)


class ClinicImagesAPIViewSet(BadQueryIs400, ImagesAPIViewSet):
    pass


class ClinicDocumentsAPIViewSet(BadQueryIs400, DocumentsAPIViewSet):
    def get_queryset(self):
        """Documents of a view-restricted collection (or one inside it) are not listed."""
        hidden = Q()
        for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
            hidden |= Q(collection__path__startswith=path)
        queryset = super().get_queryset()
        return queryset.exclude(hidden) if hidden else queryset


class BookingSettingsAPIViewSet(BadQueryIs400, BaseAPIViewSet):
    """The clinic's booking settings for the requesting site, as one object."""

    model = BookingSettings
    name = "booking-settings"

    def listing_view(self, request):
        if request.GET:
            raise BadRequestError(f"query parameter is not allowed: {', '.join(sorted(request.GET))}")
        return Response(BookingSettings.for_request(request).as_api_dict())

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ClinicPagesAPIViewSet)
api_router.register_endpoint("images", ClinicImagesAPIViewSet)
api_router.register_endpoint("documents", ClinicDocumentsAPIViewSet)
api_router.register_endpoint("booking-settings", BookingSettingsAPIViewSet)
api_router.register_endpoint("sitemap", SitemapAPIViewSet)
api_router.register_endpoint("redirects", RedirectsAPIViewSet)
api_router.register_endpoint("search", SearchAPIViewSet)
