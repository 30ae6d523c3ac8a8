"""Which booking page a call-to-action button opens, and what it says.

A button books a service or a therapist. Its target is the service's own
booking URL, else the therapist's, else the clinic's default; its label names
what it books ("Book pregnancy massage", "Book with Piia").
"""

from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https")


def is_safe_booking_url(url: str) -> bool:
    """True for an absolute http(s) URL: never `javascript:`, `data:` or a bare path."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.netloc)


@dataclass(frozen=True)
class BookingButton:
    url: str
    label: str
    source: str  # "service", "therapist" or "default": where the URL came from

    def as_dict(self) -> dict:
        return asdict(self)


def service_label(service_title: str) -> str:
    # Lower-case the first letter unless the title opens with an acronym ("MOT").
    title = service_title.strip()
    if len(title) > 1 and title[1].isupper():
        return f"Book {title}"
    return f"Book {title[:1].lower()}{title[1:]}"


def therapist_label(therapist_name: str) -> str:
    first_name = therapist_name.strip().split()[0] if therapist_name.strip() else ""
    return f"Book with {first_name}" if first_name else ""


def resolve_booking(
    *,
    service_title: str = "",
    service_url: str = "",
    therapist_name: str = "",
    therapist_url: str = "",
    default_url: str = "",
    default_label: str = "Book an appointment",
) -> BookingButton | None:
    """Pick the first safe URL along service -> therapist -> clinic default.

    Returns None when there is nowhere safe to send the reader.
    """
    label = (
        service_label(service_title)
        if service_title
        else therapist_label(therapist_name) or default_label
    )
    for source, url in (("service", service_url), ("therapist", therapist_url), ("default", default_url)):
        if is_safe_booking_url(url):
            return BookingButton(url=url.strip(), label=label, source=source)
    return None
