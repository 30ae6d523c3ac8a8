"""Response headers that keep readers safe, and cleaning what the CMS sends as HTML."""

from urllib.parse import urlsplit

import nh3
from flask import Flask
from markupsafe import Markup

from shared.booking import is_safe_booking_url


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(config: dict) -> str:
    cms = origin(config["CMS_PUBLIC_URL"])
    images = " ".join(["'self'", "data:", cms, *config["MEDIA_ORIGINS"]])
    return "; ".join(
        [
            "default-src 'self'",
            f"img-src {images}",
            "style-src 'self'",
            "script-src 'self'",  # no inline scripts anywhere
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors 'self' {cms}",  # only the CMS may frame pages (draft preview)
        ]
    )


def clean_html(html) -> Markup:
    """Rich text from the CMS, sanitised again here (nh3's allow-list; links get rel=noopener)."""
    return Markup(nh3.clean(html or ""))


def safe_booking(button):
    """The booking button only if its link is an absolute http(s) URL."""
    return button if button and is_safe_booking_url(button.get("url")) else None


def headers(config: dict) -> list[tuple[str, str]]:
    """Sent with every page, by Flask and by the page cache's fast path alike."""
    return [
        ("Content-Security-Policy", content_security_policy(config)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]


def register(app: Flask) -> None:
    every_response = headers(app.config)

    @app.after_request
    def security_headers(response):
        for name, value in every_response:
            response.headers.setdefault(name, value)
        return response

    app.add_template_filter(clean_html, "rich_text")
    app.add_template_filter(safe_booking)
    app.add_template_test(is_safe_booking_url, "safe_booking_url")
