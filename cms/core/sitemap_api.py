"""GET /api/v2/sitemap/?offset=0&limit=5000: every public page's address and last change, compactly.

Answers {"meta": {"total_count": N}, "items": [{"path": "/articles/x/", "lastmod":
"2026-11-20T08:15:00Z"}, ...]} (shared.api_types.Sitemap), in tree order: two values()
queries per request, whatever the number of pages, so a sitemap of 10,000 articles costs
the site three requests instead of two hundred listing pages. Which pages: cms/core/sitemap.py.
"""

from django.urls import path
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Page, Site

from shared.contract import SITEMAP_API_LIMIT

from .sitemap import entries, public_site_pages

# Far beyond any site, and safely inside what databases accept for OFFSET.
MAX_OFFSET = 2**62


def whole_number(request, name: str, default: int, low: int, high: int) -> int:
    values = request.GET.getlist(name)
    if not values:
        return default
    value = values[0]
    plain = value.isascii() and value.isdigit() and len(value) <= 20
    if len(values) > 1 or not plain or not low <= int(value) <= high:
        raise BadRequestError(f"{name} must be one whole number from {low} to {high}")
    return int(value)


class SitemapAPIViewSet(BaseAPIViewSet):
    """The compact list of public pages (not Wagtail's page listing: no fields, no filters)."""

    model = Page
    name = "sitemap"

    def listing_view(self, request):
        unknown = set(request.GET) - {"offset", "limit"}
        if unknown:
            raise BadRequestError(f"query parameter is not allowed: {', '.join(sorted(unknown))}")
        offset = whole_number(request, "offset", 0, 0, MAX_OFFSET)
        limit = whole_number(request, "limit", SITEMAP_API_LIMIT, 1, SITEMAP_API_LIMIT)
        site = Site.find_for_request(request)
        total = public_site_pages(site, request).count()
        items = entries(site, offset, limit, request) if offset < total else []
        return Response({"meta": {"total_count": total}, "items": items})

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]
