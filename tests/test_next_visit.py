"""shared/availability.py: when a therapist is next in the clinic (pure date logic, no servers)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared.availability import (
    ClinicWeek,
    DateRange,
    NextVisit,
    clinic_week,
    date_ranges,
    next_midnight,
    next_visit,
    visit_text,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
WEEKDAY_HOURS = {
    "opening_hours": [
        {"weekday": day, "opens": "09:00", "closes": "18:00"}
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
    ]
}


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=HELSINKI)


MONDAY = date(2026, 12, 7)
TUESDAY = MONDAY + timedelta(days=1)


def test_the_next_working_day_with_its_text():
    visit = next_visit(["tuesday"], [], clinic_week(WEEKDAY_HOURS), at(MONDAY))
    assert visit == NextVisit(TUESDAY, None, at(TUESDAY, 0))
    assert visit_text(visit, MONDAY) == "next in clinic Tuesday 8 December"


def test_today_counts_until_the_clinic_closes():
    week = clinic_week(WEEKDAY_HOURS)
    morning = next_visit(["tuesday"], [], week, at(TUESDAY, 9, 30))
    assert morning == NextVisit(TUESDAY, None, at(TUESDAY, 18))  # changes at closing time
    assert visit_text(morning, TUESDAY) == "in clinic today"
    evening = next_visit(["tuesday"], [], week, at(TUESDAY, 18))
    assert evening.day == TUESDAY + timedelta(days=7) and evening.changes_at == at(TUESDAY + timedelta(days=1), 0)


def test_without_a_schedule_today_counts_all_day_and_any_weekday_does():
    late = next_visit(["tuesday"], [], ClinicWeek(), at(TUESDAY, 23, 59))
    assert late == NextVisit(TUESDAY, None, at(TUESDAY + timedelta(days=1), 0))
    assert next_visit(["sunday"], [], ClinicWeek(), at(MONDAY)).day == date(2026, 12, 13)


def test_a_weekday_the_clinic_is_closed_does_not_count():
    assert next_visit(["saturday", "monday"], [], clinic_week(WEEKDAY_HOURS), at(TUESDAY)).day == date(2026, 12, 14)


def test_clinic_closures_and_absences_are_skipped():
    clinic = {
        **WEEKDAY_HOURS,
        "closures": [{"first_day": "2026-12-08", "last_day": "2026-12-08", "reason": "Training day"}],
    }
    absences = date_ranges([{"first_day": "2026-12-14", "last_day": "2026-12-16"}])
    visit = next_visit(["tuesday"], absences, clinic_week(clinic), at(MONDAY))
    assert visit.day == date(2026, 12, 22)  # not the 8th (closed), not the 15th (away)


def test_no_day_in_eight_weeks_names_the_first_day_back():
    absences = date_ranges([{"first_day": "2026-12-01", "last_day": "2027-03-01"}])
    visit = next_visit(["tuesday"], absences, clinic_week(WEEKDAY_HOURS), at(MONDAY))
    assert visit == NextVisit(None, date(2027, 3, 2), at(TUESDAY, 0))
    assert visit_text(visit, MONDAY) == "Not taking bookings until Tuesday 2 March 2027"


def test_the_eight_week_limit_is_inclusive():
    fifty_six_days = MONDAY + timedelta(days=56)
    absences = [DateRange(MONDAY, fifty_six_days - timedelta(days=1))]
    assert next_visit(["monday"], absences, ClinicWeek(), at(MONDAY)).day == fifty_six_days
    absences = [DateRange(MONDAY, fifty_six_days)]
    assert next_visit(["monday"], absences, ClinicWeek(), at(MONDAY)).later == fifty_six_days + timedelta(days=7)


def test_an_absence_until_further_notice_leaves_nothing_known():
    absences = date_ranges([{"first_day": "2026-12-01", "last_day": None}])
    visit = next_visit(["tuesday"], absences, ClinicWeek(), at(MONDAY))
    assert visit == NextVisit(None, None, at(TUESDAY, 0)) and visit_text(visit, MONDAY) == ""


def test_no_working_days_is_no_answer():
    assert next_visit([], [], ClinicWeek(), at(MONDAY)) is None
    assert next_visit(["someday"], [], ClinicWeek(), at(MONDAY)) is None


def test_the_day_is_the_clinics_local_day_at_the_edge_of_midnight():
    # 23:59:59 on Monday in Helsinki is 21:59:59 UTC; one second later it is Tuesday there.
    before = datetime(2026, 12, 7, 21, 59, 59, tzinfo=ZoneInfo("UTC")).astimezone(HELSINKI)
    after = before + timedelta(seconds=1)
    assert visit_text(next_visit(["tuesday"], [], ClinicWeek(), before), before.date()).endswith("Tuesday 8 December")
    assert visit_text(next_visit(["tuesday"], [], ClinicWeek(), after), after.date()) == "in clinic today"
    assert next_visit(["tuesday"], [], ClinicWeek(), before).changes_at.timestamp() == after.timestamp()


def test_midnights_in_daylight_saving_weeks_are_23_and_25_hours_apart():
    spring = at(date(2026, 3, 28), 12)  # clocks go forward at 03:00 on Sunday 29 March
    autumn = at(date(2026, 10, 24), 12)  # and back at 04:00 on Sunday 25 October
    sunday_spring = next_midnight(spring)
    assert (next_midnight(sunday_spring).timestamp() - sunday_spring.timestamp()) / 3600 == 23
    sunday_autumn = next_midnight(autumn)
    assert (next_midnight(sunday_autumn).timestamp() - sunday_autumn.timestamp()) / 3600 == 25
    # A Monday therapist seen during the short Sunday: next Monday, changing at Monday's midnight.
    visit = next_visit(["monday"], [], ClinicWeek(), at(date(2026, 3, 29), 12))
    assert visit.day == date(2026, 3, 30) and visit.changes_at.utcoffset() == timedelta(hours=3)


def test_bad_values_from_the_api_are_left_out():
    week = clinic_week(
        {
            "opening_hours": [
                {"weekday": "monday", "opens": "18:00", "closes": "09:00"},
                {"weekday": "moonday", "opens": "09:00", "closes": "18:00"},
                {"weekday": "tuesday", "opens": "nine", "closes": "18:00"},
            ],
            "closures": [{"first_day": "not a day"}, "junk"],
        }
    )
    assert week == ClinicWeek()
