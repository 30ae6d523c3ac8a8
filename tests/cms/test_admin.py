"""The editor's side: every form in the Wagtail admin opens and saves."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.articles.models import ArticleIndexPage, ArticlePage
from cms.home.models import HomePage
from cms.services.models import ServiceIndexPage, ServicePage
from cms.therapists.models import TherapistIndexPage, TherapistPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    return client


@pytest.mark.parametrize(
    "model, parent_model",
    [
        (ArticlePage, ArticleIndexPage),
        (TherapistPage, TherapistIndexPage),
        (ServicePage, ServiceIndexPage),
    ],
)
def test_add_and_edit_forms_open(editor, model, parent_model):
    parent = parent_model.objects.get()
    add = editor.get(f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.id}/")
    assert add.status_code == 200
    for page in [*model.objects.all()[:1], parent, HomePage.objects.get()]:
        assert editor.get(f"/admin/pages/{page.id}/edit/").status_code == 200


def test_booking_settings_form_opens(editor):
    site = Site.objects.get(is_default_site=True)
    response = editor.get(f"/admin/settings/booking/bookingsettings/{site.id}/")
    assert response.status_code == 200
    assert b"Default booking URL" in response.content


def test_view_live_points_at_the_public_site(editor):
    article = ArticlePage.objects.get(slug="massage-for-the-feet")
    response = editor.get(f"/admin/pages/{article.id}/edit/")
    assert b'href="/articles/massage-for-the-feet/"' in response.content
    # That address on the CMS leads to the page on the public site.
    follow = editor.get("/articles/massage-for-the-feet/")
    assert follow.status_code == 302
    assert follow.headers["Location"] == "http://127.0.0.1:5000/articles/massage-for-the-feet/"


def test_admin_rejects_a_javascript_booking_link(editor):
    therapist = TherapistPage.objects.get(slug="maija-virtanen")
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
    response = editor.post(f"/admin/pages/{therapist.id}/edit/", form)
    assert response.status_code == 200  # the form again, with the error
    assert b"starting with https://" in response.content
    therapist.refresh_from_db()
    assert therapist.booking_url == ""


def test_a_second_article_section_cannot_be_added(editor):
    home = HomePage.objects.get()
    response = editor.get(f"/admin/pages/add/articles/articleindexpage/{home.id}/")
    assert response.status_code in (302, 403)
    assert Page.objects.type(ArticleIndexPage).count() == 1
