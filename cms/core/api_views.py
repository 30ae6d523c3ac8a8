"""What every endpoint of the clinic's API shares: bad queries answer 400, one way to attach
the clinic's settings to an answer, and one base for endpoints with a single route."""

import logging

from django.db import DatabaseError
from django.urls import path
from rest_framework import status
from rest_framework.response import Response
from wagtail.api.v2.views import BaseAPIViewSet

from cms.booking.models import BookingSettings

from .api_params import BAD_QUERY_VALUE, check_wagtail_query

log = logging.getLogger(__name__)


def clinic(request) -> dict:
    """The clinic's booking settings for the requesting site (shared.api_types.Clinic)."""
    return BookingSettings.for_request(request).as_api_dict()


def with_clinic(answer: dict, request) -> dict:
    """`answer` plus the clinic, which every page's header and footer show: one request per page."""
    answer["clinic"] = clinic(request)
    return answer


class BadQueryIs400:
    """Malformed query values answer 400 (bad query), never 500. NUL bytes and non-UTF-8
    queries never get here: `RejectMalformedRequestMiddleware` refuses them for the whole CMS."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        check_wagtail_query(self.request)

    def handle_exception(self, exc):
        # A search the database's full-text syntax cannot parse (SQLite FTS and a lone `"`).
        bad_search = isinstance(exc, DatabaseError) and "search" in self.request.GET
        if isinstance(exc, BAD_QUERY_VALUE) or bad_search:
            log.info("Bad API query %s: %s", self.request.get_full_path(), exc)
            return Response(
                {"message": "bad query: a value is out of range or invalid"}, status=status.HTTP_400_BAD_REQUEST
            )
        return super().handle_exception(exc)


class OneRouteAPIViewSet(BadQueryIs400, BaseAPIViewSet):
    """An endpoint with one route: `route` (relative to the endpoint) served by the method named `handler`."""

    route = ""
    handler = "listing_view"
    route_name = "listing"

    @classmethod
    def get_urlpatterns(cls):
        return [path(cls.route, cls.as_view({"get": cls.handler}), name=cls.route_name)]
