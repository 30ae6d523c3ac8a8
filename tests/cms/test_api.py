"""The content API as the public site uses it, against a real test database."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from cms.articles.models import ArticleIndexPage, ArticlePage
from cms.therapists.models import TherapistPage
from shared.contract import API_LIMIT_MAX, ARTICLE, ARTICLE_CARD_FIELDS, ARTICLE_ORDER

pytestmark = pytest.mark.django_db

FEET = "/articles/massage-for-the-feet/"


@pytest.fixture
def api(client):
    client.defaults["HTTP_HOST"] = "127.0.0.1"

    def get(path, status=200, **params):
        response = client.get(f"/api/v2/{path}", params)
        assert response.status_code == status, response.content[:300]
        return response.json()

    return get


def find(api, path, status=200):
    return api("pages/find/", status=status, html_path=path)


def add_article(title, date, live=True, **fields):
    index = ArticleIndexPage.objects.get()
    article = index.add_child(
        instance=ArticlePage(title=title, summary=f"About {title}.", publication_date=date, live=False, **fields)
    )
    if live:
        article.save_revision().publish()
        article.refresh_from_db()
    return article


def test_one_request_carries_everything_an_article_page_shows(api):
    article = find(api, FEET)
    assert article["meta"]["type"] == ARTICLE
    assert article["meta"]["html_url"] == "http://127.0.0.1:5000/articles/massage-for-the-feet/"
    assert article["publication_date"] == "2026-10-06"
    assert article["author"]["title"] == "Piia Laakso"
    assert article["author"]["url"] == "/therapists/piia-laakso/"
    assert article["author"]["role"] == "Remedial sports massage therapist"
    assert article["author"]["booking"]["url"] == "https://book.example.com/kestrel/piia-laakso"
    assert article["author"]["photo"]["url"].startswith("http://127.0.0.1:8000/media/images/")
    assert article["previous"] == {
        "id": ArticlePage.objects.get(slug="menopause-and-your-pelvic-floor").id,
        "title": "Menopause and your pelvic floor",
        "slug": "menopause-and-your-pelvic-floor",
        "publication_date": datetime.date(2026, 9, 8).isoformat(),
        "url": "/articles/menopause-and-your-pelvic-floor/",
    }
    assert article["next"]["title"] == "What is Bladder Pain Syndrome and how can I get help?"
    assert article["next"]["url"] == "/articles/what-is-bladder-pain-syndrome/"
    assert article["hero"]["width"] == 1200 and article["hero"]["alt"]
    assert article["booking"] == {
        "url": "https://book.example.com/kestrel/piia-laakso",
        "label": "Book with Piia",
        "source": "therapist",
    }
    paragraph = next(block for block in article["body"] if block["type"] == "paragraph")
    assert paragraph["value"].startswith("<p>")
    cta = next(block for block in article["body"] if block["type"] == "call_to_action")
    assert cta["value"]["button"]["label"] == "Book deep tissue / remedial sports massage"
    assert cta["value"]["button"]["source"] == "service"
    assert set(article["tags"]) >= {"feet", "running"}


def test_rich_text_arrives_as_final_html_with_public_links(api):
    article = ArticlePage.objects.get(slug="massage-for-the-feet")
    piia = TherapistPage.objects.get(slug="piia-laakso")
    article.body = [("paragraph", RichText(f'<p>Ask <a linktype="page" id="{piia.id}">Piia</a>.</p>'))]
    article.save_revision().publish()
    body = find(api, FEET)["body"]
    assert body[0]["value"] == '<p>Ask <a href="/therapists/piia-laakso/">Piia</a>.</p>'


def test_oldest_and_newest_articles_have_one_neighbour(api):
    assert find(api, "/articles/menopause-and-your-pelvic-floor/")["previous"] is None
    assert find(api, "/articles/what-is-bladder-pain-syndrome/")["next"] is None


def test_neighbours_skip_drafts_unpublished_and_private_articles(api):
    add_article("A draft in between", datetime.date(2026, 10, 20), live=False)
    withdrawn = add_article("Withdrawn", datetime.date(2026, 10, 21))
    withdrawn.unpublish()
    private = add_article("Members only", datetime.date(2026, 10, 22))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    assert find(api, FEET)["next"]["slug"] == "what-is-bladder-pain-syndrome"


def test_same_day_articles_are_ordered_by_id_both_ways(api):
    first = add_article("Same day one", datetime.date(2026, 10, 6))
    second = add_article("Same day two", datetime.date(2026, 10, 6))
    assert find(api, FEET)["next"]["id"] == first.id
    assert find(api, f"/articles/{first.slug}/")["previous"]["slug"] == "massage-for-the-feet"
    assert find(api, f"/articles/{first.slug}/")["next"]["id"] == second.id
    # The list shows them in the same order, newest first.
    listing = api("pages/", type=ARTICLE, order=ARTICLE_ORDER, fields="_,title")
    assert [item["title"] for item in listing["items"]][:4] == [
        "What is Bladder Pain Syndrome and how can I get help?",
        "Same day two",
        "Same day one",
        "Massage for the feet",
    ]


def test_drafts_unpublished_and_private_pages_never_appear(api):
    draft = add_article("Draft only", datetime.date(2026, 11, 20), live=False)
    private = add_article("Private", datetime.date(2026, 11, 21))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    maija = TherapistPage.objects.get(slug="maija-virtanen")
    maija.unpublish()

    for page in (draft, private, maija):
        api(f"pages/{page.id}/", status=404)
        find(api, page.url, status=404)
    titles = [item["title"] for item in api("pages/", limit=API_LIMIT_MAX)["items"]]
    assert "Draft only" not in titles and "Private" not in titles and "Maija Virtanen" not in titles
    # Nor inside other pages' responses.
    assert find(api, "/articles/menopause-and-your-pelvic-floor/")["author"] is None
    assert [t["title"] for t in find(api, "/therapists/")["therapists"]] == ["Piia Laakso"]
    assert find(api, "/services/pelvic-health-assessment/")["therapists"] == []
    home = find(api, "/")
    assert "Maija Virtanen" not in [t["title"] for t in home["therapists"]]
    assert "Draft only" not in [a["title"] for a in home["featured_articles"]]


def test_article_listing_pages_through_cards(api):
    fields = "_," + ",".join(ARTICLE_CARD_FIELDS)
    first = api("pages/", type=ARTICLE, order=ARTICLE_ORDER, fields=fields, limit=2, offset=0)
    second = api("pages/", type=ARTICLE, order=ARTICLE_ORDER, fields=fields, limit=2, offset=2)
    assert first["meta"]["total_count"] == 3
    assert [item["meta"]["slug"] for item in first["items"] + second["items"]] == [
        "what-is-bladder-pain-syndrome",
        "massage-for-the-feet",
        "menopause-and-your-pelvic-floor",
    ]
    card = first["items"][0]
    assert card["summary"] and card["card_image"]["width"] == 640 and card["author"]["title"] == "Maija Virtanen"


def test_listing_limit_is_capped_deliberately(api):
    api("pages/", limit=API_LIMIT_MAX)
    api("pages/", status=400, limit=API_LIMIT_MAX + 1)


def test_malformed_queries_are_400_not_500(api):
    api("pages/", status=400, type="nope.Nope")
    api("pages/", status=400, order="nonsense")
    api("pages/", status=400, unknown="1")
    api("pages/find/", status=404, id="not-a-number")


@pytest.mark.parametrize(
    "path, url, label, source",
    [
        ("/services/pregnancy-massage/", "https://book.example.com/kestrel/pregnancy-massage", "Book pregnancy massage", "service"),
        ("/services/holistic-massage/", "https://book.example.com/kestrel/piia-laakso", "Book holistic massage", "therapist"),
        ("/services/pelvic-health-assessment/", "https://book.example.com/kestrel", "Book pelvic health assessment", "default"),
        ("/therapists/piia-laakso/", "https://book.example.com/kestrel/piia-laakso", "Book with Piia", "therapist"),
        ("/therapists/maija-virtanen/", "https://book.example.com/kestrel", "Book with Maija", "default"),
    ],
)
def test_booking_buttons_follow_service_then_therapist_then_clinic(api, path, url, label, source):
    assert find(api, path)["booking"] == {"url": url, "label": label, "source": source}


def test_service_lists_the_therapists_who_offer_it(api):
    service = find(api, "/services/pregnancy-massage/")
    assert [t["title"] for t in service["therapists"]] == ["Piia Laakso"]
    assert service["options"][0]["price"] and service["options"][0]["duration_minutes"]
    therapist = find(api, "/therapists/piia-laakso/")
    assert therapist["working_days"] == ["tuesday"]
    assert therapist["contact_email"].endswith("@example.com")
    assert [s["url"] for s in therapist["services"]][0] == "/services/pregnancy-massage/"


def test_booking_settings_endpoint(api):
    assert api("booking-settings/") == {
        "default_booking_url": "https://book.example.com/kestrel",
        "cta_label": "Book an appointment",
        "contact_email": "hello@example.com",
        "booking": {"url": "https://book.example.com/kestrel", "label": "Book an appointment", "source": "default"},
    }


def test_article_requests_cost_the_same_queries_at_any_size(api):
    find(api, FEET)  # renditions are generated once, on the first request
    with CaptureQueriesContext(connection) as small:
        find(api, FEET)
    for day in range(40):
        add_article(f"Filler {day}", datetime.date(2025, 1, 1) + datetime.timedelta(days=day))
    with CaptureQueriesContext(connection) as large:
        find(api, FEET)
    assert len(large.captured_queries) == len(small.captured_queries) <= 25
