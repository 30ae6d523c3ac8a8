from django.apps import AppConfig


class SiteSyncConfig(AppConfig):
    name = "cms.site_sync"
    label = "site_sync"
    verbose_name = "Public site updates"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
