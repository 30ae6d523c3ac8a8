"""`import_wxr` with exports in the shapes real blogs have (issue 17): current WordPress's https
namespaces, items without ids or names, empty titles, every Gutenberg block kind, classic posts
with shortcodes, passwords, comments, sticky posts, old addresses, re-runs; and the guards of
issue 16 (picture size, picture hosts)."""

import datetime
import struct
import zlib
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from PIL import Image
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from cms.articles.models import ArticlePage
from cms.blog_import.models import ImportedPost
from cms.home.models import HomePage
from tests.cms import wxr_exports as wxr
from tests.factories import TherapistPageFactory


def png(width=40, height=30, colour=(200, 120, 90)) -> bytes:
    out = BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def huge_png(width=15000, height=15000) -> bytes:
    """A small file whose header claims 15000×15000 pixels: what a decompression bomb looks like."""
    data = png(1, 1)
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    return data[:12] + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "a.png").write_bytes(png())
    (tmp_path / "pictures" / "b.png").write_bytes(png(colour=(20, 90, 80)))
    return tmp_path


@pytest.fixture
def blog(clinic):
    clinic.piia = TherapistPageFactory(parent=clinic.therapists, title="Piia Laakso", slug="piia-laakso")
    return clinic


def run(folder, text, *args) -> str:
    path = folder / "export.xml"
    path.write_text(text)
    out = StringIO()
    call_command("import_wxr", str(path), *args, stdout=out)
    return out.getvalue()


def page(slug) -> ArticlePage:
    return ArticlePage.objects.get(slug=slug)


ATTACHMENTS = wxr.attachment(901, "pictures/a.png", "A calm room") + wxr.attachment(
    902, "pictures/b.png", "Folded towels"
)


def test_current_wordpress_export_with_every_block_kind(blog, folder):
    text = wxr.export(
        ATTACHMENTS,
        wxr.item(title="Media &amp;amp; Text", post_id=10, slug="blocks", content=wxr.GUTENBERG, sticky=1, comments=3),
        wxr.item(
            title="Title &lt;em&gt;With&lt;/em&gt; Markup",
            post_id=11,
            slug="classic",
            content=wxr.CLASSIC,
            link="https://blog.example/?p=11",
            excerpt="Classic editor post.",
        ),
    )
    output = run(folder, text, "--author", "piia=piia-laakso")

    assert "Summary: 2 created" in output, output
    blocks = page("blocks")
    assert blocks.title == "Media & Text"  # decoded exactly once: WordPress stored "&amp;"
    assert page("classic").title == "Title With Markup"
    kinds = [block.block_type for block in blocks.body]
    assert kinds == [
        "paragraph",
        "table",
        "code",
        "code",
        "code",
        "embed",
        "image",
        "separator",
        "gallery",
        "buttons",
        "quote",
        "paragraph",
    ]
    assert blocks.summary == "A short opening."  # moved out of the body: never said twice
    table = blocks.body[1].value
    assert (
        table["data"] == [["Session", "Price"], ["60 min", "75 €"], ["90 min", "105 €"]]
        and table["first_row_is_table_header"]
    )
    code, pre, verse = (blocks.body[n].value for n in (2, 3, 4))
    assert (code["kind"], code["language"], code["text"]) == ("code", "python", 'def stretch():\n    return "slowly"')
    assert pre["kind"] == "preformatted" and "Monday    9-17\nTuesday" in pre["text"]
    assert verse["kind"] == "verse" and verse["text"] == "Breathe in,\nbreathe out."
    assert blocks.body[5].value.url == "https://www.youtube.com/watch?v=abc123"
    image = blocks.body[6].value
    assert image["image"].width == 40 and image["alt"] == "A calm room" and image["caption"] == "The room"
    assert [item["caption"] for item in blocks.body[8].value] == ["Towels"]
    assert blocks.body[9].value[0]["url"] == "https://book.example/"
    assert "latest-posts block is left out" in output
    assert blocks.author_id == blog.piia.pk  # by login, from --author
    # Dates from the post: first and last publish, so nothing says "Updated" on the import day.
    assert blocks.first_published_at == datetime.datetime(2024, 3, 14, 7, 30, tzinfo=datetime.UTC)
    assert blocks.last_published_at == datetime.datetime(2024, 3, 20, 9, 0, tzinfo=datetime.UTC)
    assert "Comments: 3 on the old blog, counted, not imported." in output
    home = HomePage.objects.get(pk=blog.site.root_page_id)
    assert [link.article_id for link in home.featured_article_links.all()] == [blocks.pk]  # the sticky post

    classic = [block.block_type for block in page("classic").body]
    assert classic == ["paragraph", "embed", "image", "gallery", "paragraph"], classic
    assert "[" not in page("classic").body[-1].value.source.replace("[sic]", "")  # no raw shortcode left
    assert "the [contact-form-7] shortcode is left out" in output
    assert Redirect.objects.get(old_path="/?p=11").redirect_page_id == page("classic").pk
    assert Redirect.objects.get(old_path="/tag/tables-and-code").redirect_link == "/articles/tag/Tables%20&%20code/"


def test_items_without_ids_names_or_titles(blog, folder):
    text = wxr.export(
        wxr.item(title="", post_id=20, slug="no-title-here"),
        wxr.item(title="No ids at all", link="https://blog.example/2024/03/no-ids/"),
        wxr.item(title="Broken", post_id=22, slug="broken", extra="")
        .replace("<content:encoded>", "<x>")
        .replace("</content:encoded>", "</x>"),
        scheme="http",
        version="1.1",
    )
    output = run(folder, text)

    assert "Summary: 2 created" in output, output
    assert page("no-title-here").title == "No title here"
    assert "the post has no title; it was named after its slug or first words" in output
    assert page("no-ids").title == "No ids at all"
    assert 'post "Broken" (item 3): not imported, it has no <content:encoded>' in output
    assert "0 created, 0 updated, 2 unchanged" in run(folder, text)  # the derived identity is stable


def test_password_private_and_trashed_posts_never_leak(blog, folder):
    text = wxr.export(
        wxr.item(title="Secret", post_id=30, slug="secret", password="hunter2"),
        wxr.item(title="Private", post_id=31, slug="private", status="private"),
        wxr.item(title="Binned", post_id=32, slug="binned", status="trash"),
    )
    output = run(folder, text)

    secret = page("secret")
    restriction = PageViewRestriction.objects.get(page=secret)
    assert restriction.restriction_type == PageViewRestriction.PASSWORD and restriction.password == "hunter2"
    assert not ArticlePage.objects.filter(slug__in=["private", "binned"]).exists()
    assert "status 'private'" in output and "status 'trash'" in output


def test_re_runs_keep_deletions_and_edits(blog, folder):
    text = wxr.export(
        wxr.item(title="Keep me", post_id=40, slug="keep"), wxr.item(title="Delete me", post_id=41, slug="delete")
    )
    run(folder, text)
    page("delete").delete()
    edited = page("keep")
    edited.title = "Edited in Wagtail"
    edited.save_revision().publish()

    changed = text.replace("<p>Text.</p>", "<p>New text.</p>")
    output = run(folder, changed)

    assert not ArticlePage.objects.filter(slug="delete").exists()
    assert "its article was deleted in the CMS after an earlier import; it stays deleted" in output
    assert page("keep").title == "Edited in Wagtail"
    assert "edited in Wagtail since the import" in output
    run(folder, changed, "--overwrite-edits")
    assert page("keep").title == "Keep me"


def test_two_sites_exports_never_update_each_other(blog, folder):
    run(folder, wxr.export(wxr.item(title="From A", post_id=50, slug="from-a"), base="https://a.example"))
    output = run(folder, wxr.export(wxr.item(title="From B", post_id=50, slug="from-b"), base="https://b.example"))
    assert "1 created" in output
    assert page("from-a").title == "From A" and page("from-b").title == "From B"
    assert ImportedPost.objects.count() == 2


def test_a_decompression_bomb_is_refused_and_the_post_imported(blog, folder):
    (folder / "pictures" / "bomb.png").write_bytes(huge_png())
    text = wxr.export(
        wxr.attachment(903, "pictures/bomb.png", "Huge"),
        wxr.item(
            title="Bomb",
            post_id=60,
            slug="bomb",
            extra="<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>903</wp:meta_value></wp:postmeta>",
        ),
    )
    output = run(folder, text)
    assert "1 created" in output
    assert "featured image not imported: bomb.png is refused as a decompression bomb" in output
    assert page("bomb").hero_image is None


def test_pictures_over_the_pixel_limit_are_refused(blog, folder):
    text = wxr.export(
        ATTACHMENTS, wxr.item(title="Big", post_id=61, slug="big", content='<img src="pictures/a.png" alt="x">')
    )
    output = run(folder, text, "--max-image-pixels", "100")
    assert "picture not imported: a.png is 40×30 pixels, more than the 100 allowed" in output


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "10.1.2.3", "169.254.169.254", "[::1]", "0.0.0.0"])
def test_picture_addresses_inside_the_network_are_refused(blog, folder, host):
    text = wxr.export(
        wxr.item(title="Probe", post_id=62, slug="probe", content=f'<p>Hi</p><img src="http://{host}:9/x.png" alt="x">')
    )
    output = run(folder, text)
    assert "picture not imported: not fetched:" in output and "loopback, private, link-local or reserved" in output
    assert page("probe").live


def test_progress_is_reported_as_posts_are_handled(blog, folder):
    from cms.blog_import.importer import Importer
    from cms.blog_import.wxr import parse_file

    path = folder / "export.xml"
    path.write_text(wxr.export(*(wxr.item(title=f"Post {n}", post_id=70 + n, slug=f"post-{n}") for n in range(3))))
    seen = []
    outcome = Importer(parse_file(path), folder).run(
        dry_run=True, progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (3, 3) and outcome.counts["create"] == 3
    seen.clear()
    outcome = Importer(parse_file(path), folder).run(progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3) and [plan.action for plan in outcome.plans] == ["create"] * 3


def test_imported_articles_are_in_the_search_index(blog, folder):
    from wagtail.search.backends import get_search_backend

    run(folder, wxr.export(wxr.item(title="Kinesiology tape explained", post_id=80, slug="tape")))
    found = get_search_backend().search("kinesiology", ArticlePage)
    assert [article.slug for article in found] == ["tape"]
