"""`/book/<token>`: count a booking click, then send the reader on at once.

The token (frontend/booking/links.py) is signed by this site and names the page, the
button's place and the destination; anything else is a 404, so no one can use the site
to redirect elsewhere. Counted: the day, page, place and destination, in the shared
store. Not counted: HEAD requests, prefetches and known crawlers. Nothing is stored
about the reader, and no cookie is set. When the store is down the count is lost and
the reader still gets the 302.

`POST /_cms/booking-clicks`: the CMS's scheduler collects the counts (shared/booking_clicks.py),
signed like the purge messages; the answer is signed too.
"""

import json
import logging
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import crawleruseragents
from flask import Blueprint, Response, abort, current_app, redirect, request
from werkzeug.exceptions import HTTPException

from shared.booking_clicks import BATCH_ID_FORMAT, CLICKS_PATH, REDIRECT_PREFIX
from shared.signing import MAX_AGE, SIGNATURE_HEADER, TIMESTAMP_HEADER, SignatureError, sign, verify

from ..booking.links import read_token
from .webhooks import json_error, read_body, store_unavailable

log = logging.getLogger(__name__)
bp = Blueprint("booking", __name__)
collect_bp = Blueprint("booking_clicks", __name__)
collect_bp.register_error_handler(HTTPException, json_error)  # the CMS reads these: JSON


@lru_cache(maxsize=4096)
def is_crawler(user_agent: str) -> bool:
    return crawleruseragents.is_crawler(user_agent)


def is_counted() -> bool:
    """A reader's click: not a HEAD, not a prefetch, not a known crawler (or no user agent)."""
    if request.method != "GET":
        return False
    purpose = f"{request.headers.get('Sec-Purpose', '')} {request.headers.get('Purpose', '')}".lower()
    if "prefetch" in purpose or "prerender" in purpose:
        return False
    user_agent = request.headers.get("User-Agent", "")[:512]
    return bool(user_agent.strip()) and not is_crawler(user_agent)


def today() -> str:
    return datetime.now(ZoneInfo(current_app.config["TIME_ZONE"])).date().isoformat()


@bp.get(f"{REDIRECT_PREFIX}<token>")
def redirect_to_booking(token):
    found = read_token(current_app.config["WEBHOOK_SECRET"], token)
    if found is None:
        abort(404)
    page_id, place, destination = found
    if is_counted():
        guard = current_app.extensions["store_guards"]["coordination store"]
        guard.call(current_app.extensions["click_store"].record, (today(), page_id, place, destination))
    response = redirect(destination, 302)
    # Every click must reach the site to be counted: no cache, shared or private, keeps this.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def parse_ack(body: bytes) -> list[str]:
    try:
        message = json.loads(body)
    except (ValueError, RecursionError):
        abort(400, description="The body is not JSON.")
    ack = message.get("ack") if isinstance(message, dict) else None
    if (
        not isinstance(ack, list)
        or len(ack) > 10_000
        or not all(isinstance(item, str) and BATCH_ID_FORMAT.fullmatch(item) for item in ack)
    ):
        abort(400, description="'ack' must be a list of batch ids.")
    return ack


@collect_bp.post(CLICKS_PATH)
def collect():
    body = read_body()
    signature = request.headers.get(SIGNATURE_HEADER)
    secret = current_app.config["WEBHOOK_SECRET"]
    try:
        verify(body, request.headers.get(TIMESTAMP_HEADER), signature, secret)
    except SignatureError as error:
        log.warning("Refused a booking-clicks collection from %s: %s", request.remote_addr, error)
        abort(403)
    ack = parse_ack(body)
    guard = current_app.extensions["store_guards"]["coordination store"]
    first_use = guard.call(current_app.extensions["coordination"].mark, f"clicks:{signature}", MAX_AGE * 2)
    if first_use is None:
        return store_unavailable()
    if not first_use:
        abort(403)
    batches = guard.call(current_app.extensions["click_store"].collect, ack)
    if batches is None:
        return store_unavailable()
    answer = json.dumps({"batches": batches}).encode()
    return Response(answer, mimetype="application/json", headers={**sign(answer, secret), "Cache-Control": "no-store"})
