from django.apps import AppConfig


class PreviewConfig(AppConfig):
    name = "cms.preview"
    label = "preview"
    verbose_name = "Preview on the site"
