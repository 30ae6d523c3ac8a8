"""Helpers shared by the page views."""

import re

from flask import abort

from ..cms_client import PageNotFound, cms

# Wagtail slugs: letters, digits, underscores and hyphens (Unicode allowed).
SLUG = re.compile(r"[\w-]{1,255}")


def fetch_page(path: str, page_type: str) -> dict:
    """The published page at `path`, or the 404 page if there is none of that type."""
    try:
        page = cms().page(path)
    except PageNotFound:
        abort(404)
    if page.get("meta", {}).get("type") != page_type:
        abort(404)
    return page


def fetch_item(section: str, slug: str, page_type: str) -> dict:
    if not SLUG.fullmatch(slug):
        abort(404)
    return fetch_page(f"/{section}/{slug}/", page_type)
