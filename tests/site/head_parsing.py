"""Reading what a page's <head> says, as a crawler would: BeautifulSoup for the tags, json.loads
for each JSON-LD block. Used by test_meta_tags.py and test_structured_data.py."""

import json

import pytest
from bs4 import BeautifulSoup

from frontend.content.client import page_answer
from frontend.views.pages import render_page
from tests.conftest import make_site
from tests.live_servers import free_port

PUBLIC = "https://www.kestrel.example"
SITE_NAME = "Kestrel Therapy Clinic"
TEMPLATES = {"home.HomePage": "home.html"} | {
    f"{app}.{model}": f"{app}/{template}"
    for app, pair in {
        "articles": ("ArticleIndexPage", "ArticlePage"),
        "therapists": ("TherapistIndexPage", "TherapistPage"),
        "services": ("ServiceIndexPage", "ServicePage"),
    }.items()
    for model, template in zip(pair, ("index.html", "detail.html"), strict=True)
}


class Head:
    def __init__(self, html: str):
        self.html = html
        self.soup = BeautifulSoup(html, "html.parser")

    @property
    def title(self) -> str:
        return self.soup.title.get_text()

    def meta(self, key: str):
        """The content of <meta name=key> or <meta property=key>, None when absent (or several)."""
        tags = self.soup.find_all("meta", attrs={"name": key}) + self.soup.find_all("meta", attrs={"property": key})
        assert len(tags) <= 1, f"{key} appears {len(tags)} times"
        return tags[0]["content"] if tags else None

    def link(self, rel: str):
        tags = [tag for tag in self.soup.find_all("link") if rel in tag.get("rel", [])]
        assert len(tags) <= 1, f"rel={rel} appears {len(tags)} times"
        return tags[0]["href"] if tags else None

    def json_ld(self) -> list[dict]:
        return [json.loads(tag.string) for tag in self.soup.find_all("script", attrs={"type": "application/ld+json"})]

    def json_ld_of(self, schema_type: str) -> dict:
        found = [block for block in self.json_ld() if block["@type"] == schema_type]
        assert len(found) == 1, f"{len(found)} {schema_type} blocks in {[b['@type'] for b in self.json_ld()]}"
        return found[0]


@pytest.fixture
def render_head(client):
    """Render a public path through the real Flask templates from the real API's answer for it
    (Django's test client over the test database); a site that cannot reach any CMS itself."""
    app = make_site(f"http://127.0.0.1:{free_port()}/api/v2", SITE_PUBLIC_URL=PUBLIC, SITE_NAME=SITE_NAME)
    client.defaults["HTTP_HOST"] = "127.0.0.1"

    def render(path: str, **context) -> Head:
        response = client.get("/api/v2/pages/find/", {"html_path": path.split("?")[0]})
        assert response.status_code == 200, response.content[:300]
        answer = page_answer(response.json())
        with app.test_request_context(path):
            html = render_page(TEMPLATES[answer.type], answer, **context).get_data(as_text=True)
        return Head(html)

    return render
