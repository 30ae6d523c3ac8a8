"""Absolute addresses for what the site tells other machines: canonical links, social cards, structured data."""

from urllib.parse import urljoin

from flask import current_app


def public_url(path_or_url: str) -> str:
    """An address on the site's public origin (SITE_PUBLIC_URL); absolute URLs are kept."""
    return urljoin(current_app.config["SITE_PUBLIC_URL"] + "/", path_or_url or "/")


def media_url(url: str) -> str:
    """An image address from the CMS, made absolute (the CMS normally sends it so already)."""
    return urljoin(current_app.config["CMS_PUBLIC_URL"] + "/", url)


def with_media_url(image: dict | None) -> dict | None:
    """An image from the CMS ({url, width, height, alt}) with its address made absolute; None without one."""
    if not image or not image.get("url"):
        return None
    return {**image, "url": media_url(image["url"])}
