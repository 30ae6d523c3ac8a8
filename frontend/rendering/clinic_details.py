"""The clinic's contact details as links: a map search for its address, its phone as `tel:`.

The map is a plain link to OpenStreetMap's search (no embed, no script: nothing loads from a third
party until the reader follows it).
"""

import re
from urllib.parse import urlencode

MAP_SEARCH = "https://www.openstreetmap.org/search"


def address_lines(business: dict | None) -> list[str]:
    """ "Kestrelinkatu 4 B", "00510 Helsinki": what an envelope would carry (blanks left out)."""
    business = business or {}
    town = " ".join(part for part in (business.get("postal_code"), business.get("address_locality")) if part)
    return [line for line in (business.get("street_address"), town) if line]


def map_url(business: dict | None) -> str:
    """A map search for the address, or '' without one."""
    lines = address_lines(business)
    if not lines:
        return ""
    return f"{MAP_SEARCH}?{urlencode({'query': ', '.join(lines)})}"


def tel_href(phone: str | None) -> str:
    """ "+358 40 123 4567" -> "tel:+358401234567"; '' for something that is no phone number."""
    digits = re.sub(r"[\s().\-/]", "", phone or "")
    return f"tel:{digits}" if re.fullmatch(r"\+?\d{3,20}", digits) else ""


def register(app) -> None:
    app.add_template_filter(address_lines)
    app.add_template_filter(map_url)
    app.add_template_filter(tel_href)
