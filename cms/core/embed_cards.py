"""What the site needs to show an embed: a player from a few known video hosts (framed, so the
site's CSP names exactly those hosts), else a link card. Read from Wagtail's stored embeds only:
a provider that was never reached gives a card with the address alone."""

import re
from urllib.parse import urlsplit

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from shared.site_map import EMBED_PLAYER_HOSTS

IFRAME_SRC = r'<iframe[^>]*\bsrc="([^"]+)"'


def player_url(html: str) -> str:
    """The iframe address in a provider's embed HTML, if it is https on an allowed player host."""
    match = re.search(IFRAME_SRC, html or "")
    if not match:
        return ""
    src = match.group(1).replace("&amp;", "&")
    parts = urlsplit(src)
    if parts.scheme != "https" or parts.hostname not in EMBED_PLAYER_HOSTS:
        return ""
    return src


def card(url: str) -> dict:
    """shared.api_types.EmbedValue for one embed address."""
    embed = Embed.objects.filter(hash=get_embed_hash(url)).first() if url else None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    if embed is None:
        return {"url": url, "title": "", "provider": host, "player_url": "", "width": None, "height": None}
    return {
        "url": url,
        "title": (embed.title or "")[:300],
        "provider": embed.provider_name or host,
        "player_url": player_url(embed.html),
        "width": embed.width,
        "height": embed.height,
    }
