from django.conf import settings
from django.http import HttpResponseRedirect


def public_site_redirect(request, path=""):
    """Pages live on the public site: send anyone who asks the CMS for one over there."""
    return HttpResponseRedirect(f"{settings.SITE_URL}/{path}")
