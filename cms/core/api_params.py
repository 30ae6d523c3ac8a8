"""Every check on the API's query parameters, and the limits they enforce, in one place.

Wagtail's own endpoints check their parameters themselves (`BadRequestError`, a 400 with its
reason); what they let through and a database would choke on is checked here
(`check_wagtail_query`), and the clinic's own endpoints read their parameters only through
these helpers. A bad value is always a 400 with a reason, never a 500.
"""

import re

from django.core.exceptions import ValidationError
from django.db import DataError
from wagtail.api.v2.utils import BadRequestError

from shared.site_map import API_LIMIT_MAX, SEARCH_MAX_PAGE

# Far beyond any list, and inside the 64-bit LIMIT/OFFSET that SQLite and PostgreSQL accept
# (past it they fail with a datatype or range error).
MAX_OFFSET = 2**62
# As deep as the site's deepest search results page goes; keeps offsets small for the database.
MAX_SEARCH_OFFSET = SEARCH_MAX_PAGE * API_LIMIT_MAX
# Redirect.old_path holds at most this many characters: a longer path has no redirect.
MAX_REDIRECT_PATH = 255

# What a query value the database cannot use raises: an offset past 2**63 (OverflowError
# on SQLite, DataError on PostgreSQL), an impossible date in a filter (ValidationError).
BAD_QUERY_VALUE = (OverflowError, DataError, ValidationError)

WORD = re.compile(r"\w")


def only_parameters(request, allowed: set[str] = frozenset()) -> None:
    unknown = set(request.GET) - set(allowed)
    if unknown:
        raise BadRequestError(f"query parameter is not allowed: {', '.join(sorted(unknown))}")


def whole_number(request, name: str, default: int, low: int, high: int) -> int:
    """`?name=` as one whole number from `low` to `high` in ASCII digits; `default` when absent."""
    values = request.GET.getlist(name)
    if not values:
        return default
    value = values[0]
    plain = value.isascii() and value.isdigit() and len(value) <= 20
    if len(values) > 1 or not plain or not low <= int(value) <= high:
        raise BadRequestError(f"{name} must be one whole number from {low} to {high}")
    return int(value)


def html_path(request) -> str:
    """`?html_path=`: a public address, starting with /."""
    value = request.GET.get("html_path", "")
    if not value.startswith("/"):
        raise BadRequestError("html_path must be a path starting with /")
    return value


def check_wagtail_query(request) -> None:
    """What Wagtail's listings accept but the database cannot use."""
    offset = request.GET.get("offset", "0")
    if offset.isascii() and offset.isdigit() and (len(offset) > 20 or int(offset) > MAX_OFFSET):
        raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
    # Anything else Wagtail's paginator refuses with a 400 of its own.
    if "search" in request.GET and not WORD.search(request.GET["search"]):
        # Blank or punctuation only: the search backends build no query from it (and crash).
        raise BadRequestError("search must contain at least one letter or digit")
