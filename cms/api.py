"""The public, read-only content API (Wagtail API v2, extended where the site needs it)."""

from django.http import Http404
from django.urls import path
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.booking.models import BookingSettings


def shown_page_ids(page, answer: dict) -> list[int]:
    """The page itself and whatever its type says it shows (`api_shown_page_ids`)."""
    ids = {answer["id"]}
    shown = getattr(page, "api_shown_page_ids", None)
    if shown is not None:
        ids.update(shown(answer))
    return sorted(ids)


class ClinicPagesAPIViewSet(PagesAPIViewSet):
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


class BookingSettingsAPIViewSet(BaseAPIViewSet):
    """The clinic's booking settings for the requesting site, as one object."""

    model = BookingSettings
    name = "booking-settings"

    def listing_view(self, request):
        return Response(BookingSettings.for_request(request).as_api_dict())

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ClinicPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("booking-settings", BookingSettingsAPIViewSet)
