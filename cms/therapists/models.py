from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.articles.models import ArticlePage
from cms.booking import buttons
from cms.booking.panels import VisitorsSeePanel
from cms.booking.schedule import AbsenceBlock
from cms.core import images, pictures
from cms.core.api_fields import PageMethodField, breadcrumb_id, card_page_ids
from cms.core.fields import BookingURLField, WeekdaysField
from cms.core.forms import ClinicPageForm
from cms.core.pages import SectionIndexPage
from cms.core.promote import SEO_API_FIELD, PromoteFieldsMixin, plain_text
from cms.core.site_preview import SitePreview
from cms.core.visibility import public_pages
from cms.services.models import ServicePage
from shared.booking import first_name
from shared.site_map import THERAPIST, THERAPIST_ARTICLES, page_path
from shared.surrogate_keys import author_key, section_key


class TherapistIndexPage(SectionIndexPage):
    subpage_types = ["therapists.TherapistPage"]
    # The answer's shape: shared.api_types.TherapistIndex.
    api_fields = [
        APIField("intro"),
        APIField("therapists", serializer=PageMethodField("api_therapists")),
        SEO_API_FIELD,
    ]

    class Meta:
        verbose_name = "therapist index"

    def api_shown_page_ids(self, answer: dict) -> set[int]:
        return card_page_ids(answer.get("therapists"))

    def api_shown_keys(self, answer: dict) -> set[str]:
        return {section_key("therapists")}

    def api_therapists(self, request):
        therapists = public_pages(TherapistPage.objects.child_of(self), request).select_related("photo")
        return [therapist.card(request) for therapist in therapists]


class TherapistPage(SitePreview, PromoteFieldsMixin, Page):
    role = models.CharField(max_length=120, help_text='For example "Remedial sports massage therapist".')
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    photo_alt = models.CharField("photo alt text", max_length=250, blank=True, help_text=images.ALT_HELP)
    photo_decorative = models.BooleanField("the photo is decorative", default=False, help_text=images.DECORATIVE_HELP)
    biography = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    working_days = WeekdaysField("working days")
    absences = StreamField(
        [("away", AbsenceBlock())],
        blank=True,
        verbose_name="days away",
        help_text="Holidays and other days off. The site shows only when they are next in the clinic.",
    )
    contact_email = models.EmailField(blank=True)
    booking_url = BookingURLField(
        "booking URL", help_text="This therapist's page in the booking system. Blank uses the clinic's."
    )

    parent_page_types = ["therapists.TherapistIndexPage"]
    subpage_types = []
    base_form_class = ClinicPageForm

    content_panels = [
        TitleFieldPanel("title", heading="Name", placeholder="Full name"),
        FieldPanel("role"),
        MultiFieldPanel(
            [FieldPanel("photo"), FieldPanel("photo_alt"), FieldPanel("photo_decorative")], heading="Photo"
        ),
        FieldPanel("biography"),
        MultiFieldPanel(
            [
                FieldPanel("working_days"),
                FieldPanel("absences"),
                FieldPanel("contact_email"),
                FieldPanel("booking_url"),
                VisitorsSeePanel(),
            ],
            heading="Availability and booking",
        ),
        InlinePanel("service_links", heading="Services offered", label="Service"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("role"),
        index.SearchField("biography"),
        index.FilterField("working_days"),
    ]
    # The answer's shape: shared.api_types.TherapistDetail.
    api_fields = [
        APIField("first_name", serializer=PageMethodField("api_first_name")),
        APIField("role"),
        APIField("photo", serializer=PageMethodField("api_photo")),
        APIField("biography"),
        APIField("working_days"),
        APIField("absences", serializer=PageMethodField("api_absences")),
        APIField("contact_email"),
        APIField("booking_url"),
        APIField("services", serializer=PageMethodField("api_services")),
        APIField("articles", serializer=PageMethodField("api_articles")),
        APIField("article_count", serializer=PageMethodField("api_article_count")),
        APIField("booking", serializer=PageMethodField("booking_button")),
        SEO_API_FIELD,
    ]

    class Meta:
        verbose_name = "therapist"

    # Loaded with the page for its API answer (cms/core/content_api.py).
    api_select_related = ("photo", "social_image")

    def clean(self):
        super().clean()
        images.require_alt_text(self, "photo", "photo_alt", "photo_decorative")

    def seo_fallback_title(self) -> str:
        return f"{self.title}, {self.role}" if self.role else self.title

    def seo_fallback_description(self) -> str:
        return plain_text(self.biography) or self.seo_fallback_title()

    def seo_fallback_image(self):
        return self.photo, images.alt_text(self.photo, self.photo_alt, self.photo_decorative)

    def api_first_name(self, request):
        # How headings name the therapist ("About Piia"): the booking rules' own first name.
        return first_name(self.title)

    def api_shown_page_ids(self, answer: dict) -> set[int]:
        return breadcrumb_id(answer) | card_page_ids(answer.get("services")) | card_page_ids(answer.get("articles"))

    def api_shown_keys(self, answer: dict) -> set[str]:
        return {author_key(self.pk)} if self.pk else set()  # the newest of their articles

    def picture_uses(self) -> list:
        return [(self.photo, pictures.PORTRAIT), (self.social_source()[0], images.SOCIAL)]

    def api_photo(self, request):
        return pictures.picture(self.photo, pictures.PORTRAIT, self.photo_alt, self.photo_decorative)

    def booking_button(self, request):
        return buttons.booking_button(request, therapist=self)

    def api_absences(self, request):
        # Days away not over yet: the site works out "next in clinic ..." from them.
        return buttons.availability(self)["absences"]

    def offered_services(self, request=None):
        """The public services chosen on this page, in its order. Read from the page's own links,
        so a preview shows a draft's choice (and a new page's, which has no id to query by)."""
        ids = [link.service_id for link in self.service_links.all()]
        found = public_pages(ServicePage.objects.filter(pk__in=ids), request).in_bulk()
        return [found[service_id] for service_id in ids if service_id in found]

    def api_services(self, request):
        return [service.card(request) for service in self.offered_services(request)]

    def public_articles(self, request=None):
        """Their published articles, newest first (the article list's order)."""
        return public_pages(ArticlePage.objects.filter(author=self), request).order_by("-publication_date", "-id")

    def api_articles(self, request):
        articles = self.public_articles(request).select_related("hero_image")[:THERAPIST_ARTICLES]
        return [article.card(request) for article in articles]

    def api_article_count(self, request):
        return self.public_articles(request).count()

    def card(self, request) -> dict:
        """What lists, author boxes and service pages show of a therapist (shared.api_types.AuthorCard)."""
        return {
            "id": self.id,
            "title": self.title,
            "slug": self.slug,
            "url": page_path(THERAPIST, self.slug),
            "role": self.role,
            "photo": self.api_photo(request),
            "working_days": self.working_days,
            "absences": self.api_absences(request),
            "booking": self.booking_button(request),
        }


class TherapistService(Orderable):
    """A service a therapist offers: edited on the therapist's page, shown on both."""

    therapist = ParentalKey(TherapistPage, on_delete=models.CASCADE, related_name="service_links")
    service = models.ForeignKey("services.ServicePage", on_delete=models.CASCADE, related_name="therapist_links")

    panels = [FieldPanel("service")]

    class Meta(Orderable.Meta):
        unique_together = [("therapist", "service")]
