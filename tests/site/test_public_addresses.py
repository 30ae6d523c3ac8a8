"""Addresses the site hands out name no other host and stay where they belong (issue 16, point 7):
its own redirects (a missing trailing slash, doubled slashes) are relative whatever Host a
request names, and a tag whose name is not one plain path segment ("../../etc", "a/b") is
shown without a link, its archive a 404."""

import datetime
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import make_site
from tests.factories import ArticlePageFactory
from tests.live_servers import free_port

PUBLIC = "https://www.kestrel.example"


@pytest.fixture(scope="module")
def offline_client():
    """The site with no CMS to reach: anything that asks one fails the test."""
    app = make_site(f"http://127.0.0.1:{free_port()}/api/v2", SITE_PUBLIC_URL=PUBLIC)

    def no_network(endpoint, query):
        raise AssertionError(f"asked the CMS for {endpoint}?{query}")

    app.extensions["cms_client"].fetch = no_network
    return app.test_client()


def test_a_missing_trailing_slash_redirects_to_a_path_not_to_the_requests_host(offline_client):
    response = offline_client.get("/articles", headers={"Host": "evil.example"})
    assert (response.status_code, response.headers["Location"]) == (308, "/articles/")
    response = offline_client.get("/articles?page=2", headers={"Host": "evil.example"})
    assert (response.status_code, response.headers["Location"]) == (308, "/articles/?page=2")


def names_no_other_host(location: str) -> bool:
    parts = urlsplit(location)
    if not parts.netloc:
        return location.startswith("/") and not location.startswith("//") and "\\" not in location
    return f"{parts.scheme}://{parts.netloc}" == PUBLIC


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(
    path=st.sampled_from(
        [
            "/articles",
            "/therapists",
            "/services",
            "/articles/feed",
            "/articles/feed/atom",
            "/articles/tag/x",
            "//articles/",
            "/articles//",
            "///therapists",
            "/search",
        ]
    ),
    host=st.sampled_from(["evil.example", "evil.example:8080", "127.0.0.1:5000", "[::1]:1", "www.kestrel.example"]),
    query=st.sampled_from(["", "?page=2", "?q=%2F%2Fevil.example"]),
)
@example(path="//evil.example/articles", host="127.0.0.1", query="")
def test_every_redirect_of_the_sites_own_names_no_other_host(offline_client, path, host, query):
    response = offline_client.get(path + query, headers={"Host": host})
    if 300 <= response.status_code < 400:
        assert names_no_other_host(response.headers["Location"]), (path, host, response.headers["Location"])


UNSAFE_TAGS = ["../../etc", "..", ".", "a/b", "..\\..\\etc", "x..y"]


def test_tags_that_are_not_one_plain_segment_are_shown_without_a_link(render_head, clinic):
    ArticlePageFactory(
        parent=clinic.articles,
        title="Odd tags",
        slug="odd-tags",
        publication_date=datetime.date(2026, 5, 1),
        tags=["walking", "pelvic floor", "Node.js", *UNSAFE_TAGS],
    )
    soup = render_head("/articles/odd-tags/").soup
    tags = soup.select_one(".article__body > .tags")
    links = {link.get_text(strip=True): link["href"] for link in tags.select("a[rel=tag]")}
    assert links == {
        "walking": "/articles/tag/walking/",
        "pelvic floor": "/articles/tag/pelvic%20floor/",
        "Node.js": "/articles/tag/Node.js/",
    }
    shown = [span.get_text(strip=True) for span in tags.select("span.tag")]
    assert sorted(shown) == sorted(UNSAFE_TAGS)  # still shown, as text
    for link in soup.find_all("a", href=True):
        assert ".." not in link["href"] and "\\" not in link["href"]


@pytest.mark.parametrize(
    "path",
    [
        "/articles/tag/../../etc/",
        "/articles/tag/a/b/",
        "/articles/tag/..%2F..%2Fetc/",
        "/articles/tag/a%2Fb/",
        "/articles/tag/x..y/",
        "/articles/tag/a%5Cb/",
    ],
)
def test_such_a_tag_has_no_archive(offline_client, path):
    # A 404 at once: the CMS is not asked (asking would fail this test with a 500).
    assert offline_client.get(path).status_code == 404
