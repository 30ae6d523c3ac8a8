"""The promote tab every clinic page shares: SEO title, search description and a social image.

Wagtail's own `seo_title` and `search_description` plus `social_image`. Pages hand the site
one `seo` object (shared.api_types.Seo) with every fallback already applied, so the site
never guesses: the title, the summary or intro, the hero or photo.
"""

from html import unescape

from django.db import models
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page

from shared.text import DESCRIPTION_LENGTH, shorten

from . import images
from .api_fields import PageMethodField

# Each page type lists it in its api_fields.
SEO_API_FIELD = APIField("seo", serializer=PageMethodField("api_seo"))


def plain_text(html: str, length: int = DESCRIPTION_LENGTH) -> str:
    """Rich text as one line of plain text, cut at a word before `length` characters."""
    return shorten(unescape(strip_tags(html or "")), length)


class PromoteFieldsMixin(models.Model):
    """Put before `Page` in a page model's bases; override the `seo_fallback_*` methods."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Shown when the page is shared on social media, cropped to 1200×630. "
            "Blank uses the page's main picture. Its description is its alt text."
        ),
    )

    promote_panels = Page.promote_panels + [
        MultiFieldPanel([FieldPanel("social_image")], heading="For social media"),
    ]

    class Meta:
        abstract = True

    def seo_fallback_title(self) -> str:
        return self.title

    def seo_fallback_description(self) -> str:
        return ""

    def seo_fallback_image(self):
        """The page's main picture as (image, alt text), or (None, "")."""
        return None, ""

    def seo_published(self) -> str | None:
        return self.first_published_at.isoformat() if self.first_published_at else None

    def seo_modified(self) -> str | None:
        return self.last_published_at.isoformat() if self.last_published_at else None

    def social_source(self):
        """The picture social cards show, as (image, alt text): the social image, else the page's own."""
        if self.social_image is not None:
            return self.social_image, images.alt_text(self.social_image)
        return self.seo_fallback_image()

    def social_rendition(self):
        image, alt = self.social_source()
        if image is None or image.is_svg():  # a vector picture has no JPEG rendition
            return None
        data = images.rendition(image, images.SOCIAL)
        if data and "url" in data:
            data["alt"] = alt
            return data
        return None

    def api_seo(self, request) -> dict:
        """shared.api_types.Seo: what the site puts in <title>, meta tags and structured data."""
        return {
            "title": (self.seo_title or "").strip() or self.seo_fallback_title(),
            "description": shorten((self.search_description or "").strip() or self.seo_fallback_description()),
            "image": self.social_rendition(),
            "published": self.seo_published(),
            "modified": self.seo_modified(),
        }
