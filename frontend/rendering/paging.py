"""Paginated lists (the article list, tag archives, search results): the `?page=` parameter,
which slice of the list a page shows, how many pages there are, and each page's address."""

import math
import re

from flask import url_for

from .public_urls import public_url

MAX_PAGE_NUMBER = 100_000
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}", re.ASCII)


def page_number(values: list[str]) -> int | None:
    """`?page=`: one whole number from 1, written plainly ("2", not "02" or "２"); None for page 1."""
    if not values:
        return None
    if len(values) > 1 or not PAGE_NUMBER.fullmatch(values[0]) or int(values[0]) > MAX_PAGE_NUMBER:
        raise ValueError("The page number must be one whole number from 1 up, like ?page=2.")
    return None if values[0] == "1" else int(values[0])


def offset(number: int, per_page: int) -> int:
    """Where page `number` starts in the whole list."""
    return (number - 1) * per_page


def page_count(total: int, per_page: int) -> int:
    """How many pages `total` items fill; an empty list still has its first page."""
    return max(1, math.ceil(total / per_page))


def page_url(endpoint: str, number: int, external: bool = False, **values) -> str:
    """The address of page `number` of a list; page 1 has no ?page= (it is the list itself).
    `external`: on the site's public origin (SITE_PUBLIC_URL), like the canonical link."""
    if number > 1:
        values["page"] = number
    path = url_for(endpoint, **values)
    return public_url(path) if external else path
