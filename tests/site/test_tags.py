"""Tag archives, tag links, therapists' articles and paginated lists' head links, rendered by
the real site from the CMS API's recorded answers (tests/recorded_api.py); purges on publish
end to end, through a live Wagtail and a live, purged site."""

import datetime

import pytest
import requests
from bs4 import BeautifulSoup

from cms.articles.models import ArticleIndexPage
from tests import factories
from tests.conftest import make_site
from tests.site.discovery_helpers import change_in_cms, count_cms_requests

STRETCHES = [f"Stretch {n:02d}" for n in range(12)]  # oldest first


def soup(response) -> BeautifulSoup:
    text = response.text if isinstance(response, requests.Response) else response.get_data(as_text=True)
    return BeautifulSoup(text, "html.parser")


def card_titles(page: BeautifulSoup) -> list[str]:
    return [title.get_text(strip=True) for title in page.select(".card__title")]


def head_links(page: BeautifulSoup) -> dict[str, str]:
    return {link["rel"][0]: link["href"] for link in page.head.find_all("link", rel=["canonical", "prev", "next"])}


@pytest.fixture(scope="module")
def stretching_db(clinic_db, django_db_blocker):
    """The clinic plus twelve published articles tagged "stretching" and a draft with the tag,
    added once for the module (inside clinic_db's transaction, which rolls them back)."""
    with django_db_blocker.unblock():
        index = ArticleIndexPage.objects.get()
        for n in range(12):
            factories.ArticlePageFactory(
                parent=index,
                title=f"Stretch {n:02d}",
                slug=f"stretch-{n:02d}",
                publication_date=datetime.date(2026, 6, 1) + datetime.timedelta(days=n),
                tags=["stretching"],
            )
        factories.ArticlePageFactory(
            parent=index, title="Draft stretch", slug="draft-stretch", tags=["stretching"], publish=False
        )


@pytest.fixture
def client_and_counts(stretching_db, clinic_api):
    app = make_site(clinic_api.api_url)
    return app.test_client(), count_cms_requests(app)


def test_a_tag_archive_lists_its_articles_newest_first_in_pages(client_and_counts):
    client, counts = client_and_counts
    first = soup(client.get("/articles/tag/stretching/"))
    assert first.h1.get_text(strip=True) == "Articles tagged “stretching”"
    assert card_titles(first) == STRETCHES[::-1][:10]  # no draft, newest first
    assert head_links(first) == {
        "canonical": "http://127.0.0.1:5000/articles/tag/stretching/",
        "next": "http://127.0.0.1:5000/articles/tag/stretching/?page=2",
    }
    second = soup(client.get("/articles/tag/stretching/?page=2"))
    assert card_titles(second) == ["Stretch 01", "Stretch 00"]
    assert head_links(second) == {
        "canonical": "http://127.0.0.1:5000/articles/tag/stretching/?page=2",
        "prev": "http://127.0.0.1:5000/articles/tag/stretching/",
    }
    assert second.find("a", rel="prev", string="Newer articles")["href"] == "/articles/tag/stretching/"
    # Two CMS requests a page (the section's page, one filtered listing); none for a cached page.
    assert counts == {"pages/find/": 2, "pages/": 2}
    client.get("/articles/tag/stretching/?page=2")
    assert sum(counts.values()) == 4


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/articles/tag/stretching/?page=3", 404),  # past the last page
        ("/articles/tag/no-such-tag/", 404),
        ("/articles/tag/Stretching/", 404),  # tags are exact
        ("/articles/tag/stretching,walking/", 404),
        ("/articles/tag/" + "x" * 300 + "/", 404),
        ("/articles/tag/stretching/?page=0", 400),
        ("/articles/tag/stretching/?page=02", 400),
        ("/articles/tag/stretching/?page=two", 400),
        ("/articles/tag/stretching/?page=1&page=2", 400),
    ],
)
def test_unknown_tags_and_junk_page_numbers(client_and_counts, url, status):
    client, _counts = client_and_counts
    assert client.get(url).status_code == status


def test_the_article_list_has_self_canonical_and_neighbour_links(client_and_counts):
    client, _counts = client_and_counts
    assert head_links(soup(client.get("/articles/"))) == {
        "canonical": "http://127.0.0.1:5000/articles/",
        "next": "http://127.0.0.1:5000/articles/?page=2",
    }
    assert head_links(soup(client.get("/articles/?page=2"))) == {
        "canonical": "http://127.0.0.1:5000/articles/?page=2",
        "prev": "http://127.0.0.1:5000/articles/",
    }


def test_tags_link_to_their_archives_from_articles_and_cards(client_and_counts):
    client, _counts = client_and_counts
    article = soup(client.get("/articles/ankle-care-for-walkers/"))
    tags = {link.get_text(strip=True): link["href"] for link in article.select(".article__body > .tags a[rel=tag]")}
    assert tags == {"ankles": "/articles/tag/ankles/", "walking": "/articles/tag/walking/"}
    assert card_titles(soup(client.get(tags["walking"]))) == ["Ankle care for walkers"]
    listing = soup(client.get("/articles/"))
    assert "/articles/tag/stretching/" in [link["href"] for link in listing.select(".card a[rel=tag]")]


def test_a_therapist_page_lists_her_articles(client_and_counts):
    client, _counts = client_and_counts
    aino = soup(client.get("/therapists/aino-testinen/"))
    section = aino.find(id="articles-heading").find_parent("section")
    assert card_titles(section) == ["Ankle care for walkers"]
    ville = soup(client.get("/therapists/ville-esimerkki/"))
    assert ville.find(id="articles-heading") is None  # none written, no empty section


@pytest.mark.e2e
def test_publishing_purges_tag_archives_old_and_new_and_the_authors_page(purged_site):
    cms, site = purged_site

    def titles(path):
        response = requests.get(site.url + path, timeout=10)
        return card_titles(soup(response)) if response.status_code == 200 else response.status_code

    assert titles("/articles/tag/walking/") == ["Ankle care for walkers"]
    assert titles("/articles/tag/walking/") == ["Ankle care for walkers"]  # cached now
    assert titles("/articles/tag/hills/") == 404
    aino = "/therapists/aino-testinen/"
    assert "Uphill walking" not in requests.get(site.url + aino).text

    change_in_cms(
        cms,
        site,
        """
import datetime
from cms.articles.models import ArticleIndexPage, ArticlePage
from cms.therapists.models import TherapistPage
from tests import factories
factories.ArticlePageFactory(parent=ArticleIndexPage.objects.get(), title="Uphill walking", slug="uphill-walking",
    publication_date=datetime.date(2026, 1, 2), tags=["walking", "hills"],
    author=TherapistPage.objects.get(slug="aino-testinen"))
""",
    )
    assert titles("/articles/tag/walking/") == ["Ankle care for walkers", "Uphill walking"]
    assert titles("/articles/tag/hills/") == ["Uphill walking"]
    assert "Uphill walking" in requests.get(site.url + aino).text

    # A tag taken off: the old tag's archive is purged as well.
    change_in_cms(
        cms,
        site,
        """
from cms.articles.models import ArticlePage
page = ArticlePage.objects.get(slug="ankle-care-for-walkers")
page.tags.set(["ankles"])
page.save_revision().publish()
""",
    )
    assert titles("/articles/tag/walking/") == ["Uphill walking"]
