"""`GET /api/v2/preview/<token>/`: the site reads a previewed page's answer back with its token."""

import re

from rest_framework.response import Response

from cms.core.api_params import only_parameters
from cms.core.api_views import OneRouteAPIViewSet

from .models import PagePreview

TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
# Never stored by a browser or a cache in between, never indexed.
NO_STORE = {"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"}


class PreviewAPIViewSet(OneRouteAPIViewSet):
    """The answer kept under a valid token, else 404.

    The token is the only key: it names one page's answer, so nobody without it reads a draft,
    and an expired, unknown or malformed one gets the same 404 as any missing page."""

    model = PagePreview
    name = "preview"
    route, handler, route_name = "<str:token>/", "detail_view", "detail"

    def detail_view(self, request, token):
        only_parameters(request)
        preview = PagePreview.objects.valid().filter(token=token).first() if TOKEN.fullmatch(token) else None
        if preview is None:
            return Response({"message": "no such preview, or it has expired"}, status=404, headers=NO_STORE)
        return Response(preview.answer, headers=NO_STORE)
