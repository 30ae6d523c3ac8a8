from wagtail import hooks

from cms.core.site_preview import SEND_PREVIEW_TO_SITE

from .views import send_to_site

# Pages' "Preview" goes to the public site (cms/core/site_preview.py).
hooks.register(SEND_PREVIEW_TO_SITE, send_to_site)
