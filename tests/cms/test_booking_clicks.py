"""Booking clicks in the CMS: collected from a real site app, stored as daily aggregates,
reported in the admin (Reports → Booking clicks, CSV/XLSX) and on each article's edit screen."""

import csv
import io
import uuid
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from openpyxl import load_workbook

from cms.booking_clicks.collect import CollectError, collect, store_batch
from cms.booking_clicks.models import BookingClickDay
from devtools.live_servers import ThreadedServer
from frontend.booking.links import make_token
from shared.booking_clicks import CLICKS_PATH
from tests.conftest import make_site
from tests.factories import ArticlePageFactory, ServicePageFactory, TherapistPageFactory
from tests.live_servers import free_port

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
BOOK = "https://book.example.com/clinic?utm_source=clinic_website&utm_medium=booking_button"
REPORT = "/admin/reports/booking-clicks/"


def batch(*clicks, batch_id=None) -> dict:
    return {
        "id": batch_id or uuid.uuid4().hex,
        "clicks": [dict(zip(("day", "page", "place", "destination", "count"), click, strict=True)) for click in clicks],
    }


def days_ago(days: int) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


@pytest.fixture
def pages(clinic):
    return {
        "ankles": ArticlePageFactory(parent=clinic.articles, title="Ankle care", slug="ankle-care"),
        "sleep": ArticlePageFactory(parent=clinic.articles, title="Sleeping well", slug="sleeping-well"),
        "aino": TherapistPageFactory(parent=clinic.therapists, title="Aino Testinen"),
        "stones": ServicePageFactory(parent=clinic.services, title="Hot stone massage"),
    }


# -- storing -----------------------------------------------------------------------------------------


def test_a_batch_adds_to_daily_aggregates_and_is_stored_once(pages):
    ankles = pages["ankles"].pk
    first = batch((days_ago(0), ankles, "cta_block", BOOK, 2), (days_ago(0), ankles, "header", BOOK, 1))
    assert store_batch(first) is True
    assert store_batch(first) is False  # handed over again: not counted twice
    assert store_batch(batch((days_ago(0), ankles, "cta_block", BOOK, 3))) is True
    rows = {(row.place, row.count) for row in BookingClickDay.objects.filter(page_id=ankles)}
    assert rows == {("cta_block", 5), ("header", 1)}


def test_malformed_clicks_and_unknown_pages_are_dropped(pages):
    ankles = pages["ankles"].pk
    store_batch(
        batch(
            (days_ago(0), ankles, "cta_block", BOOK, 1),
            (days_ago(0), 987654, "cta_block", BOOK, 1),  # no such page
            (days_ago(0), ankles, "sidebar", BOOK, 1),  # no such place
            (days_ago(0), ankles, "header", "javascript:alert(1)", 1),
            ("2026-13-45", ankles, "header", BOOK, 1),
            (days_ago(0), ankles, "header", BOOK, -4),
            (days_ago(0), str(ankles), "header", BOOK, 1),
        )
    )
    assert list(BookingClickDay.objects.values_list("place", "count")) == [("cta_block", 1)]
    with pytest.raises(CollectError):
        store_batch({"id": "../x", "clicks": []})


# -- collecting from a real site app -----------------------------------------------------------------


@pytest.fixture
def running_site():
    """The public site (its own process state, SimpleCache) served on a loopback port."""
    app = make_site(f"http://127.0.0.1:{free_port()}/api/v2", WEBHOOK_SECRET=settings.WEBHOOK_SECRET)
    server = ThreadedServer(app).start()
    yield app, server.url
    server.stop()


def test_the_cms_collects_the_sites_counts_and_acknowledges_them(pages, running_site):
    app, url = running_site
    client = app.test_client()
    href = f"/book/{make_token(settings.WEBHOOK_SECRET, pages['ankles'].pk, 'author_card', BOOK)}"
    for _ in range(3):
        assert client.get(href, headers={"User-Agent": BROWSER}).status_code == 302
    client.head(href, headers={"User-Agent": BROWSER})  # not counted

    assert collect(url=url + CLICKS_PATH) == 1
    row = BookingClickDay.objects.get()
    assert (row.page_id, row.place, row.destination, row.count, row.day) == (
        pages["ankles"].pk,
        "author_card",
        BOOK,
        3,
        timezone.localdate(),
    )
    assert app.extensions["click_store"].collect([]) == []  # acknowledged: dropped on the site
    assert collect(url=url + CLICKS_PATH) == 0


def test_collecting_from_a_site_with_another_secret_or_none_fails_clearly(running_site):
    _app, url = running_site
    with pytest.raises(CollectError, match="403"):
        collect(url=url + CLICKS_PATH, secret="not-the-sites-secret-0123456789abcdef")
    with pytest.raises(CollectError, match="unreachable"):
        collect(url=f"http://127.0.0.1:{free_port()}{CLICKS_PATH}", timeout=2)


# -- the report ----------------------------------------------------------------------------------------


@pytest.fixture
def clicks(pages):
    """Ankle care: 2 today (CTA) + 1 ten days ago (header) + 4 sixty days ago (author card);
    Aino: 5 today (therapist page); hot stones: 1 a hundred days ago (outside every window)."""
    store_batch(
        batch(
            (days_ago(0), pages["ankles"].pk, "cta_block", BOOK, 2),
            (days_ago(10), pages["ankles"].pk, "header", BOOK, 1),
            (days_ago(60), pages["ankles"].pk, "author_card", BOOK, 4),
            (days_ago(0), pages["aino"].pk, "therapist_page", BOOK, 5),
            (days_ago(100), pages["stones"].pk, "service_page", BOOK, 1),
        )
    )
    return pages


def report_rows(html: bytes) -> list[dict]:
    page = BeautifulSoup(html, "html.parser")
    rows = []
    for row in page.select("table.booking-clicks tbody tr"):
        rows.append(
            {
                "title": row.th.get_text(strip=True),
                **{days: int(row.select_one(f'td[data-window="{days}"]').get_text()) for days in ("7", "30", "90")},
                "chart": row.select_one("svg[role=img]") is not None,
                "places": [item.get_text(strip=True) for item in row.select(".booking-clicks__places li")],
            }
        )
    return rows


def test_the_report_lists_pages_by_clicks_over_7_30_and_90_days(admin_client, clicks):
    response = admin_client.get(REPORT)
    assert response.status_code == 200
    assert report_rows(response.content) == [
        {"title": "Aino Testinen", "7": 5, "30": 5, "90": 5, "chart": True, "places": ["Therapist page: 100% (5)"]},
        {
            "title": "Ankle care",
            "7": 2,
            "30": 3,
            "90": 7,
            "chart": True,
            "places": ["Author card: 57% (4)", "Call-to-action block: 29% (2)", "Header: 14% (1)"],
        },
    ]
    assert b"Hot stone massage" not in response.content  # no clicks within 90 days
    # The chart shows the last 30 days: Ankle care's two bars (today, ten days ago).
    chart = BeautifulSoup(response.content, "html.parser").select("table.booking-clicks tbody tr")[1].svg
    assert len(chart.find_all("rect")) == 2
    assert "3 in all" in chart["aria-label"]


def test_the_report_exports_the_same_figures_as_csv_and_xlsx(admin_client, clicks):
    response = admin_client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [
        ["Page", "Type", "Clicks, 7 days", "Clicks, 30 days", "Clicks, 90 days", "Button places (90 days)"],
        ["Aino Testinen", "Therapist", "5", "5", "5", "Therapist page 100%"],
        ["Ankle care", "Article", "2", "3", "7", "Author card 57%, Call-to-action block 29%, Header 14%"],
    ]
    response = admin_client.get(REPORT, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:5] == ["Aino Testinen", "Therapist", 5, 5, 5]
    assert values[2][:5] == ["Ankle care", "Article", 2, 3, 7]


def test_an_article_edit_screen_shows_its_own_figures(admin_client, clicks):
    response = admin_client.get(f"/admin/pages/{clicks['ankles'].pk}/edit/")
    assert response.status_code == 200
    panel = BeautifulSoup(response.content, "html.parser").select_one("[data-booking-clicks]")
    figures = {cell["data-window"]: int(cell.get_text()) for cell in panel.select("strong[data-window]")}
    assert figures == {"7": 2, "30": 3, "90": 7}
    other = BeautifulSoup(admin_client.get(f"/admin/pages/{clicks['sleep'].pk}/edit/").content, "html.parser")
    assert {cell.get_text() for cell in other.select("[data-booking-clicks] strong")} == {"0"}


def test_the_figures_are_for_admins_only(client, clicks):
    editor = get_user_model().objects.create_user("ed", "ed@example.com", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    edit = client.get(f"/admin/pages/{clicks['ankles'].pk}/edit/")
    assert edit.status_code == 200  # an editor edits the article...
    assert b"data-booking-clicks" not in edit.content  # ...without its figures
    assert b"booking-clicks" not in client.get("/admin/").content  # no menu entry
    response = client.get(REPORT)
    assert response.status_code in (302, 403)
    assert b"Ankle care" not in response.content
    assert client.get(REPORT, {"export": "csv"}).status_code in (302, 403)


# -- the settings -----------------------------------------------------------------------------------------


def test_the_booking_settings_carry_the_campaign_tags(admin_client, clinic):
    answer = admin_client.get("/api/v2/booking-settings/").json()
    assert (answer["utm_enabled"], answer["utm_source"]) == (True, "clinic_website")
    clinic.booking.utm_enabled, clinic.booking.utm_source = False, "kestrel.fi"
    clinic.booking.save()
    answer = admin_client.get("/api/v2/booking-settings/").json()
    assert (answer["utm_enabled"], answer["utm_source"]) == (False, "kestrel.fi")


def test_the_settings_form_refuses_a_source_name_with_odd_characters(admin_client, clinic):
    from django.core.exceptions import ValidationError

    clinic.booking.utm_source = "our site & more"
    with pytest.raises(ValidationError):
        clinic.booking.full_clean()


# -- the scheduler ------------------------------------------------------------------------------------------


def test_each_scheduler_run_collects_and_a_missing_site_only_logs(pages, running_site, settings, caplog):
    from cms.core.management.commands.run_scheduler import run_once

    app, url = running_site
    href = f"/book/{make_token(settings.WEBHOOK_SECRET, pages['stones'].pk, 'service_page', BOOK)}"
    app.test_client().get(href, headers={"User-Agent": BROWSER})
    settings.SITE_CLICKS_URL = url + CLICKS_PATH
    run_once()
    assert BookingClickDay.objects.get().count == 1

    settings.SITE_CLICKS_URL = f"http://127.0.0.1:{free_port()}{CLICKS_PATH}"
    run_once()  # no exception: the counts wait on the site for the next run
    assert "Collecting booking clicks failed" in caplog.text
