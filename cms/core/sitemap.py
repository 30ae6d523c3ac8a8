"""Which addresses the site's sitemap lists: every public page that has not expired.

Drafts, view-restricted pages (and their descendants) and pages past their expiry never
appear. The API endpoint is cms/core/sitemap_api.py; purges (cms/site_sync/changes.py)
count the pages here to name every child sitemap.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, Site

from .visibility import public_pages


def public_site_pages(site: Site | None, request=None):
    """The site's public pages (root included) that have not expired, in tree order."""
    if site is None:
        return Page.objects.none()
    root = site.root_page
    pages = public_pages(Page.objects.filter(path__startswith=root.path, depth__gte=root.depth), request)
    not_expired = Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
    return pages.filter(not_expired).order_by("path")


def public_page_count(site: Site | None = None) -> int:
    """How many addresses the sitemap of `site` (default: the default site) lists."""
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return public_site_pages(site).count()


def lastmod(row) -> str | None:
    moment = row["last_published_at"] or row["first_published_at"]
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entries(site: Site | None, offset: int, limit: int, request=None) -> list[dict]:
    if site is None:
        return []
    root_url_path = site.root_page.url_path  # "/home/": its descendants' paths start with it
    rows = public_site_pages(site, request).values("url_path", "last_published_at", "first_published_at")
    return [
        {"path": "/" + row["url_path"][len(root_url_path) :], "lastmod": lastmod(row)}
        for row in rows[offset : offset + limit]
    ]
