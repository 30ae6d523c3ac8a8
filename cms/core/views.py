import logging
import posixpath

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.utils import timezone
from django.views.static import serve

from cms.site_sync.waiting import waiting

IMAGE_FOLDERS = ("original_images/", "images/")
# How long browsers and the edge keep an image. A rendition's file name says what it is made of
# (the original's name and the filter), and a replaced original gets a new name: never changes.
RENDITION_CACHE_CONTROL = "public, max-age=31536000, immutable"
ORIGINAL_CACHE_CONTROL = "public, max-age=86400"  # an original can be deleted; a day is plenty

log = logging.getLogger(__name__)


def public_site_redirect(request, path=""):
    """Pages live on the public site: send anyone who asks the CMS for one over there."""
    return HttpResponseRedirect(f"{settings.SITE_URL}/{path}")


def healthz(request):
    """For load balancers and orchestrators: can the CMS reach its database, and are the site's
    updates going out? Purges waiting over SITE_PURGE_LATE_SECONDS make it 200 "degraded"
    (the CMS itself works; the worker is down or the site or a CDN is not taking them)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as error:  # any failure means "not healthy"; say which
        log.warning("Health check: database unreachable: %s", error)
        database = "unreachable"
    if database != "ok":
        return JsonResponse({"status": "failing", "database": database}, status=503)
    answer = {"status": "ok", "database": database}
    late = waiting()
    if late.late():
        age = int((timezone.now() - late.oldest).total_seconds())
        answer.update(status="degraded", site_updates=f"{late.updates} waiting, oldest {age} s ago")
    return JsonResponse(answer)


def serve_image(request, path):
    """An uploaded image or rendition from MEDIA_ROOT; nothing else there (documents) is public."""
    # "images/../documents/x" must not reach a document.
    if not posixpath.normpath(path).startswith(IMAGE_FOLDERS):
        raise Http404("not an image")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = RENDITION_CACHE_CONTROL if path.startswith("images/") else ORIGINAL_CACHE_CONTROL
    return response
