from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import api_router
from cms.core.views import healthz, public_site_redirect, serve_image

# Headless: Wagtail renders no pages. The public site (SITE_URL) does, at the same paths.
urlpatterns = [
    path(settings.WAGTAILADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("healthz", healthz, name="healthz"),
    path("", RedirectView.as_view(url=f"/{settings.WAGTAILADMIN_PATH}", permanent=False)),
]

if settings.SERVE_MEDIA:
    # Images only; fine for one small clinic (object storage or a web server at scale).
    # Documents are served by Wagtail's document view (/documents/<id>/<name>), which
    # checks their collection's privacy; the files themselves are never public.
    urlpatterns += [re_path(r"^media/(?P<path>(?:original_images|images)/.+)$", serve_image)]

# Named like Wagtail's own page route, so page URLs (API `html_url`, "View live", links in
# rich text) resolve to the public site's paths. Must stay last.
urlpatterns += [re_path(r"^((?:[\w\-]+/)*)$", public_site_redirect, name="wagtail_serve")]
