"""Image renditions in the shape the API and the site use."""

from wagtail.images.api.fields import ImageRenditionField

# Named sizes, so the CMS generates each rendition once and the site knows what it gets.
HERO = "fill-1200x630-c80"
CARD = "fill-640x400-c80"
PORTRAIT = "fill-480x480-c50"
INLINE = "max-1000x800"


def rendition(image, spec: str, alt: str = ""):
    """A rendition as {url, width, height, alt}, or None when there is no image."""
    if image is None:
        return None
    data = ImageRenditionField(spec).to_representation(image)
    if "url" in data:
        data.pop("full_url", None)
        data["alt"] = alt or image.default_alt_text
    return data
