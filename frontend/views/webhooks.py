"""The CMS tells the site what changed: a signed POST naming the paths and surrogate keys to purge.

Body: {"id": "...", "event": "...", "paths": ["/articles/x/", ...], "keys": ["page-3", "tag:massage", ...],
"all": false}. Every copy of a path named, and every copy carrying a key named, is dropped.
Anything unsigned, forged, older than five minutes or seen before is refused with
403; a signed body that is not such a message gets 400; a body over MAX_BODY gets
413, read no further than that. Nothing is purged then.
"""

import json
import logging

from flask import Blueprint, abort, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from shared.signing import MAX_AGE, SIGNATURE_HEADER, TIMESTAMP_HEADER, SignatureError, verify
from shared.site_map import PURGE_PATH
from shared.surrogate_keys import is_key

from ..caching import page_cache

log = logging.getLogger(__name__)
bp = Blueprint("webhooks", __name__)


@bp.errorhandler(HTTPException)
def json_error(error):
    # The CMS reads these answers, not a person: JSON, not the HTML error page.
    return jsonify({"error": error.name, "message": error.description}), error.code


MAX_BODY = 256 * 1024
MAX_PATHS = 10_000


def parse_message(body: bytes) -> tuple[list[str], list[str], bool, dict]:
    """(paths, keys, purge everything?, the whole message), or a 400 for anything else."""
    try:
        message = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not text, or nested too deep
        abort(400, description="The body is not JSON.")
    if not isinstance(message, dict):
        abort(400, description="The body must be a JSON object.")
    paths = message.get("paths", [])
    purge_all = message.get("all", False)
    if not isinstance(purge_all, bool) or not isinstance(paths, list) or len(paths) > MAX_PATHS:
        abort(400, description="'all' must be true or false and 'paths' a list.")
    if not all(is_path(path) for path in paths):
        abort(400, description="Every path must be a string starting with '/'.")
    keys = message.get("keys", [])
    if not isinstance(keys, list) or len(keys) > MAX_PATHS or not all(is_key(key) for key in keys):
        abort(400, description="'keys' must be a list of surrogate keys (printable ASCII, no spaces or commas).")
    if not purge_all and not paths and not keys:
        abort(400, description="Nothing to purge.")
    return paths, keys, purge_all, message


def is_path(path) -> bool:
    # Printable text only: JSON can also spell control characters and lone surrogates
    # (\ud800), which no cache key or file name can hold.
    return isinstance(path, str) and path.startswith("/") and len(path) <= 2000 and path.isprintable()


def read_body() -> bytes:
    """The request body, up to MAX_BODY bytes, else a 413, read no further than that.

    Werkzeug's own limit (`request.max_content_length`) refuses a longer Content-Length at
    once, but stops reading a chunked body at the limit without saying whether more was
    sent: so the limit is one byte more, and a body that reaches it is too long.
    """
    request.max_content_length = MAX_BODY + 1
    body = request.get_data(cache=False)
    if len(body) > MAX_BODY:
        abort(413)
    return body


@bp.post(PURGE_PATH)
def purge():
    body = read_body()
    signature = request.headers.get(SIGNATURE_HEADER)
    try:
        verify(body, request.headers.get(TIMESTAMP_HEADER), signature, current_app.config["WEBHOOK_SECRET"])
    except SignatureError as error:
        log.warning("Refused a purge request from %s: %s", request.remote_addr, error)
        abort(403)
    paths, keys, purge_all, message = parse_message(body)
    pages = page_cache()
    guard = current_app.extensions["store_guards"]["coordination store"]
    # A valid signature is only ever used once (it is only valid for MAX_AGE anyway).
    first_use = guard.call(current_app.extensions["coordination"].mark, f"webhook:{signature}", MAX_AGE * 2)
    if first_use is None:
        return store_unavailable()
    if not first_use:
        log.warning("Refused a replayed purge request from %s", request.remote_addr)
        abort(403)

    def purge_now():
        if purge_all:
            pages.purge_all()
            return "all"
        return pages.purge(paths, keys)

    purged = guard.call(purge_now)
    if purged is None:
        return store_unavailable()
    log.info("Purged %s for %s (%s)", purged, message.get("event", "?"), message.get("id", "-"))
    return jsonify({"purged": purged})


def store_unavailable():
    """The purge could not be recorded: the CMS keeps the message and tries again."""
    response = jsonify({"error": "Service Unavailable", "message": "The cache store is unavailable."})
    response.headers["Retry-After"] = "5"
    return response, 503
