"""Response headers that keep readers safe, and cleaning what the CMS sends as HTML."""

from urllib.parse import urlsplit

import nh3
from flask import Flask
from markupsafe import Markup

from shared.booking import is_safe_booking_url
from shared.site_map import EMBED_PLAYER_HOSTS


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def analytics_origin(config: dict) -> str:
    """The origin of ANALYTICS_SCRIPT_URL ("" when unset); a URL that is not http(s) stops the start."""
    url = config.get("ANALYTICS_SCRIPT_URL", "")
    if not url:
        return ""
    if not is_safe_booking_url(url):  # the same rule: an absolute http(s) URL
        raise ValueError(f"ANALYTICS_SCRIPT_URL must be an absolute http(s) URL, not {url!r}")
    return origin(url)


def content_security_policy(config: dict, framed_by: str | None = None) -> str:
    """`framed_by`: who may frame the page, if not this site and the CMS."""
    cms = origin(config["CMS_PUBLIC_URL"])
    images = " ".join(["'self'", "data:", cms, *config["MEDIA_ORIGINS"]])
    analytics = analytics_origin(config)
    scripts = f"'self' {analytics}" if analytics else "'self'"
    ancestors = f"'self' {cms}"
    return "; ".join(
        [
            "default-src 'self'",
            f"img-src {images}",
            "style-src 'self'",
            f"script-src {scripts}",  # no inline scripts anywhere; the analytics origin only
            f"connect-src {scripts}",  # where that script may report to
            f"frame-src {' '.join('https://' + host for host in EMBED_PLAYER_HOSTS)}",  # embedded players only
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {framed_by or ancestors}",  # only the CMS may frame pages (draft preview)
        ]
    )


def preview_headers(config: dict) -> dict[str, str]:
    """On previews (frontend/views/preview.py): never stored, never indexed, framed by the CMS alone."""
    return {
        "Cache-Control": "private, no-store",
        "X-Robots-Tag": "noindex",
        "Content-Security-Policy": content_security_policy(config, framed_by=origin(config["CMS_PUBLIC_URL"])),
    }


def clean_html(html) -> Markup:
    """Rich text from the CMS, sanitised again here (nh3's allow-list; links get rel=noopener)."""
    return Markup(nh3.clean(html or ""))


def safe_booking(button):
    """The booking button only if its link is an absolute http(s) URL."""
    return button if button and is_safe_booking_url(button.get("url")) else None


def headers(config: dict) -> list[tuple[str, str]]:
    """Sent with every answer (see SecurityHeaders)."""
    return [
        ("Content-Security-Policy", content_security_policy(config)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]


class SecurityHeaders:
    """WSGI middleware: `headers(config)` on every answer, from Flask or the page cache's
    fast path alike, and HSTS on answers that went out over https (the TLS proxy in front
    says so with X-Forwarded-Proto)."""

    def __init__(self, wsgi_app, config: dict):
        self.wsgi_app = wsgi_app
        self.headers = headers(config)
        seconds = config.get("SECURE_HSTS_SECONDS", 0)
        self.hsts = ("Strict-Transport-Security", f"max-age={seconds}") if seconds else None

    def __call__(self, environ, start_response):
        extra = self.headers
        if self.hsts and "https" in (environ.get("wsgi.url_scheme"), environ.get("HTTP_X_FORWARDED_PROTO")):
            extra = [*extra, self.hsts]

        def add_headers(status, response_headers, exc_info=None):
            present = {name.lower() for name, _value in response_headers}
            response_headers.extend(item for item in extra if item[0].lower() not in present)
            return start_response(status, response_headers, exc_info)

        return self.wsgi_app(environ, add_headers)


def register(app: Flask) -> None:
    app.add_template_filter(clean_html, "rich_text")
    app.add_template_filter(safe_booking)
    app.add_template_test(is_safe_booking_url, "safe_booking_url")
