"""Writing articles in bulk for an import: a new article in one page write, tags looked up once
per batch, and the search index written once per batch.

Wagtail's own path for a new page (add_child as a draft, save_revision, then publish) writes the
page three times, and each write validates the body again, re-reads its comments and tags and
re-indexes its references: most of an import's time. Here a new article is written once, already
live (or a draft) with the old blog's dates, then given its one revision as latest (and live)
revision, with the `wagtail.create` and `wagtail.publish` log entries and the `page_published`
signal publishing would have given it.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch.backends import get_search_backends
from taggit.models import Tag
from wagtail.log_actions import get_active_log_context
from wagtail.models import PageLogEntry, ReferenceIndex, Revision
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from cms.articles.models import ArticlePage


def add_article(index, page: ArticlePage, live: bool, first_published, last_published, logs: list) -> Revision:
    """Add `page` (unsaved) under the articles section with one revision; live or a draft. Its
    `wagtail.publish` log entry is added to `logs`, for the caller to write with its batch's."""
    page.live = live
    page.has_unpublished_changes = not live
    if live:
        page.first_published_at, page.last_published_at = first_published, last_published
    with disable_reference_index_auto_update():  # indexed once below, tags included
        index.add_child(instance=page)  # Wagtail validates a live page in full here and logs wagtail.create
    if not live:
        page.full_clean()  # as save_revision would: a draft is checked in full too
    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        content=page.serializable_data(),
        object_str=str(page),
    )
    page.latest_revision, page.latest_revision_created_at = revision, revision.created_at
    page.draft_title = page.title
    page.live_revision = revision if live else None
    ArticlePage.objects.filter(pk=page.pk).update(
        latest_revision=revision,
        latest_revision_created_at=revision.created_at,
        draft_title=page.title,
        live_revision=page.live_revision,
    )
    ReferenceIndex.create_or_update_for_object(page)
    if live:
        logs.append(publish_entry(page, revision))
        page_published.send(sender=ArticlePage, instance=page, revision=revision)
    return revision


def publish_entry(page: ArticlePage, revision: Revision) -> PageLogEntry:
    """The log entry Wagtail's publish writes (one at a time, each checked with three queries)."""
    context = get_active_log_context()
    return PageLogEntry(
        content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
        label=page.get_admin_display_title(),
        action="wagtail.publish",
        timestamp=timezone.now(),
        data={},
        user=context.user,
        uuid=context.uuid,
        revision=revision,
        content_changed=True,
        page=page,
    )


class Tags:
    """Tag name -> taggit Tag for the whole import: each batch asks the database once for the
    names it has not met yet, and creates those that do not exist."""

    def __init__(self):
        self.known: dict[str, Tag] = {}

    def prepare(self, names) -> None:
        missing = {name for name in names if name not in self.known}
        if not missing:
            return
        for tag in Tag.objects.filter(name__in=missing):
            self.known[tag.name] = tag
        for name in sorted(missing - self.known.keys()):
            self.known[name] = Tag.objects.create(name=name)  # taggit gives it a unique slug

    def __getitem__(self, name: str) -> Tag:
        if name not in self.known:
            self.prepare([name])
        return self.known[name]


@contextmanager
def search_indexed_per_batch(saved: list):
    """Index a batch's saved articles in one write, not on each save: the SQLite index recounts
    its whole table after every write, so one write per article grows with the blog."""
    disconnected = post_save.disconnect(post_save_signal_handler, sender=ArticlePage)
    try:
        yield
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=ArticlePage)
    if saved:
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(ArticlePage, saved)
