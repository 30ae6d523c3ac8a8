"""Wagtail's preview ("Preview" panel, "View draft") rendered by the public site.

Every page type takes this mixin. Wagtail hands `serve_preview` the page as the editor's
form has it (a draft, or a page not saved yet). Showing it on the site needs the page's API
answer, which sits above the content models, so the models do not call it: the preview app
registers it under the `SEND_PREVIEW_TO_SITE` Wagtail hook (cms/preview/wagtail_hooks.py).
"""

from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks

SEND_PREVIEW_TO_SITE = "send_preview_to_site"


class SitePreview:
    # One mode: the public site's own rendering.
    preview_modes = [("", "Public site")]

    def prepare_preview(self) -> None:
        """Fill in what saving or publishing would (a page type's own defaults); nothing by default."""

    def serve_preview(self, request, mode_name):
        senders = hooks.get_hooks(SEND_PREVIEW_TO_SITE)
        if len(senders) != 1:
            raise ImproperlyConfigured(f"exactly one {SEND_PREVIEW_TO_SITE!r} hook is needed, found {len(senders)}")
        return senders[0](self, request)
