"""The clinic's own admin listings (cms/editorial/listings.py), through the real admin views."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cms.admin_pages import soup, text
from tests.factories import ArticlePageFactory, ServicePageFactory, TherapistPageFactory

pytestmark = pytest.mark.django_db


def listed_titles(response) -> list[str]:
    return [text(link) for link in soup(response).select("tbody td.title .title-wrapper a")]


def rows(response) -> dict[str, str]:
    """Title -> the row's text, for every listed page."""
    return {text(row.select_one("td.title .title-wrapper a")): text(row) for row in soup(response).select("tbody tr")}


@pytest.fixture
def writers(clinic):
    piia = TherapistPageFactory(parent=clinic.therapists, title="Piia Listaaja")
    maija = TherapistPageFactory(parent=clinic.therapists, title="Maija Listaaja")
    day = datetime.date(2031, 5, 1)
    articles = {
        "Knee care": ArticlePageFactory(
            parent=clinic.articles, title="Knee care", author=piia, publication_date=day, tags=["listing-knees"]
        ),
        "Pelvic floor basics": ArticlePageFactory(
            parent=clinic.articles,
            title="Pelvic floor basics",
            author=maija,
            publication_date=day + datetime.timedelta(days=20),
            tags=["listing-pelvis"],
        ),
        "Running form": ArticlePageFactory(
            parent=clinic.articles,
            title="Running form",
            author=piia,
            publication_date=day + datetime.timedelta(days=10),
            tags=["listing-knees", "listing-running"],
        ),
    }
    return piia, maija, articles


def test_the_sidebar_has_an_entry_for_each_listing(admin_client, clinic):
    page = soup(admin_client.get("/admin/"))
    sidebar = json.dumps(json.loads(page.select_one("#wagtail-sidebar-props").string))
    for label, url in (
        ("Articles", "/admin/articles/"),
        ("Therapists", "/admin/therapists/"),
        ("Services", "/admin/services/"),
    ):
        assert f'"label": "{label}"' in sidebar and f'"url": "{url}"' in sidebar


def test_articles_are_listed_newest_first_with_author_date_and_status(admin_client, writers):
    _piia, _maija, articles = writers
    draft = ArticlePageFactory(
        parent=writers[0].get_parent(),
        title="Unfinished thoughts",
        publication_date=datetime.date(2031, 4, 1),
        publish=False,
    )
    titles = listed_titles(admin_client.get("/admin/articles/"))
    assert titles[:3] == ["Pelvic floor basics", "Running form", "Knee care"]  # later than any demo article
    assert draft.title in titles and "Our therapists" not in titles  # drafts too; other page types never
    listed = rows(admin_client.get("/admin/articles/"))
    assert "Maija Listaaja" in listed["Pelvic floor basics"] and "21 May 2031" in listed["Pelvic floor basics"]
    assert "live" in listed["Knee care"] and "draft" in listed["Unfinished thoughts"]


def test_articles_sort_by_publication_date_either_way(admin_client, writers):
    query = "/admin/articles/?tag=listing-knees&tag=listing-pelvis"
    oldest_first = listed_titles(admin_client.get(f"{query}&ordering=publication_date"))
    assert oldest_first == ["Knee care", "Running form", "Pelvic floor basics"]
    newest_first = listed_titles(admin_client.get(f"{query}&ordering=-publication_date"))
    assert newest_first == ["Pelvic floor basics", "Running form", "Knee care"]


def test_articles_filter_by_author(admin_client, writers):
    piia, maija, _articles = writers
    assert listed_titles(admin_client.get(f"/admin/articles/?author={piia.id}")) == ["Running form", "Knee care"]
    assert listed_titles(admin_client.get(f"/admin/articles/?author={maija.id}")) == ["Pelvic floor basics"]
    # The filter offers the therapists who wrote something.
    labels = soup(admin_client.get("/admin/articles/")).select("label")
    offered = {text(label) for label in labels if "Listaaja" in text(label)}
    assert offered == {"Piia Listaaja", "Maija Listaaja"}


def test_articles_filter_by_tag(admin_client, writers):
    assert listed_titles(admin_client.get("/admin/articles/?tag=listing-running")) == ["Running form"]
    assert listed_titles(admin_client.get("/admin/articles/?tag=listing-knees")) == ["Running form", "Knee care"]
    assert listed_titles(admin_client.get(f"/admin/articles/?tag=listing-knees&author={writers[1].id}")) == []


@pytest.mark.parametrize(
    "query", ["author=abc", "author=99999999", "tag=no-such-tag", "ordering=bogus", "tag=%00", "p=999"]
)
def test_malformed_listing_queries_never_fail(admin_client, writers, query):
    response = admin_client.get(f"/admin/articles/?{query}")
    assert response.status_code in (200, 400, 404)  # a NUL byte is a 400, a page past the end a 404; never a 500


def test_the_article_listing_costs_the_same_queries_for_more_articles(admin_client, clinic, writers):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/admin/articles/").status_code == 200
        return len(captured.captured_queries)

    queries()  # the first request fills Django's in-process caches (content types)
    before = queries()
    for n in range(8):
        ArticlePageFactory(parent=clinic.articles, author=writers[0], tags=[f"bulk-{n}"])
    assert queries() == before


def test_therapists_and_services_are_listed_with_their_booking_links(admin_client, clinic):
    massage = ServicePageFactory(
        parent=clinic.services, title="Listing massage", booking_url="https://book.example.com/m"
    )
    cupping = ServicePageFactory(parent=clinic.services, title="Listing cupping")
    TherapistPageFactory(
        parent=clinic.therapists,
        title="Aino Listaaja",
        role="Physiotherapist",
        booking_url="https://book.example.com/aino",
        services=[massage, cupping],
    )
    TherapistPageFactory(parent=clinic.therapists, title="Ville Listaaja", publish=False)

    therapists = rows(admin_client.get("/admin/therapists/"))
    assert "Physiotherapist" in therapists["Aino Listaaja"] and "Own link" in therapists["Aino Listaaja"]
    assert "Falls back" in therapists["Ville Listaaja"] and "draft" in therapists["Ville Listaaja"]
    assert not any(title in therapists for title in ("Listing massage", "Our therapists"))
    titles = listed_titles(admin_client.get("/admin/therapists/"))
    assert titles == sorted(titles)  # by name

    services = rows(admin_client.get("/admin/services/"))
    assert "Own link" in services["Listing massage"] and "Falls back" in services["Listing cupping"]
    assert "Aino Listaaja" not in services
