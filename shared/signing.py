"""Signing the CMS's messages to the site: HMAC-SHA256 over a timestamp and the body.

The sender puts `X-Clinic-Timestamp` (Unix seconds) and `X-Clinic-Signature`
(`sha256=<hex>`) on the request. The receiver refuses anything unsigned, signed
with another secret, or stamped more than MAX_AGE seconds away from its clock.
"""

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-Clinic-Timestamp"
SIGNATURE_HEADER = "X-Clinic-Signature"
MAX_AGE = 300  # seconds
# Only for trying the product locally; production refuses to start without a real secret.
LOCAL_DEV_SECRET = "local-development-only-webhook-secret"


class SignatureError(Exception):
    """The message is not provably from the CMS (or not recent)."""


def _digest(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


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
    if not timestamp.isdigit():
        raise SignatureError("malformed timestamp")
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > MAX_AGE:
        raise SignatureError("timestamp too old or in the future")
    scheme, _, value = signature.partition("=")
    if scheme != "sha256" or not hmac.compare_digest(value, _digest(secret, timestamp, body)):
        raise SignatureError("bad signature")
