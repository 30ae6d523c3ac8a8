"""Signing the CMS's messages to the site: HMAC-SHA256 over a timestamp and the body.

The sender puts `X-Clinic-Timestamp` (Unix seconds) and `X-Clinic-Signature`
(`sha256=<hex>`) on the request. The receiver refuses anything unsigned, signed
with another secret, or stamped more than MAX_AGE seconds away from its clock.
"""

import hashlib
import hmac
import re
import time

TIMESTAMP_HEADER = "X-Clinic-Timestamp"
SIGNATURE_HEADER = "X-Clinic-Signature"
MAX_AGE = 300  # seconds
# Only for trying the product locally; production refuses to start without a real secret.
LOCAL_DEV_SECRET = "local-development-only-webhook-secret"


# The only shapes accepted, checked before any arithmetic or comparison: str.isdigit() and
# int() accept Unicode digits ("²", "٣") and refuse very long numbers, and
# hmac.compare_digest refuses non-ASCII text; each of those would be an error, not a "no".
TIMESTAMP_FORMAT = re.compile(r"[0-9]{1,12}")
SIGNATURE_FORMAT = re.compile(r"sha256=([0-9a-f]{64})")


class SignatureError(Exception):
    """The message is not provably from the CMS (or not recent)."""


def _digest(secret: str, timestamp: str, body: bytes) -> str:
    # A secret read from the environment may carry undecodable bytes as lone surrogates.
    key = secret.encode("utf-8", "surrogatepass")
    return hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def sign(body: bytes, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """The headers that prove `body` comes from the holder of `secret`, now."""
    stamp = str(int(time.time() if timestamp is None else timestamp))
    return {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: f"sha256={_digest(secret, stamp, body)}"}


def verify(body: bytes, timestamp: str | None, signature: str | None, secret: str, now: float | None = None) -> None:
    """Raise SignatureError unless the signature is valid and the timestamp recent."""
    if not secret:
        raise SignatureError("no secret configured")
    if not timestamp or not signature:
        raise SignatureError("unsigned")
    if not isinstance(timestamp, str) or not TIMESTAMP_FORMAT.fullmatch(timestamp):
        raise SignatureError("malformed timestamp")
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > MAX_AGE:
        raise SignatureError("timestamp too old or in the future")
    match = SIGNATURE_FORMAT.fullmatch(signature) if isinstance(signature, str) else None
    if match is None:
        raise SignatureError("malformed signature")
    if not hmac.compare_digest(match.group(1), _digest(secret, timestamp, body)):
        raise SignatureError("bad signature")
