"""Booking buttons for pages, resolved with the clinic's settings."""

from dataclasses import replace

from wagtail.models import Site

from shared.booking import resolve_booking

from .models import BookingSettings
from .schedule import date_ranges


def booking_settings(request=None) -> BookingSettings:
    if request is not None:
        return BookingSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first()
    return BookingSettings.for_site(site) if site else BookingSettings()


def booking_button(request=None, *, service=None, therapist=None) -> dict | None:
    """The button for a service and/or a therapist page; either may be None."""
    settings = booking_settings(request)
    button = resolve_booking(
        service_title=service.title if service else "",
        service_url=service.booking_url if service else "",
        therapist_name=therapist.title if therapist else "",
        therapist_url=therapist.booking_url if therapist else "",
        default_url=settings.default_booking_url,
        default_label=settings.cta_label,
    )
    if button is not None and button.source == "therapist":
        button = replace(button, availability=availability(therapist))
    return button.as_dict() if button else None


def availability(therapist) -> dict:
    """shared.api_types.Availability: a therapist's working days and days away not over yet."""
    return {"working_days": list(therapist.working_days or []), "absences": date_ranges(therapist.absences)}


def default_button(request=None, label: str = "") -> dict | None:
    settings = booking_settings(request)
    button = resolve_booking(default_url=settings.default_booking_url, default_label=label or settings.cta_label)
    return button.as_dict() if button else None
