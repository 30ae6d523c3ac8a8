"""When a therapist is next in the clinic, and the clinic's week: date logic both sides share.

Inputs are the API's plain values (shared.api_types: `working_days`, `absences`, the clinic's
`opening_hours` and `closures`); the caller passes the local time now (an aware datetime in the
clinic's TIME_ZONE). A day counts when the therapist works that weekday, the clinic is open that
weekday (when it has a weekly schedule at all), and no clinic closure or absence covers it. Today
counts only before the clinic's last closing time today (all day when it has no schedule).

Every answer says when it may change (`changes_at`): the next local midnight, or today's closing
time when the answer is "today". Pages showing it must not be served past that moment.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")  # date.weekday()
HORIZON_DAYS = 56  # "next in clinic" looks eight weeks ahead
LOOK_FURTHER_DAYS = 2 * 366  # beyond that, "not taking bookings until ..." looks this far


@dataclass(frozen=True)
class DateRange:
    first: date
    last: date | None  # None: until further notice

    def covers(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


@dataclass(frozen=True)
class OpeningHours:
    weekday: str
    opens: time
    closes: time


@dataclass(frozen=True)
class ClinicWeek:
    """The clinic's weekly schedule and dated closures."""

    hours: tuple[OpeningHours, ...] = ()
    closures: tuple[DateRange, ...] = ()

    def hours_on(self, weekday: str) -> list[OpeningHours]:
        return [row for row in self.hours if row.weekday == weekday]

    def is_open(self, day: date) -> bool:
        if any(closure.covers(day) for closure in self.closures):
            return False
        return not self.hours or bool(self.hours_on(WEEKDAYS[day.weekday()]))

    def closing_time(self, day: date) -> time | None:
        """The day's last closing time; None without a schedule (open all day) or when closed."""
        rows = self.hours_on(WEEKDAYS[day.weekday()])
        return max(row.closes for row in rows) if rows else None


@dataclass(frozen=True)
class NextVisit:
    day: date | None  # the next day in the clinic within HORIZON_DAYS
    later: date | None  # with none within: the first one after, if any is known
    changes_at: datetime  # the answer holds until this moment


def next_midnight(now: datetime) -> datetime:
    """The next local midnight, in now's time zone (23 or 25 hours away on DST days)."""
    return datetime.combine(now.date() + timedelta(days=1), time(0), tzinfo=now.tzinfo)


def next_visit(working_days, absences: list[DateRange], week: ClinicWeek, now: datetime) -> NextVisit | None:
    """The therapist's next day in the clinic; None when they have no working days at all."""
    days = {day for day in working_days or () if day in WEEKDAYS}
    if not days:
        return None
    today = now.date()
    midnight = next_midnight(now)

    def in_clinic(day: date) -> bool:
        return WEEKDAYS[day.weekday()] in days and week.is_open(day) and not any(a.covers(day) for a in absences)

    closes = week.closing_time(today)
    if in_clinic(today) and (closes is None or now.time() < closes):
        changes = datetime.combine(today, closes, tzinfo=now.tzinfo) if closes else midnight
        return NextVisit(today, None, min(changes, midnight))
    for offset in range(1, LOOK_FURTHER_DAYS + 1):
        day = today + timedelta(days=offset)
        if in_clinic(day):
            within = offset <= HORIZON_DAYS
            return NextVisit(day if within else None, None if within else day, midnight)
    return NextVisit(None, None, midnight)


def day_name(day: date, today: date) -> str:
    """ "Tuesday 8 December"; the year too when it is not this year's."""
    text = f"{day:%A} {day.day} {day:%B}"
    return text if day.year == today.year else f"{text} {day.year}"


def visit_text(visit: NextVisit, today: date) -> str:
    """ "next in clinic today" / "next in clinic Tuesday 8 December" / "Not taking bookings until ..." / ''."""
    if visit.day == today:
        return "in clinic today"
    if visit.day is not None:
        return f"next in clinic {day_name(visit.day, today)}"
    if visit.later is not None:
        return f"Not taking bookings until {day_name(visit.later, today)}"
    return ""


# -- the API's values -> the above (lenient: an entry that does not parse is left out) -----------


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def date_ranges(items) -> list[DateRange]:
    """[{"first_day": "2026-12-24", "last_day": "2026-12-26" | None}, ...] -> DateRanges."""
    ranges = []
    for item in items or ():
        first = _day(item.get("first_day")) if isinstance(item, dict) else None
        if first is not None:
            ranges.append(DateRange(first, _day(item.get("last_day"))))
    return ranges


def clinic_week(clinic: dict | None) -> ClinicWeek:
    """The clinic's `opening_hours` and `closures` (shared.api_types.Clinic) as a ClinicWeek."""
    clinic = clinic or {}
    hours = []
    for row in clinic.get("opening_hours") or ():
        try:
            opens, closes = time.fromisoformat(row["opens"]), time.fromisoformat(row["closes"])
        except (KeyError, TypeError, ValueError):
            continue
        if row.get("weekday") in WEEKDAYS and opens < closes:
            hours.append(OpeningHours(row["weekday"], opens, closes))
    return ClinicWeek(tuple(hours), tuple(date_ranges(clinic.get("closures"))))
