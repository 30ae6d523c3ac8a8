""" "Next in clinic ...": worked out by the site at render time from the CMS's real answers (the
recorded API over tests/clinic_data.py), on a fixed clock; and cached copies that stop at midnight.

Aino works on Tuesdays and Thursdays and has her own booking link; Ville works on Fridays and books
through the clinic's page. The test clinic has no weekly schedule, so a day counts until midnight.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from cms.booking.models import BookingSettings
from cms.therapists.models import TherapistPage
from tests.clinic_data import AINO_BOOKING, CLINIC_BOOKING
from tests.conftest import make_site

HELSINKI = ZoneInfo("Europe/Helsinki")
DASH = "\u2014"


class FixedClock:
    """Wall-clock seconds that move only when a test moves them."""

    def __init__(self, local: datetime.datetime):
        self.now = local.timestamp()

    def __call__(self) -> float:
        return self.now

    def set(self, local: datetime.datetime) -> None:
        self.now = local.timestamp()


def helsinki(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HELSINKI)


MONDAY_MORNING = helsinki(2026, 12, 7, 10, 0)
TUESDAY_MIDNIGHT = helsinki(2026, 12, 8, 0, 0)


@pytest.fixture
def clock(monkeypatch):
    # The CMS leaves out days gone by: it must agree with the site about today.
    monkeypatch.setattr("cms.booking.schedule.today", lambda: MONDAY_MORNING.date())
    return FixedClock(MONDAY_MORNING)


@pytest.fixture
def client(clinic_api, clock):
    return make_site(clinic_api.api_url, CLOCK=clock).test_client()


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def buttons(soup: BeautifulSoup, place: str) -> list[str]:
    return [link.find(string=True, recursive=False).strip() for link in soup.select(f'a[data-booking-place="{place}"]')]


def card_lines(soup: BeautifulSoup) -> dict[str, str]:
    return {
        card.h2.get_text(strip=True): card.select_one(".when").get_text(strip=True)
        for card in soup.select(".card--person")
    }


def test_buttons_and_cards_say_when_the_therapist_is_next_in(client):
    article = page(client.get("/articles/ankle-care-for-walkers/"))
    assert buttons(article, "author_card") == [f"Book with Aino {DASH} next in clinic Tuesday 8 December"]
    therapists = page(client.get("/therapists/"))
    assert card_lines(therapists) == {
        "Aino Testinen": "Next in clinic Tuesday 8 December",
        "Ville Esimerkki": "Next in clinic Friday 11 December",
    }
    # The card says it already, so its button keeps the CMS's label; Ville's books the clinic.
    assert buttons(therapists, "therapist_card") == ["Book with Aino", "Book an appointment"]
    profile = page(client.get("/therapists/aino-testinen/"))
    assert buttons(profile, "therapist_page") == [f"Book with Aino {DASH} next in clinic Tuesday 8 December"]


def test_on_the_day_itself_it_says_today(client, clock):
    clock.set(helsinki(2026, 12, 8, 9, 0))
    article = page(client.get("/articles/ankle-care-for-walkers/"))
    assert buttons(article, "author_card") == [f"Book with Aino {DASH} in clinic today"]


def test_days_away_and_closures_move_the_next_day(client):
    aino = TherapistPage.objects.get(slug="aino-testinen")
    aino.absences = [("away", {"first_day": datetime.date(2026, 12, 8), "last_day": datetime.date(2026, 12, 9)})]
    aino.save()
    settings = BookingSettings.for_site(Site.objects.get(is_default_site=True))
    settings.closures = [("closure", {"first_day": datetime.date(2026, 12, 10), "last_day": None, "reason": ""})]
    settings.closures = [
        (
            "closure",
            {"first_day": datetime.date(2026, 12, 10), "last_day": datetime.date(2026, 12, 10), "reason": "Staff day"},
        )
    ]
    settings.save()
    assert card_lines(page(client.get("/therapists/"))) == {
        "Aino Testinen": "Next in clinic Tuesday 15 December",  # not Tuesday (away), not Thursday (closed)
        "Ville Esimerkki": "Next in clinic Friday 11 December",
    }


def test_no_day_in_eight_weeks_says_until_when_and_books_the_clinic(client):
    aino = TherapistPage.objects.get(slug="aino-testinen")
    aino.absences = [("away", {"first_day": datetime.date(2026, 12, 1), "last_day": datetime.date(2027, 2, 28)})]
    aino.save()
    profile = page(client.get("/therapists/aino-testinen/"))
    assert profile.select_one("dd.when").get_text(strip=True) == "Not taking bookings until Tuesday 2 March 2027"
    button = profile.select_one('a[data-booking-place="therapist_page"]')
    assert button["data-booking-url"].startswith(CLINIC_BOOKING) and not button["data-booking-url"].startswith(
        AINO_BOOKING
    )
    assert button.find(string=True, recursive=False).strip() == "Book an appointment"


def test_a_cached_page_stops_at_midnight(client, clock, clinic_api):
    """At 23:59 the copy is fresh for one more minute, and caches in front are told the same; at
    midnight no copy is served (not even a stale one): the page is rendered again, saying today."""
    clock.set(helsinki(2026, 12, 7, 23, 59, 0))
    first = client.get("/therapists/aino-testinen/")
    assert first.headers["X-Cache"] == "MISS"
    assert (
        first.headers["Cache-Control"] == "public, max-age=0, s-maxage=60, stale-while-revalidate=0, stale-if-error=0"
    )
    fetched = len(clinic_api.requests)

    clock.set(helsinki(2026, 12, 7, 23, 59, 30))
    again = client.get("/therapists/aino-testinen/")  # the fast path's copy
    assert again.headers["X-Cache"] == "HIT" and "s-maxage=30," in again.headers["Cache-Control"]
    assert f"{DASH} next in clinic Tuesday 8 December" in again.get_data(as_text=True)
    assert len(clinic_api.requests) == fetched

    clock.set(TUESDAY_MIDNIGHT)
    after = client.get("/therapists/aino-testinen/")
    assert after.headers["X-Cache"] == "MISS" and len(clinic_api.requests) == fetched + 1
    assert buttons(page(after), "therapist_page") == [f"Book with Aino {DASH} in clinic today"]
    # Until the next midnight (no weekly schedule in this clinic): the usual lifetimes again.
    assert after.headers["Cache-Control"].startswith("public, max-age=0, s-maxage=300, stale-while-revalidate=60,")


def test_a_closing_time_ends_today_and_the_copy(client, clock, clinic_api):
    settings = BookingSettings.for_site(Site.objects.get(is_default_site=True))
    settings.opening_hours = [
        ("hours", {"weekday": "tuesday", "opens": datetime.time(9), "closes": datetime.time(17)}),
        ("hours", {"weekday": "thursday", "opens": datetime.time(9), "closes": datetime.time(17)}),
    ]
    settings.save()
    clock.set(helsinki(2026, 12, 8, 16, 58))
    today = client.get("/therapists/aino-testinen/")
    assert buttons(page(today), "therapist_page") == [f"Book with Aino {DASH} in clinic today"]
    assert "s-maxage=120," in today.headers["Cache-Control"]  # until 17:00
    clock.set(helsinki(2026, 12, 8, 17, 0))
    later = client.get("/therapists/aino-testinen/")
    assert later.headers["X-Cache"] == "MISS"
    assert buttons(page(later), "therapist_page") == [f"Book with Aino {DASH} next in clinic Thursday 10 December"]


def test_another_worker_never_serves_the_shared_copy_past_midnight(clinic_api, clock, tmp_path):
    """The copy in the shared cache (files here, as on one machine) is no fallback after midnight either."""
    shared = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache")}
    clock.set(helsinki(2026, 12, 7, 23, 58))
    first = make_site(clinic_api.api_url, CLOCK=clock, **shared).test_client()
    assert first.get("/therapists/").headers["X-Cache"] == "MISS"
    second = make_site(clinic_api.api_url, CLOCK=clock, **shared).test_client()
    clock.set(helsinki(2026, 12, 7, 23, 59))
    assert second.get("/therapists/").headers["X-Cache"] == "HIT"  # the shared copy, still right
    clock.set(TUESDAY_MIDNIGHT)
    clinic_api.down = True  # not even stale-if-error: the 503 page rather than yesterday's day
    third = make_site(clinic_api.api_url, CLOCK=clock, **shared).test_client()
    assert third.get("/therapists/").status_code == 503
    clinic_api.down = False
    after = third.get("/therapists/")
    assert after.headers["X-Cache"] == "MISS"
    text = after.get_data(as_text=True)
    assert "In clinic today" in text and "Tuesday 8 December" not in text
