from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_import(request.user)


urlpatterns = [
    path("", admin_views.IndexView.as_view(), name="index"),
    path("<int:pk>/", admin_views.RunView.as_view(), name="run"),
    path("<int:pk>/progress/", admin_views.ProgressView.as_view(), name="progress"),
    path("<int:pk>/import/", admin_views.StartImportView.as_view(), name="start_import"),
    path("<int:pk>/report.csv", admin_views.ReportCSVView.as_view(), name="report_csv"),
    path("<int:pk>/delete/", admin_views.DeleteView.as_view(), name="delete"),
]


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("blog-import/", include((urlpatterns, "blog_import"), namespace="blog_import"))]


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Import a blog", reverse("blog_import:index"), name="import-a-blog", icon_name="upload", order=900
    )


@hooks.register("register_permissions")
def register_import_permission():
    # Shown in the group editor under "Other permissions".
    return Permission.objects.filter(content_type__app_label="blog_import", codename="add_importrun")
