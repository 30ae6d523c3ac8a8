"""The site's templates: every value arrives as an argument, labels come from the CMS, markup from macros.

Pages are rendered by the real Flask app from real API answers (Django's test client
over a clinic built per test with the factories), through the same render_page the views use.
"""

import datetime
import re
from html import unescape
from pathlib import Path

import pytest

from frontend.content.client import cms, page_answer
from frontend.views import articles
from frontend.views.pages import render_page
from shared.site_map import ARTICLE_INDEX
from tests.booking_links import untagged
from tests.conftest import make_site
from tests.factories import ArticlePageFactory, ServicePageFactory, TherapistPageFactory, call_to_action, paragraph
from tests.live_servers import free_port

TEMPLATES = Path(__file__).resolve().parents[2] / "frontend" / "templates"
MACROS = TEMPLATES / "macros" / "cards.html"


def booking_buttons(page: str) -> list[tuple[str, str, str]]:
    """(booking URL, source, label) of every booking button in the content (not the header's).
    Buttons link to the counting redirect; the booking URL is its destination, untagged."""
    return [
        (untagged(url), source, label.split(" \u2014 ")[0])  # without the day the site adds to it
        for source, url, label in re.findall(
            r'<a class="button[^"]*" href="/book/[^"]+" target="_blank" rel="noopener noreferrer external"\s+'
            r'data-booking-source="(\w+)" data-booking-place="\w+" data-booking-url="([^"]+)">([^<]+)<span class="visually-hidden">',
            page,
        )
    ]


@pytest.fixture
def offline_site():
    """The site with nowhere to reach a CMS: any request to one fails the test."""
    app = make_site(f"http://127.0.0.1:{free_port()}/api/v2")

    def no_network(endpoint, query):
        raise AssertionError(f"the page asked the CMS for {endpoint}?{query}")

    app.extensions["cms_client"].fetch = no_network
    return app


@pytest.fixture
def render(client, offline_site):
    """Render a template for a public path from the CMS's real answer for that path."""
    client.defaults["HTTP_HOST"] = "127.0.0.1"

    def render_path(path, template):
        response = client.get("/api/v2/pages/find/", {"html_path": path})
        assert response.status_code == 200, response.content[:300]
        with offline_site.test_request_context(path):
            return render_page(template, page_answer(response.json()))

    return render_path


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_a_service_named_with_an_acronym_keeps_it_in_headings_and_buttons(render, clinic):
    service = ServicePageFactory(
        parent=clinic.services, title="MOT for runners", slug="mot", booking_url="https://book.example.com/mot"
    )
    TherapistPageFactory(parent=clinic.therapists, services=[service])
    page = text(render("/services/mot/", "services/detail.html"))
    assert '<h2 id="therapists-heading">Who offers MOT for runners</h2>' in page
    assert booking_buttons(page)[0] == ("https://book.example.com/mot", "service", "Book MOT for runners")


def test_a_therapist_page_names_the_therapist_as_the_booking_rules_do(render, clinic):
    TherapistPageFactory(
        parent=clinic.therapists,
        title="Anna-Liisa Laakso",
        slug="anna-liisa",
        booking_url="https://book.example.com/al",
        services=[ServicePageFactory(parent=clinic.services)],
    )
    page = text(render("/therapists/anna-liisa/", "therapists/detail.html"))
    assert '<h2 id="about-heading">About Anna-Liisa</h2>' in page
    assert '<h2 id="services-heading">Services Anna-Liisa offers</h2>' in page
    assert booking_buttons(page)[0] == ("https://book.example.com/al", "therapist", "Book with Anna-Liisa")


def nav_booking(page: str) -> list[tuple[str, str]]:
    found = re.findall(
        r'<a class="button button--small site-header__book" href="/book/[^"]+"[^>]*data-booking-url="([^"]+)">([^<]+)<',
        page,
    )
    return [(untagged(url), label) for url, label in found]


def test_the_home_page_books_with_the_clinics_own_button(render, clinic):
    clinic.booking.cta_label = "Varaa aika"
    clinic.booking.save()
    page = text(render("/", "home.html"))
    assert nav_booking(page) == [("https://book.example.com/clinic", "Varaa aika")]
    assert booking_buttons(page)[0] == ("https://book.example.com/clinic", "default", "Varaa aika")


def test_without_a_clinic_booking_link_no_page_makes_up_a_button(render, clinic):
    clinic.booking.default_booking_url = ""
    clinic.booking.save()
    TherapistPageFactory(
        parent=clinic.therapists, title="Aino Testinen", slug="aino", booking_url="https://book.example.com/aino"
    )
    TherapistPageFactory(parent=clinic.therapists, title="Ville Esimerkki", booking_url="")
    page = text(render("/", "home.html"))
    assert nav_booking(page) == []
    # Only the therapist with a link of her own offers booking.
    assert booking_buttons(page) == [("https://book.example.com/aino", "therapist", "Book with Aino")]


def test_the_response_names_every_page_it_shows_in_surrogate_key(render, clinic):
    author = TherapistPageFactory(parent=clinic.therapists)
    service = ServicePageFactory(parent=clinic.services)
    older = ArticlePageFactory(parent=clinic.articles, publication_date=datetime.date(2026, 1, 1))
    article = ArticlePageFactory(
        parent=clinic.articles,
        slug="shown",
        author=author,
        publication_date=datetime.date(2026, 2, 1),
        body=[paragraph("<p>Text.</p>"), call_to_action(service=service)],
    )
    newer = ArticlePageFactory(parent=clinic.articles, publication_date=datetime.date(2026, 3, 1))
    response = render("/articles/shown/", "articles/detail.html")
    ids = sorted(page.id for page in (article, clinic.articles, author, older, newer, service))
    # Untagged: its related list is the newest articles, so the article list's key too.
    assert response.headers["Surrogate-Key"].split() == ["list:articles", *(f"page-{pk}" for pk in ids)]


def test_error_pages_need_no_cms_and_show_the_footer_without_contact_details(offline_site):
    # (Shorter unknown paths are first looked up as old addresses: tests/site/test_redirects.py.)
    response = offline_site.test_client().get("/not-a-section/" + "x" * 300)
    page = text(response)
    assert response.status_code == 404
    assert '<footer class="site-footer">' in page and "We can't find that page" in page
    assert "mailto:" not in page
    assert nav_booking(page) == []


def test_the_article_list_names_its_articles_and_their_authors(site):
    with site.test_request_context("/articles/"):
        # The view itself, without the page cache in front: what it hands the cache to store.
        response = articles.index.__wrapped__(page=None)
        index = cms().page("/articles/")
        listing = cms().articles(offset=0, limit=10)
    assert index.type == ARTICLE_INDEX
    expected = (
        {index.page["id"]}
        | {card["id"] for card in listing.items}
        | {card["author"]["id"] for card in listing.items if card["author"]}
    )
    assert response.headers["Surrogate-Key"].split() == ["list:articles", *(f"page-{pk}" for pk in sorted(expected))]


# -- what the templates may contain -------------------------------------------------------


def template_sources():
    return {path.relative_to(TEMPLATES).as_posix(): path.read_text() for path in TEMPLATES.rglob("*.html")}


def test_cards_buttons_and_pagination_are_written_once_in_the_macros():
    for name, source in template_sources().items():
        if name == "macros/cards.html":
            continue
        for markup in (
            'class="card',
            'rel="noopener',
            'class="author-card',
            'class="pagination',
            "data-booking-source",
        ):
            assert markup not in source, f"{name} writes {markup} itself; use macros/cards.html"


def test_no_template_makes_up_a_label_or_reads_data_from_the_side():
    for name, source in template_sources().items():
        for made_up in ("Book ", "|lower", ".split(", "[:1]", "clinic_contact", "cta_label", "default_booking_url"):
            assert made_up not in source, f"{name} computes {made_up!r}; the CMS sends labels (shared/booking.py)"


def test_no_template_has_inline_script_or_style():
    # The Content-Security-Policy allows neither (only scripts from a file: the analytics one).
    # JSON-LD blocks are data, never run (partials/head_meta.html writes them with |tojson).
    for name, source in template_sources().items():
        code = source.replace('<script type="application/ld+json">{{ block|tojson }}</script>', "")
        assert not re.search(r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=", code, re.IGNORECASE), name
