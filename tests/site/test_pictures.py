"""Content pictures as the site renders them from the CMS's real answers (the clinic of
tests/clinic_data.py, recorded API): <picture> with AVIF and WebP sources, a fallback <img> with
its size, several widths, `sizes` from the layout, and only the largest picture above the fold
fetched eagerly."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from wagtail.images.models import Rendition

from cms.core import pictures

pytestmark = pytest.mark.django_db

HERO_PAGE = "/articles/ankle-care-for-walkers/"  # a hero, and Aino (with a photo) as author


def page_pictures(site_client, path):
    response = site_client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").find_all("picture")


def widths(srcset: str) -> list[int]:
    return [int(candidate.split()[1].removesuffix("w")) for candidate in srcset.split(",")]


def assert_complete(picture, kind):
    """Both sources and the fallback: every width of the kind (the factory's image is big enough)."""
    img = picture.find("img")
    sources = picture.find_all("source")
    assert [source["type"] for source in sources] == ["image/avif", "image/webp"]
    for element in [*sources, img]:
        assert widths(element["srcset"]) == list(kind.widths)
        assert element["sizes"] == img["sizes"] and img["sizes"]
    assert [re.search(r"\.(\w+) \d+w$", source["srcset"]).group(1) for source in sources] == ["avif", "webp"]
    assert int(img["width"]) == kind.widths[-1] and int(img["height"]) > 0
    assert img["src"] in img["srcset"] and img["decoding"] == "async"
    return img


def test_the_article_hero_is_fetched_first_and_the_rest_when_needed(site_client):
    hero, author = page_pictures(site_client, HERO_PAGE)
    img = assert_complete(hero, pictures.HERO)
    assert img["fetchpriority"] == "high" and "loading" not in img.attrs
    assert img["sizes"].endswith(", 100vw")  # edge to edge on phones
    assert img["alt"]
    portrait = assert_complete(author, pictures.PORTRAIT)
    assert portrait["loading"] == "lazy" and "fetchpriority" not in portrait.attrs
    assert portrait["alt"] == "" and portrait["sizes"] == "6rem"


def test_the_first_card_of_a_list_is_eager_the_others_lazy(site_client):
    from wagtail.models import Page

    from tests.factories import ArticlePageFactory, ImageFactory

    articles = Page.objects.get(url_path__endswith="/articles/")
    ArticlePageFactory(
        parent=articles, title="Newest", publication_date=datetime.date(2026, 6, 1), hero_image=ImageFactory()
    )
    first, second = page_pictures(site_client, "/articles/")
    assert assert_complete(first, pictures.CARD)["fetchpriority"] == "high"
    assert assert_complete(second, pictures.CARD)["loading"] == "lazy"
    assert first.find("img")["alt"] == ""  # the card's title names it


def test_therapist_pictures_are_sized_for_where_they_sit(site_client):
    profile, article = page_pictures(site_client, "/therapists/aino-testinen/")
    assert assert_complete(profile, pictures.PORTRAIT)["fetchpriority"] == "high"
    assert assert_complete(article, pictures.CARD)["loading"] == "lazy"  # their article, further down
    assert profile.find("img")["sizes"] == "(min-width: 56rem) 20rem, 16rem"
    (card,) = page_pictures(site_client, "/therapists/")
    assert card.find("img")["sizes"].endswith("5.5rem")


def test_a_small_original_offers_only_the_widths_it_has(db):
    from tests.factories import ImageFactory

    # Test databases reuse ids after a rollback: forget renditions cached for an earlier image 1.
    Rendition.cache_backend.clear()
    image = ImageFactory(file__width=500, file__height=400)
    answer = pictures.picture(image, pictures.CARD)
    assert widths(answer["srcset"]) == [320, 500]  # renditions never upscale: 640 and 960 give 500
    assert answer["width"] == 500 and all(widths(s["srcset"]) == [320, 500] for s in answer["sources"])
