"""/search/?q=...&page=N: articles, therapists and services, through the CMS's search.

One CMS request per results page (the CMS's `search/` endpoint answers with cards and the
clinic's settings). The query is cleaned before anything else: control characters become
spaces, runs of spaces one, and it is trimmed; longer than SEARCH_MAX_LENGTH is a 400 (a
cut query would search for something else), shown as the search page with a note.

Caching, bounded: an answer is kept in the shared page cache under the cleaned query and
page number for at most SEARCH_KEEP_SECONDS (60), not as long as pages, so
however many different queries readers make, the cache holds at most that many seconds'
worth; every publish of an article, therapist or service purges /search/, which drops all
of them at once.
"""

import re

from flask import Blueprint, current_app, make_response, render_template

from shared.site_map import SEARCH_MAX_LENGTH, SEARCH_MAX_PAGE, SEARCH_PER_PAGE
from shared.surrogate_keys import SEARCH

from ..caching import cached_page
from ..content.client import cms
from ..content.last_clinic import last_known, remember
from ..rendering import clinic_days
from ..rendering.head import plain_head
from ..rendering.paging import offset, page_count, page_number
from .pages import surrogate_keys

bp = Blueprint("search", __name__)

SPACES = re.compile(r"\s+")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
SEARCH_KEEP_SECONDS = 60


def search_query(values: list[str]) -> str | None:
    """`?q=`: the cleaned query, None when there is nothing to search for."""
    if not values:
        return None
    if len(values) > 1:
        raise ValueError("Please search for one thing at a time.")
    query = SPACES.sub(" ", CONTROL.sub(" ", values[0])).strip()
    if len(query) > SEARCH_MAX_LENGTH:
        raise ValueError(f"Please keep your search to {SEARCH_MAX_LENGTH} characters or fewer.")
    return query or None


def render_search(query, answer=None, clinic=None, number=1, message=None, status=200):
    items = answer["items"] if answer else []
    total = answer["meta"]["total_count"] if answer else 0
    clinic = clinic if clinic is not None else (answer or {}).get("clinic")
    if clinic:
        remember(clinic)
    else:  # a refused query asks the CMS nothing
        clinic = last_known()
    days = clinic_days.for_clinic(clinic)
    response = make_response(
        render_template(
            "search/results.html",
            query=query,
            results=items,
            terms=answer["meta"]["terms"] if answer else [],
            total=total,
            page_number=number,
            page_count=page_count(total, SEARCH_PER_PAGE),
            message=message,
            clinic=clinic,
            clinic_days=days,
            head=plain_head(
                f"Search: {query}" if query else "Search",
                f"Articles, therapists and services of {current_app.config['SITE_NAME']} about {query}."
                if query
                else f"Search the articles, therapists and services of {current_app.config['SITE_NAME']}.",
            ),
        ),
        status,
    )
    if status in (200, 404):  # what the page cache keeps; a 400 carries no Expires for caches in front
        clinic_days.dated(response, days)
    # Every publish of a searchable page drops all results (the key `search`), listed or not.
    response.headers["Surrogate-Key"] = surrogate_keys((item["id"] for item in items), [SEARCH])
    return response


@bp.errorhandler(400)
def bad_search(error):
    """A query we will not search for: the search page again, saying why, with the form."""
    return render_search(None, message=error.description, status=400)


@bp.get("/search/")
@cached_page(keep=SEARCH_KEEP_SECONDS, q=search_query, page=page_number)
def results(q, page):
    number = page or 1
    if q is None:
        return render_search(None, clinic=cms().booking_settings())
    if number > SEARCH_MAX_PAGE:
        return render_search(q, clinic=cms().booking_settings(), number=number, status=404)
    answer = cms().search(q, offset=offset(number, SEARCH_PER_PAGE), limit=SEARCH_PER_PAGE)
    if number > 1 and not answer["items"]:
        return render_search(q, answer, number=number, status=404)
    return render_search(q, answer, number=number)
