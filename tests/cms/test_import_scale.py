"""The blog import at scale (issue 17 point 8): a new article is written the short way, and what
Wagtail's own three saves gave it is still there; the queries per post stay the same however many
posts an import has; a post that cannot be saved leaves nothing behind in its batch.
(The timings themselves: bench/import_wxr.py.)"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageLogEntry, ReferenceIndex

from cms.articles.models import ArticlePage
from cms.blog_import import saving
from tests.cms import wxr_exports as wxr

# What one more new post costs in queries. Wagtail's add_child + save_revision + publish took
# about 110; the short way about 40, whatever the number of posts.
QUERIES_PER_POST = 50


def posts(count: int, blog: str = "one", start: int = 1) -> str:
    return wxr.export(
        *(
            wxr.item(
                title=f"Post {number} of {blog}",
                post_id=number,
                slug=f"{blog}-post-{number}",
                link=f"https://{blog}.example/2024/03/{blog}-post-{number}/",
                content=f"<p>Body of post {number}, about recovery{blog}{number}.</p><h2>More</h2><p>Text.</p>",
                excerpt="A short excerpt.",
                status="publish" if number % 4 else "draft",
                extra=f'<category domain="category" nicename="topic-{number % 3}"><![CDATA[Topic {number % 3}]]></category>',
            )
            for number in range(start, start + count)
        ),
        base=f"https://{blog}.example",
    )


def run(tmp_path, text: str, *args) -> str:
    path = tmp_path / "export.xml"
    path.write_text(text)
    out = StringIO()
    call_command("import_wxr", str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def test_a_new_article_has_what_publishing_it_in_wagtail_would_give_it(clinic, tmp_path):
    run(tmp_path, posts(4))
    live = ArticlePage.objects.get(slug="one-post-1")
    draft = ArticlePage.objects.get(slug="one-post-4")

    revision = live.revisions.get()  # exactly one
    assert (live.live, live.has_unpublished_changes) == (True, False)
    assert live.latest_revision == live.live_revision == revision
    assert live.latest_revision_created_at == revision.created_at
    assert live.draft_title == live.title == revision.as_object().title == "Post 1 of one"
    assert live.first_published_at.isoformat() == "2024-03-14T07:30:00+00:00"
    assert live.last_published_at.isoformat() == "2024-03-20T09:00:00+00:00"
    assert sorted(PageLogEntry.objects.filter(page=live).values_list("action", flat=True)) == [
        "wagtail.create",
        "wagtail.publish",
    ]
    assert PageLogEntry.objects.get(page=live, action="wagtail.publish").revision == revision

    draft_revision = draft.revisions.get()
    assert (draft.live, draft.has_unpublished_changes, draft.live_revision) == (False, True, None)
    assert draft.latest_revision == draft_revision
    assert list(PageLogEntry.objects.filter(page=draft).values_list("action", flat=True)) == ["wagtail.create"]

    # Its tags, in the reference index (Wagtail's "usage") and the search index.
    assert set(live.tags.names()) == {"Tables & code", "Topic 1"}
    tag = Tag.objects.get(name="Topic 1")
    assert ReferenceIndex.get_references_to(tag).filter(object_id=str(live.pk)).exists()
    assert list(ArticlePage.objects.live().search("recoveryone1")) == [live]


def test_queries_per_post_stay_the_same_as_the_import_grows(clinic, tmp_path):
    with CaptureQueriesContext(connection) as few:
        run(tmp_path, posts(4, "few"))
    with CaptureQueriesContext(connection) as many:
        run(tmp_path, posts(24, "many"))
    assert ArticlePage.objects.filter(slug__regex=r"^(few|many)-post-").count() == 28
    per_post = (len(many) - len(few)) / 20
    assert per_post <= QUERIES_PER_POST, f"{per_post:.0f} queries for each more post"


def test_a_post_that_cannot_be_saved_leaves_nothing_behind_and_the_rest_of_its_batch_is_kept(
    clinic, tmp_path, monkeypatch
):
    monkeypatch.setattr(saving, "BATCH", 3)  # the broken post in the middle of a batch
    text = posts(5).replace("<wp:post_name><![CDATA[one-post-2]]>", "<wp:post_name><![CDATA[feed]]>")
    out = run(tmp_path, text)

    assert "cannot be saved" in out and "/articles/feed/ is an address the site uses itself" in out
    assert sorted(ArticlePage.objects.filter(slug__startswith="one-").values_list("slug", flat=True)) == [
        "one-post-1",
        "one-post-3",
        "one-post-4",
        "one-post-5",
    ]
    published = PageLogEntry.objects.filter(action="wagtail.publish", label__endswith=" of one")
    assert sorted(published.values_list("label", flat=True)) == ["Post 1 of one", "Post 3 of one", "Post 5 of one"]
    assert sorted(published.values_list("page__slug", flat=True)) == ["one-post-1", "one-post-3", "one-post-5"]
    assert not Redirect.objects.filter(old_path__contains="one-post-2").exists()
    assert Redirect.objects.filter(old_path="/2024/03/one-post-5").exists()


@pytest.mark.parametrize("batch", [1, 2])
def test_redirects_written_per_batch_keep_the_first_claim_and_update_on_a_re_run(clinic, tmp_path, monkeypatch, batch):
    """Two posts with the same old address: the first keeps it, in whichever batch each falls."""
    monkeypatch.setattr(saving, "BATCH", batch)
    first, second = (
        wxr.item(title=title, post_id=number, slug=slug, link="https://one.example/same/")
        for number, title, slug in ((1, "First", "first"), (2, "Second", "second"))
    )
    run(tmp_path, wxr.export(first, second, base="https://one.example"))
    articles = {page.slug: page.pk for page in ArticlePage.objects.filter(slug__in=["first", "second"])}
    assert Redirect.objects.get(old_path="/same").redirect_page_id == articles["first"]
    count = Redirect.objects.count()

    run(tmp_path, wxr.export(first, second, base="https://one.example"))  # nothing changed: nothing added
    assert Redirect.objects.count() == count

    # The first post is a draft now: the address goes to the second, updated in place.
    first = first.replace("<![CDATA[publish]]>", "<![CDATA[draft]]>")
    run(tmp_path, wxr.export(first, second, base="https://one.example"))
    assert Redirect.objects.get(old_path="/same").redirect_page_id == articles["second"]
    assert Redirect.objects.count() == count
