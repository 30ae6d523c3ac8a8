"""The preview's two ends on the CMS: the admin sends the editor to the site with a token
(`send_to_site`), and the site reads the page's answer back with it (`PreviewAPIViewSet`)."""

import json
import re

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import path
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from cms.api import BadQueryIs400, ClinicPagesAPIViewSet, api_router, shown_page_ids
from cms.booking.models import BookingSettings
from shared.contract import PREVIEW_PATH

from .models import PagePreview

TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
# Never stored by a browser or a cache in between, never indexed.
NO_STORE = {"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"}


class NewPageAnswer(ClinicPagesAPIViewSet):
    # A page not saved yet has no id, so no detail URL to name.
    meta_fields = [name for name in ClinicPagesAPIViewSet.meta_fields if name != "detail_url"]


def page_answer(page, request) -> dict:
    """What the API's detail view answers for `page` (shared.api_types), for the page as it is in
    memory: a draft's fields, or a new page's before it has an id."""
    request.wagtailapi_router = api_router
    viewset = ClinicPagesAPIViewSet if page.pk else NewPageAnswer
    view = viewset(request=Request(request), args=(), kwargs={"pk": page.pk}, action="detail_view", format_kwarg=None)
    view._cached_object = page
    answer = dict(view.get_serializer(page).data)
    answer["meta"].setdefault("detail_url", None)
    # As ClinicPagesAPIViewSet.detail_view adds them; a new page has no id to name yet.
    answer["meta"]["shown_page_ids"] = [i for i in shown_page_ids(page, {**answer, "id": page.pk or 0}) if i]
    answer["clinic"] = BookingSettings.for_request(request).as_api_dict()
    # The bytes the API would send (dates, decimals and lazy text as the API writes them).
    return json.loads(JSONRenderer().render(answer))


def send_to_site(page, request):
    """Keep the page's answer under a new token and send the browser to the site's preview of it."""
    page.prepare_preview()
    preview = PagePreview.store(page_answer(page, request), page.pk)
    return HttpResponseRedirect(f"{settings.SITE_URL}{PREVIEW_PATH}{preview.token}/", headers=NO_STORE)


class PreviewAPIViewSet(BadQueryIs400, BaseAPIViewSet):
    """`GET /api/v2/preview/<token>/`: the answer kept under a valid token, else 404.

    The token is the only key: it names one page's answer, so nobody without it reads a draft,
    and an expired, unknown or malformed one gets the same 404 as any missing page."""

    model = PagePreview
    name = "preview"

    def detail_view(self, request, token):
        if request.GET:
            raise BadRequestError(f"query parameter is not allowed: {', '.join(sorted(request.GET))}")
        preview = PagePreview.objects.valid().filter(token=token).first() if TOKEN.fullmatch(token) else None
        if preview is None:
            return Response({"message": "no such preview, or it has expired"}, status=404, headers=NO_STORE)
        return Response(preview.answer, headers=NO_STORE)

    @classmethod
    def get_urlpatterns(cls):
        return [path("<str:token>/", cls.as_view({"get": "detail_view"}), name="detail")]
