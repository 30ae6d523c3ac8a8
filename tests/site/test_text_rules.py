"""Text that reads right, on the site rendering the CMS's real answers (recorded API): page N of
a list says so, breadcrumbs name a tag archive and a list's page, the navigation marks the page
itself and its section apart, descriptions end on a whole word, every page has a social image."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def soup_of(site_client, path):
    response = site_client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def crumbs(soup) -> list[tuple[str, str]]:
    for script in soup.find_all("script", type="application/ld+json"):
        block = json.loads(script.string)
        if block["@type"] == "BreadcrumbList":
            return [
                (item["name"], item["item"].split("//", 1)[1].split("/", 1)[1]) for item in block["itemListElement"]
            ]
    raise AssertionError("no BreadcrumbList")


def nav_marks(soup) -> dict[str, str]:
    return {a.text.strip(): a["aria-current"] for a in soup.select(".site-nav a[aria-current]")}


def add_articles(count: int) -> None:
    from cms.articles.models import ArticleIndexPage

    for number in range(count):
        ArticlePageFactory(parent=ArticleIndexPage.objects.get(), publication_date=datetime.date(2025, 1, 1 + number))


def test_page_two_of_the_list_is_headed_and_crumbed_as_page_two(site_client):
    add_articles(8)  # 11 in all: two pages of 10
    soup = soup_of(site_client, "/articles/?page=2")
    assert soup.h1.text == "Articles — page 2"
    assert "(page 2)" in soup.title.text
    assert crumbs(soup)[-1] == ("Articles (page 2)", "articles/?page=2")
    assert soup_of(site_client, "/articles/").h1.text == "Articles"


def test_a_tag_archive_is_crumbed_under_the_article_list(site_client):
    soup = soup_of(site_client, "/articles/tag/walking/")
    assert [name for name, _ in crumbs(soup)][1:] == ["Articles", "Tag: walking"]
    assert [path for _, path in crumbs(soup)][1:] == ["articles/", "articles/tag/walking/"]


def test_the_navigation_marks_the_page_itself_and_otherwise_its_section(site_client):
    assert nav_marks(soup_of(site_client, "/articles/")) == {"Articles": "page"}
    assert nav_marks(soup_of(site_client, "/articles/ankle-care-for-walkers/")) == {"Articles": "true"}
    assert nav_marks(soup_of(site_client, "/articles/tag/walking/")) == {"Articles": "true"}
    assert nav_marks(soup_of(site_client, "/therapists/aino-testinen/")) == {"Therapists": "true"}
    assert nav_marks(soup_of(site_client, "/")) == {}


def test_a_long_summary_is_described_to_160_characters_ending_on_a_word(site_client):
    from cms.articles.models import ArticleIndexPage

    summary = "Sports massage before a race warms the legs, and after it helps them recover. " * 3
    ArticlePageFactory(parent=ArticleIndexPage.objects.get(), slug="long", summary=summary.strip())
    soup = soup_of(site_client, "/articles/long/")
    for description in (soup.find("meta", attrs={"name": "description"}), soup.find("meta", property="og:description")):
        text = description["content"]
        assert len(text) <= 160 and text.endswith("…")
        assert summary.startswith(text[:-1]) and summary[len(text) - 1] in " ."  # its last word whole


@pytest.mark.parametrize("path", ["/", "/articles/", "/articles/tag/walking/", "/therapists/", "/search/?q=ankle"])
def test_pages_without_a_picture_share_the_site_s_own_image(site_client, path):
    soup = soup_of(site_client, path)
    image = soup.find("meta", property="og:image")["content"]
    assert re.fullmatch(r"https?://[^/]+/static/social/default\.[0-9a-f]+\.jpg", image)  # fingerprinted
    assert soup.find("meta", property="og:image:width")["content"] == "1200"
    assert soup.find("meta", property="og:image:height")["content"] == "630"
    assert soup.find("meta", attrs={"name": "twitter:image"})["content"] == image
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"  # a logo: small
    assert site_client.get("/" + image.split("//", 1)[1].split("/", 1)[1]).status_code == 200


@pytest.mark.parametrize("path, says", [("/search/", "Search the articles"), ("/search/?q=ankle", "about ankle.")])
def test_the_search_page_describes_itself(site_client, path, says):
    description = soup_of(site_client, path).find("meta", attrs={"name": "description"})["content"]
    assert says in description and len(description) <= 160
