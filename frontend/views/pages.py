"""Helpers shared by the page views: fetch a page by its public path, render it with its data.

Everything a template shows arrives as arguments: `page` and `clinic` from the CMS's
answer (shared/api_types/), and the page's `head` and `structured_data`, worked out here
once from that answer; nothing from `g`.
"""

import re

from flask import Response, abort, make_response, render_template

from shared.surrogate_keys import header_value, page_key

from ..content.client import PageAnswer, PageNotFound, cms
from ..content.last_clinic import remember
from ..content.old_addresses import redirect_or_404
from ..rendering import clinic_days, structured_data
from ..rendering.head import page_head

# Wagtail slugs: letters, digits, underscores and hyphens (Unicode allowed).
SLUG = re.compile(r"[\w-]{1,255}")


def fetch_page(path: str, page_type: str) -> PageAnswer:
    """The published page at `path`; if there is none, where the CMS redirects that path, else the 404 page."""
    try:
        answer = cms().page(path)
    except PageNotFound:
        redirect_or_404(path)
    if answer.type != page_type:
        abort(404)
    return answer


def fetch_item(section: str, slug: str, page_type: str) -> PageAnswer:
    if not SLUG.fullmatch(slug):
        abort(404)
    return fetch_page(f"/{section}/{slug}/", page_type)


def surrogate_keys(page_ids, keys=()) -> str:
    """The Surrogate-Key header: the CMS pages shown ("page-3 page-10 ...") and the lists
    (shared.surrogate_keys: "list:articles", "tag:massage" ...)."""
    return header_value([*map(page_key, page_ids), *keys])


def render_page(
    template: str,
    answer: PageAnswer,
    *,
    also_shown=frozenset(),
    also_keys=frozenset(),
    canonical_url: str | None = None,
    head_title: str | None = None,
    head_description: str | None = None,
    head_crumb: str | None = None,
    **context,
) -> Response:
    """Render `template` with the answer's page and clinic, its head and structured data; the
    response's Surrogate-Key names every CMS page shown (the answer's and `also_shown`) and
    every list (the answer's keys and `also_keys`), which the page cache stores with it.

    `canonical_url` (a path with its query) replaces the request's path in the head, for lists
    whose `?page=` matters; a `page_number` in the context marks list pages after the first;
    `head_title`, `head_description` and `head_crumb` (its breadcrumb) are for pages composed
    from a CMS page (a tag archive).
    """
    head = page_head(answer.page, canonical_url, context.get("page_number"), head_title, head_description, head_crumb)
    remember(answer.clinic)
    days = clinic_days.for_clinic(answer.clinic)
    blocks = structured_data.blocks(answer.page, answer.clinic, head, days)
    html = render_template(
        template,
        page=answer.page,
        clinic=answer.clinic,
        clinic_days=days,
        head=head,
        structured_data=blocks,
        **context,
    )
    response = clinic_days.dated(make_response(html), days)
    response.headers["Surrogate-Key"] = surrogate_keys(answer.shown_ids | also_shown, answer.shown_keys | also_keys)
    return response
