"""Model fields the clinic's page types share."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from shared.booking import is_safe_booking_url

WEEKDAYS = [
    ("monday", "Monday"),
    ("tuesday", "Tuesday"),
    ("wednesday", "Wednesday"),
    ("thursday", "Thursday"),
    ("friday", "Friday"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
]
WEEKDAY_ORDER = {day: position for position, (day, _label) in enumerate(WEEKDAYS)}


def validate_booking_url(value: str) -> None:
    if value and not is_safe_booking_url(value):
        raise ValidationError(
            "Enter a full web address starting with https:// (or http://).",
            code="unsafe_url",
        )


class BookingURLField(models.CharField):
    """An external booking system's link, kept as the editor typed it, http(s) only."""

    default_validators = [validate_booking_url]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # A plain text field: Django's URL form field would turn "javascript:..." into
        # "http://javascript:..." and accept it; our validator rejects it instead.
        kwargs.pop("assume_scheme", None)
        return super().formfield(**{"widget": forms.URLInput, **kwargs})


class WeekdaysField(models.JSONField):
    """The days of the week something happens, stored as ["tuesday", ...] in week order."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        unknown = [day for day in value or [] if day not in WEEKDAY_ORDER]
        if unknown:
            raise ValidationError(f"Unknown weekday(s): {', '.join(map(str, unknown))}")

    def pre_save(self, model_instance, add):
        days = getattr(model_instance, self.attname) or []
        ordered = sorted(set(days), key=lambda day: WEEKDAY_ORDER.get(day, len(WEEKDAYS)))
        setattr(model_instance, self.attname, ordered)
        return ordered

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=WEEKDAYS,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name.capitalize()),
            help_text=self.help_text,
        )
