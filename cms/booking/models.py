from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import expand_db_html

from cms.core.fields import BookingURLField
from shared.booking import resolve_booking
from shared.booking_clicks import DEFAULT_UTM_SOURCE, UTM_SOURCE_FORMAT
from shared.site_map import VISIT_PATH

from . import schedule


@register_setting(icon="date")
class BookingSettings(BaseSiteSetting):
    """Clinic-wide booking details, used wherever a page has no booking link of its own."""

    default_booking_url = BookingURLField(
        "default booking URL",
        help_text="Where 'Book' buttons go when neither the service nor the therapist has a booking link.",
    )
    cta_label = models.CharField(
        "button label",
        max_length=60,
        default="Book an appointment",
        help_text="Text of booking buttons that book nothing more specific.",
    )
    contact_email = models.EmailField("clinic contact email", blank=True)
    # The clinic as search engines describe it (structured data on the home page).
    business_name = models.CharField(
        "clinic name",
        max_length=120,
        blank=True,
        help_text="The clinic's name as search engines show it. Blank uses the site's name.",
    )
    telephone = models.CharField(max_length=40, blank=True, help_text="With the country code, e.g. +358 40 123 4567.")
    street_address = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    address_locality = models.CharField("town or city", max_length=100, blank=True)
    address_country = models.CharField(
        "country", max_length=2, blank=True, default="FI", help_text="Two-letter country code, e.g. FI."
    )
    opening_hours = StreamField(
        [("hours", schedule.OpeningHoursBlock())],
        blank=True,
        help_text="One row per opening; a weekday without a row is closed. Two rows on one day make a break.",
    )
    closures = StreamField(
        [("closure", schedule.ClosureBlock())],
        blank=True,
        help_text="Days the clinic is closed, such as holidays. Shown on the site until they are over.",
    )
    visit_intro = RichTextField(
        "visit us text",
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=f"How to find the clinic: directions, parking, access. Shown on the Visit us page ({VISIT_PATH}).",
    )
    utm_enabled = models.BooleanField(
        "tag booking links",
        default=True,
        help_text="Add campaign parameters (utm_source, utm_medium, utm_campaign, utm_content) to every "
        "booking link, so the booking system can report which page and button a booking came from.",
    )
    utm_source = models.CharField(
        "source name",
        max_length=60,
        default=DEFAULT_UTM_SOURCE,
        validators=[RegexValidator(UTM_SOURCE_FORMAT, "Letters, digits, dots, hyphens and underscores only.")],
        help_text="utm_source as the booking system shows it, e.g. clinic_website.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("default_booking_url"), FieldPanel("cta_label")],
            heading="Booking buttons",
        ),
        FieldPanel("contact_email"),
        MultiFieldPanel(
            [
                FieldPanel("business_name"),
                FieldPanel("telephone"),
                FieldPanel("street_address"),
                FieldPanel("postal_code"),
                FieldPanel("address_locality"),
                FieldPanel("address_country"),
            ],
            heading="The clinic's details: every page's footer, the Visit us page and search engines",
        ),
        MultiFieldPanel(
            [FieldPanel("opening_hours"), FieldPanel("closures"), FieldPanel("visit_intro")],
            heading="Opening hours, closures and how to find the clinic",
        ),
        MultiFieldPanel([FieldPanel("utm_enabled"), FieldPanel("utm_source")], heading="Campaign tags"),
    ]

    class Meta:
        verbose_name = "booking settings"

    def as_api_dict(self) -> dict:
        """The clinic's settings as the site sees them: shared.api_types.Clinic."""
        button = resolve_booking(default_url=self.default_booking_url, default_label=self.cta_label)
        return {
            "default_booking_url": self.default_booking_url,
            "cta_label": self.cta_label,
            "contact_email": self.contact_email,
            "utm_enabled": self.utm_enabled,
            "utm_source": self.utm_source,
            # The header's and home page's booking button, so no template makes up a label.
            "booking": button.as_dict() if button else None,
            "business": self.business_api_dict(),
            "opening_hours": schedule.opening_hours(self.opening_hours),
            "closures": schedule.date_ranges(self.closures, with_reason=True),
        }

    def settings_api_dict(self) -> dict:
        """The booking-settings endpoint's answer (shared.api_types.ClinicSettings): the clinic plus
        the Visit us page's text, as HTML with its links resolved. Only this endpoint carries the text,
        so page answers never pay for resolving its links."""
        return {**self.as_api_dict(), "visit_intro": expand_db_html(self.visit_intro)}

    def business_api_dict(self) -> dict:
        """shared.api_types.Business: the clinic's name, phone and address as editors wrote them."""
        return {
            "name": self.business_name,
            "telephone": self.telephone,
            "street_address": self.street_address,
            "postal_code": self.postal_code,
            "address_locality": self.address_locality,
            "address_country": self.address_country,
        }
