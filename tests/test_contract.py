"""The contract between the CMS and the site: real API answers validated against shared/api_types/.

The CMS side asks the real API (Django's test client, the demo clinic in the test database)
for every page type, the article listing the site's client asks for and the clinic's
settings. The site side asks a live Wagtail through the site's own CMS client. Every
type is closed (unknown keys fail) and complete (missing keys fail); pydantic validates.
"""

import datetime

import pytest
from pydantic import TypeAdapter, ValidationError
from wagtail.rich_text import RichText

from shared import api_types
from shared.site_map import ARTICLE_CARD_FIELDS, ARTICLES_PER_PAGE, HOME, page_path

PAGES = {
    "/": "home.HomePage",
    "/articles/": "articles.ArticleIndexPage",
    "/articles/massage-for-the-feet/": "articles.ArticlePage",
    "/therapists/": "therapists.TherapistIndexPage",
    "/therapists/piia-laakso/": "therapists.TherapistPage",
    "/services/": "services.ServiceIndexPage",
    "/services/pregnancy-massage/": "services.ServicePage",
}


def validate(shape, answer):
    return TypeAdapter(shape).validate_python(answer)


# -- the CMS's answers ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path, page_type", PAGES.items())
def test_every_page_answer_has_its_declared_shape(find_page, path, page_type):
    answer = find_page(path)
    assert answer["meta"]["type"] == page_type
    validate(api_types.PAGE_ANSWERS[page_type], answer)


def test_every_page_type_has_a_declared_shape():
    from shared.site_map import SECTIONS

    page_types = {HOME} | {page_type for pair in SECTIONS.values() for page_type in pair}
    assert set(api_types.PAGE_ANSWERS) == page_types == set(PAGES.values())


@pytest.mark.django_db
def test_clinic_settings_have_their_declared_shape(api):
    validate(api_types.ClinicSettings, api("booking-settings/"))


@pytest.mark.django_db
@pytest.mark.parametrize("oldest_first", [False, True])
def test_the_article_listing_the_site_asks_for_has_its_declared_shape(api, oldest_first):
    from frontend.content.client import article_listing_query

    listing = api("pages/", **article_listing_query(0, ARTICLES_PER_PAGE, oldest_first=oldest_first))
    validate(api_types.ArticleListing, listing)
    assert listing["meta"]["total_count"] == 3


def test_the_listing_fields_are_the_listed_article_type():
    # `meta` carries the slug the site asks for; the others are top-level keys.
    assert set(ARTICLE_CARD_FIELDS) == (set(api_types.ListedArticle.__annotations__) - {"meta"}) | {"slug"}


@pytest.mark.django_db
def test_every_kind_of_article_body_block_has_its_declared_shape(find_page):
    from wagtail.images.models import Image

    from cms.articles.models import ArticleIndexPage, ArticlePage
    from cms.services.models import ServicePage
    from cms.therapists.models import TherapistPage

    withdrawn = ServicePage.objects.get(slug="holistic-massage")
    withdrawn.unpublish()
    article = ArticlePage(
        title="Every block",
        slug="every-block",
        summary="All the block types.",
        publication_date=datetime.date(2026, 11, 10),
        body=[
            ("paragraph", RichText("<p>Text.</p>")),
            ("heading", "A heading"),
            ("image", {"image": Image.objects.first(), "alt": "", "caption": "A caption"}),
            ("quote", {"quote": "Said.", "attribution": "Someone"}),
            (
                "call_to_action",
                {
                    "heading": "",
                    "text": "",
                    "service": None,
                    "url": "",
                    "therapist": TherapistPage.objects.get(slug="piia-laakso"),
                    "label": "",
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Ring us",
                    "text": "",
                    "service": None,
                    "therapist": None,
                    "url": "https://book.example.com/other",
                    "label": "Book elsewhere",
                },
            ),
            (
                "call_to_action",
                {"heading": "", "text": "", "service": withdrawn, "therapist": None, "url": "", "label": ""},
            ),
        ],
    )
    ArticleIndexPage.objects.get().add_child(instance=article)
    article.save_revision().publish()
    answer = validate(api_types.ArticleDetail, find_page("/articles/every-block/"))
    assert [block["type"] for block in answer["body"]] == [
        "paragraph",
        "heading",
        "image",
        "quote",
        "call_to_action",
        "call_to_action",
        "call_to_action",
    ]
    assert [block["value"]["button"]["source"] for block in answer["body"][4:]] == ["therapist", "link", "default"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "shape, path, change",
    [
        (api_types.ArticleDetail, "/articles/massage-for-the-feet/", lambda a: a.update(subtitle="new")),
        (api_types.ArticleDetail, "/articles/massage-for-the-feet/", lambda a: a.pop("next")),
        (api_types.ArticleDetail, "/articles/massage-for-the-feet/", lambda a: a["author"].update(id="10")),
        (api_types.HomePage, "/", lambda a: a["services"][0]["options"][0].update(currency="EUR")),
        (api_types.ServiceDetail, "/services/pregnancy-massage/", lambda a: a["booking"].update(source="elsewhere")),
        (api_types.TherapistDetail, "/therapists/piia-laakso/", lambda a: a["meta"].pop("shown_page_ids")),
    ],
    ids=["unknown key", "missing key", "wrong type", "unknown nested key", "unknown button source", "no shown ids"],
)
def test_answers_that_break_the_contract_fail_validation(find_page, shape, path, change):
    answer = find_page(path)
    validate(shape, answer)
    change(answer)
    with pytest.raises(ValidationError):
        validate(shape, answer)


# -- the pages each answer names (the site's Surrogate-Key) -----------------------------------


def ids_of(*slugs):
    from wagtail.models import Page

    return sorted(Page.objects.filter(slug__in=slugs).values_list("id", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, shown",
    [
        # The article, its section, author, previous and next, the service its call to action books,
        # and its related articles (here its neighbours) with their authors.
        (
            "/articles/massage-for-the-feet/",
            (
                "massage-for-the-feet",
                "articles",
                "piia-laakso",
                "menopause-and-your-pelvic-floor",
                "what-is-bladder-pain-syndrome",
                "deep-tissue-remedial-sports-massage",
                "maija-virtanen",
            ),
        ),
        ("/services/pregnancy-massage/", ("pregnancy-massage", "services", "piia-laakso")),
        # ... and the articles she wrote.
        (
            "/therapists/piia-laakso/",
            (
                "piia-laakso",
                "therapists",
                "pregnancy-massage",
                "holistic-massage",
                "deep-tissue-remedial-sports-massage",
                "massage-for-the-feet",
            ),
        ),
        ("/therapists/", ("therapists", "piia-laakso", "maija-virtanen")),
        ("/articles/", ("articles",)),  # the listed articles come from the listing, with their ids
    ],
)
def test_answers_name_the_pages_they_show(find_page, path, shown):
    assert find_page(path)["meta"]["shown_page_ids"] == ids_of(*shown)


@pytest.mark.django_db
def test_the_home_page_names_its_cards_and_their_authors(find_page):
    from wagtail.models import Page

    answer = find_page("/")
    everything_public = Page.objects.filter(depth__gt=2).exclude(slug__in=("articles", "therapists", "services"))
    expected = sorted([answer["id"], *everything_public.values_list("id", flat=True)])
    assert answer["meta"]["shown_page_ids"] == expected  # the demo home shows every item page


# -- the site's side: its client against a live CMS ------------------------------------------


@pytest.mark.e2e
def test_what_the_sites_client_returns_has_the_declared_shapes(live_cms):
    from frontend.content.client import cms
    from tests.conftest import make_site

    site = make_site(live_cms.api_url)  # the demo clinic: PAGES names its addresses

    with site.app_context():
        client = cms()
        for path, page_type in PAGES.items():
            answer = client.page(path)
            assert answer.type == page_type
            validate(api_types.PAGE_ANSWERS[page_type], {**answer.page, "clinic": answer.clinic})
            assert answer.shown_ids == frozenset(answer.page["meta"]["shown_page_ids"])
        listing = client.articles(offset=0, limit=ARTICLES_PER_PAGE, total=3)
        validate(list[api_types.ArticleCard], listing.items)
        assert [card["url"] for card in listing.items] == [
            page_path("articles.ArticlePage", card["slug"]) for card in listing.items
        ]
        validate(api_types.ClinicSettings, client.booking_settings())
