"""Titles over the limit get a clear error from the real admin forms, never a silent cut
(cms/core/forms.py, the base form of every clinic page type)."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.articles.models import ArticlePage
from cms.core.forms import TITLE_MAX_LENGTH
from cms.therapists.models import TherapistPage
from tests.cms.admin_pages import soup, text
from tests.factories import TherapistPageFactory

pytestmark = pytest.mark.django_db


def article_form(title: str, slug: str) -> dict:
    form = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "A summary.",
            "publication_date": "",
            "author": "",
            "tags": "",
            "hero_image": "",
            "hero_alt": "",
            "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
            "comments": inline_formset([]),
        }
    )
    form["action-publish"] = "action-publish"
    return form


def title_errors(response) -> str:
    page = soup(response)
    field = page.select_one("#id_title").find_parent(attrs={"data-field": True}) or page
    return " ".join(text(error) for error in field.select(".error-message"))


def test_a_5000_character_title_is_refused_with_a_clear_error_and_nothing_is_saved(admin_client, clinic):
    before = ArticlePage.objects.count()
    add_url = f"/admin/pages/add/articles/articlepage/{clinic.articles.id}/"
    response = admin_client.post(add_url, article_form("A" * 5000, "long-title"))
    assert response.status_code == 200  # the form again
    errors = title_errors(response)
    assert f"This title is 5000 characters long; titles can be at most {TITLE_MAX_LENGTH}." in errors
    assert "Shorten it" in errors
    assert ArticlePage.objects.count() == before
    assert not ArticlePage.objects.filter(slug="long-title").exists()
    # The editor's text comes back whole, to shorten by hand.
    assert soup(response).select_one("#id_title")["value"] == "A" * 5000


def test_the_limit_itself_is_accepted_and_one_more_is_not(admin_client, clinic):
    add = f"/admin/pages/add/articles/articlepage/{clinic.articles.id}/"
    refused = admin_client.post(add, article_form("B" * (TITLE_MAX_LENGTH + 1), "one-too-many"))
    assert refused.status_code == 200 and "titles can be at most" in title_errors(refused)
    accepted = admin_client.post(add, article_form("B" * TITLE_MAX_LENGTH, "just-right"))
    assert accepted.status_code == 302
    assert ArticlePage.objects.get(slug="just-right").title == "B" * TITLE_MAX_LENGTH


def test_the_browser_is_not_told_to_cut_titles_and_the_editor_is_told_the_limit(admin_client, clinic):
    for url in (
        f"/admin/pages/add/articles/articlepage/{clinic.articles.id}/",
        f"/admin/pages/{clinic.home.id}/edit/",
        f"/admin/pages/{clinic.services.id}/edit/",
    ):
        page = soup(admin_client.get(url))
        title = page.select_one("#id_title")
        assert not title.has_attr("maxlength"), url
        assert f"Up to {TITLE_MAX_LENGTH} characters" in text(page), url


def test_editing_a_therapist_with_a_too_long_name_keeps_the_old_one(admin_client, clinic):
    therapist = TherapistPageFactory(parent=clinic.therapists, title="Piia Laakso")
    form = nested_form_data(
        {
            "title": "Piia " * 1000,
            "slug": therapist.slug,
            "role": therapist.role,
            "photo": "",
            "biography": rich_text("<p>Hi.</p>"),
            "working_days": ["monday"],
            "absences": streamfield([]),
            "contact_email": "",
            "booking_url": "",
            "service_links": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    form["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{therapist.id}/edit/", form)
    assert response.status_code == 200 and "titles can be at most" in title_errors(response)
    assert TherapistPage.objects.get(pk=therapist.pk).title == "Piia Laakso"
