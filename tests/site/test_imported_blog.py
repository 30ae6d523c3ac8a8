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
def imported(demo_cms_source, tmp_path_factory):
    cms = copy_cms(demo_cms_source, tmp_path_factory.mktemp("imported") / "var")
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
    assert not page.find(
        "script", src=False, type=lambda kind: kind != "application/ld+json"
    )  # the post's <script> is gone


def test_drafts_and_pages_of_the_old_blog_are_not_published(imported):
    cms, output = imported
    client = make_site(cms.api_url).test_client()
    listed = client.get("/articles/").get_data(as_text=True)
    assert "What happens at your first remedial massage" in listed  # a published post
    assert "Breathing and the pelvic floor" not in listed  # a draft stays a draft
    assert "About the clinic" not in listed  # a WordPress page is not an article
    assert client.get("/about/").status_code == 404
    assert "Helena Korhonen" in output  # the author no therapist matches is reported


@pytest.fixture(scope="module")
def modern(demo_cms_source, tmp_path_factory):
    """A current WordPress export (https namespaces, Gutenberg blocks, a password-protected post)."""
    from PIL import Image

    from tests.cms import wxr_exports as wxr

    folder = tmp_path_factory.mktemp("modern")
    (folder / "pictures").mkdir()
    for name in ("a.png", "b.png"):
        Image.new("RGB", (40, 30), (200, 120, 90)).save(folder / "pictures" / name)
    export = folder / "export.xml"
    export.write_text(
        wxr.export(
            wxr.attachment(901, "pictures/a.png", "A calm room"),
            wxr.item(title="Every block", post_id=1178, slug="every-block", content=wxr.GUTENBERG),
            wxr.item(
                title="Members only",
                post_id=1179,
                slug="members-only",
                password="hunter2",
                content="<p>Secret text.</p>",
            ),
        )
    )
    cms = copy_cms(demo_cms_source, folder / "var")
    output = cms.manage("import_wxr", str(export))
    cms.start()
    yield cms, output
    cms.stop()


def test_imported_blocks_render_on_the_site(modern):
    cms, output = modern
    client = make_site(cms.api_url).test_client()

    answer = client.get("/articles/every-block/")
    assert answer.status_code == 200, output
    page = BeautifulSoup(answer.get_data(as_text=True), "html.parser")
    table = page.find("table", class_="body-table")
    assert [th.get_text() for th in table.find_all("th")] == [
        "Session",
        "Price",
    ] and table.caption.get_text() == "Our prices"
    code = page.find("pre", class_="code-block")
    assert code["data-language"] == "python" and 'return "slowly"' in code.get_text() and "\n" in code.get_text()
    assert page.find("p", class_="verse").get_text() == "Breathe in,\nbreathe out."
    card = page.find("p", class_="link-card")  # no internet here: YouTube cannot answer, so a link card
    assert card.a["href"] == "https://www.youtube.com/watch?v=abc123"
    assert page.find("hr", class_="separator") and page.find("ul", class_="gallery")
    assert page.find("p", class_="buttons").a["href"] == "https://book.example/"
    assert "wp:" not in answer.get_data(as_text=True) and "[" not in page.find("article").get_text()
    assert "frame-src https://www.youtube.com" in answer.headers["Content-Security-Policy"]


def test_old_short_addresses_and_the_password_protected_post(modern):
    cms, _output = modern
    client = make_site(cms.api_url).test_client()

    for old in ("/?p=1178", "/?page_id=1178", "/2024/03/14/every-block/"):
        moved = client.get(old)
        assert moved.status_code == 301, old
        assert moved.headers["Location"].endswith("/articles/every-block/")
    assert client.get("/?p=999999").status_code == 404
    assert client.get("/").status_code == 200
    secret = client.get("/articles/members-only/")
    assert secret.status_code == 404 and "Secret text" not in secret.get_data(as_text=True)  # private, never public
    assert "Members only" not in client.get("/articles/").get_data(as_text=True)
