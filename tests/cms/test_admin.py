"""The editor's side: every form in the Wagtail admin opens and saves."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

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
    form = nested_form_data(
        {
            "title": therapist.title,
            "slug": therapist.slug,
            "role": therapist.role,
            "photo": "",
            "biography": rich_text("<p>Hello.</p>"),
            "working_days": ["monday"],
            "contact_email": therapist.contact_email,
            "booking_url": "javascript:alert(document.cookie)",
            "service_links": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    form["action-publish"] = "action-publish"
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
