"""Hostile or malformed requests get a clear 400 (bad query) or 404 (no such thing), never a 500:
through the real API and admin with Django's test client (run on SQLite; the NUL-byte cases are
what PostgreSQL would refuse with an error)."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775808"  # 2**63: past every database's 64-bit integers


@pytest.fixture
def status(client):
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    client.raise_request_exception = False  # a 500 is a result here, not a crash of the test
    return lambda url: client.get(url).status_code


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v2/pages/?offset={HUGE}",
        "/api/v2/pages/?offset=-1",
        "/api/v2/pages/?limit=99999999999999999999999",
        "/api/v2/pages/?search=%00",
        "/api/v2/pages/?search=%ff%fe",
        "/api/v2/pages/?%00=1",
        "/api/v2/pages/?type=articles.ArticlePage&slug=%00",
        "/api/v2/pages/?type=articles.ArticlePage&publication_date=2020-13-99",
        "/api/v2/pages/?type=articles.ArticlePage&author=99999999999999999999999",
        "/api/v2/pages/?search=foot&search_operator=%00",
        f"/api/v2/pages/?descendant_of={HUGE}",
        "/api/v2/pages/find/?html_path=/%00/",
        f"/api/v2/images/?offset={HUGE}",
        "/api/v2/images/?search=%00",
        f"/api/v2/documents/?offset={HUGE}",
        "/api/v2/documents/?title=%00",
        "/api/v2/booking-settings/?x=",
        "/api/v2/booking-settings/?x=%00",
    ],
)
def test_malformed_api_queries_are_400(status, url):
    assert status(url) == 400


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v2/pages/{HUGE}/",
        f"/api/v2/pages/find/?id={HUGE}",
        f"/api/v2/documents/{HUGE}/",
        f"/api/v2/images/{HUGE}/",
    ],
)
def test_ids_that_cannot_exist_are_404(status, url):
    assert status(url) == 404


@pytest.mark.parametrize(
    "url", ["/%00/", "/articles/%00/", "/admin/login/?next=%00", "/admin/%00/", "/documents/1/%00", "/media/%00"]
)
def test_nul_bytes_anywhere_in_the_cms_are_400(status, url):
    assert status(url) == 400


def test_ordinary_requests_still_pass(status):
    assert status("/api/v2/pages/?search=foot&offset=0&limit=5") == 200
    assert status("/api/v2/pages/?search=%C3%A4iti") == 200  # "äiti": UTF-8 is fine
    assert status("/api/v2/booking-settings/") == 200
