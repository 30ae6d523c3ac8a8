"""Which booking page a call-to-action button opens, and what it says.

A button books a service or a therapist. Its target is the service's own
booking URL, else the therapist's, else the clinic's default; its label names
what that URL books: a service's link "Book pregnancy massage", a therapist's
"Book with Piia", the clinic's default page the clinic's own wording ("Book an
appointment"), never a name the link does not lead to.
"""

from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https")
# What a button to the clinic's general booking page says unless the clinic chose other words.
DEFAULT_LABEL = "Book an appointment"


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
    # A therapist's button: their working days and days away, for "next in clinic ..."
    # (shared/availability.py, worked out by the site when it renders); None otherwise.
    availability: dict | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def service_in_sentence(service_title: str) -> str:
    """A service's name inside a sentence: "Pregnancy massage" -> "pregnancy massage".

    The first letter is lower-cased unless the title opens with an acronym ("MOT check").
    """
    title = service_title.strip()
    if len(title) > 1 and title[1].isupper():
        return title
    return f"{title[:1].lower()}{title[1:]}"


def first_name(therapist_name: str) -> str:
    """What the site calls a therapist in running text: "Piia Laakso" -> "Piia"."""
    parts = therapist_name.split()
    return parts[0] if parts else ""


def service_label(service_title: str) -> str:
    return f"Book {service_in_sentence(service_title)}"


def therapist_label(therapist_name: str) -> str:
    name = first_name(therapist_name)
    return f"Book with {name}" if name else ""


def resolve_booking(
    *,
    service_title: str = "",
    service_url: str = "",
    therapist_name: str = "",
    therapist_url: str = "",
    default_url: str = "",
    default_label: str = DEFAULT_LABEL,
) -> BookingButton | None:
    """Pick the first safe URL along service -> therapist -> clinic default, labelled for that URL.

    Returns None when there is nowhere safe to send the reader.
    """
    labels = {
        "service": service_label(service_title) if service_title else "",
        "therapist": therapist_label(therapist_name),
        "default": "",
    }
    for source, url in (("service", service_url), ("therapist", therapist_url), ("default", default_url)):
        if is_safe_booking_url(url):
            # The clinic's page, or an owner without a name to give: the clinic's own wording.
            label = labels[source] or default_label or DEFAULT_LABEL
            return BookingButton(url=url.strip(), label=label, source=source)
    return None


def link_button(url: str, label: str = "", default_label: str = "") -> BookingButton | None:
    """A button to any other booking link an editor chose, with the editor's own words."""
    if not is_safe_booking_url(url):
        return None
    return BookingButton(url=url.strip(), label=label.strip() or default_label or DEFAULT_LABEL, source="link")
