"""The figures the admin shows: clicks per page over 7, 30 and 90 days, a daily chart, and
the share of each button place. Days are the clinic's days (TIME_ZONE)."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from shared.booking_clicks import PLACES

from .models import BookingClickDay

WINDOWS = (7, 30, 90)
CHART_DAYS = 30


def first_day(days: int, today: date | None = None) -> date:
    """The first day of a window of `days` days ending today."""
    return (today or timezone.localdate()) - timedelta(days=days - 1)


def annotate_windows(pages: QuerySet, today: date | None = None) -> QuerySet:
    """`clicks_7`, `clicks_30` and `clicks_90` on each page (0 without clicks)."""
    return pages.annotate(
        **{
            f"clicks_{days}": Coalesce(
                Sum("booking_click_days__count", filter=Q(booking_click_days__day__gte=first_day(days, today))),
                0,
                output_field=IntegerField(),
            )
            for days in WINDOWS
        }
    )


def daily_counts(page_ids, days: int = CHART_DAYS, today: date | None = None) -> dict[int, list[int]]:
    """Per page, its clicks on each of the last `days` days, oldest first."""
    start = first_day(days, today)
    series = defaultdict(lambda: [0] * days)
    rows = (
        BookingClickDay.objects.filter(page_id__in=page_ids, day__gte=start)
        .values("page_id", "day")
        .annotate(total=Sum("count"))
    )
    for row in rows:
        offset = (row["day"] - start).days
        if 0 <= offset < days:
            series[row["page_id"]][offset] += row["total"]
    return series


def place_shares(page_ids, days: int = 90, today: date | None = None) -> dict[int, list[tuple[str, int, int]]]:
    """Per page, (place label, clicks, whole percent) for each place clicked, most clicked first."""
    rows = (
        BookingClickDay.objects.filter(page_id__in=page_ids, day__gte=first_day(days, today))
        .values("page_id", "place")
        .annotate(total=Sum("count"))
    )
    by_page = defaultdict(dict)
    for row in rows:
        by_page[row["page_id"]][row["place"]] = row["total"]
    shares = {}
    for page_id, places in by_page.items():
        total = sum(places.values())
        ordered = sorted(places.items(), key=lambda item: (-item[1], item[0]))
        shares[page_id] = [(PLACES.get(place, place), count, round(100 * count / total)) for place, count in ordered]
    return shares


def shares_text(shares: list[tuple[str, int, int]]) -> str:
    """ "Call-to-action block 60%, Header 40%" (for exports)."""
    return ", ".join(f"{label} {percent}%" for label, _count, percent in shares)


def bar_chart(counts: list[int], width: int = 120, height: int = 28):
    """A small inline SVG bar chart of daily counts, described for screen readers."""
    peak = max(counts) if counts else 0
    step = width / max(len(counts), 1)
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}"></rect>',
        (
            (f"{index * step:.1f}", f"{height - h:.1f}", f"{max(step - 1, 1):.1f}", f"{h:.1f}")
            for index, count in enumerate(counts)
            if count
            for h in [max(height * count / peak, 1.5)]
        ),
    )
    label = f"Booking clicks per day over the last {len(counts)} days: {sum(counts)} in all, at most {peak} a day"
    return format_html(
        '<svg class="booking-clicks-chart" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}" '
        'fill="currentColor"><title>{}</title>'
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-opacity="0.3"></line>{}</svg>',
        label,
        width,
        height,
        width,
        height,
        label,
        height - 0.5,
        width,
        height - 0.5,
        bars,
    )


def page_figures(page, today: date | None = None) -> dict:
    """One page's figures, for its edit screen."""
    totals = {
        days: BookingClickDay.objects.filter(page=page, day__gte=first_day(days, today)).aggregate(
            total=Coalesce(Sum("count"), 0)
        )["total"]
        for days in WINDOWS
    }
    return {
        "totals": totals,
        "chart": bar_chart(daily_counts([page.pk], today=today)[page.pk]),
        "shares": place_shares([page.pk], today=today).get(page.pk, []),
    }
