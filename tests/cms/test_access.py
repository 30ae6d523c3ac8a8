"""Only public pages (live, with no view restriction on them or an ancestor) appear in API answers,
including inside other pages: author cards, booking buttons, lists and neighbours."""

import pytest
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import RichText

from cms.articles.models import ArticlePage
from cms.therapists.models import TherapistPage
from shared.site_map import ARTICLE

pytestmark = pytest.mark.django_db

FEET = "/articles/massage-for-the-feet/"
MENOPAUSE = "/articles/menopause-and-your-pelvic-floor/"
CLINIC_BUTTON = {
    "url": "https://book.example.com/kestrel",
    "label": "Book an appointment",
    "source": "default",
    "availability": None,
}


@pytest.fixture
def find(client):
    client.defaults["HTTP_HOST"] = "127.0.0.1"

    def get(path, **params):
        response = client.get("/api/v2/pages/find/", {"html_path": path, **params})
        assert response.status_code == 200, response.content[:300]
        return response.json()

    return get


@pytest.fixture
def listing(client):
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    return lambda **params: client.get("/api/v2/pages/", params).json()


def restrict(slug: str, kind: str) -> None:
    page = Page.objects.get(slug=slug)
    if kind == "password":
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="members")
    else:
        PageViewRestriction.objects.create(page=page, restriction_type="login")


def cta_button(article: dict) -> dict:
    return next(block for block in article["body"] if block["type"] == "call_to_action")["value"]["button"]


def test_a_login_restricted_author_leaves_no_trace(find, listing):
    restrict("piia-laakso", "login")
    article = find(FEET)
    assert article["author"] is None
    assert article["booking"] == CLINIC_BUTTON
    cards = listing(type=ARTICLE, fields="author", slug="massage-for-the-feet")["items"]
    assert cards[0]["author"] is None
    assert find("/services/holistic-massage/")["therapists"] == []
    # Without Piia's own link the service is booked through the clinic.
    assert find("/services/holistic-massage/")["booking"]["url"] == CLINIC_BUTTON["url"]
    assert [t["title"] for t in find("/therapists/")["therapists"]] == ["Maija Virtanen"]
    assert [t["title"] for t in find("/")["therapists"]] == ["Maija Virtanen"]


def test_a_password_protected_section_hides_its_therapists_inside_other_pages(find):
    restrict("therapists", "password")
    article = find(MENOPAUSE)
    assert article["author"] is None
    assert cta_button(article) == CLINIC_BUTTON  # the call to action chose Maija
    assert find("/services/pelvic-health-assessment/")["therapists"] == []
    assert find("/")["therapists"] == []


def test_a_restricted_service_falls_back_in_calls_to_action_and_leaves_therapist_pages(find):
    restrict("deep-tissue-remedial-sports-massage", "password")
    assert cta_button(find(FEET)) == CLINIC_BUTTON
    assert [s["url"] for s in find("/therapists/piia-laakso/")["services"]] == [
        "/services/pregnancy-massage/",
        "/services/holistic-massage/",
    ]
    assert "/services/deep-tissue-remedial-sports-massage/" not in [s["url"] for s in find("/services/")["services"]]
    assert "/services/deep-tissue-remedial-sports-massage/" not in [s["url"] for s in find("/")["services"]]


def test_a_login_restricted_article_is_nobody_s_neighbour_nor_featured(find):
    restrict("what-is-bladder-pain-syndrome", "login")
    assert find(FEET)["next"] is None
    assert [a["url"] for a in find("/")["featured_articles"]] == [FEET, MENOPAUSE]
    assert find("/articles/")["article_count"] == 2


def test_rich_text_links_to_pages_the_public_cannot_see_lose_their_address(find):
    article = ArticlePage.objects.get(slug="massage-for-the-feet")
    piia, maija = TherapistPage.objects.get(slug="piia-laakso"), TherapistPage.objects.get(slug="maija-virtanen")
    pregnancy = Page.objects.get(slug="pregnancy-massage")
    menopause = Page.objects.get(slug="menopause-and-your-pelvic-floor")
    links = [(piia, "Piia"), (maija, "Maija"), (pregnancy, "pregnancy massage"), (menopause, "menopause")]
    html = ", ".join(f'<a linktype="page" id="{page.id}">{text}</a>' for page, text in links)
    article.body = [("paragraph", RichText(f"<p>{html}</p>"))]
    article.save_revision().publish()
    restrict("piia-laakso", "login")
    maija.unpublish()
    restrict("services", "password")  # an ancestor of the pregnancy massage page
    assert find(FEET)["body"][0]["value"] == (
        "<p><a>Piia</a>, <a>Maija</a>, <a>pregnancy massage</a>, "
        '<a href="/articles/menopause-and-your-pelvic-floor/">menopause</a></p>'
    )
