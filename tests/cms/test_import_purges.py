"""A blog import tells the site once: one purge of everything when it is done, not one purge per
published post and redirect (which would cost more to work out than the import itself)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from cms.articles.models import ArticlePage
from cms.site_sync.cache_backends import SITE_BACKEND
from cms.site_sync.purging import SitePurge, in_bulk_change, one_purge_for_everything, queue_purge
from cms.site_sync.waiting import purge_tasks

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "cms" / "blog_import" / "samples" / "old-blog.xml"


@pytest.fixture
def site_backend(settings, clinic):
    """The site as the one backend, once the clinic is built (its own publishes are not the import's)."""
    settings.SITE_PURGE_URL = "http://site.invalid/_cms/purge"
    settings.SITE_PURGE_BACKENDS = {"site": {"BACKEND": SITE_BACKEND}}
    purge_tasks().delete()
    return clinic


def queued_batches() -> list[dict]:
    return [task.args_kwargs["args"][1] for task in purge_tasks().order_by("enqueued_at")]


def test_an_import_queues_one_purge_of_everything(site_backend):
    call_command("import_wxr", str(SAMPLE), "--no-progress", stdout=StringIO())
    assert ArticlePage.objects.child_of(site_backend.articles).live().exists()  # it did publish articles
    batches = queued_batches()
    assert [(batch["event"], batch["all"]) for batch in batches] == [("blog_imported", True)]


def test_a_dry_run_queues_nothing(site_backend):
    call_command("import_wxr", str(SAMPLE), "--dry-run", "--no-progress", stdout=StringIO())
    assert queued_batches() == []


def test_the_purge_is_queued_even_when_the_bulk_change_fails(site_backend):
    with pytest.raises(RuntimeError), one_purge_for_everything("blog_imported"):
        queue_purge(SitePurge.of_paths("page_published", ["/articles/"]))  # gathered, not queued
        raise RuntimeError("the import stopped half-way")
    assert not in_bulk_change()
    assert [(batch["event"], batch["all"]) for batch in queued_batches()] == [("blog_imported", True)]
