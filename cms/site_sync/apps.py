from django.apps import AppConfig


class SiteSyncConfig(AppConfig):
    name = "cms.site_sync"
    label = "site_sync"
    verbose_name = "Public site updates"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)

        disconnect_wagtail_purge_handlers()


def disconnect_wagtail_purge_handlers():
    """wagtail.contrib.frontend_cache purges a published page's own URL at once, inside the
    open transaction; our receivers send that URL in the event's one batch after commit.
    Its app must come before this one in INSTALLED_APPS (ready() runs in that order)."""
    from django.apps import apps
    from wagtail.contrib.frontend_cache import signal_handlers
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished

    for model in apps.get_models():
        if issubclass(model, Page):
            page_published.disconnect(signal_handlers.page_published_signal_handler, sender=model)
            page_unpublished.disconnect(signal_handlers.page_unpublished_signal_handler, sender=model)
