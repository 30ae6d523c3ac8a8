from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = "Clinic site: shared parts"

    def ready(self):
        from . import picture_tasks  # noqa: F401 (connects the publish handler)
