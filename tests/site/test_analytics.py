"""The clinic's analytics script: one origin allowed by the CSP, loaded on public pages, never on previews."""

import pytest
from bs4 import BeautifulSoup
from flask import render_template

from frontend.serving import security
from tests.conftest import make_site

SCRIPT = "https://stats.example.org/js/script.js"
ANKLES = "/articles/ankle-care-for-walkers/"


def policy(response) -> dict[str, list[str]]:
    directives = [part.strip().split() for part in response.headers["Content-Security-Policy"].split(";")]
    return {name: values for name, *values in directives}


def scripts(html: str) -> list[str]:
    """Scripts that run: structured data (application/ld+json) is data, not a script."""
    tags = BeautifulSoup(html, "html.parser").find_all("script")
    return [tag.get("src") for tag in tags if tag.get("type") != "application/ld+json"]


def test_without_a_setting_no_script_and_only_self(site_client):
    response = site_client.get(ANKLES)
    assert scripts(response.get_data(as_text=True)) == []
    assert policy(response)["script-src"] == ["'self'"]
    assert policy(response)["connect-src"] == ["'self'"]


def test_the_analytics_origin_alone_is_allowed_and_the_script_loaded(clinic_api):
    app = make_site(clinic_api.api_url, ANALYTICS_SCRIPT_URL=SCRIPT)
    client = app.test_client()
    for path in ("/", ANKLES, "/no-such-page/"):
        response = client.get(path)
        assert scripts(response.get_data(as_text=True)) == [SCRIPT], path
        assert policy(response)["script-src"] == ["'self'", "https://stats.example.org"]
        assert policy(response)["connect-src"] == ["'self'", "https://stats.example.org"]
    answer = app.extensions["cms_client"].page(ANKLES)
    with app.test_request_context(ANKLES):
        preview = render_template("articles/detail.html", page=answer.page, clinic=answer.clinic, preview=True)
    assert scripts(preview) == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "/js/script.js", "stats.example.org/script.js"])
def test_an_analytics_url_that_is_not_http_stops_the_site(url):
    with pytest.raises(ValueError, match="ANALYTICS_SCRIPT_URL"):
        security.content_security_policy(
            {"CMS_PUBLIC_URL": "http://127.0.0.1:8000", "MEDIA_ORIGINS": [], "ANALYTICS_SCRIPT_URL": url}
        )
