"""GET /api/v2/sitemap/?offset=0&limit=5000: every public page's address and last change, compactly.

Answers {"meta": {"total_count": N}, "items": [{"path": "/articles/x/", "lastmod":
"2026-11-20T08:15:00Z"}, ...]} (shared.api_types.Sitemap), in tree order: two values()
queries per request, whatever the number of pages, so a sitemap of 10,000 articles costs
the site three requests instead of two hundred listing pages. Which pages: cms/core/sitemap.py.
"""

from rest_framework.response import Response
from wagtail.models import Page, Site

from shared.site_map import SITEMAP_API_LIMIT

from .api_params import MAX_OFFSET, only_parameters, whole_number
from .api_views import OneRouteAPIViewSet
from .sitemap import entries, public_site_pages


class SitemapAPIViewSet(OneRouteAPIViewSet):
    """The compact list of public pages (not Wagtail's page listing: no fields, no filters)."""

    model = Page
    name = "sitemap"

    def listing_view(self, request):
        only_parameters(request, {"offset", "limit"})
        offset = whole_number(request, "offset", 0, 0, MAX_OFFSET)
        limit = whole_number(request, "limit", SITEMAP_API_LIMIT, 1, SITEMAP_API_LIMIT)
        site = Site.find_for_request(request)
        total = public_site_pages(site, request).count()
        items = entries(site, offset, limit, request) if offset < total else []
        return Response({"meta": {"total_count": total}, "items": items})
