"""The headers a cached copy is sent with, decided in one place for Flask and the fast path.

X-Cache says how the copy was chosen: HIT (fresh), MISS (just fetched), STALE (past its
freshness or purged, while a refresh runs), STALE-IF-ERROR (the CMS failed, or the
coordination store is down and cannot vouch for the copy).
"""

from http import HTTPStatus

from werkzeug.datastructures import ResponseCacheControl

from shared.surrogate_keys import EVERY_PAGE, header_value

from .entries import Entry, Lifetimes

ERROR_COPY_SECONDS = 10  # how long proxies may keep a copy served because something failed


def cache_control(entry: Entry, state: str, lifetimes: Lifetimes, now: float) -> str:
    control = ResponseCacheControl()
    control.public = True
    control.max_age = 0
    if state == "STALE-IF-ERROR":
        control.s_maxage = ERROR_COPY_SECONDS
    elif entry.status != 200 or entry.keep:
        control.s_maxage = int(lifetimes.fresh_for(entry))
    else:
        control.s_maxage = int(lifetimes.fresh)
        control.stale_while_revalidate = int(lifetimes.swr)
        control.stale_if_error = int(lifetimes.keep)
    changes_at = getattr(entry, "changes_at", None)
    if changes_at is not None:
        # Caches in front may keep it (fresh, then stale) only until its text changes.
        left = max(0, int(changes_at - now))
        control.s_maxage = min(control.s_maxage, left)
        for stale in ("stale_while_revalidate", "stale_if_error"):
            if getattr(control, stale) is not None:
                setattr(control, stale, max(0, min(getattr(control, stale), left - control.s_maxage)))
    return control.to_header()


def headers_for(entry: Entry, state: str, lifetimes: Lifetimes, now: float) -> list[tuple[str, str]]:
    headers = [
        ("Content-Type", entry.content_type),
        ("Content-Length", str(len(entry.body))),
        ("ETag", f'"{entry.etag}"'),
        ("X-Cache", state),
        ("Cache-Control", cache_control(entry, state, lifetimes, now)),
    ]
    if entry.location:
        headers.append(("Location", entry.location))
    # Caches in front also get the key every answer carries (the site's own purge of everything
    # is its ALL generation, not a key).
    keys = header_value([*entry.surrogate_keys, EVERY_PAGE])
    return [*headers, ("Surrogate-Key", keys), ("Cache-Tag", keys.replace(" ", ","))]


def status_line(status: int) -> str:
    """The WSGI status line of a stored answer ("404 Not Found"): never assumed to be 200."""
    return f"{status} {HTTPStatus(status).phrase}"
