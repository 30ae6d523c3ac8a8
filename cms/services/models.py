from django.apps import apps
from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.booking import buttons
from cms.booking.panels import VisitorsSeePanel
from cms.core import images, pictures
from cms.core.api_fields import PageMethodField, breadcrumb_id, card_page_ids
from cms.core.fields import BookingURLField
from cms.core.forms import ClinicPageForm
from cms.core.pages import SectionIndexPage
from cms.core.promote import SEO_API_FIELD, PromoteFieldsMixin
from cms.core.site_preview import SitePreview
from cms.core.visibility import public_pages
from shared.booking import service_in_sentence
from shared.site_map import SERVICE, page_path
from shared.surrogate_keys import section_key


class ServiceIndexPage(SectionIndexPage):
    subpage_types = ["services.ServicePage"]
    # The answer's shape: shared.api_types.ServiceIndex.
    api_fields = [
        APIField("intro"),
        APIField("services", serializer=PageMethodField("api_services")),
        SEO_API_FIELD,
    ]

    class Meta:
        verbose_name = "service index"

    def api_shown_page_ids(self, answer: dict) -> set[int]:
        return card_page_ids(answer.get("services"))

    def api_shown_keys(self, answer: dict) -> set[str]:
        return {section_key("services")}

    def api_services(self, request):
        services = public_pages(ServicePage.objects.child_of(self), request).select_related("image")
        return [service.card(request) for service in services.prefetch_related("options")]


class ServicePage(SitePreview, PromoteFieldsMixin, Page):
    summary = models.TextField(max_length=240, help_text="One or two sentences for lists and search results.")
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    image_alt = models.CharField("image alt text", max_length=250, blank=True, help_text=images.ALT_HELP)
    image_decorative = models.BooleanField("the image is decorative", default=False, help_text=images.DECORATIVE_HELP)
    description = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol", "h3"])
    booking_url = BookingURLField(
        "booking URL",
        help_text="This service's page in the booking system. Blank uses the first therapist's, then the clinic's.",
    )

    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types = []
    base_form_class = ClinicPageForm

    content_panels = [
        TitleFieldPanel("title", heading="Name", placeholder="Service name"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_decorative")], heading="Image"
        ),
        FieldPanel("description"),
        InlinePanel("options", heading="Options and prices", label="Option", min_num=1),
        MultiFieldPanel(
            [FieldPanel("booking_url"), VisitorsSeePanel()],
            heading="Booking",
            help_text="Therapists choose the services they offer on their own pages.",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
    ]
    # The answer's shape: shared.api_types.ServiceDetail.
    api_fields = [
        APIField("name_in_sentence", serializer=PageMethodField("api_name_in_sentence")),
        APIField("summary"),
        APIField("image", serializer=PageMethodField("api_image")),
        APIField("description"),
        APIField("options"),
        APIField("booking_url"),
        APIField("therapists", serializer=PageMethodField("api_therapists")),
        APIField("booking", serializer=PageMethodField("booking_button")),
        SEO_API_FIELD,
    ]

    class Meta:
        verbose_name = "service"

    # Loaded with the page for its API answer (cms/core/content_api.py).
    api_select_related = ("image", "social_image")

    def clean(self):
        super().clean()
        images.require_alt_text(self, "image", "image_alt", "image_decorative")

    def seo_fallback_description(self) -> str:
        return self.summary

    def seo_fallback_image(self):
        return self.image, images.alt_text(self.image, self.image_alt, self.image_decorative)

    def api_name_in_sentence(self, request):
        # "Who offers pregnancy massage": the booking rules' own casing (acronyms kept).
        return service_in_sentence(self.title)

    def api_shown_page_ids(self, answer: dict) -> set[int]:
        return breadcrumb_id(answer) | card_page_ids(answer.get("therapists"))

    def picture_uses(self) -> list:
        return [(self.image, pictures.CARD), (self.social_source()[0], images.SOCIAL)]

    def api_image(self, request):
        return pictures.picture(self.image, pictures.CARD, self.image_alt, self.image_decorative)

    def offering_therapists(self, request=None):
        """Public therapists who offer this service, in the therapist index's order."""
        # Therapists choose their services, so the therapists app sits above this one: named, not imported.
        TherapistPage = apps.get_model("therapists", "TherapistPage")  # noqa: N806
        if self.pk is None:
            return TherapistPage.objects.none()  # a new service (in a preview): nobody offers it yet
        return (
            public_pages(TherapistPage.objects.filter(service_links__service=self), request)
            .select_related("photo")
            .order_by("path")
            .distinct()
        )

    def api_therapists(self, request):
        return [therapist.card(request) for therapist in self.offering_therapists(request)]

    def booking_therapist(self, request=None):
        """Without a link of its own, the service is booked through the first therapist who has one."""
        if self.pk is None:  # a service being created has no therapists yet
            return None
        return next((t for t in self.offering_therapists(request) if t.booking_url), None)

    def booking_button(self, request):
        return buttons.booking_button(request, service=self, therapist=self.booking_therapist(request))

    def card(self, request) -> dict:
        """What lists show of a service (shared.api_types.ServiceCard)."""
        return {
            "id": self.id,
            "title": self.title,
            "slug": self.slug,
            "url": page_path(SERVICE, self.slug),
            "summary": self.summary,
            "image": self.api_image(request),
            "options": [option.as_dict() for option in self.options.all()],
        }


class ServiceOption(Orderable):
    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=80, blank=True, help_text='Optional, e.g. "Follow-up visit".')
    duration_minutes = models.PositiveSmallIntegerField("duration (minutes)", validators=[MinValueValidator(5)])
    price = models.DecimalField("price (€)", max_digits=7, decimal_places=2, validators=[MinValueValidator(0)])

    panels = [FieldPanel("label"), FieldPanel("duration_minutes"), FieldPanel("price")]
    api_fields = [APIField("label"), APIField("duration_minutes"), APIField("price")]

    def as_dict(self) -> dict:
        return {"label": self.label, "duration_minutes": self.duration_minutes, "price": str(self.price)}
