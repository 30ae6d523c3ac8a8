"""Preview on the site, the CMS's half: the admin's preview views keep the page's API answer
under a token and send the browser to the site; the preview endpoint gives it back only for
that token, while it is valid. (The site's half, end to end: tests/site/test_preview.py.)"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.preview.models import PagePreview
from tests.factories import (
    ArticlePageFactory,
    ServicePageFactory,
    TherapistPageFactory,
    call_to_action,
    paragraph,
)

pytestmark = pytest.mark.django_db

PREVIEW_PREFIX = "http://127.0.0.1:5000/_preview/"


@pytest.fixture
def editor_client(client):
    """An ordinary editor: Wagtail's own Editors group, no superuser rights."""
    user = get_user_model().objects.create_user("ed", "ed@example.com", "pw", is_staff=False)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    return client


def token_of(response) -> str:
    assert response.status_code == 302, response.content[:500]
    location = response.headers["Location"]
    assert location.startswith(PREVIEW_PREFIX)
    return location[len(PREVIEW_PREFIX) :].rstrip("/")


def preview_answer(client, token: str) -> dict:
    response = client.get(f"/api/v2/preview/{token}/")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    return response.json()


def article_form(title: str, slug: str, text: str, date: str = "", author="", tags: str = "") -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": f"About {title.lower()}.",
            "publication_date": date,
            "author": author,
            "tags": tags,
            "hero_image": "",
            "hero_alt": "",
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "comments": inline_formset([]),
        }
    )


def test_view_draft_shows_the_draft_while_the_api_keeps_the_live_text(admin_client, clinic):
    article = ArticlePageFactory(parent=clinic.articles, title="Stretching", body=[paragraph("<p>Live words.</p>")])
    draft = article.get_latest_revision_as_object()
    draft.body = [paragraph("<p>Draft words.</p>")]
    draft.save_revision()

    response = admin_client.get(f"/admin/pages/{article.id}/view_draft/")
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex"
    answer = preview_answer(admin_client, token_of(response))
    assert answer["id"] == article.id
    assert "Draft words." in answer["body"][0]["value"]
    assert answer["clinic"]["contact_email"] == clinic.booking.contact_email

    live = admin_client.get("/api/v2/pages/find/", {"html_path": "/articles/stretching/"}).json()
    assert "Live words." in live["body"][0]["value"]


def test_an_editor_can_view_a_draft(editor_client, clinic):
    article = ArticlePageFactory(parent=clinic.articles, publish=False)
    assert token_of(editor_client.get(f"/admin/pages/{article.id}/view_draft/"))


@pytest.mark.parametrize("section", [None, "articles", "therapists", "services"])
def test_every_page_type_previews(admin_client, clinic, section):
    service = ServicePageFactory(parent=clinic.services)
    therapist = TherapistPageFactory(parent=clinic.therapists, services=[service])
    article = ArticlePageFactory(parent=clinic.articles, author=therapist)
    pages = {
        None: [clinic.home],
        "articles": [clinic.articles, article],
        "therapists": [clinic.therapists, therapist],
        "services": [clinic.services, service],
    }
    for page in pages[section]:
        assert page.specific.is_previewable()
        answer = preview_answer(admin_client, token_of(admin_client.get(f"/admin/pages/{page.id}/view_draft/")))
        assert answer["meta"]["type"] == page.specific_class._meta.label
        live = admin_client.get(f"/api/v2/pages/{page.id}/").json()
        # Nothing is drafted here: the very answer the live API gives (shared.api_types' shapes).
        assert answer == live


def test_a_draft_therapist_shows_its_own_choice_of_services(admin_client, clinic):
    massage, cupping = ServicePageFactory(parent=clinic.services), ServicePageFactory(parent=clinic.services)
    therapist = TherapistPageFactory(parent=clinic.therapists, services=[massage])
    draft = therapist.get_latest_revision_as_object()
    draft.service_links = [type(draft.service_links.first())(service=cupping)]
    draft.save_revision()
    answer = preview_answer(admin_client, token_of(admin_client.get(f"/admin/pages/{therapist.id}/view_draft/")))
    assert [card["id"] for card in answer["services"]] == [cupping.id]
    live = admin_client.get(f"/api/v2/pages/{therapist.id}/").json()
    assert [card["id"] for card in live["services"]] == [massage.id]  # the live page is unchanged


def test_a_new_article_previews_before_it_is_saved(admin_client, clinic):
    therapist = TherapistPageFactory(parent=clinic.therapists, booking_url="https://book.example.com/t")
    older = ArticlePageFactory(parent=clinic.articles, publication_date=datetime.date(2026, 2, 1))
    newer = ArticlePageFactory(parent=clinic.articles, publication_date=datetime.date(2026, 4, 1))
    url = f"/admin/pages/add/articles/articlepage/{clinic.articles.id}/preview/"
    form = article_form("Brand new", "brand-new", "Not saved yet.", date="2026-03-01", author=str(therapist.id))

    stored = admin_client.post(url, form)
    assert stored.json() == {"is_valid": True, "is_available": True}
    answer = preview_answer(admin_client, token_of(admin_client.get(url, {"mode": ""})))
    assert answer["id"] is None and answer["title"] == "Brand new"
    assert "Not saved yet." in answer["body"][0]["value"]
    assert answer["previous"]["id"] == older.id and answer["next"]["id"] == newer.id
    assert answer["author"]["id"] == therapist.id
    assert answer["booking"]["url"] == "https://book.example.com/t"
    assert not clinic.articles.get_children().filter(slug="brand-new").exists()


def test_a_new_article_without_a_date_takes_today_and_follows_todays_articles(admin_client, clinic):
    today = ArticlePageFactory(parent=clinic.articles, publication_date=timezone.localdate())
    url = f"/admin/pages/add/articles/articlepage/{clinic.articles.id}/preview/"
    admin_client.post(url, article_form("Undated", "undated", "Soon."))
    answer = preview_answer(admin_client, token_of(admin_client.get(url, {"mode": ""})))
    assert answer["publication_date"] == timezone.localdate().isoformat()
    assert answer["previous"]["id"] == today.id and answer["next"] is None


def test_the_preview_panel_shows_unsaved_edits(admin_client, clinic):
    article = ArticlePageFactory(parent=clinic.articles, title="Old title")
    url = f"/admin/pages/{article.id}/edit/preview/"
    form = article_form("Edited title", article.slug, "Edited text.", date=article.publication_date.isoformat())
    assert admin_client.post(url, form).json()["is_valid"] is True
    answer = preview_answer(admin_client, token_of(admin_client.get(url, {"mode": ""})))
    assert answer["title"] == "Edited title" and answer["id"] == article.id


def test_the_preview_shows_the_forms_tags_not_the_stored_ones(admin_client, clinic):
    # The API loads an answer's tags in one query with the related cards' (cms/articles/models.py):
    # never the stored tags in place of the editor's.
    article = ArticlePageFactory(parent=clinic.articles, title="Tagged", tags=["stored"])
    ArticlePageFactory(parent=clinic.articles, title="Neighbour", tags=["stored"])
    url = f"/admin/pages/{article.id}/edit/preview/"
    form = article_form("Tagged", article.slug, "Text.", date=article.publication_date.isoformat(), tags="edited, more")
    assert admin_client.post(url, form).json()["is_valid"] is True
    answer = preview_answer(admin_client, token_of(admin_client.get(url, {"mode": ""})))
    assert answer["tags"] == ["edited", "more"] and [card["title"] for card in answer["related"]] == ["Neighbour"]


def test_a_new_service_and_a_call_to_action_preview(admin_client, clinic):
    service = ServicePageFactory(parent=clinic.services, booking_url="https://book.example.com/s")
    article = ArticlePageFactory(parent=clinic.articles, body=[call_to_action(service=service)])
    answer = preview_answer(admin_client, token_of(admin_client.get(f"/admin/pages/{article.id}/view_draft/")))
    assert service.id in answer["meta"]["shown_page_ids"]
    url = f"/admin/pages/add/services/servicepage/{clinic.services.id}/preview/"
    form = nested_form_data(
        {
            "title": "New massage",
            "slug": "new-massage",
            "summary": "Soon.",
            "image": "",
            "description": rich_text("<p>x</p>"),
            "booking_url": "",
            "options": inline_formset([{"label": "", "duration_minutes": 30, "price": "40.00"}], min=1),
            "comments": inline_formset([]),
        }
    )
    assert admin_client.post(url, form).json()["is_valid"] is True
    answer = preview_answer(admin_client, token_of(admin_client.get(url, {"mode": ""})))
    assert answer["title"] == "New massage" and answer["therapists"] == []
    assert answer["booking"]["url"] == clinic.booking.default_booking_url


def test_tokens_are_random_and_name_one_page(admin_client, clinic):
    first, second = (ArticlePageFactory(parent=clinic.articles) for _ in range(2))
    tokens = [token_of(admin_client.get(f"/admin/pages/{page.id}/view_draft/")) for page in (first, first, second)]
    assert len(set(tokens)) == 3 and all(len(token) >= 43 for token in tokens)
    assert preview_answer(admin_client, tokens[2])["id"] == second.id


@pytest.mark.parametrize("token", ["not-a-real-token-but-long-enough-000000000000", "short", "a" * 200, "sp%20ace"])
def test_an_unknown_or_malformed_token_is_a_404(client, clinic, token):
    response = client.get(f"/api/v2/preview/{token}/")
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_nul_in_a_token_is_a_400(client, clinic):
    assert client.get("/api/v2/preview/%00/").status_code == 400


def test_an_expired_token_is_a_404_and_expired_previews_are_swept(admin_client, clinic):
    article = ArticlePageFactory(parent=clinic.articles)
    token = token_of(admin_client.get(f"/admin/pages/{article.id}/view_draft/"))
    PagePreview.objects.filter(token=token).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert admin_client.get(f"/api/v2/preview/{token}/").status_code == 404
    token_of(admin_client.get(f"/admin/pages/{article.id}/view_draft/"))  # storing a new one sweeps it
    assert not PagePreview.objects.filter(token=token).exists()


def test_tokens_last_preview_token_seconds(admin_client, clinic, settings):
    settings.PREVIEW_TOKEN_SECONDS = 60
    article = ArticlePageFactory(parent=clinic.articles)
    token = token_of(admin_client.get(f"/admin/pages/{article.id}/view_draft/"))
    preview = PagePreview.objects.get(token=token)
    assert datetime.timedelta(seconds=59) < preview.expires_at - preview.created_at <= datetime.timedelta(seconds=61)


def test_the_preview_endpoint_takes_no_query(client, admin_client, clinic):
    article = ArticlePageFactory(parent=clinic.articles)
    token = token_of(admin_client.get(f"/admin/pages/{article.id}/view_draft/"))
    assert client.get(f"/api/v2/preview/{token}/", {"fields": "*"}).status_code == 400


def test_nobody_else_can_preview(client, clinic):
    article = ArticlePageFactory(parent=clinic.articles, publish=False)
    response = client.get(f"/admin/pages/{article.id}/view_draft/", HTTP_HOST="127.0.0.1")
    assert response.status_code == 302 and "/admin/login/" in response.headers["Location"]
    assert not PagePreview.objects.exists()
