"""The CMS's routes, with Wagtail's own page view at /rendered/<path> in front of them."""

from django.urls import re_path
from wagtail.views import serve

from cms.urls import urlpatterns as cms_urlpatterns

urlpatterns = [re_path(r"^rendered/((?:[\w\-]+/)*)$", serve), *cms_urlpatterns]
