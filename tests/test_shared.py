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


# -- shared/text.py: descriptions cut on a word ----------------------------------------------


def test_a_long_description_is_cut_after_a_whole_word_with_an_ellipsis():
    from shared.text import shorten

    text = "Remedial sports massage eases the muscles you train hardest, " * 4
    cut = shorten(text)
    assert len(cut) <= 160 and cut.endswith("…")
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] == " "  # the next character began a new word
    assert not cut[:-1].endswith((",", " "))
    assert shorten("Short  and\nsweet.") == "Short and sweet."  # whole, on one line
    assert shorten("x" * 200) == "x" * 159 + "…"  # one endless word: the only cut possible
    assert shorten("one two three", 8) == "one two…" and shorten("one two three", 7) == "one…"
    assert shorten(None) == ""


def test_no_cut_ever_ends_inside_a_word():
    import random

    from shared.text import shorten

    words = ["a", "massage", "pelvic-floor", "physiotherapy,", "rest.", "the", "sports"]
    for seed in range(200):
        rnd = random.Random(seed)
        text = " ".join(rnd.choice(words) for _ in range(rnd.randrange(1, 60)))
        length = rnd.randrange(10, 170)
        cut = shorten(text, length)
        assert len(cut) <= length
        if cut != text and len(text.split(" ")[0]) < length:  # (a first word too long is cut: nothing fits)
            kept = cut[:-1].split(" ")
            assert kept == text.split(" ")[: len(kept) - 1] + [kept[-1]]
            assert text.split(" ")[len(kept) - 1].startswith(kept[-1])  # the last kept word is whole
            assert kept[-1].rstrip(",.") == text.split(" ")[len(kept) - 1].rstrip(",.")
