import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse

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
