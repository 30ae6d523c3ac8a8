"""/search/ on the real site against the CMS API's recorded answers (tests/recorded_api.py): what it
finds, how it shows the query, calm answers to empty, long and hostile queries, one CMS request per
results page, and bounded caching that a publish purges (end to end, with a live Wagtail)."""

import pytest
import requests
from bs4 import BeautifulSoup

from tests.conftest import make_site
from tests.site.discovery_helpers import change_in_cms, count_cms_requests


def soup(response) -> BeautifulSoup:
    text = response.text if isinstance(response, requests.Response) else response.get_data(as_text=True)
    return BeautifulSoup(text, "html.parser")


def result_links(page: BeautifulSoup) -> list[str]:
    return [link["href"] for link in page.select(".search-result__title a")]


@pytest.fixture
def app(clinic_api):
    return make_site(clinic_api.api_url)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ankle", "/articles/ankle-care-for-walkers/"),
        ("Aino", "/therapists/aino-testinen/"),
        ("hot stone", "/services/hot-stone-massage/"),
        ("REFLEXOLOGY", "/services/reflexology/"),
    ],
)
def test_search_finds_articles_therapists_and_services(client, query, found):
    response = client.get("/search/", query_string={"q": query})
    assert response.status_code == 200
    assert found in result_links(soup(response))


def test_results_show_the_query_quoted_and_the_matches_marked(client):
    page = soup(client.get("/search/?q=hot+stone"))
    assert page.h1.get_text() == "Results for “hot stone”"
    title = page.select_one(".search-result__title")
    assert [mark.get_text() for mark in title.find_all("mark")] == ["Hot", "stone"]
    assert page.find("input", attrs={"name": "q", "id": "search-q"})["value"] == "hot stone"


def test_a_query_with_markup_is_shown_as_text(client):
    response = client.get("/search/", query_string={"q": '<script>alert("x")</script> ankle'})
    assert response.status_code == 200
    assert "<script>alert" not in response.get_data(as_text=True)
    assert soup(response).h1.get_text() == 'Results for “<script>alert("x")</script> ankle”'


def test_every_word_must_match(client):
    page = soup(client.get("/search/?q=ankle+zzyzx"))
    assert result_links(page) == []
    assert "Nothing matched" in page.get_text()


def test_an_empty_search_is_the_form(client):
    for url in ("/search/", "/search/?q=", "/search/?q=+++", "/search/?q=%00%01"):
        response = client.get(url)
        page = soup(response)
        assert response.status_code == 200
        assert page.h1.get_text() == "Search" and result_links(page) == []
        assert page.find("form", role="search", action="/search/") is not None


def test_a_very_long_query_is_a_calm_400_with_the_form(client):
    response = client.get("/search/", query_string={"q": "massage " * 250})  # 2,000 characters
    page = soup(response)
    assert response.status_code == 400
    assert "200 characters or fewer" in page.find(role="alert").get_text()
    assert page.find("input", attrs={"name": "q", "id": "search-q"}) is not None


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        '"ankle',
        "ankle*",
        "NEAR(ankle",
        "ankle OR",
        "AND",
        "-ankle",
        "^",
        "a:b",
        "(((",
        "' OR 1=1; --",
        "'; DROP TABLE wagtailcore_page; --",
        "%",
        "\\",
        "\x00ankle",
        "🙂",
        "ä" * 200,
        "ankle\u202e",
        "*" * 200,
    ],
)
def test_hostile_queries_are_answered_calmly(client, query):
    response = client.get("/search/", query_string={"q": query})
    assert response.status_code == 200
    assert soup(response).find("form", role="search") is not None


@pytest.mark.parametrize("url", ["/search/?q=ankle&page=0", "/search/?q=ankle&page=x", "/search/?q=a&q=b"])
def test_junk_parameters_are_a_400(client, url):
    assert client.get(url).status_code == 400


def test_results_past_the_last_page_are_a_404(client):
    assert client.get("/search/?q=ankle&page=2").status_code == 404
    assert client.get("/search/?q=ankle&page=100000").status_code == 404


def test_one_cms_request_per_results_page_and_none_when_cached(app):
    counts = count_cms_requests(app)
    client = app.test_client()
    client.get("/search/?q=massage")
    assert counts == {"search/": 1}
    client.get("/search/?q=massage")
    client.get("/search/?q=++massage+")  # the same query, cleaned
    assert counts == {"search/": 1}
    client.get("/search/?q=ankle")
    assert counts == {"search/": 2}


def test_results_are_kept_briefly_in_the_shared_cache(client):
    response = client.get("/search/?q=massage")
    assert response.headers["Cache-Control"] == "public, max-age=0, s-maxage=60"
    page_cache = client.application.extensions["page_cache"]
    (key,) = [key for key in page_cache.copies.pages if key.startswith("page:/search/")]
    assert key == "page:/search/?q=massage"
    assert page_cache.copies.pages[key].keep == 60


def test_the_header_links_to_the_one_search_form_with_a_visible_label(client):
    page = soup(client.get("/articles/"))
    assert page.header.find("a", href="/search/").get_text(strip=True) == "Search"
    assert page.find("form", role="search") is None  # the header has a link, not a second form
    search = soup(client.get("/search/?q=ankle"))
    (form,) = search.find_all("form", role="search")
    field = form.find("input", attrs={"name": "q"})
    assert form["action"] == "/search/" and form["method"] == "get"
    label = search.find("label", attrs={"for": field["id"]})
    assert label.get_text(strip=True) == "Search articles, therapists and services"
    assert "visually-hidden" not in (label.get("class") or [])


@pytest.mark.e2e
def test_publishing_purges_search_results(purged_site):
    cms, site = purged_site

    def links():
        return result_links(soup(requests.get(f"{site.url}/search/?q=kettlebell", timeout=10)))

    assert links() == []
    assert requests.get(f"{site.url}/search/?q=kettlebell").headers["X-Cache"] == "HIT"
    change_in_cms(
        cms,
        site,
        """
from cms.articles.models import ArticleIndexPage
from tests import factories
factories.ArticlePageFactory(parent=ArticleIndexPage.objects.get(), title="Kettlebell basics", slug="kettlebell-basics")
""",
    )
    assert links() == ["/articles/kettlebell-basics/"]
