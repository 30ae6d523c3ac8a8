"""The <head> of every page: title without a doubled site name, description, canonical URL on
the public origin, OpenGraph and Twitter cards with a social image, favicon and app icons.

Pages are rendered by the real Flask templates from the real API's answers (factory-built
pages in the test database), and end to end from a live Wagtail through the site over HTTP.
"""

import datetime
import re

import pytest

from cms.core import images
from tests.factories import ArticlePageFactory, ImageFactory, ServicePageFactory, TherapistPageFactory, paragraph
from tests.site.head_parsing import PUBLIC, SITE_NAME, Head

ARTICLE_INDEX_CONTEXT = {"page_number": 1, "page_count": 1, "articles": []}


def social_rendition_url(image) -> str:
    """Where the CMS serves an image's social-card rendition."""
    return image.get_rendition(images.SOCIAL).url


def test_an_article_has_title_description_canonical_and_social_cards(render_head, clinic):
    author = TherapistPageFactory(parent=clinic.therapists, title="Aino Testinen", role="Massage therapist")
    article = ArticlePageFactory(
        parent=clinic.articles,
        title="Ankle care",
        slug="ankle-care",
        summary="Keep your ankles moving.",
        publication_date=datetime.date(2026, 4, 14),
        author=author,
        with_hero=True,
        hero_alt="A runner's ankle in a brace",
    )
    head = render_head("/articles/ankle-care/")

    assert head.title == f"Ankle care · {SITE_NAME}"
    assert head.meta("description") == "Keep your ankles moving."
    assert head.link("canonical") == f"{PUBLIC}/articles/ankle-care/"
    assert head.meta("og:url") == head.link("canonical")
    assert head.meta("og:type") == "article"
    assert head.meta("og:title") == "Ankle care"
    assert head.meta("og:description") == "Keep your ankles moving."
    assert head.meta("og:site_name") == SITE_NAME
    assert head.meta("article:published_time") == "2026-04-14"
    modified = datetime.datetime.fromisoformat(head.meta("article:modified_time"))
    assert modified == article.last_published_at
    # No social image of its own: the hero, as a 1200x630 JPEG, with the hero's alt text.
    assert head.meta("og:image") == social_rendition_url(article.hero_image)
    assert head.meta("og:image").startswith("http") and head.meta("og:image").endswith(".jpg")
    assert head.meta("og:image:type") == "image/jpeg"
    # 1.91:1 (Wagtail's crop may round the 675-pixel-high original to 631).
    assert head.meta("og:image:width") == "1200" and abs(int(head.meta("og:image:height")) - 630) <= 1
    assert head.meta("og:image:alt") == "A runner's ankle in a brace"
    assert head.meta("twitter:card") == "summary_large_image"
    assert head.meta("twitter:image") == head.meta("og:image")
    assert head.meta("twitter:title") == "Ankle care"


def test_seo_title_and_search_description_from_the_promote_tab_win(render_head, clinic):
    ArticlePageFactory(
        parent=clinic.articles,
        title="Knees",
        slug="knees",
        seo_title="Knee pain: what helps",
        search_description="Five things that help sore knees.",
    )
    head = render_head("/articles/knees/")
    assert head.title == f"Knee pain: what helps · {SITE_NAME}"
    assert head.meta("og:title") == "Knee pain: what helps"
    assert head.meta("description") == head.meta("og:description") == "Five things that help sore knees."


@pytest.mark.parametrize(
    "seo_title", [f"Knee pain | {SITE_NAME}", f"knee pain at {SITE_NAME.lower()}", f"{SITE_NAME.upper()}: knees"]
)
def test_the_title_never_repeats_the_site_name(render_head, clinic, seo_title):
    ArticlePageFactory(parent=clinic.articles, title="Knees", slug="knees", seo_title=seo_title)
    head = render_head("/articles/knees/")
    assert head.title == seo_title
    assert head.title.casefold().count(SITE_NAME.casefold()) == 1


def test_a_page_title_naming_the_site_is_not_doubled_either(render_head, clinic):
    ServicePageFactory(parent=clinic.services, title=f"The {SITE_NAME} massage", slug="house")
    assert render_head("/services/house/").title == f"The {SITE_NAME} massage"


def test_the_home_page_title_is_the_site_name_or_its_seo_title(render_head, clinic):
    head = render_head("/")
    assert head.title == SITE_NAME
    assert head.meta("og:type") == "website"
    assert head.link("canonical") == f"{PUBLIC}/"
    assert head.meta("description") == "Welcome to the clinic."  # the intro, as plain text

    clinic.home.seo_title = "Massage and physiotherapy in Helsinki"
    clinic.home.save_revision().publish()
    assert render_head("/").title == "Massage and physiotherapy in Helsinki"


def test_every_page_type_has_one_title_naming_the_site_once_and_a_canonical_link(render_head, clinic):
    service = ServicePageFactory(parent=clinic.services, slug="cupping")
    TherapistPageFactory(parent=clinic.therapists, slug="ville", services=[service])
    ArticlePageFactory(parent=clinic.articles, slug="one")
    for path in (
        "/",
        "/articles/",
        "/articles/one/",
        "/therapists/",
        "/therapists/ville/",
        "/services/",
        "/services/cupping/",
    ):
        head = render_head(path, **(ARTICLE_INDEX_CONTEXT if path == "/articles/" else {}))
        assert len(head.soup.find_all("title")) == 1
        assert head.title.casefold().count(SITE_NAME.casefold()) == 1, (path, head.title)
        assert head.link("canonical") == f"{PUBLIC}{path}"
        assert head.meta("description"), path


def test_a_therapist_is_a_profile_with_name_and_role(render_head, clinic):
    TherapistPageFactory(
        parent=clinic.therapists,
        title="Aino Testinen",
        role="Sports massage therapist",
        slug="aino",
        biography="<p>Aino treats runners &amp; walkers.</p>",
        with_photo=True,
    )
    head = render_head("/therapists/aino/")
    assert head.title == f"Aino Testinen, Sports massage therapist · {SITE_NAME}"
    assert head.meta("og:type") == "profile"
    assert head.meta("description") == "Aino treats runners & walkers."
    assert head.meta("og:image") and head.meta("og:image:alt").startswith("Alt text of picture")


def test_the_social_image_of_the_promote_tab_replaces_the_hero(render_head, clinic):
    social = ImageFactory(title="Shared picture", description="Two therapists smiling")
    article = ArticlePageFactory(parent=clinic.articles, slug="shared", with_hero=True, social_image=social)
    head = render_head("/articles/shared/")
    assert head.meta("og:image") == social_rendition_url(social) != social_rendition_url(article.hero_image)
    assert head.meta("og:image:alt") == "Two therapists smiling"


def test_a_decorative_hero_has_empty_alt_and_no_social_alt(render_head, clinic):
    ArticlePageFactory(parent=clinic.articles, slug="plain", with_hero=True, hero_decorative=True)
    head = render_head("/articles/plain/")
    hero = head.soup.select_one(".article__hero img")
    assert hero["alt"] == ""
    assert head.meta("og:image") and head.meta("og:image:alt") is None


def test_without_any_picture_the_card_is_a_small_summary_with_the_site_s_image(render_head, clinic):
    ArticlePageFactory(parent=clinic.articles, slug="words")
    head = render_head("/articles/words/")
    # The site's card under its fingerprinted name (frontend/serving/assets.py).
    assert head.meta("og:image") == head.meta("twitter:image")
    assert re.fullmatch(rf"{re.escape(PUBLIC)}/static/social/default\.[0-9a-f]+\.jpg", head.meta("og:image"))
    assert head.meta("twitter:card") == "summary"


def test_a_file_name_is_never_alt_text(render_head, clinic):
    """An image without a description, in an article body with blank alt text: alt="", not its title."""
    upload = ImageFactory(title="IMG_2041.jpg", description="")
    ArticlePageFactory(
        parent=clinic.articles,
        slug="pictured",
        body=[paragraph("<p>Text.</p>"), ("image", {"image": upload, "alt": "", "caption": ""})],
    )
    head = render_head("/articles/pictured/")
    alts = [img["alt"] for img in head.soup.find_all("img")]
    assert alts == [""]
    assert "IMG_2041" not in " ".join(tag.get("content", "") for tag in head.soup.find_all("meta"))


def test_a_page_canonical_address_drops_junk_query_strings_and_takes_a_views_own(render_head, clinic):
    ArticlePageFactory(parent=clinic.articles, slug="one")
    head = render_head("/articles/one/?utm_source=mail&fbclid=x")
    assert head.link("canonical") == f"{PUBLIC}/articles/one/"
    # A list page after the first says so, and a view may name its own canonical address.
    head = render_head("/articles/?page=2", canonical_url="/articles/?page=2", page_number=2, page_count=2, articles=[])
    assert head.link("canonical") == f"{PUBLIC}/articles/?page=2"
    assert head.title == f"Articles (page 2) · {SITE_NAME}"


def test_editable_text_in_meta_tags_is_escaped(render_head, clinic):
    ArticlePageFactory(
        parent=clinic.articles, slug="quotes", title='Say "hi" <b>now</b>', summary='A "quoted" <i>summary</i> & more'
    )
    head = render_head("/articles/quotes/")
    assert head.meta("og:title") == 'Say "hi" <b>now</b>'
    assert head.meta("description") == 'A "quoted" <i>summary</i> & more'
    raw_head = head.html.split("</head>")[0]
    assert "<b>now</b>" not in raw_head and "<i>summary</i>" not in raw_head
    assert "&lt;b&gt;now&lt;/b&gt;" in raw_head


# -- end to end: a live Wagtail, the site over HTTP ------------------------------------------------


@pytest.fixture
def public_site(clinic_cms, live_site):
    return live_site(clinic_cms.api_url, workers=1, SITE_PUBLIC_URL=PUBLIC)


@pytest.mark.e2e
def test_the_live_site_sends_meta_tags_and_its_social_image_loads(public_site):
    import requests

    page = requests.get(f"{public_site.url}/articles/ankle-care-for-walkers/", timeout=10)
    assert page.status_code == 200
    head = Head(page.text)
    assert head.title == f"Ankle care for walkers · {SITE_NAME}"
    assert head.link("canonical") == f"{PUBLIC}/articles/ankle-care-for-walkers/"
    image = requests.get(head.meta("og:image"), timeout=10)
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/jpeg"
    assert head.meta("og:image:width") == "1200"


@pytest.mark.e2e
def test_favicon_and_app_icons_answer(public_site):
    import requests

    page = Head(requests.get(f"{public_site.url}/", timeout=10).text)
    favicon = requests.get(f"{public_site.url}/favicon.ico", timeout=10)
    assert favicon.status_code == 200
    assert favicon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age" in favicon.headers["Cache-Control"]
    for rel in ("icon", "apple-touch-icon", "manifest"):
        assert page.soup.find("link", rel=rel), rel
    touch = requests.get(f"{public_site.url}{page.link('apple-touch-icon')}", timeout=10)
    assert touch.status_code == 200 and touch.content[:8] == b"\x89PNG\r\n\x1a\n"
    manifest = requests.get(f"{public_site.url}{page.link('manifest')}", timeout=10)
    assert manifest.headers["Content-Type"].startswith("application/manifest+json")
    assert manifest.json()["name"] == SITE_NAME
    for icon in manifest.json()["icons"]:
        answer = requests.get(f"{public_site.url}{icon['src']}", timeout=10)
        assert answer.status_code == 200 and answer.headers["Content-Type"] == "image/png"
        assert re.fullmatch(r"\d+x\d+", icon["sizes"])


@pytest.mark.e2e
def test_an_error_page_has_icons_but_no_canonical_address(public_site):
    import requests

    answer = requests.get(f"{public_site.url}/no-such-page/", timeout=10)
    head = Head(answer.text)
    assert answer.status_code == 404
    assert head.link("canonical") is None and head.json_ld() == []
    assert head.soup.find("link", rel="icon") and head.title == f"Page not found · {SITE_NAME}"
