"""What a page's <head> says about it: <title>, description, canonical URL, social cards.

Built from the page's CMS answer (`page.seo`, shared.api_types.Seo, fallbacks already
applied by the CMS) and the site's settings. The views' render_page (frontend/views/pages.py)
works it out once and hands it to the templates as `head` (partials/head_meta.html shows it);
structured data (structured_data.py) is built from the same head, for the same canonical URL.
"""

from flask import current_app, request, url_for

from shared.site_map import ARTICLE, HOME, THERAPIST
from shared.text import shorten

from .public_urls import public_url, with_media_url

OG_TYPES = {ARTICLE: "article", THERAPIST: "profile"}


def with_site_name(text: str, site_name: str) -> str:
    """`<text> · <site name>`, unless the text already names the site (any case)."""
    text = (text or "").strip()
    if not text:
        return site_name
    if site_name and site_name.casefold() in text.casefold():
        return text
    return f"{text} · {site_name}"


# The site's own social card (scripts/make_icons.py draws it), for pages without a picture.
DEFAULT_SOCIAL_IMAGE = {"path": "social/default.jpg", "width": 1200, "height": 630}


def default_social_image() -> dict:
    """The default social image as an Image (absolute URL, size, alt)."""
    return {
        "url": public_url(url_for("static", filename=DEFAULT_SOCIAL_IMAGE["path"])),
        "width": DEFAULT_SOCIAL_IMAGE["width"],
        "height": DEFAULT_SOCIAL_IMAGE["height"],
        "alt": f"The {current_app.config['SITE_NAME']} logo",
    }


def plain_head(title: str, description: str | None = None) -> dict:
    """The head of a page the site makes without a CMS page (search): its own title, the request's
    address and the default social image."""
    site_name = current_app.config["SITE_NAME"]
    return {
        "title": with_site_name(title, site_name),
        "social_title": title,
        "site_name": site_name,
        "description": shorten(description),
        "canonical": public_url(request.full_path.rstrip("?")),
        "og_type": "website",
        "image": default_social_image(),
        "twitter_card": "summary",
    }


def page_head(
    page,
    canonical_url: str | None = None,
    page_number: int | None = None,
    title: str | None = None,
    description: str | None = None,
    crumb: str | None = None,
) -> dict:
    """The head of a page rendered from a CMS answer, or of one without (`page` None: errors).

    `canonical_url` (a path with its query, or a URL) overrides the request's path, for
    pages whose address carries a query that matters (`/articles/?page=2`). `title` and
    `description` are for pages the view composes from a CMS page (a tag archive); `crumb` names
    such a page in the breadcrumbs, which then go through the CMS page (Home › Articles › Tag: x).
    """
    site_name = current_app.config["SITE_NAME"]
    if not page:
        return {"title": site_name, "site_name": site_name}
    seo = page.get("seo") or {}
    page_type = (page.get("meta") or {}).get("type")
    title = title or seo.get("title") or page.get("title") or ""
    own_crumb = crumb or page.get("title") or title
    if page_number and page_number > 1:
        title = f"{title} (page {page_number})"
        own_crumb = f"{own_crumb} (page {page_number})"
    if page_type == HOME:
        # The home page is the clinic itself: its name, or the SEO title an editor chose.
        full_title = ((page.get("meta") or {}).get("seo_title") or "").strip() or site_name
    else:
        full_title = with_site_name(title, site_name)
    own_image = with_media_url(seo.get("image"))
    image = own_image or default_social_image()
    head = {
        "title": full_title,
        "social_title": title if page_type != HOME else full_title,
        "site_name": site_name,
        "description": shorten(description or seo.get("description")),
        "canonical": public_url(canonical_url or request.path),
        "og_type": OG_TYPES.get(page_type, "website"),
        "image": image,
        "published": seo.get("published"),
        "modified": seo.get("modified"),
        # The site's logo card is small beside the text; a page's own picture is shown large.
        "twitter_card": "summary_large_image" if own_image else "summary",
        "crumb": own_crumb,  # the last breadcrumb (structured data)
        "crumb_through_page": bool(crumb),  # a composed page: the CMS page is the crumb before it
    }
    return head
