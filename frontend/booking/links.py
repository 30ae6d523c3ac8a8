"""Where a booking button's link goes: the booking URL tagged with campaign parameters,
reached through the site's counting redirect (`/book/<token>`).

The token is signed with the site's secret, so `/book/` can only ever send a reader to
an address some rendered button held: never an open redirect. It is deterministic (no
timestamp), so a cached page keeps working links and an unchanged page the same ETag.
"""

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from jinja2 import pass_context

from shared.booking import is_safe_booking_url
from shared.booking_clicks import DEFAULT_UTM_SOURCE, MAX_DESTINATION, PLACES, UTM_MEDIUM

SALT = "booking-link"


def tagged_url(url: str, *, source: str, campaign: str, content: str, medium: str = UTM_MEDIUM) -> str:
    """`url` with utm_source/medium/campaign/content added. Parameters the editor already put
    in the URL stay exactly as written and win: none is ever added twice."""
    parts = urlsplit(url)
    present = {name for name, _value in parse_qsl(parts.query, keep_blank_values=True)}
    wanted = {"utm_source": source, "utm_medium": medium, "utm_campaign": campaign, "utm_content": content}
    added = urlencode([(name, value) for name, value in wanted.items() if value and name not in present])
    query = "&".join(part for part in (parts.query, added) if part)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


@lru_cache(maxsize=8)
def serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def make_token(secret: str, page_id: int | None, place: str, destination: str) -> str:
    return serializer(secret).dumps([page_id, place, destination])


def read_token(secret: str, token: str) -> tuple[int | None, str, str] | None:
    """(page id, place, destination) from a token this site signed, else None."""
    try:
        value = serializer(secret).loads(token)
    except (BadSignature, ValueError, UnicodeError):
        return None
    if not (isinstance(value, list) and len(value) == 3):
        return None
    page_id, place, destination = value
    if not (page_id is None or (isinstance(page_id, int) and not isinstance(page_id, bool))):
        return None
    if place not in PLACES or not isinstance(destination, str) or not is_safe_booking_url(destination):
        return None
    return page_id, place, destination


def destination(button: dict, page: dict | None, clinic: dict | None, place: str) -> str:
    """The booking URL a button opens, tagged when the clinic's settings say so."""
    clinic = clinic or {}
    if not clinic.get("utm_enabled", False):
        return button["url"]
    slug = ((page or {}).get("meta") or {}).get("slug") or "site"
    source = clinic.get("utm_source") or DEFAULT_UTM_SOURCE
    return tagged_url(button["url"], source=source, campaign=slug, content=place)


@pass_context
def booking_href(context, button: dict, place: str) -> str:
    """The href of a booking button in `place` on the page being rendered (`page`, `clinic`
    and `preview` come from the template's arguments: import the macros `with context`).

    Previews link straight to the booking system: an editor's click is not a reader's."""
    if place not in PLACES:
        raise ValueError(f"unknown booking button place {place!r}")
    target = destination(button, context.get("page"), context.get("clinic"), place)
    if context.get("preview") or len(target) > MAX_DESTINATION:
        return target
    page_id = (context.get("page") or {}).get("id")
    token = make_token(
        current_app.config["WEBHOOK_SECRET"], page_id if isinstance(page_id, int) else None, place, target
    )
    return url_for("booking.redirect_to_booking", token=token)


@pass_context
def booking_destination(context, button: dict, place: str) -> str:
    """Where the button's redirect sends the reader (its `data-booking-url`, for tests and tools)."""
    return destination(button, context.get("page"), context.get("clinic"), place)


def register(app) -> None:
    app.add_template_filter(booking_href)
    app.add_template_filter(booking_destination)
