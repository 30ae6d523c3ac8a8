"""What the clinic's page types have in common."""

from django.core.exceptions import ValidationError
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from shared.site_map import INDEX_SLUGS

from .forms import ClinicPageForm
from .promote import PromoteFieldsMixin, plain_text
from .site_preview import SitePreview


class SectionIndexPage(SitePreview, PromoteFieldsMixin, Page):
    """The page at the top of a site section (/articles/, /therapists/, /services/).

    The public site serves each section at a fixed path, so the slug cannot change,
    and there is one of each.
    """

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    max_count = 1
    parent_page_types = ["home.HomePage"]
    base_form_class = ClinicPageForm

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        abstract = True

    def seo_fallback_description(self) -> str:
        return plain_text(self.intro)

    @classmethod
    def section_slug(cls) -> str:
        return INDEX_SLUGS[f"{cls._meta.app_label}.{cls.__name__}"]

    def clean(self):
        super().clean()
        if self.slug != self.section_slug():
            raise ValidationError(
                {
                    "slug": f"This section lives at /{self.section_slug()}/ on the site; keep the slug '{self.section_slug()}'."
                }
            )
