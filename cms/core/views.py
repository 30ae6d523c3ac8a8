import logging
import posixpath

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.views.static import serve

IMAGE_FOLDERS = ("original_images/", "images/")

log = logging.getLogger(__name__)


def public_site_redirect(request, path=""):
    """Pages live on the public site: send anyone who asks the CMS for one over there."""
    return HttpResponseRedirect(f"{settings.SITE_URL}/{path}")


def healthz(request):
    """For load balancers and orchestrators: can the CMS reach its database?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as error:  # any failure means "not healthy"; say which
        log.warning("Health check: database unreachable: %s", error)
        database = "unreachable"
    healthy = database == "ok"
    return JsonResponse({"status": "ok" if healthy else "failing", "database": database}, status=200 if healthy else 503)


def serve_image(request, path):
    """An uploaded image or rendition from MEDIA_ROOT; nothing else there (documents) is public."""
    # "images/../documents/x" must not reach a document.
    if not posixpath.normpath(path).startswith(IMAGE_FOLDERS):
        raise Http404("not an image")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
