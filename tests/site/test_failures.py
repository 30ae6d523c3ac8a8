"""How the site copes when the CMS misbehaves. Only here is the network stubbed."""

import pytest
import requests
import responses

from tests.conftest import make_site

API = "http://cms.invalid/api/v2"
FEET_URL = f"{API}/pages/find/?html_path=%2Farticles%2Fmassage-for-the-feet%2F"


@pytest.fixture
def stub():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(f"{API}/booking-settings/", json={"contact_email": "", "default_booking_url": "", "cta_label": ""})
        yield mock


@pytest.fixture
def client():
    return make_site(API).test_client()


def article(**extra):
    return {
        "id": 1,
        "meta": {"type": "articles.ArticlePage", "slug": "massage-for-the-feet"},
        "title": "Massage for the feet",
        "publication_date": "2026-10-06",
        "summary": "Feet.",
        "author": None,
        "hero": None,
        "body": [],
        "tags": [],
        "previous": None,
        "next": None,
        "booking": None,
        **extra,
    }


@pytest.mark.parametrize(
    "failure",
    [
        requests.ConnectionError("refused"),
        requests.ConnectTimeout("connect timeout"),
        requests.ReadTimeout("read timeout"),
    ],
)
def test_unreachable_cms_gives_the_friendly_503_page(stub, client, failure):
    stub.get(FEET_URL, body=failure)
    response = client.get("/articles/massage-for-the-feet/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "back in a moment" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_cms_server_errors_give_503(stub, client, status):
    stub.get(FEET_URL, status=status, body="oops")
    assert client.get("/articles/massage-for-the-feet/").status_code == 503


def test_invalid_json_gives_503(stub, client):
    stub.get(FEET_URL, body="<html>not json</html>", content_type="text/html")
    assert client.get("/articles/massage-for-the-feet/").status_code == 503


def test_cms_404_gives_the_404_page(stub, client):
    stub.get(FEET_URL, status=404, json={"message": "not found"})
    stub.get(f"{API}/redirects/find/", status=404, json={"message": "no redirect"})  # nor an old address
    response = client.get("/articles/massage-for-the-feet/")
    assert response.status_code == 404
    assert "can't find that page" in response.get_data(as_text=True)


def test_a_page_of_another_type_at_that_path_is_404(stub, client):
    stub.get(FEET_URL, json=article(meta={"type": "services.ServicePage", "slug": "x"}))
    assert client.get("/articles/massage-for-the-feet/").status_code == 404


def test_answers_are_cached_between_requests(stub, client):
    call = stub.get(FEET_URL, json=article())
    assert client.get("/articles/massage-for-the-feet/").status_code == 200
    assert client.get("/articles/massage-for-the-feet/").status_code == 200
    assert call.call_count == 1


def test_errors_are_not_cached(stub, client):
    stub.get(FEET_URL, status=503)
    assert client.get("/articles/massage-for-the-feet/").status_code == 503
    stub.replace(responses.GET, FEET_URL, json=article())
    assert client.get("/articles/massage-for-the-feet/").status_code == 200


@pytest.mark.parametrize("slug", ["a b", "x" * 300, "..", "%3Cscript%3E"])
def test_slugs_that_cannot_exist_are_404_without_asking_the_cms(stub, client, slug):
    response = client.get(f"/articles/{slug}/")
    assert response.status_code == 404
    assert not [call for call in stub.calls if "/pages/" in call.request.url]
