"""Reading booking buttons in tests: where a `/book/<token>` link finally sends the reader.

Each button carries its destination in `data-booking-url` (the tagged booking URL its
redirect answers with); `untagged` drops the campaign parameters the site adds, to compare
with the booking URL an editor typed.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from frontend.booking.links import read_token


def untagged(url: str) -> str:
    """`url` without utm_* parameters."""
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("utm_")])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def token_destination(href: str, secret: str) -> str | None:
    """The destination a `/book/<token>` href holds (checked with the site's secret), else None."""
    path = urlsplit(href).path
    if not path.startswith("/book/"):
        return None
    found = read_token(secret, path.removeprefix("/book/"))
    return found[2] if found else None
