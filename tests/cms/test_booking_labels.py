"""Booking buttons say what their link books (shared/booking.py), in the API and on the admin's
edit screens ("Visitors see", cms/booking/panels.py)."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from shared.booking import resolve_booking
from tests.cms.admin_pages import soup, text
from tests.factories import ArticlePageFactory, ServicePageFactory, TherapistPageFactory, call_to_action

pytestmark = pytest.mark.django_db

CLINIC = "https://book.example.com/clinic"  # BookingSettingsFactory's default
SERVICE = "https://book.example.com/s/reflexology"
THERAPIST = "https://book.example.com/t/maija"


@pytest.mark.parametrize(
    "service_url, therapist_url, default_url, expected",
    [
        (SERVICE, THERAPIST, CLINIC, (SERVICE, "Book reflexology", "service")),
        ("", THERAPIST, CLINIC, (THERAPIST, "Book with Maija", "therapist")),
        ("", "", CLINIC, (CLINIC, "Book a visit", "default")),
        ("javascript:alert(1)", "", CLINIC, (CLINIC, "Book a visit", "default")),
        ("", "", "", None),
    ],
)
def test_the_label_names_what_the_chosen_link_books(service_url, therapist_url, default_url, expected):
    button = resolve_booking(
        service_title="Reflexology",
        service_url=service_url,
        therapist_name="Maija Virtanen",
        therapist_url=therapist_url,
        default_url=default_url,
        default_label="Book a visit",
    )
    assert (button and (button.url, button.label, button.source)) == expected


def test_the_clinics_page_uses_the_generic_wording_when_the_clinic_has_none():
    button = resolve_booking(therapist_name="Maija Virtanen", default_url=CLINIC, default_label="")
    assert button.label == "Book an appointment"


def button(answer_button) -> tuple:
    return answer_button["url"], answer_button["label"], answer_button["source"]


def test_a_therapist_without_a_link_no_longer_claims_to_book_them(find_page, clinic):
    clinic.booking.cta_label = "Varaa aika"
    clinic.booking.save()
    TherapistPageFactory(parent=clinic.therapists, title="Maija Virtanen", slug="maija")
    maija = find_page("/therapists/maija/")
    assert button(maija["booking"]) == (CLINIC, "Varaa aika", "default")


def test_every_kind_of_button_in_an_article_matches_its_link(find_page, clinic):
    maija = TherapistPageFactory(parent=clinic.therapists, title="Maija Virtanen")  # no link
    cupping = ServicePageFactory(parent=clinic.services, title="Cupping")  # booked through Aino
    TherapistPageFactory(parent=clinic.therapists, title="Ville Esimerkki", services=[cupping])  # first, but no link
    aino = TherapistPageFactory(
        parent=clinic.therapists, title="Aino Testinen", booking_url=THERAPIST, services=[cupping]
    )
    reflexology = ServicePageFactory(parent=clinic.services, title="Reflexology", booking_url=SERVICE)
    hidden = TherapistPageFactory(
        parent=clinic.therapists, title="Hidden Therapist", booking_url="https://x.example.com", publish=False
    )
    ArticlePageFactory(
        parent=clinic.articles,
        title="Buttons",
        slug="buttons",
        author=maija,
        body=[
            call_to_action(therapist=maija),
            call_to_action(therapist=aino),
            call_to_action(service=cupping),
            call_to_action(service=reflexology),
            call_to_action(therapist=hidden),
            call_to_action(url="https://other.example.com/book", label="Book a group class"),
            call_to_action(url="https://other.example.com/book"),
        ],
    )
    answer = find_page("/articles/buttons/")
    assert button(answer["booking"]) == (CLINIC, "Book an appointment", "default")  # the author has no link
    assert [button(block["value"]["button"]) for block in answer["body"]] == [
        (CLINIC, "Book an appointment", "default"),
        (THERAPIST, "Book with Aino", "therapist"),
        (THERAPIST, "Book with Aino", "therapist"),  # cupping is booked on Aino's page: it says so
        (SERVICE, "Book reflexology", "service"),
        (CLINIC, "Book an appointment", "default"),  # an unpublished therapist is never named
        ("https://other.example.com/book", "Book a group class", "link"),
        ("https://other.example.com/book", "Book an appointment", "link"),
    ]


# -- "Visitors see" on the edit screens ---------------------------------------------------


def visitors_see(admin_client, page) -> str:
    return text(soup(admin_client.get(f"/admin/pages/{page.id}/edit/")).select_one("[data-visitors-see]"))


def test_a_therapist_without_a_link_shows_the_fallback_and_why(admin_client, clinic):
    maija = TherapistPageFactory(parent=clinic.therapists, title="Maija Virtanen")
    shown = visitors_see(admin_client, maija)
    assert f"Visitors see: Book an appointment → {CLINIC}" in shown
    assert "the clinic's default booking page, because this therapist has no booking link" in shown


def test_a_therapist_with_a_link_shows_their_own_button(admin_client, clinic):
    piia = TherapistPageFactory(parent=clinic.therapists, title="Piia Laakso", booking_url=THERAPIST)
    shown = visitors_see(admin_client, piia)
    assert f"Visitors see: Book with Piia → {THERAPIST}" in shown and "this therapist's own booking link" in shown


def test_a_service_shows_where_its_link_comes_from(admin_client, clinic):
    own = ServicePageFactory(parent=clinic.services, title="Reflexology", booking_url=SERVICE)
    through = ServicePageFactory(parent=clinic.services, title="Cupping")
    TherapistPageFactory(parent=clinic.therapists, title="Aino Testinen", booking_url=THERAPIST, services=[through])
    nobody = ServicePageFactory(parent=clinic.services, title="Hot stones")
    TherapistPageFactory(parent=clinic.therapists, title="Ville Esimerkki", services=[nobody])

    assert f"Visitors see: Book reflexology → {SERVICE}" in visitors_see(admin_client, own)
    assert "this service's own booking link" in visitors_see(admin_client, own)
    shown = visitors_see(admin_client, through)
    assert f"Visitors see: Book with Aino → {THERAPIST}" in shown
    assert "the booking link of Aino Testinen, who offers this service" in shown
    shown = visitors_see(admin_client, nobody)
    assert f"Visitors see: Book an appointment → {CLINIC}" in shown
    assert "neither this service nor any published therapist offering it has a booking link" in shown


def test_without_any_link_the_screen_says_there_is_no_button(admin_client, clinic):
    clinic.booking.default_booking_url = ""
    clinic.booking.save()
    maija = TherapistPageFactory(parent=clinic.therapists, title="Maija Virtanen")
    shown = visitors_see(admin_client, maija)
    assert "Visitors see:" not in shown and "No booking button" in shown and "Booking settings" in shown


def test_the_new_service_form_shows_the_clinics_fallback(admin_client, clinic):
    add = soup(admin_client.get(f"/admin/pages/add/services/servicepage/{clinic.services.id}/"))
    assert f"Visitors see: Book an appointment → {CLINIC}" in text(add.select_one("[data-visitors-see]"))


def test_saving_a_booking_link_updates_what_the_screen_shows(admin_client, clinic):
    maija = TherapistPageFactory(parent=clinic.therapists, title="Maija Virtanen")
    form = nested_form_data(
        {
            "title": maija.title,
            "slug": maija.slug,
            "role": maija.role,
            "photo": "",
            "biography": rich_text("<p>Hello.</p>"),
            "working_days": ["monday"],
            "absences": streamfield([]),
            "contact_email": "",
            "booking_url": THERAPIST,
            "service_links": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    saved = admin_client.post(f"/admin/pages/{maija.id}/edit/", form)  # "Save draft"
    assert saved.status_code == 302
    shown = visitors_see(admin_client, maija)
    assert f"Visitors see: Book with Maija → {THERAPIST}" in shown and "this therapist's own booking link" in shown
