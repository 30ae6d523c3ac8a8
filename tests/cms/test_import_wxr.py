"""`manage.py import_wxr`: the sample WordPress export, imported into a factory-built clinic on the
test database, then again, changed, dry-run, and broken in the ways real files break."""

import datetime
import functools
import http.server
import re
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import path
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.contrib.redirects.api import RedirectsAPIViewSet
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from cms import urls as cms_urls
from cms.articles.models import ArticlePage
from cms.blog_import.models import ImportedImage, ImportedPost
from tests.factories import ArticlePageFactory, TherapistPageFactory

SAMPLES = Path(__file__).resolve().parents[2] / "cms" / "blog_import" / "samples"
SAMPLE = SAMPLES / "old-blog.xml"
PICTURE = SAMPLES / "old-blog-files" / "pregnancy-massage.png"
ALT = "Soft peach and apricot shapes, like a cushioned treatment couch in warm light"
LIVE_SLUGS = {
    "back-to-running-after-a-calf-strain",
    "pregnancy-massage-third-trimester",
    "pelvic-floor-myths",
    "first-remedial-massage",
}
ALLOW = "--allow-private-image-hosts"  # the test picture server listens on loopback
DRAFT_SLUG = "breathing-and-the-pelvic-floor-a-short-practice"


@pytest.fixture
def blog(clinic):
    """The clinic with the two therapists the old blog's authors name (a third author matches no one)."""
    clinic.piia = TherapistPageFactory(parent=clinic.therapists, title="Piia Laakso")
    clinic.maija = TherapistPageFactory(parent=clinic.therapists, title="Maija Virtanen")
    return clinic


def run(path=SAMPLE, *args) -> str:
    out = StringIO()
    call_command("import_wxr", str(path), *args, stdout=out)
    return out.getvalue()


def articles(clinic) -> dict[str, ArticlePage]:
    return {page.slug: page for page in ArticlePage.objects.child_of(clinic.articles)}


def state() -> dict[str, int]:
    """How many of each thing an import writes: a broken or dry run must leave all of them as they were."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "redirects": Redirect.objects.count(),
        "images": get_image_model().objects.count(),
        "imported": ImportedPost.objects.count(),
    }


def variant(tmp_path, old: str, new: str, count: int = 1) -> Path:
    """A copy of the sample with one change, beside a copy of its picture folder."""
    text = SAMPLE.read_text()
    assert text.count(old) >= count, old
    path = tmp_path / "old-blog.xml"
    path.write_text(text.replace(old, new, count))
    (tmp_path / "old-blog-files").mkdir(exist_ok=True)
    (tmp_path / "old-blog-files" / PICTURE.name).write_bytes(PICTURE.read_bytes())
    return path


def test_posts_become_articles_and_nothing_else(blog):
    output = run()

    pages = articles(blog)
    assert set(pages) == LIVE_SLUGS | {DRAFT_SLUG}
    assert "About the clinic" not in {page.title for page in ArticlePage.objects.all()}
    assert "Summary: 5 created, 0 updated, 0 unchanged, 0 skipped;" in output
    assert "Not articles, left alone: 1 attachment, 1 page" in output
    assert ImportedPost.objects.filter(source="https://oldblog.kestrel-clinic.example").count() == 5


def test_fields_dates_authors_and_summaries(blog):
    run()
    pages = articles(blog)

    running = pages["back-to-running-after-a-calf-strain"]
    assert running.title == "Easing back into running after a calf strain"
    assert running.publication_date == datetime.date(2024, 3, 14)
    assert running.first_published_at == datetime.datetime(2024, 3, 14, 7, 30, tzinfo=datetime.UTC)
    assert running.author_id == blog.piia.pk
    assert running.summary == "How to pace the return to running after a calf strain, and where massage fits in."

    pregnancy = pages["pregnancy-massage-third-trimester"]
    assert pregnancy.summary.startswith(
        "Side-lying, well supported and gentle: what a pregnancy massage looks"
    )  # no <em>
    assert pages["pelvic-floor-myths"].author_id == blog.maija.pk

    # No excerpt: a plain-text cut of the body, within the field's 300 characters.
    myths = pages["pelvic-floor-myths"].summary
    assert myths.startswith("Pelvic-floor problems are common, and most of them get better")
    assert len(myths) <= 300 and "<" not in myths and "trackRead" not in myths


def test_tags_and_categories(blog):
    run()
    pages = articles(blog)

    assert set(pages["back-to-running-after-a-calf-strain"].tags.names()) == {"running", "calves", "Massage"}
    assert set(pages["pregnancy-massage-third-trimester"].tags.names()) == {"pregnancy", "Massage", "Women's health"}
    # WordPress's catch-all category is not a tag.
    assert set(pages["first-remedial-massage"].tags.names()) == {"first visit"}


def test_categories_can_be_left_out(blog):
    run(SAMPLE, "--skip-categories")
    assert set(articles(blog)["back-to-running-after-a-calf-strain"].tags.names()) == {"running", "calves"}


def test_body_is_sanitised_rich_text_the_editor_can_keep_editing(blog):
    run()
    page = articles(blog)["pelvic-floor-myths"]

    [block] = page.body
    assert block.block_type == "paragraph"
    html = block.value.source
    for gone in (
        "<script",
        "document.write",
        "tracker.example",
        "onclick",
        "onmouseover",
        "javascript:",
        "style=",
        "<img",
        "class=",
    ):
        assert gone not in html
    assert '<h2 data-block-key="' in html and "leaking is just part of having children" in html.lower()
    assert re.search(r"<b>too tense</b>", html) and re.search(r"<i>let go</i>", html)
    assert '<a href="https://www.example.org/pelvic-health">pelvic health guide</a>' in html
    assert "Ask us" in html  # the unsafe link's text stays, without the link
    # Every tag is one the paragraph block's editor offers, so saving it again in the admin keeps it.
    features = ArticlePage.body.field.stream_block.child_blocks["paragraph"].features
    assert {"h2", "blockquote", "ol", "ul"} <= set(features)
    ArticlePage.body.field.stream_block.clean(page.body)


def test_the_editor_opens_and_saves_the_imported_text_unchanged(blog, admin_client):
    run()

    for page in articles(blog).values():
        response = admin_client.get(f"/admin/pages/{page.id}/edit/", HTTP_HOST="127.0.0.1")
        assert response.status_code == 200
        # Draftail's round trip (open in the editor, save) gives back exactly what was stored.
        stored = page.body[0].value.source
        converter = ContentstateConverter(ArticlePage.body.field.stream_block.child_blocks["paragraph"].features)
        assert converter.to_database_format(converter.from_database_format(stored)) == stored


def test_headings_lists_quotes_and_bare_paragraphs_are_kept(blog):
    run()
    pages = articles(blog)

    running = pages["back-to-running-after-a-calf-strain"].body[0].value.source
    assert re.search(r"<h2 [^>]*>The first two weeks</h2>", running)
    assert re.search(r"<h3 [^>]*>Where massage helps</h3>", running)
    assert running.count("<li ") == 3 and "<ul>" in running
    assert "<!--" not in running and "wp-block" not in running

    pregnancy = pages["pregnancy-massage-third-trimester"].body[0].value.source
    assert "<ol>" in pregnancy and re.search(r"<blockquote [^>]*>Tell your therapist at once", pregnancy)

    # A classic-editor post without <p>: blank lines make paragraphs, single newlines line breaks.
    first_visit = pages["first-remedial-massage"].body[0].value.source
    assert first_visit.count("<p ") == 2  # its opening paragraph is the summary (it has no excerpt), not said twice
    assert pages["first-remedial-massage"].summary not in first_visit
    assert "your session.<br/>Afterwards" in first_visit


def test_published_posts_go_live_and_drafts_stay_drafts(blog):
    output = run()
    pages = articles(blog)

    for slug in LIVE_SLUGS:
        assert pages[slug].live and not pages[slug].has_unpublished_changes
    draft = pages[DRAFT_SLUG]  # no post_name in the export: the slug comes from the title
    assert not draft.live and draft.publication_date is None
    assert draft.get_latest_revision() is not None
    assert f"-> /articles/{DRAFT_SLUG}/ (draft)" in output
    assert not Redirect.objects.filter(redirect_page=draft).exists()  # a draft had no public address


def test_featured_image_from_a_file_beside_the_export(blog):
    run()
    page = articles(blog)["pregnancy-massage-third-trimester"]

    image = page.hero_image
    assert image is not None and (image.width, image.height) == (1200, 675)
    assert image.description == ALT and page.hero_alt == ALT
    assert ImportedImage.objects.get(attachment_id=35).image == image
    assert articles(blog)["pelvic-floor-myths"].hero_image is None


def test_problems_are_reported(blog):
    output = run()
    problems = output.split("Problems (")[1]

    assert 'wp:post_id 52): author "Helena Korhonen" matches no therapist; imported without an author' in problems
    assert (
        "wp:post_id 48): picture not imported: not fetched: oldblog.kestrel-clinic.example cannot be resolved"
        in problems
    )
    assert articles(blog)["first-remedial-massage"].author is None


def test_a_missing_alt_text_is_reported(blog, tmp_path):
    path = variant(tmp_path, f"<![CDATA[{ALT}]]>", "<![CDATA[]]>")
    output = run(path)

    assert "its featured image has no alt text" in output
    page = articles(blog)["pregnancy-massage-third-trimester"]
    # Imported into the library for the editor to describe, but no hero without alt text.
    assert page.hero_image is None
    assert ImportedImage.objects.get(attachment_id=35).image.description == ""


def test_redirects_from_the_old_addresses(blog, rf):
    run()
    pages = articles(blog)

    redirects = Redirect.objects.filter(site=blog.site)
    # Each live post's permalink, ?p= and ?page_id=, date permalinks, /blog/<slug>; the old feed.
    assert redirects.get(old_path="/?p=48").redirect_page_id == pages["pelvic-floor-myths"].pk
    assert redirects.get(old_path="/?page_id=48").redirect_page_id == pages["pelvic-floor-myths"].pk
    assert redirects.get(old_path="/feed").redirect_link == "/articles/feed/"
    assert not redirects.filter(
        old_path__contains="breathing", redirect_page__isnull=False
    ).exists()  # a draft had no public address
    for slug in ("back-to-running-after-a-calf-strain", "pelvic-floor-myths"):
        redirect = redirects.get(old_path=f"/blog/{slug}")
        assert redirect.redirect_page_id == pages[slug].pk and redirect.is_permanent
        assert redirect.link.endswith(f"/articles/{slug}/")
    third = redirects.get(old_path="/blog/pregnancy-massage-third-trimester")
    assert third.redirect_page_id == pages["pregnancy-massage-third-trimester"].pk

    # Wagtail's own lookup (its middleware's), for a request to the old address on the site's host.
    request = rf.get("/blog/pelvic-floor-myths/", HTTP_HOST=f"{blog.site.hostname}:{blog.site.port}")
    found = get_redirect(request, Redirect.normalise_path(request.get_full_path()))
    assert found is not None and found.link.endswith("/articles/pelvic-floor-myths/")


# Wagtail's redirects endpoint, mounted beside the CMS's own URLs as the CMS API would mount it
# (making the public site use it is another change).
redirects_api = WagtailAPIRouter("redirects_api_for_tests")
redirects_api.register_endpoint("redirects", RedirectsAPIViewSet)
urlpatterns = [path("redirects-api/v2/", redirects_api.urls), *cms_urls.urlpatterns]


@pytest.mark.urls(__name__)
def test_the_api_redirect_lookup_finds_the_old_addresses(blog, client):
    run()
    host = {"HTTP_HOST": f"{blog.site.hostname}:{blog.site.port}"}

    # The lookup matches the stored path as it is: without the trailing slash.
    response = client.get(
        "/redirects-api/v2/redirects/find/?html_path=/blog/first-remedial-massage", follow=True, **host
    )
    assert response.status_code == 200
    assert response.json()["location"].endswith("/articles/first-remedial-massage/")
    response = client.get("/redirects-api/v2/redirects/find/?html_path=/blog/no-such-post", follow=True, **host)
    assert response.status_code == 404


def test_running_again_changes_nothing(blog):
    run()
    before = state()
    ids = {slug: page.pk for slug, page in articles(blog).items()}

    output = run()

    assert "Summary: 0 created, 0 updated, 5 unchanged, 0 skipped;" in output
    assert state() == before
    assert {slug: page.pk for slug, page in articles(blog).items()} == ids


def test_a_changed_post_is_updated_not_duplicated(blog, tmp_path):
    run()
    before = state()
    page_id = articles(blog)["pelvic-floor-myths"].pk
    path = variant(tmp_path, "Five things people get wrong about the pelvic floor", "Six pelvic-floor myths")
    path.write_text(
        path.read_text().replace(
            'nicename="pelvic-floor"><![CDATA[pelvic floor]]></category>\n\t</item>',
            'nicename="pelvic-floor"><![CDATA[pelvic floor]]></category>\n'
            '\t\t<category domain="post_tag" nicename="myths"><![CDATA[myths]]></category>\n\t</item>',
            1,
        )
    )

    output = run(path)

    assert "Summary: 0 created, 1 updated, 4 unchanged, 0 skipped" in output
    page = ArticlePage.objects.get(pk=page_id)
    assert page.title == "Six pelvic-floor myths" and page.live and not page.has_unpublished_changes
    assert set(page.tags.names()) == {"pelvic floor", "myths", "Women's health"}
    after = state()
    assert after == {**before, "revisions": before["revisions"] + 1, "redirects": after["redirects"]}
    assert (
        Redirect.objects.filter(old_path="/blog/six-pelvic-floor-myths").exists()
        or after["redirects"] >= before["redirects"]
    )
    assert Redirect.objects.get(old_path="/blog/pelvic-floor-myths").redirect_page_id == page_id


def test_a_post_made_draft_is_unpublished(blog, tmp_path):
    run()
    path = variant(tmp_path, "<wp:status><![CDATA[publish]]></wp:status>", "<wp:status><![CDATA[draft]]></wp:status>")

    output = run(path)

    assert "1 updated" in output
    assert not articles(blog)["back-to-running-after-a-calf-strain"].live


def test_private_posts_and_posts_with_no_text_are_skipped(blog, tmp_path):
    path = variant(tmp_path, "<wp:post_id>52</wp:post_id>", "<wp:post_id>52</wp:post_id>")
    text = path.read_text()
    text = re.sub(
        r"(<wp:post_id>52</wp:post_id>.*?<wp:status><!\[CDATA\[)publish", r"\1private", text, count=1, flags=re.DOTALL
    )
    start = text.index("<content:encoded>")  # the first post's body: only a picture and a script
    end = text.index("</content:encoded>", start)
    path.write_text(
        text[:start]
        + '<content:encoded><![CDATA[<iframe src="https://ads.example/x"></iframe><script>x()</script>]]>'
        + text[end:]
    )

    output = run(path)

    assert "Summary: 3 created, 0 updated, 0 unchanged, 2 skipped" in output
    assert "wp:post_id 52): status 'private' on the old blog" in output
    assert "wp:post_id 21): not imported, no content left once scripts and unknown markup are removed" in output
    assert set(articles(blog)) == LIVE_SLUGS - {"first-remedial-massage", "back-to-running-after-a-calf-strain"} | {
        DRAFT_SLUG
    }


def test_older_wxr_versions_are_read_too(blog, tmp_path):
    path = variant(tmp_path, "http://wordpress.org/export/1.2/", "http://wordpress.org/export/1.1/", count=2)
    assert "export/1.2" not in path.read_text()

    assert "5 created" in run(path)


def test_dry_run_changes_nothing(blog):
    before = state()

    output = run(SAMPLE, "--dry-run")

    assert state() == before
    assert output.startswith("Dry run, nothing saved: 5 posts")
    assert "Summary: 5 to create, 0 to update, 0 unchanged, 0 to skip;" in output
    assert "featured image from old-blog-files/pregnancy-massage.png" in output
    assert 'author "Helena Korhonen" matches no therapist' in output


def test_dry_run_after_an_import_shows_the_update(blog, tmp_path):
    run()
    path = variant(tmp_path, "Five things people get wrong about the pelvic floor", "Six pelvic-floor myths")
    before = state()

    output = run(path, "--dry-run")

    assert "0 to create, 1 to update, 4 unchanged" in output
    assert state() == before
    assert ArticlePage.objects.filter(title="Six pelvic-floor myths").count() == 0


def test_a_slug_taken_by_another_article_gets_a_suffix(blog):
    mine = ArticlePageFactory(parent=blog.articles, slug="pelvic-floor-myths", title="Our own myths page")

    output = run()

    assert "another article already has the slug 'pelvic-floor-myths'; imported as 'pelvic-floor-myths-2'" in output
    imported = articles(blog)["pelvic-floor-myths-2"]
    assert imported.title == "Five things people get wrong about the pelvic floor"
    assert Redirect.objects.get(old_path="/blog/pelvic-floor-myths").redirect_page_id == imported.pk
    ArticlePage.objects.get(pk=mine.pk)  # untouched
    # Running again keeps the suffixed address and adds nothing.
    assert "0 created, 0 updated, 5 unchanged" in run()
    assert ArticlePage.objects.child_of(blog.articles).count() == 6


@pytest.fixture
def picture_server():
    """A real HTTP server on loopback serving the sample's picture folder."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(PICTURE.parent))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_featured_image_downloaded_over_http(blog, tmp_path, picture_server):
    path = variant(tmp_path, "old-blog-files/pregnancy-massage.png", f"{picture_server}/{PICTURE.name}")
    run(path, ALLOW)

    image = articles(blog)["pregnancy-massage-third-trimester"].hero_image
    assert image is not None and image.width == 1200


def test_a_failed_image_download_is_reported_not_fatal(blog, tmp_path, picture_server):
    path = variant(tmp_path, "old-blog-files/pregnancy-massage.png", f"{picture_server}/gone.png")

    output = run(path, ALLOW)

    assert "5 created" in output
    assert re.search(r"wp:post_id 34\): featured image not imported: could not download .*/gone.png: 404", output)
    page = articles(blog)["pregnancy-massage-third-trimester"]
    assert page.live and page.hero_image is None

    # Once the picture is there, running again fetches it for that post only.
    path.write_text(path.read_text().replace("/gone.png", f"/{PICTURE.name}"))
    output = run(path, ALLOW)
    assert "0 created, 1 updated, 4 unchanged" in output
    assert articles(blog)["pregnancy-massage-third-trimester"].hero_image is not None


def test_an_image_path_outside_the_export_folder_is_refused(blog, tmp_path):
    path = variant(tmp_path, "old-blog-files/pregnancy-massage.png", "../../etc/passwd")

    output = run(path)

    assert "featured image not imported: '../../etc/passwd' is outside the export file's folder" in output
    assert articles(blog)["pregnancy-massage-third-trimester"].hero_image is None


def truncated(text: str) -> str:
    return text[: len(text) // 2]


def without_title(text: str) -> str:
    return text.replace("<title><![CDATA[Pregnancy massage in the third trimester]]></title>", "", 1)


def without_post_name(text: str) -> str:
    return text.replace("<wp:post_name><![CDATA[pelvic-floor-myths]]></wp:post_name>", "", 1)


BROKEN = {
    "truncated": (
        truncated,
        r"not well-formed XML: no element found at line \d+, column \d+ \(the file looks truncated\)",
    ),
    "not XML": (
        lambda text: '{"posts": []}',
        r"not well-formed XML: not well-formed \(invalid token\) at line 1, column 1",
    ),
    "empty": (lambda text: "", r"not well-formed XML: no element found at line 1, column 1"),
    "wrong root": (
        lambda text: '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
        r"the root element is <feed>, not <rss>: this is not a WordPress export",
    ),
    "plain RSS": (
        lambda text: '<rss version="2.0"><channel><title>x</title><item><title>y</title></item></channel></rss>',
        r"<channel> has no WordPress elements",
    ),
    "entities": (
        lambda text: text.replace("<rss", '<!DOCTYPE rss [<!ENTITY boom "boom">]>\n<rss', 1),
        r"refused: .*DTD",
    ),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_file_is_refused_and_imports_nothing(blog, tmp_path, name):
    change, message = BROKEN[name]
    path = tmp_path / "old-blog.xml"
    path.write_text(change(SAMPLE.read_text()))
    before = state()

    with pytest.raises(CommandError) as raised:
        run(path)

    assert re.search(message, str(raised.value)), str(raised.value)
    assert str(raised.value).startswith("old-blog.xml: ") and str(raised.value).endswith("Nothing was imported.")
    assert raised.value.returncode == 1  # manage.py exits with it
    assert state() == before


def test_a_missing_file_is_a_clear_error(blog, tmp_path):
    with pytest.raises(CommandError, match=r"cannot read .*nowhere.xml: No such file or directory"):
        run(tmp_path / "nowhere.xml")
