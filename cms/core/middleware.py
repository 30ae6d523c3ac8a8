import logging
import time
from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware

log = logging.getLogger("cms.requests")

COMPRESSIBLE_TYPES = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")


class RequestLogMiddleware:
    """One structured log line per request: method, path, status and how long it took."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


class RejectMalformedRequestMiddleware:
    """400 for a path or query string holding a NUL byte or bytes that are not UTF-8.

    No address or query here needs either, and databases refuse NUL in text (PostgreSQL
    raises), so such a request would otherwise end as a 500 deep inside a view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = malformed(request)
        if problem:
            return HttpResponseBadRequest(f"Bad request: {problem}.\n", content_type="text/plain")
        return self.get_response(request)


def malformed(request) -> str:
    if "\x00" in request.path:
        return "the address contains a NUL byte"
    # WSGI hands the query string over as ISO-8859-1 text; these are its raw bytes.
    query = unquote_to_bytes(request.META.get("QUERY_STRING", "").encode("iso-8859-1", "replace"))
    if b"\x00" in query:
        return "the query contains a NUL byte"
    try:
        query.decode("utf-8")
    except UnicodeDecodeError:
        return "the query is not UTF-8"
    return ""


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for text answers only (HTML, JSON, XML, CSS, JS): media files the
    CMS serves itself (JPEG, PNG, WebP) are compressed already, and gzipping their streams only
    costs CPU and their Content-Length. BREACH: Django masks CSRF tokens per answer and pads
    each gzip stream with random bytes ("Heal The Breach"), and the public API shows no secrets."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
