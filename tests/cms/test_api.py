"""The content API as the public site uses it, against a real test database.

Each test builds the pages it asks about on a fresh clinic tree (`clinic`, tests/factories.py).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Rendition
from wagtail.models import PageViewRestriction

from shared.site_map import API_LIMIT_MAX, ARTICLE, ARTICLE_CARD_FIELDS, ARTICLE_ORDER
from tests.factories import (
    ArticlePageFactory,
    ServicePageFactory,
    TherapistPageFactory,
    call_to_action,
    paragraph,
)

pytestmark = pytest.mark.django_db

AINO_BOOKING = "https://book.example.com/clinic/aino"
HOT_STONES_BOOKING = "https://book.example.com/clinic/hot-stones"
CLINIC_BOOKING = "https://book.example.com/clinic"  # BookingSettingsFactory's default


def find(api, path, status=200):
    return api("pages/find/", status=status, html_path=path)


def article(clinic, title, date, **fields):
    return ArticlePageFactory(parent=clinic.articles, title=title, publication_date=date, **fields)


@pytest.fixture
def aino(clinic):
    return TherapistPageFactory(
        parent=clinic.therapists,
        title="Aino Testinen",
        role="Sports massage therapist",
        booking_url=AINO_BOOKING,
        with_photo=True,
    )


def test_one_request_carries_everything_an_article_page_shows(api, clinic, aino):
    hot_stones = ServicePageFactory(parent=clinic.services, title="Hot stone massage", booking_url=HOT_STONES_BOOKING)
    older = article(clinic, "Warming up", datetime.date(2026, 3, 2))
    page = article(
        clinic,
        "Ankle care",
        datetime.date(2026, 4, 14),
        author=aino,
        with_hero=True,
        tags=["walking", "ankles"],
        body=[paragraph("<p>Circle each foot.</p>"), call_to_action(service=hot_stones)],
    )
    newer = article(clinic, "Sleeping well", datetime.date(2026, 5, 30))

    answer = find(api, "/articles/ankle-care/")
    assert answer["id"] == page.id
    assert answer["meta"]["type"] == ARTICLE
    assert answer["meta"]["html_url"] == "http://127.0.0.1:5000/articles/ankle-care/"
    assert answer["publication_date"] == "2026-04-14"
    assert answer["author"]["title"] == "Aino Testinen"
    assert answer["author"]["url"] == "/therapists/aino-testinen/"
    assert answer["author"]["role"] == "Sports massage therapist"
    assert answer["author"]["booking"]["url"] == AINO_BOOKING
    assert answer["author"]["photo"]["url"].startswith("http://127.0.0.1:8000/media/images/")
    assert answer["previous"] == {
        "id": older.id,
        "title": "Warming up",
        "slug": "warming-up",
        "publication_date": "2026-03-02",
        "url": "/articles/warming-up/",
    }
    assert (answer["next"]["id"], answer["next"]["url"]) == (newer.id, "/articles/sleeping-well/")
    assert answer["hero"]["width"] == 1200
    assert answer["hero"]["alt"] == page.hero_image.description  # no alt text of its own: the image's
    assert answer["booking"] == {
        "url": AINO_BOOKING,
        "label": "Book with Aino",
        "source": "therapist",
        "availability": {"working_days": aino.working_days, "absences": []},
    }
    assert answer["body"][0]["value"] == "<p>Circle each foot.</p>"
    assert answer["body"][1]["value"]["button"] == {
        "url": HOT_STONES_BOOKING,
        "label": "Book hot stone massage",
        "source": "service",
        "availability": None,
    }
    assert sorted(answer["tags"]) == ["ankles", "walking"]


def test_rich_text_arrives_as_final_html_with_public_links(api, clinic, aino):
    link = f'<p>Ask <a linktype="page" id="{aino.id}">Aino</a>.</p>'
    article(clinic, "Ask us", datetime.date(2026, 1, 5), body=[paragraph(link)])
    body = find(api, "/articles/ask-us/")["body"]
    assert body[0]["value"] == '<p>Ask <a href="/therapists/aino-testinen/">Aino</a>.</p>'


def test_oldest_and_newest_articles_have_one_neighbour(api, clinic):
    oldest = article(clinic, "Oldest", datetime.date(2026, 1, 1))
    newest = article(clinic, "Newest", datetime.date(2026, 2, 1))
    assert find(api, oldest.url)["previous"] is None
    assert find(api, oldest.url)["next"]["id"] == newest.id
    assert find(api, newest.url)["next"] is None


def test_neighbours_skip_drafts_unpublished_and_private_articles(api, clinic):
    first = article(clinic, "First", datetime.date(2026, 10, 6))
    article(clinic, "A draft in between", datetime.date(2026, 10, 20), publish=False)
    article(clinic, "Withdrawn", datetime.date(2026, 10, 21)).unpublish()
    private = article(clinic, "Members only", datetime.date(2026, 10, 22))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    last = article(clinic, "Last", datetime.date(2026, 10, 25))
    assert find(api, first.url)["next"]["id"] == last.id
    assert find(api, last.url)["previous"]["id"] == first.id


def test_same_day_articles_are_ordered_by_id_both_ways(api, clinic):
    earlier = article(clinic, "Same day zero", datetime.date(2026, 10, 6))
    first = article(clinic, "Same day one", datetime.date(2026, 10, 6))
    second = article(clinic, "Same day two", datetime.date(2026, 10, 6))
    article(clinic, "Later", datetime.date(2026, 10, 9))
    assert find(api, earlier.url)["next"]["id"] == first.id
    assert find(api, first.url)["previous"]["id"] == earlier.id
    assert find(api, first.url)["next"]["id"] == second.id
    # The list shows them in the same order, newest first.
    listing = api("pages/", type=ARTICLE, order=ARTICLE_ORDER, fields="_,title")
    assert [item["title"] for item in listing["items"]] == ["Later", "Same day two", "Same day one", "Same day zero"]


def test_drafts_unpublished_and_private_pages_never_appear(api, clinic, aino):
    offered_by_ville = ServicePageFactory(parent=clinic.services, title="Cupping")
    ville = TherapistPageFactory(parent=clinic.therapists, title="Ville Esimerkki", services=[offered_by_ville])
    by_ville = article(clinic, "By Ville", datetime.date(2026, 11, 1), author=ville)
    draft = article(clinic, "Draft only", datetime.date(2026, 11, 20), publish=False)
    private = article(clinic, "Private", datetime.date(2026, 11, 21))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    ville.unpublish()

    for page in (draft, private, ville):
        api(f"pages/{page.id}/", status=404)
        find(api, page.url, status=404)
    titles = [item["title"] for item in api("pages/", limit=API_LIMIT_MAX)["items"]]
    assert sorted(titles) == sorted(
        [clinic.home.title, "Articles", "Our therapists", "Services", "Aino Testinen", "Cupping", "By Ville"]
    )
    # Nor inside other pages' responses.
    assert find(api, by_ville.url)["author"] is None
    assert [t["title"] for t in find(api, "/therapists/")["therapists"]] == ["Aino Testinen"]
    assert find(api, offered_by_ville.url)["therapists"] == []
    home = find(api, "/")
    assert [t["title"] for t in home["therapists"]] == ["Aino Testinen"]
    assert [a["title"] for a in home["featured_articles"]] == ["By Ville"]


def test_article_listing_pages_through_cards(api, clinic, aino):
    for day, title in ((1, "Oldest"), (2, "Middle"), (3, "Newest")):
        article(clinic, title, datetime.date(2026, 6, day), author=aino, with_hero=True)
    fields = "_," + ",".join(ARTICLE_CARD_FIELDS)
    first = api("pages/", type=ARTICLE, order=ARTICLE_ORDER, fields=fields, limit=2, offset=0)
    second = api("pages/", type=ARTICLE, order=ARTICLE_ORDER, fields=fields, limit=2, offset=2)
    assert first["meta"]["total_count"] == 3
    assert [item["meta"]["slug"] for item in first["items"] + second["items"]] == ["newest", "middle", "oldest"]
    card = first["items"][0]
    assert card["summary"] == "About newest."
    assert card["card_image"]["width"] == 960  # the largest card width (cms/core/pictures.py CARD)
    assert card["author"]["title"] == "Aino Testinen"


def test_listing_limit_is_capped_deliberately(api, clinic):
    api("pages/", limit=API_LIMIT_MAX)
    api("pages/", status=400, limit=API_LIMIT_MAX + 1)


def test_malformed_queries_are_400_not_500(api, clinic):
    api("pages/", status=400, type="nope.Nope")
    api("pages/", status=400, order="nonsense")
    api("pages/", status=400, unknown="1")
    api("pages/find/", status=404, id="not-a-number")


@pytest.fixture
def booking_pages(clinic):
    """One page for each way a booking button finds its link."""
    ServicePageFactory(parent=clinic.services, title="Hot stone massage", booking_url=HOT_STONES_BOOKING)
    cupping = ServicePageFactory(parent=clinic.services, title="Cupping")
    ServicePageFactory(parent=clinic.services, title="Reflexology")
    TherapistPageFactory(parent=clinic.therapists, title="Aino Testinen", booking_url=AINO_BOOKING, services=[cupping])
    TherapistPageFactory(parent=clinic.therapists, title="Ville Esimerkki")


@pytest.mark.parametrize(
    "path, url, label, source",
    [
        ("/services/hot-stone-massage/", HOT_STONES_BOOKING, "Book hot stone massage", "service"),
        ("/services/cupping/", AINO_BOOKING, "Book with Aino", "therapist"),
        ("/services/reflexology/", CLINIC_BOOKING, "Book an appointment", "default"),
        ("/therapists/aino-testinen/", AINO_BOOKING, "Book with Aino", "therapist"),
        ("/therapists/ville-esimerkki/", CLINIC_BOOKING, "Book an appointment", "default"),
    ],
)
def test_booking_buttons_follow_service_then_therapist_then_clinic(api, booking_pages, path, url, label, source):
    button = find(api, path)["booking"]
    assert {key: button[key] for key in ("url", "label", "source")} == {"url": url, "label": label, "source": source}
    # A therapist's button carries when they work, for the site's "next in clinic ...".
    assert (button["availability"] is not None) == (source == "therapist")


def test_service_lists_the_therapists_who_offer_it(api, clinic):
    first = ServicePageFactory(
        parent=clinic.services, title="Hot stone massage", options=[{"duration_minutes": 45, "price": "55.00"}]
    )
    second = ServicePageFactory(parent=clinic.services, title="Cupping")
    TherapistPageFactory(
        parent=clinic.therapists,
        title="Aino Testinen",
        working_days=["thursday", "tuesday"],
        contact_email="aino@example.com",
        services=[second, first],
    )
    service = find(api, first.url)
    assert [t["title"] for t in service["therapists"]] == ["Aino Testinen"]
    assert [(o["label"], o["duration_minutes"], o["price"]) for o in service["options"]] == [("", 45, "55.00")]
    therapist = find(api, "/therapists/aino-testinen/")
    assert therapist["working_days"] == ["tuesday", "thursday"]  # kept in week order
    assert therapist["contact_email"] == "aino@example.com"
    assert [s["url"] for s in therapist["services"]] == ["/services/cupping/", "/services/hot-stone-massage/"]


def test_booking_settings_endpoint(api, clinic):
    assert api("booking-settings/") == {
        "default_booking_url": CLINIC_BOOKING,
        "cta_label": "Book an appointment",
        "contact_email": "desk@example.com",
        "utm_enabled": True,
        "utm_source": "clinic_website",
        "booking": {
            "url": CLINIC_BOOKING,
            "label": "Book an appointment",
            "source": "default",
            "availability": None,
        },
        "business": {
            "name": "Test Clinic Oy",
            "telephone": "+358 40 123 4567",
            "street_address": "Testikatu 1",
            "postal_code": "00100",
            "address_locality": "Helsinki",
            "address_country": "FI",
        },
        "opening_hours": [],
        "closures": [],
        "visit_intro": "",
    }


# What one article answer costs, whatever the number of articles: the site, the page (found by
# its path, then loaded with its author, pictures and the author's photo), its parent, the view
# restrictions, the clinic, the call-to-action's target and who books it, the neighbours (one
# query), the related cards (one) and every tag shown (one). Issue 20 asks for at most 12.
ARTICLE_QUERIES = 11
MOST_ARTICLE_QUERIES = 12


def answer_queries(api, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        find(api, path)
    return len(queries.captured_queries)


def test_article_answers_cost_the_same_few_queries_with_10_and_with_many_articles(api, clinic, aino):
    from devtools.generate_articles import generate

    hot_stones = ServicePageFactory(parent=clinic.services, title="Hot stone massage")
    TherapistPageFactory(
        parent=clinic.therapists, title="Stone Expert", services=[hot_stones], booking_url=AINO_BOOKING
    )
    page = article(
        clinic,
        "Measured",
        datetime.date(2026, 3, 1),
        author=aino,
        with_hero=True,
        tags=["feet", "sleep"],
        body=[paragraph("<p>Text.</p>"), call_to_action(service=hot_stones)],
    )
    for day in range(9):
        article(
            clinic,
            f"Filler {day}",
            datetime.date(2026, 2, 1) + datetime.timedelta(days=day * 5),
            author=aino,
            with_hero=True,
            tags=["feet"] if day % 2 else ["sleep", "feet"],
        )
    find(api, page.url)  # renditions are generated once, on the first request
    for made in Rendition.objects.select_related("image"):  # a process that has not cached them yet...
        Rendition.cache_backend.delete(
            Rendition.construct_cache_key(made.image, made.focal_point_key, made.filter_spec)
        )
    cold = answer_queries(api, page.url)
    few = answer_queries(api, page.url)
    assert cold == ARTICLE_QUERIES + 1 <= MOST_ARTICLE_QUERIES  # ...reads them all in one query
    generate(
        600, newest=datetime.date(2026, 6, 1), index_id=clinic.articles.pk
    )  # 200 days of three articles, on both sides of it
    answer = find(api, page.url)
    assert len(answer["related"]) == 3 and answer["previous"] and answer["next"]["slug"].startswith("generated-")
    many = answer_queries(api, page.url)
    assert (few, many) == (ARTICLE_QUERIES, ARTICLE_QUERIES) and ARTICLE_QUERIES <= MOST_ARTICLE_QUERIES
