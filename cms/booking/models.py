from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from cms.core.fields import BookingURLField
from shared.booking import resolve_booking
from shared.booking_clicks import DEFAULT_UTM_SOURCE, UTM_SOURCE_FORMAT


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
            heading="The clinic, for search engines",
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
        }

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
