"""The editor's side: every form in the Wagtail admin opens and saves."""

import datetime

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.articles.models import ArticleIndexPage
from tests.factories import ArticlePageFactory, ServicePageFactory, TherapistPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory, section",
    [
        (ArticlePageFactory, "articles"),
        (TherapistPageFactory, "therapists"),
        (ServicePageFactory, "services"),
    ],
)
def test_add_and_edit_forms_open(admin_client, clinic, factory, section):
    parent = getattr(clinic, section)
    model = factory._meta.model
    add = admin_client.get(f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.id}/")
    assert add.status_code == 200
    for page in (factory(parent=parent), parent, clinic.home):
        assert admin_client.get(f"/admin/pages/{page.id}/edit/").status_code == 200


def test_booking_settings_form_opens(admin_client, clinic):
    response = admin_client.get(f"/admin/settings/booking/bookingsettings/{clinic.site.id}/")
    assert response.status_code == 200
    assert b"Default booking URL" in response.content
    assert b'value="https://book.example.com/clinic"' in response.content


def therapist_form(therapist, absences, **fields) -> dict:
    """The therapist's edit form, published, with `fields` in place of the defaults."""
    form = nested_form_data(
        {
            "title": therapist.title,
            "slug": therapist.slug,
            "role": therapist.role,
            "photo": "",
            "biography": rich_text("<p>Hello.</p>"),
            "working_days": ["tuesday"],
            "absences": streamfield(absences),
            "contact_email": "",
            "booking_url": "",
            "service_links": inline_formset([]),
            "comments": inline_formset([]),
            **fields,
        }
    )
    form["action-publish"] = "action-publish"
    return form


def test_editors_add_days_away_and_a_last_day_before_the_first_is_refused(admin_client, clinic):
    therapist = TherapistPageFactory(parent=clinic.therapists)
    edit = f"/admin/pages/{therapist.id}/edit/"
    wrong = therapist_form(therapist, [("away", {"first_day": "2026-12-10", "last_day": "2026-12-08"})])
    assert admin_client.post(edit, wrong).status_code == 200  # the form again, with the error
    assert b"The last day cannot be before the first." in admin_client.post(edit, wrong).content
    right = therapist_form(therapist, [("away", {"first_day": "2026-12-08", "last_day": ""})])
    assert admin_client.post(edit, right).status_code == 302
    therapist.refresh_from_db()
    (away,) = therapist.absences
    assert (away.value["first_day"].isoformat(), away.value["last_day"]) == ("2026-12-08", None)


def test_editors_set_opening_hours_and_closures_in_the_booking_settings(admin_client, clinic):
    url = f"/admin/settings/booking/bookingsettings/{clinic.site.id}/"
    soon = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()  # days gone by are left out
    form = nested_form_data(
        {
            "default_booking_url": "https://book.example.com/clinic",
            "cta_label": "Book an appointment",
            "contact_email": "desk@example.com",
            "business_name": "Test Clinic Oy",
            "telephone": "+358 40 123 4567",
            "street_address": "Testikatu 1",
            "postal_code": "00100",
            "address_locality": "Helsinki",
            "address_country": "FI",
            "opening_hours": streamfield(
                [
                    ("hours", {"weekday": "monday", "opens": "09:00", "closes": "17:00"}),
                    ("hours", {"weekday": "friday", "opens": "16:00", "closes": "09:00"}),
                ]
            ),
            "closures": streamfield([("closure", {"first_day": soon, "last_day": soon, "reason": "Holidays"})]),
            "visit_intro": rich_text("<p>Ring the bell.</p>"),
            "utm_enabled": "on",
            "utm_source": "clinic_website",
        }
    )
    refused = admin_client.post(url, form)
    assert b"Closing time must be after opening time." in refused.content
    form["opening_hours-1-value-opens"], form["opening_hours-1-value-closes"] = "09:00", "16:00"
    assert admin_client.post(url, form).status_code == 302
    answer = admin_client.get("/api/v2/booking-settings/").json()
    assert answer["opening_hours"] == [
        {"weekday": "monday", "opens": "09:00", "closes": "17:00"},
        {"weekday": "friday", "opens": "09:00", "closes": "16:00"},
    ]
    assert answer["closures"] == [{"first_day": soon, "last_day": soon, "reason": "Holidays"}]
    assert "Ring the bell." in answer["visit_intro"]


def test_view_live_points_at_the_public_site(admin_client, clinic):
    article = ArticlePageFactory(parent=clinic.articles, title="Ankle care")
    response = admin_client.get(f"/admin/pages/{article.id}/edit/")
    assert b'href="/articles/ankle-care/"' in response.content
    # That address on the CMS leads to the page on the public site.
    follow = admin_client.get("/articles/ankle-care/")
    assert follow.status_code == 302
    assert follow.headers["Location"] == "http://127.0.0.1:5000/articles/ankle-care/"


def test_admin_rejects_a_javascript_booking_link(admin_client, clinic):
    therapist = TherapistPageFactory(parent=clinic.therapists)
    form = therapist_form(
        therapist,
        [],
        working_days=["monday"],
        contact_email=therapist.contact_email,
        booking_url="javascript:alert(document.cookie)",
    )
    response = admin_client.post(f"/admin/pages/{therapist.id}/edit/", form)
    assert response.status_code == 200  # the form again, with the error
    assert b"starting with https://" in response.content
    therapist.refresh_from_db()
    assert therapist.booking_url == ""


def test_a_second_article_section_cannot_be_added(admin_client, clinic):
    response = admin_client.get(f"/admin/pages/add/articles/articleindexpage/{clinic.home.id}/")
    # Wagtail sends the editor back to the dashboard, with a "no permission" message.
    assert (response.status_code, response.headers["Location"]) == (302, "/admin/")
    assert list(ArticleIndexPage.objects.child_of(clinic.home)) == [clinic.articles]
