from django.apps import AppConfig


class SiteSyncConfig(AppConfig):
    name = "cms.site_sync"
    label = "site_sync"
    verbose_name = "Public site updates"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)

        disconnect_wagtail_purge_handlers()
        keep_indexes_immediate()


def disconnect_wagtail_purge_handlers():
    """wagtail.contrib.frontend_cache would queue a purge of a published page's own URL (to no
    backend: WAGTAILFRONTENDCACHE is empty); our receivers put that URL in the event's one batch.
    Its app must come before this one in INSTALLED_APPS (ready() runs in that order)."""
    from django.apps import apps
    from wagtail.contrib.frontend_cache import signal_handlers
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished

    for model in apps.get_models():
        if issubclass(model, Page):
            page_published.disconnect(signal_handlers.page_published_signal_handler, sender=model)
            page_unpublished.disconnect(signal_handlers.page_unpublished_signal_handler, sender=model)


def keep_indexes_immediate():
    """Wagtail updates its reference index and its search index with tasks on the default
    backend, now the database one: they would wait for a worker (none runs in tests or in
    one-off commands), and this app's receivers read the reference index while publishing.
    Run both at once, in the saving transaction, as Wagtail does without a task backend.
    (Deleting replaced files stays a queued task: late is harmless there.)"""
    import modelsearch.signal_handlers
    import wagtail.signal_handlers

    for module, name in (
        (wagtail.signal_handlers, "update_reference_index_task"),
        (modelsearch.signal_handlers, "insert_or_update_object_task"),
    ):
        setattr(module, name, getattr(module, name).using(backend="immediate"))
