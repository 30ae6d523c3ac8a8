from django.apps import AppConfig


class BlogImportConfig(AppConfig):
    name = "cms.blog_import"
    label = "blog_import"
    verbose_name = "Blog import"
