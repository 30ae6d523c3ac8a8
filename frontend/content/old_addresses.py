"""Old addresses: before the site answers "not found", it asks the CMS whether the path
redirects somewhere (Wagtail's redirects: a changed slug or a move, an editor's, the
WordPress import's /blog/<slug>).

The answer is part of the page's answer, so the page cache keeps it like a page: a
redirect until the CMS purges that path (saving or deleting a redirect, a slug change),
"not found" for PAGE_MISSING_SECONDS. So each unknown path costs at most one lookup per
that time, however often it is asked for.
"""

from urllib.parse import urlsplit

from flask import abort, redirect

from .client import cms

# Wagtail keeps redirects' old paths in 255 characters; longer paths have none.
MAX_PATH = 255


def worth_asking(path: str) -> bool:
    return len(path) <= MAX_PATH and path.isprintable()


def safe_location(location) -> bool:
    """A path on this site ("/articles/x/", not "//elsewhere") or an absolute http(s) URL."""
    if not isinstance(location, str) or not location.isprintable():
        return False
    if location.startswith("/"):
        return not location.startswith("//") and "\\" not in location
    parts = urlsplit(location)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def redirect_or_404(path: str):
    """Raise the redirect the CMS knows for `path` (301 permanent, 302 temporary), else a 404."""
    answer = cms().redirect(path) if worth_asking(path) else None
    if not answer or not safe_location(answer.get("location")):
        abort(404)
    abort(redirect(answer["location"], 301 if answer.get("permanent") else 302))
