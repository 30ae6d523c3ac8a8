"""The old blog, imported: readers following its addresses land on the new articles (issue 10 + 11).

`import_wxr` runs in a real CMS (a copy of the demo one), then the real site answers the old
`/blog/<slug>/` addresses with a permanent redirect to the article, which it then serves.
"""

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO, copy_cms, make_site

SAMPLE = REPO / "cms" / "blog_import" / "samples" / "old-blog.xml"

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def imported(live_cms, tmp_path_factory):
    cms = copy_cms(live_cms, tmp_path_factory.mktemp("imported") / "var")
    output = cms.manage("import_wxr", str(SAMPLE))
    cms.start()
    yield cms, output
    cms.stop()


@pytest.mark.parametrize("old", ["/blog/pelvic-floor-myths/", "/blog/pelvic-floor-myths"])
def test_old_addresses_redirect_to_the_imported_articles(imported, old):
    cms, _output = imported
    client = make_site(cms.api_url).test_client()

    moved = client.get(old)
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith("/articles/pelvic-floor-myths/")

    article = client.get("/articles/pelvic-floor-myths/")
    assert article.status_code == 200
    page = BeautifulSoup(article.get_data(as_text=True), "html.parser")
    assert page.h1.get_text(strip=True) == "Five things people get wrong about the pelvic floor"
    assert not page.find("script", src=False, type=lambda kind: kind != "application/ld+json")  # the post's <script> is gone


def test_drafts_and_pages_of_the_old_blog_are_not_published(imported):
    cms, output = imported
    client = make_site(cms.api_url).test_client()
    listed = client.get("/articles/").get_data(as_text=True)
    assert "What happens at your first remedial massage" in listed  # a published post
    assert "Breathing and the pelvic floor" not in listed  # a draft stays a draft
    assert "About the clinic" not in listed  # a WordPress page is not an article
    assert client.get("/about/").status_code == 404
    assert "Helena Korhonen" in output  # the author no therapist matches is reported
