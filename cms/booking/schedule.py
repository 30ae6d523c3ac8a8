"""The clinic's week and days away: StreamField blocks editors fill in, and their API values.

Kept as StreamFields in the row of their owner (the booking settings, a therapist's page), so
attaching them to a page's answer costs no query. The site works out "next in clinic ..." from
these values at render time (shared/availability.py).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from cms.core.fields import WEEKDAY_ORDER, WEEKDAYS

# Days gone by are left out of answers; a margin for sites in a time zone behind the CMS's.
PAST_MARGIN = timedelta(days=2)


class OpeningHoursBlock(blocks.StructBlock):
    """One opening of one weekday; a weekday without a row is closed (two rows: a lunch break)."""

    weekday = blocks.ChoiceBlock(choices=WEEKDAYS)
    opens = blocks.TimeBlock(format="%H:%M")
    closes = blocks.TimeBlock(format="%H:%M")

    class Meta:
        icon = "time"
        label = "Opening hours"

    def clean(self, value):
        value = super().clean(value)
        if value["opens"] >= value["closes"]:
            raise StructBlockValidationError({"closes": ValidationError("Closing time must be after opening time.")})
        return value


class DateRangeBlock(blocks.StructBlock):
    first_day = blocks.DateBlock()
    last_day = blocks.DateBlock(required=False, help_text="Blank: until further notice.")

    def clean(self, value):
        value = super().clean(value)
        if value["last_day"] and value["last_day"] < value["first_day"]:
            raise StructBlockValidationError({"last_day": ValidationError("The last day cannot be before the first.")})
        return value


class ClosureBlock(DateRangeBlock):
    reason = blocks.CharBlock(max_length=80, required=False, help_text='Shown on the site, e.g. "Christmas".')

    class Meta:
        icon = "date"
        label = "Closure"


class AbsenceBlock(DateRangeBlock):
    """A therapist's days off. No reason field on purpose: the site only ever shows the dates."""

    class Meta:
        icon = "date"
        label = "Days away"


def opening_hours(stream) -> list[dict]:
    """shared.api_types.OpeningHours rows in week order: {"weekday", "opens": "09:00", "closes"}."""
    rows = [
        {"weekday": row["weekday"], "opens": f"{row['opens']:%H:%M}", "closes": f"{row['closes']:%H:%M}"}
        for row in (child.value for child in stream or ())
        if row["weekday"] in WEEKDAY_ORDER and row["opens"] and row["closes"]
    ]
    return sorted(rows, key=lambda row: (WEEKDAY_ORDER[row["weekday"]], row["opens"]))


def today():
    """The clinic's date now (TIME_ZONE); tests that fix the site's clock fix this too."""
    return timezone.localdate()


def date_ranges(stream, with_reason: bool = False) -> list[dict]:
    """Ranges not over yet, by first day: {"first_day", "last_day" (None: until further notice)}."""
    since = today() - PAST_MARGIN
    ranges = []
    for value in (child.value for child in stream or ()):
        if not value["first_day"] or (value["last_day"] and value["last_day"] < since):
            continue
        item = {
            "first_day": value["first_day"].isoformat(),
            "last_day": value["last_day"].isoformat() if value["last_day"] else None,
        }
        if with_reason:
            item["reason"] = value.get("reason") or ""
        ranges.append(item)
    return sorted(ranges, key=lambda item: item["first_day"])
