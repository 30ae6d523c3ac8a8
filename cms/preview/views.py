"""The admin's end of the preview: the editor's browser goes to the site with a token under
which the page's answer is kept (the site reads it back from cms/preview/api.py)."""

import json

from django.conf import settings
from django.http import HttpResponseRedirect
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from cms.api import api_router
from cms.core.content_api import ClinicPagesAPIViewSet
from shared.site_map import PREVIEW_PATH

from .api import NO_STORE
from .models import PagePreview


class NewPageAnswer(ClinicPagesAPIViewSet):
    # A page not saved yet has no id, so no detail URL to name.
    meta_fields = [name for name in ClinicPagesAPIViewSet.meta_fields if name != "detail_url"]


def page_answer(page, request) -> dict:
    """What the API's detail view answers for `page` (shared.api_types), for the page as it is in
    memory: a draft's fields, or a new page's before it has an id."""
    request.wagtailapi_router = api_router
    viewset = ClinicPagesAPIViewSet if page.pk else NewPageAnswer
    view = viewset(
        page=page, request=Request(request), args=(), kwargs={"pk": page.pk}, action="detail_view", format_kwarg=None
    )
    answer = view.answer_for(page)
    answer["meta"].setdefault("detail_url", None)
    # The bytes the API would send (dates, decimals and lazy text as the API writes them).
    return json.loads(JSONRenderer().render(answer))


def send_to_site(page, request):
    """Keep the page's answer under a new token and send the browser to the site's preview of it."""
    page.prepare_preview()
    preview = PagePreview.store(page_answer(page, request), page.pk)
    return HttpResponseRedirect(f"{settings.SITE_URL}{PREVIEW_PATH}{preview.token}/", headers=NO_STORE)
