"""The contract both sides share: booking-button rules and public paths."""

import pytest

from shared.booking import is_safe_booking_url, resolve_booking, service_label, therapist_label
from shared.site_map import ARTICLE, HOME, SERVICE_INDEX, page_path


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://book.example.com/x", True),
        ("http://book.example.com", True),
        ("  https://book.example.com/x  ", True),
        ("HTTPS://BOOK.EXAMPLE.COM", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("//book.example.com", False),
        ("/book", False),
        ("https://", False),
        ("mailto:a@example.com", False),
        ("", False),
        (None, False),
        ("http://[::1", False),  # unparsable
    ],
)
def test_only_absolute_http_links_are_safe(url, safe):
    assert is_safe_booking_url(url) is safe


def test_labels_say_what_they_book():
    assert service_label("Pregnancy massage") == "Book pregnancy massage"
    assert service_label("MOT for runners") == "Book MOT for runners"
    assert therapist_label("Piia Laakso") == "Book with Piia"
    assert therapist_label("   ") == ""


def test_fallback_order_service_therapist_default():
    common = dict(service_title="Holistic massage", therapist_name="Piia Laakso", default_url="https://d.example.com")
    assert (
        resolve_booking(service_url="https://s.example.com", therapist_url="https://t.example.com", **common).source
        == "service"
    )
    assert (
        resolve_booking(service_url="", therapist_url="https://t.example.com", **common).url == "https://t.example.com"
    )
    assert resolve_booking(service_url="javascript:x", therapist_url="", **common).source == "default"
    assert resolve_booking(default_url="", default_label="Book") is None
    # The label names what the URL books: the therapist's link books the therapist.
    assert resolve_booking(service_url="https://s.example.com", **common).label == "Book holistic massage"
    assert resolve_booking(therapist_url="https://t.example.com", **common).label == "Book with Piia"
    # The clinic's general page never says "Book with Maija".
    assert (
        resolve_booking(therapist_name="Maija Virtanen", default_url="https://d.example.com").label
        == "Book an appointment"
    )
    assert resolve_booking(default_url="https://d.example.com", default_label="Book a visit").label == "Book a visit"


def test_public_paths():
    assert page_path(HOME, "anything") == "/"
    assert page_path(SERVICE_INDEX, "") == "/services/"
    assert page_path(ARTICLE, "massage-for-the-feet") == "/articles/massage-for-the-feet/"
    with pytest.raises(ValueError):
        page_path("wagtailcore.Page", "x")
