"""What the clinic's page types have in common."""

from django.core.exceptions import ValidationError

from shared.contract import INDEX_SLUGS


class SectionIndexMixin:
    """An index page whose slug is part of the public site's URLs (/articles/, ...).

    The public site serves each section at a fixed path, so the slug cannot change.
    """

    max_count = 1
    parent_page_types = ["home.HomePage"]
    # Index pages are rendered by the public site, never by Wagtail itself.
    preview_modes = []

    @classmethod
    def section_slug(cls) -> str:
        return INDEX_SLUGS[f"{cls._meta.app_label}.{cls.__name__}"]

    def clean(self):
        super().clean()
        if self.slug != self.section_slug():
            raise ValidationError(
                {"slug": f"This section lives at /{self.section_slug()}/ on the site; keep the slug '{self.section_slug()}'."}
            )
