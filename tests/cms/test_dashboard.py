"""The clinic's dashboard panels (cms/editorial/dashboard.py) and an editor's whole journey through
the real admin views: add an article, save a draft, schedule it, publish it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.articles.models import ArticlePage
from tests.cms.admin_pages import soup, text
from tests.factories import ArticlePageFactory, ServicePageFactory, TherapistPageFactory

pytestmark = pytest.mark.django_db

OVERDUE_WARNING = "scheduled publishing is not running"


def panel(admin_client, name: str):
    """The dashboard panel `name` (drafts, scheduled, overdue, latest), or None when not shown."""
    return soup(admin_client.get("/admin/")).select_one(f"#clinic-{name}-section")


def panel_rows(admin_client, name: str) -> list[str]:
    section = panel(admin_client, name)
    return [text(row) for row in section.select("tbody tr")] if section else []


def titles_in(admin_client, name: str) -> list[str]:
    section = panel(admin_client, name)
    return [text(link) for link in section.select("tbody td.title a")] if section else []


def schedule(page, go_live_at):
    """Publish with a go-live time, as the admin's "Schedule to publish" does."""
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()
    return revision


def test_the_dashboard_lists_drafts_with_who_edited_them(admin_client, clinic):
    ArticlePageFactory(parent=clinic.articles, title="Finished article")
    draft = ArticlePageFactory(parent=clinic.articles, title="Half-written article", publish=False)
    draft.save_revision(user=admin_client.user)
    changed = TherapistPageFactory(parent=clinic.therapists, title="Piia Dashboard")
    changed.role = "Head physiotherapist"
    changed.save_revision()  # a live page with unpublished changes
    rows = panel_rows(admin_client, "drafts")
    assert any("Half-written article" in row and "Article" in row and row.endswith("you") for row in rows)
    assert any("Piia Dashboard" in row and "Therapist" in row for row in rows)
    assert "Finished article" not in titles_in(admin_client, "drafts")


def test_only_clinic_pages_appear(admin_client, clinic):
    stray = Page.get_first_root_node().add_child(instance=Page(title="Stray base page", slug="stray", live=False))
    stray.save_revision()
    assert "Stray base page" not in titles_in(admin_client, "drafts")


def test_scheduled_go_live_and_expiry_are_listed_with_their_times(admin_client, clinic):
    soon = timezone.now() + datetime.timedelta(hours=3)
    later = timezone.now() + datetime.timedelta(days=2)
    upcoming = ArticlePageFactory(parent=clinic.articles, title="Coming in spring", publish=False)
    schedule(upcoming, later)
    offer = ServicePageFactory(parent=clinic.services, title="Summer offer")
    offer.expire_at = soon
    offer.save_revision().publish()

    rows = panel_rows(admin_client, "scheduled")
    assert [row.split(" Expires")[0].split(" Goes live")[0] for row in rows[:2]] == [
        "Summer offer Service",
        "Coming in spring Article",
    ]
    assert f"Expires {timezone.localtime(soon):%a %-d %b %Y, %H:%M}" in rows[0]
    assert f"Goes live {timezone.localtime(later):%a %-d %b %Y, %H:%M}" in rows[1]
    assert panel(admin_client, "overdue") is None  # nothing is late


def test_overdue_pages_say_the_scheduler_is_not_running_until_it_runs(admin_client, clinic):
    late = ArticlePageFactory(parent=clinic.articles, title="Should be live by now", publish=False)
    revision = schedule(late, timezone.now() + datetime.timedelta(days=1))
    past = timezone.now() - datetime.timedelta(hours=1)
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past)
    revision.content["go_live_at"] = past.isoformat()
    Revision.objects.filter(pk=revision.pk).update(content=revision.content)
    stale = ArticlePageFactory(parent=clinic.articles, title="Should have expired")
    ArticlePage.objects.filter(pk=stale.pk).update(expire_at=past)

    overdue = panel(admin_client, "overdue")
    assert overdue is not None and OVERDUE_WARNING in text(overdue).lower()
    assert "run_scheduler" in text(overdue)
    assert set(titles_in(admin_client, "overdue")) >= {"Should be live by now", "Should have expired"}
    assert "Should be live by now" not in titles_in(admin_client, "scheduled")

    call_command("publish_scheduled")  # what the scheduler does every interval
    assert panel(admin_client, "overdue") is None
    latest = titles_in(admin_client, "latest")
    assert "Should be live by now" in latest and "Should have expired" not in latest


def test_an_editor_who_is_not_a_superuser_gets_the_panels(client, clinic):
    user = get_user_model().objects.create_user("ed", "ed@example.com", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    ArticlePageFactory(parent=clinic.articles, title="Editors can see this", publish=False)
    assert "Editors can see this" in titles_in(client, "drafts")
    assert "Editors can see this" in text(soup(client.get("/admin/articles/")))


def test_latest_published_comes_first(admin_client, clinic):
    ArticlePageFactory(parent=clinic.articles, title="Older news")
    ServicePageFactory(parent=clinic.services, title="Newest service")
    assert titles_in(admin_client, "latest")[:2] == ["Newest service", "Older news"]


def test_the_dashboard_costs_the_same_queries_for_more_pages(admin_client, clinic):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/admin/").status_code == 200
        return len(captured.captured_queries)

    def add_draft_and_scheduled(n: int):
        ArticlePageFactory(parent=clinic.articles, publish=False)
        schedule(
            ArticlePageFactory(parent=clinic.articles, publish=False), timezone.now() + datetime.timedelta(days=n + 1)
        )

    add_draft_and_scheduled(0)  # an empty list costs no query at all: start with one of each
    queries()  # the first request fills Django's in-process caches (content types)
    before = queries()
    for n in range(1, 7):
        add_draft_and_scheduled(n)
    assert queries() == before


def article_form(title: str, **extra) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "summary": "A short summary.",
            "publication_date": "",
            "author": "",
            "tags": "",
            "hero_image": "",
            "hero_alt": "",
            "body": streamfield([("paragraph", rich_text("<p>Some text.</p>"))]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            **extra,
        }
    )


def test_an_editor_adds_saves_schedules_and_publishes_an_article(admin_client, clinic):
    add_url = f"/admin/pages/add/articles/articlepage/{clinic.articles.id}/"
    form = article_form("Stretching after a run")
    form["slug"] = "stretching-after-a-run"
    created = admin_client.post(add_url, form)  # "Save draft"
    article = ArticlePage.objects.get(slug="stretching-after-a-run")
    assert created.status_code == 302 and created.headers["Location"] == f"/admin/pages/{article.id}/edit/"
    assert not article.live and "Stretching after a run" in titles_in(admin_client, "drafts")
    listed = {text(row) for row in soup(admin_client.get("/admin/articles/")).select("tbody tr")}
    assert any(row.startswith("Stretching after a run") and "draft" in row for row in listed)

    edit_url = f"/admin/pages/{article.id}/edit/"
    go_live = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    scheduled = admin_client.post(
        edit_url, {**form, "go_live_at": f"{go_live:%Y-%m-%d %H:%M}", "action-publish": "action-publish"}
    )
    assert scheduled.status_code == 302
    article.refresh_from_db()
    assert not article.live
    rows = panel_rows(admin_client, "scheduled")
    assert any("Stretching after a run" in row and f"{go_live:%H:%M}" in row for row in rows)

    # A scheduled page is locked until the schedule is cancelled: the editor cancels it, then publishes now.
    revision = Revision.page_revisions.get(object_id=str(article.id), approved_go_live_at__isnull=False)
    cancelled = admin_client.post(f"/admin/pages/{article.id}/revisions/{revision.id}/unschedule/")
    assert cancelled.status_code == 302 and "Stretching after a run" not in titles_in(admin_client, "scheduled")
    published = admin_client.post(edit_url, {**form, "go_live_at": "", "action-publish": "action-publish"})
    assert published.status_code == 302
    article.refresh_from_db()
    assert article.live and not article.has_unpublished_changes
    assert titles_in(admin_client, "latest")[0] == "Stretching after a run"
    assert "Stretching after a run" not in titles_in(admin_client, "drafts") + titles_in(admin_client, "scheduled")
    # The API serves it: the public site can show it.
    answer = admin_client.get("/api/v2/pages/find/", {"html_path": "/articles/stretching-after-a-run/"})
    assert answer.status_code == 200 and answer.json()["title"] == "Stretching after a run"
