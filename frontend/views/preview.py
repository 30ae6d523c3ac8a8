"""/_preview/<token>/: an editor's draft (or a page not saved yet), rendered as readers would see it.

The Wagtail admin ("Preview", "View draft") sends the editor's browser here with a token
(cms/preview/); the page's answer is read from the CMS's preview endpoint with that token and
rendered with the same templates as the live page, marked `preview=True`.

A preview is never stored: this view is not wrapped in the page cache, so neither the shared
cache nor the fast path (which only knows pages the cache served) ever holds one, and the
answer tells browsers and caches in between not to keep it (`private, no-store`), search
engines not to index it, and browsers that only the CMS may frame it. An unknown, expired or
malformed token gets a 404 page saying so; the token names one page's answer only.
"""

import re

from flask import Blueprint, abort, current_app, render_template

from shared.site_map import (
    ARTICLE,
    ARTICLE_INDEX,
    HOME,
    PREVIEW_PATH,
    SERVICE,
    SERVICE_INDEX,
    THERAPIST,
    THERAPIST_INDEX,
)

from ..content.client import CMSUnavailable, PageNotFound, cms, page_answer
from ..serving import security
from . import articles
from .pages import render_page

bp = Blueprint("preview", __name__)

# The CMS's tokens: 43 URL-safe characters; anything else is not worth asking about.
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")

# The live pages' templates, by page type.
TEMPLATES = {
    HOME: "home.html",
    ARTICLE_INDEX: "articles/index.html",
    ARTICLE: "articles/detail.html",
    THERAPIST_INDEX: "therapists/index.html",
    THERAPIST: "therapists/detail.html",
    SERVICE_INDEX: "services/index.html",
    SERVICE: "services/detail.html",
}


@bp.after_request
def preview_headers(response):
    """On every answer here, the preview and its error pages alike."""
    response.headers.update(security.preview_headers(current_app.config))
    response.headers.pop("Surrogate-Key", None)  # nothing for a CDN to keep or purge
    return response


def unavailable():
    return render_template("preview/unavailable.html"), 404


@bp.get(f"{PREVIEW_PATH}<token>/")
def show(token):
    if not TOKEN.fullmatch(token):
        return unavailable()
    try:
        answer = page_answer(cms().get(f"preview/{token}/", {}))
    except PageNotFound:
        return unavailable()
    except (KeyError, TypeError, AttributeError) as error:
        raise CMSUnavailable("unexpected preview answer from the CMS") from error
    template = TEMPLATES.get(answer.type)
    if template is None:
        abort(404)
    # The article index previews with the first page of its list, as /articles/ shows it.
    context = articles.list_page(answer, 1)[1] if answer.type == ARTICLE_INDEX else {}
    return render_page(template, answer, preview=True, **context)
