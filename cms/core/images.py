"""Image renditions in the shape the API and the site use, and the alt text they carry."""

from django.core.exceptions import ValidationError
from wagtail.images.api.fields import ImageRenditionField

# Named sizes, so the CMS generates each rendition once and the site knows what it gets.
HERO = "fill-1200x630-c80"
CARD = "fill-640x400-c80"
PORTRAIT = "fill-480x480-c50"
INLINE = "max-1000x800"
# What OpenGraph and Twitter cards show best (1.91:1), as a JPEG whatever was uploaded
# (WebP, AVIF or a transparent PNG are not accepted everywhere).
SOCIAL = "fill-1200x630|format-jpeg"

ALT_HELP = "Describe the picture for people who cannot see it. Blank uses the image's own description."
DECORATIVE_HELP = (
    "Tick when the picture adds nothing a reader needs: screen readers then skip it (alt text is ignored)."
)
MISSING_ALT = (
    "This picture has no description: write alt text for it, or tick 'decorative' if it adds nothing a reader needs."
)


def alt_text(image, alt: str = "", decorative: bool = False) -> str:
    """The alt text a picture is shown with: none when it is decorative, else the text written
    for it where it is used, else the image's own description. Never the image's title, which
    is usually the uploaded file's name."""
    if image is None or decorative:
        return ""
    return (alt or "").strip() or (getattr(image, "description", "") or "").strip()


def require_alt_text(page, image_field: str, alt_field: str, decorative_field: str) -> None:
    """For a model's clean(): a chosen picture needs alt text (its own or the image's) or 'decorative'."""
    image = getattr(page, image_field)
    decorative = getattr(page, decorative_field)
    if image is not None and not decorative and not alt_text(image, getattr(page, alt_field)):
        raise ValidationError({alt_field: ValidationError(MISSING_ALT, code="missing_alt")})


def rendition(image, spec: str, alt: str = "", decorative: bool = False):
    """A rendition as {url, width, height, alt}, or None when there is no image (see alt_text)."""
    if image is None:
        return None
    data = ImageRenditionField(spec).to_representation(image)
    if "url" in data:
        data.pop("full_url", None)
        data["alt"] = alt_text(image, alt, decorative)
    return data
