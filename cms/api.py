"""The public, read-only content API (Wagtail API v2, extended where the site needs it): every
endpoint, registered in one router.

Layers, each importing only those below it: the content models and their API fields
(cms/<app>/models.py, cms/core/api_fields.py); what endpoints share (cms/core/api_params.py,
cms/core/api_views.py); the endpoints (cms/core/content_api.py, cms/core/sitemap_api.py,
cms/discovery/api.py, cms/preview/api.py); this router.
"""

from wagtail.api.v2.router import WagtailAPIRouter

from cms.core.content_api import (
    BookingSettingsAPIViewSet,
    ClinicDocumentsAPIViewSet,
    ClinicImagesAPIViewSet,
    ClinicPagesAPIViewSet,
)
from cms.core.sitemap_api import SitemapAPIViewSet
from cms.discovery.api import RedirectsAPIViewSet, SearchAPIViewSet
from cms.preview.api import PreviewAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ClinicPagesAPIViewSet)
api_router.register_endpoint("images", ClinicImagesAPIViewSet)
api_router.register_endpoint("documents", ClinicDocumentsAPIViewSet)
api_router.register_endpoint("booking-settings", BookingSettingsAPIViewSet)
api_router.register_endpoint("sitemap", SitemapAPIViewSet)
api_router.register_endpoint("redirects", RedirectsAPIViewSet)
api_router.register_endpoint("search", SearchAPIViewSet)
# Drafts for the site's preview, by token only.
api_router.register_endpoint("preview", PreviewAPIViewSet)
