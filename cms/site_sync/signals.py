"""Purge every page that shows a change: publish, unpublish (and so delete and expiry),
move, slug change, scheduled publishing, redirects and the booking settings. One batch per
event, queued with the change for every configured backend (the site first of all)."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.contrib.redirects.models import Redirect
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.articles.models import ArticlePage, ArticleTag
from cms.booking.models import BookingSettings

from .changes import affected_keys, affected_pages, path_from_url_path, redirect_path
from .purging import SitePurge, purges_wanted, queue_purge


@receiver(pre_save, sender=ArticlePage)
def remember_article_position(sender, instance, **kwargs):
    """Where the article stood before this save: its old neighbours need new links too."""
    if instance.pk and purges_wanted():
        before = ArticlePage.objects.filter(pk=instance.pk).values("live", "publication_date", "author_id").first()
        if before is not None:
            # Its tag archives and its author's page listed it under these.
            before["tags"] = list(
                ArticleTag.objects.filter(content_object_id=instance.pk).values_list("tag__name", flat=True)
            )
        instance._site_sync_before = before


def notify_change(event: str, page, extra_paths=()):
    if not purges_wanted():
        return  # nobody to tell, or purged as a whole at the end (purging.one_purge_for_everything)
    before = getattr(page, "_site_sync_before", None)
    paths, _ids = affected_pages(page, before)
    keys = affected_keys(page, before, descendants=bool(extra_paths))
    queue_purge(SitePurge.of_paths(event, paths | {p for p in extra_paths if p}, keys))


@receiver(page_published)
def published(sender, instance, **kwargs):
    # Scheduling a page that was never live sends this at once, before it goes live.
    if instance.live:
        notify_change("page_published", instance)


@receiver(page_unpublished)
def unpublished(sender, instance, **kwargs):
    notify_change("page_unpublished", instance)


def old_addresses(page, url_path_before: str, url_path_after: str) -> list[str]:
    """Where the page and its live descendants were before a slug change or a move (Wagtail
    redirects these addresses; its own purge of them is off, see WAGTAILFRONTENDCACHE)."""
    old_paths = [path_from_url_path(url_path_before)]
    for descendant in page.get_descendants().live():
        old_paths.append(path_from_url_path(descendant.url_path.replace(url_path_after, url_path_before, 1)))
    return old_paths


@receiver(page_slug_changed)
def slug_changed(sender, instance, instance_before, **kwargs):
    if instance.live:
        notify_change(
            "page_slug_changed", instance, old_addresses(instance, instance_before.url_path, instance.url_path)
        )


@receiver(post_page_move)
def moved(sender, instance, url_path_before, url_path_after, **kwargs):
    if instance.live and url_path_before != url_path_after:
        notify_change("page_moved", instance, old_addresses(instance, url_path_before, url_path_after))


@receiver(post_save, sender=BookingSettings)
def booking_settings_saved(sender, instance, **kwargs):
    # Every booking button and footer may show these: purge everything.
    queue_purge(SitePurge.of_everything("booking_settings_changed"))


@receiver(pre_save, sender=Redirect)
def remember_redirect_path(sender, instance, **kwargs):
    """An edited redirect may have left its old path: that address changes too."""
    if instance.pk:
        instance._site_sync_old_path = (
            Redirect.objects.filter(pk=instance.pk).values_list("old_path", flat=True).first()
        )


@receiver(post_save, sender=Redirect)
@receiver(post_delete, sender=Redirect)
def redirect_changed(sender, instance, **kwargs):
    # The site keeps each address's answer (a redirect, or "not found"): refetch it.
    # (Redirects Wagtail creates in bulk on a slug change or move: see old_addresses.)
    paths = {redirect_path(instance.old_path)}
    old_path = instance.__dict__.pop("_site_sync_old_path", None)  # this save's only
    if old_path:
        paths.add(redirect_path(old_path))
    queue_purge(SitePurge.of_paths("redirect_changed", paths))
