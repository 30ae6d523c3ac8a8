"""The admin login's answer once django-axes has locked a username at an address."""

from django.conf import settings
from django.template.response import TemplateResponse


def locked_out(request, original_response=None, credentials=None):
    # 429 Too Many Requests: the sign-in itself is refused, whatever the password.
    return TemplateResponse(
        request, "core/login_locked.html", {"minutes": settings.AXES_COOLOFF_MINUTES}, status=429
    ).render()
