"""Booking-button clicks per day, page, button place and destination, as collected from the site.

Only aggregates: the site never sends (nor keeps) anything about the reader.
"""

from django.db import models
from django.utils import timezone

from shared.booking_clicks import MAX_DESTINATION, PLACES


class BookingClickDay(models.Model):
    day = models.DateField(db_index=True)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="booking_click_days")
    place = models.CharField(max_length=40, choices=list(PLACES.items()))
    destination = models.CharField(max_length=MAX_DESTINATION)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "booking clicks on a day"
        verbose_name_plural = "booking clicks per day"
        constraints = [
            models.UniqueConstraint(fields=["day", "page", "place", "destination"], name="booking_click_day_unique"),
        ]

    def __str__(self):
        return f"{self.day} page {self.page_id} {self.place}: {self.count}"


class CollectedBatch(models.Model):
    """A batch of counts the site handed over, stored once even if the site hands it over again."""

    id = models.CharField(primary_key=True, max_length=32)
    collected_at = models.DateTimeField(default=timezone.now)
