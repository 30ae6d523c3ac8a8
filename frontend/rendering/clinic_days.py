"""Days, worked out when a page is rendered, in the clinic's TIME_ZONE: when a therapist is next in
the clinic, the week's opening hours, the closures coming up.

Templates get one `ClinicDays` per render (`clinic_days`); every date-dependent text it hands out
notes when that text changes, and `dated()` gives the response that moment as its `Expires`. The
page cache serves no copy past it (frontend/caching/), so a page never says "next in clinic
Tuesday" on Tuesday evening or Wednesday.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from shared.availability import (
    HORIZON_DAYS,
    NextVisit,
    clinic_week,
    date_ranges,
    day_name,
    next_midnight,
    next_visit,
    visit_text,
)
from shared.availability import WEEKDAYS as WEEK

DASH = "\u2014"


class ClinicDays:
    def __init__(self, clinic: dict | None, now: datetime):
        self.clinic = clinic or {}
        self.now = now
        self.today = now.date()
        self.week = clinic_week(self.clinic)
        self.changes_at: datetime | None = None  # the earliest change of anything handed out

    def _holds_until(self, moment: datetime) -> None:
        self.changes_at = moment if self.changes_at is None else min(self.changes_at, moment)

    def visit(self, availability: dict | None) -> NextVisit | None:
        if not isinstance(availability, dict):
            return None
        absences = date_ranges(availability.get("absences"))
        visit = next_visit(availability.get("working_days"), absences, self.week, self.now)
        if visit is not None:
            self._holds_until(visit.changes_at)
        return visit

    def when(self, therapist: dict | None, only_away: bool = False) -> str:
        """A therapist's line (a card, a page: anything with `working_days` and `absences`):
        "Next in clinic Tuesday 8 December", "Not taking bookings until ...", or ''.
        `only_away`: only the latter kind (where a button says the former)."""
        visit = self.visit(therapist)
        if visit is None or (only_away and visit.day is not None):
            return ""
        text = visit_text(visit, self.today) or "Not taking bookings at the moment"
        return text[:1].upper() + text[1:]

    def button(self, button: dict | None, say_when: bool = True) -> dict | None:
        """A therapist's button saying when: "Book with Piia — next in clinic Tuesday 8 December"
        (unless `say_when` is off: the card says it); the clinic's default button instead when they
        have no day in the next eight weeks."""
        if not isinstance(button, dict) or button.get("source") != "therapist":
            return button
        visit = self.visit(button.get("availability"))
        if visit is None:
            return button
        if visit.day is None:
            return self.clinic.get("booking")
        if not say_when:
            return button
        return {**button, "label": f"{button['label']} {DASH} {visit_text(visit, self.today)}"}

    def opening_hours(self) -> list[dict]:
        """Every weekday in order: {"weekday", "hours": [("09:00", "18:00"), ...]} (empty: closed)."""
        return [
            {
                "weekday": weekday,
                "hours": [(f"{row.opens:%H:%M}", f"{row.closes:%H:%M}") for row in self.week.hours_on(weekday)],
            }
            for weekday in WEEK
        ]

    def closures(self) -> list[dict]:
        """The closures coming up in the next eight weeks: {"first", "last", "text", "reason"}."""
        horizon = self.today + timedelta(days=HORIZON_DAYS)
        # Which closures are listed changes only at a midnight.
        self._holds_until(next_midnight(self.now))
        shown = []
        for item in self.clinic.get("closures") or ():
            for closure in date_ranges([item]):
                if (closure.last is not None and closure.last < self.today) or closure.first > horizon:
                    continue
                first = day_name(closure.first, self.today)
                if closure.last is None:
                    text = f"from {first} until further notice"
                elif closure.last == closure.first:
                    text = first
                else:
                    text = f"{first} to {day_name(closure.last, self.today)}"
                shown.append({"first": closure.first, "last": closure.last, "text": text, "reason": item.get("reason")})
        return sorted(shown, key=lambda closure: closure["first"])


def local_now() -> datetime:
    """Now in the clinic's time zone, from the app's clock (tests give it a fixed one)."""
    zone = ZoneInfo(current_app.config["TIME_ZONE"])
    return datetime.fromtimestamp(current_app.extensions["clock"](), tz=zone)


def for_clinic(clinic: dict | None) -> ClinicDays:
    return ClinicDays(clinic, local_now())


def dated(response, days: ClinicDays):
    """The response, told when what it says changes (Expires), for the page cache and the edge."""
    if days.changes_at is not None:
        response.expires = days.changes_at
    return response
