"""The clinic's details (address and map link, phone, email, opening hours, closures) in every page's
footer, on the Visit us page and in the JSON-LD, from the recorded API on a fixed clock; and on
error pages, with the CMS down, from the last copy seen."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from cms.booking.models import BookingSettings
from tests.clinic_data import CLINIC_EMAIL
from tests.conftest import make_site
from tests.site.test_next_day import MONDAY_MORNING, FixedClock

PAGES = (
    "/",
    "/articles/",
    "/articles/ankle-care-for-walkers/",
    "/articles/tag/walking/",
    "/therapists/",
    "/therapists/aino-testinen/",
    "/services/",
    "/services/reflexology/",
    "/search/?q=massage",
    "/visit/",
    "/no-such-page/",
)
HOURS = {"Monday": "09:00–17:00", "Tuesday": "09:00–12:00, 13:00–19:00", "Wednesday": "Closed"}
MAP_LINK = "https://www.openstreetmap.org/search?query=Testikatu+1%2C+00100+Helsinki"


@pytest.fixture
def week(clinic_api, monkeypatch):
    # The CMS leaves out days gone by: it must agree with the site's fixed clock about today.
    monkeypatch.setattr("cms.booking.schedule.today", lambda: MONDAY_MORNING.date())
    settings = BookingSettings.for_site(Site.objects.get(is_default_site=True))
    settings.opening_hours = [
        ("hours", {"weekday": "monday", "opens": datetime.time(9), "closes": datetime.time(17)}),
        ("hours", {"weekday": "tuesday", "opens": datetime.time(13), "closes": datetime.time(19)}),
        ("hours", {"weekday": "tuesday", "opens": datetime.time(9), "closes": datetime.time(12)}),
    ]
    settings.closures = [
        (
            "closure",
            {"first_day": datetime.date(2026, 12, 24), "last_day": datetime.date(2026, 12, 26), "reason": "Holidays"},
        ),
        (
            "closure",
            {"first_day": datetime.date(2026, 11, 2), "last_day": datetime.date(2026, 11, 2), "reason": "Over"},
        ),
        ("closure", {"first_day": datetime.date(2027, 6, 1), "last_day": None, "reason": "Too far"}),
    ]
    settings.visit_intro = '<p>Ring the bell by the <a href="https://example.com/door">blue door</a>.</p>'
    settings.save()
    return settings


@pytest.fixture
def client(clinic_api, week):
    return make_site(clinic_api.api_url, CLOCK=FixedClock(MONDAY_MORNING)).test_client()


def details(soup: BeautifulSoup, where: str = "footer") -> dict:
    part = soup.select_one(f"{where} .clinic-details")
    return {
        "tel": [a["href"] for a in part.select('a[href^="tel:"]')],
        "mailto": [a["href"] for a in part.select('a[href^="mailto:"]')],
        "map": [a["href"] for a in part.select('a[href^="https://www.openstreetmap.org/"]')],
        "address": part.select_one("address p").get_text(" ", strip=True),
        "hours": {
            day.dt.get_text(strip=True): " ".join(day.dd.get_text().split()) for day in part.select(".hours__day")
        },
        "closures": [item.get_text(" ", strip=True) for item in part.select(".closures li")],
    }


EXPECTED = {
    "tel": ["tel:+358401234567"],
    "mailto": [f"mailto:{CLINIC_EMAIL}"],
    "map": [MAP_LINK],
    "address": "Testikatu 1 00100 Helsinki",
    "closures": ["Thursday 24 December to Saturday 26 December (Holidays)"],
}


def test_every_page_type_has_the_details_in_its_footer(client):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == (404 if path == "/no-such-page/" else 200), path
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        where = "main" if path == "/visit/" else "footer"
        found = details(soup, where)
        assert {key: found[key] for key in EXPECTED} == EXPECTED, path
        assert {day: found["hours"][day] for day in HOURS} == HOURS, path
        assert found["hours"]["Sunday"] == "Closed"


def test_the_visit_page_has_the_editors_text_and_the_clinic_in_json_ld(client):
    soup = BeautifulSoup(client.get("/visit/").get_data(as_text=True), "html.parser")
    assert soup.h1.get_text() == "Visit us"
    assert soup.select_one('main a[href="https://example.com/door"]').get_text() == "blue door"
    assert not soup.select("footer .clinic-details")  # once on the page is enough
    (clinic,) = [json.loads(block.string) for block in soup.select('script[type="application/ld+json"]')]
    assert clinic["@type"] == "MedicalBusiness" and clinic["telephone"] == "+358 40 123 4567"


def opening_hours_json_ld(client, path: str) -> list[dict]:
    soup = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    blocks = [json.loads(block.string) for block in soup.select('script[type="application/ld+json"]')]
    return next(block for block in blocks if block.get("@type") == "MedicalBusiness")["openingHoursSpecification"]


@pytest.mark.parametrize("path", ["/", "/visit/"])
def test_json_ld_opening_hours_match_what_is_shown(client, path):
    spec = opening_hours_json_ld(client, path)
    weekly = {
        (item["dayOfWeek"].rsplit("/", 1)[1], item["opens"], item["closes"]) for item in spec if "dayOfWeek" in item
    }
    assert weekly == {("Monday", "09:00", "17:00"), ("Tuesday", "09:00", "12:00"), ("Tuesday", "13:00", "19:00")}
    closed = [item for item in spec if "validFrom" in item]
    assert closed == [
        {
            "@type": "OpeningHoursSpecification",
            "opens": "00:00",
            "closes": "00:00",
            "validFrom": "2026-12-24",
            "validThrough": "2026-12-26",
        }
    ]


def test_the_home_page_email_is_a_link(client):
    soup = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    assert soup.select_one(f'footer a[href="mailto:{CLINIC_EMAIL}"]').get_text() == CLINIC_EMAIL


def test_with_the_cms_down_error_pages_keep_the_last_details_seen(client, clinic_api):
    client.get("/")  # the site sees the clinic once
    clinic_api.down = True
    response = client.get("/articles/never-cached/")
    assert response.status_code == 503 and "Expires" not in response.headers  # no cache keeps the error
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert {key: value for key, value in details(soup).items() if key in EXPECTED} == EXPECTED
    assert soup.select_one('header a[data-booking-place="header"]')  # the booking button stays


def test_a_worker_that_never_saw_the_clinic_reads_it_from_the_shared_cache(clinic_api, week, tmp_path):
    shared = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache")}
    first = make_site(clinic_api.api_url, CLOCK=FixedClock(MONDAY_MORNING), **shared).test_client()
    first.get("/")
    clinic_api.down = True
    fresh = make_site(clinic_api.api_url, CLOCK=FixedClock(MONDAY_MORNING), **shared).test_client()
    soup = BeautifulSoup(fresh.get("/services/").get_data(as_text=True), "html.parser")
    assert details(soup)["tel"] == EXPECTED["tel"]


def test_with_nothing_seen_error_pages_still_render(clinic_api):
    clinic_api.down = True
    client = make_site(clinic_api.api_url, CLOCK=FixedClock(MONDAY_MORNING)).test_client()
    response = client.get("/services/")
    assert response.status_code == 503
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.h1.get_text() and not soup.select(".clinic-details a")
