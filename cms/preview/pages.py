"""Wagtail's preview ("Preview" panel, "View draft") rendered by the public site.

Every page type takes this mixin. Wagtail hands `serve_preview` the page as the editor's
form has it (a draft, or a page not saved yet); the answer the API would give for it is kept
under a new token and the editor's browser goes to the site's preview address, where the
same Flask templates as the live pages render it. Nothing here imports the API at start-up
(the Page model is swappable in Wagtail 8: see cms/core/api_fields.py).
"""


class SitePreview:
    # One mode: the public site's own rendering.
    preview_modes = [("", "Public site")]

    def prepare_preview(self) -> None:
        """Fill in what saving or publishing would (a page type's own defaults); nothing by default."""

    def serve_preview(self, request, mode_name):
        from .views import send_to_site

        return send_to_site(self, request)
