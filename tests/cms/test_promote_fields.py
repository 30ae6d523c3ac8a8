"""The promote tab (SEO title, search description, social image), the `seo` object the API
sends, and the alt-text rule for hero images, photos and service images."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.core import images
from cms.core.images import MISSING_ALT
from tests.factories import ArticlePageFactory, ImageFactory, ServicePageFactory, TherapistPageFactory

pytestmark = pytest.mark.django_db


def undescribed_image():
    """An upload nobody described: its title is the file's name."""
    return ImageFactory(title="DSC_0042.jpg", description="")


# -- the promote tab ------------------------------------------------------------------------------


def test_every_page_type_has_the_promote_fields_in_the_admin(admin_client, clinic):
    pages = [
        clinic.home,
        clinic.articles,
        clinic.therapists,
        clinic.services,
        ArticlePageFactory(parent=clinic.articles),
        TherapistPageFactory(parent=clinic.therapists),
        ServicePageFactory(parent=clinic.services),
    ]
    for page in pages:
        response = admin_client.get(f"/admin/pages/{page.id}/edit/")
        assert response.status_code == 200
        for field in ("seo_title", "search_description", "social_image"):
            assert f'name="{field}"'.encode() in response.content, (type(page).__name__, field)


# -- the API's seo object ---------------------------------------------------------------------------


def test_seo_falls_back_to_title_summary_and_hero(find_page, clinic):
    article = ArticlePageFactory(
        parent=clinic.articles,
        title="Ankle care",
        slug="ankle",
        summary="Keep moving.",
        publication_date=datetime.date(2026, 4, 14),
        with_hero=True,
        hero_alt="An ankle",
    )
    seo = find_page("/articles/ankle/")["seo"]
    assert seo["title"] == "Ankle care"
    assert seo["description"] == "Keep moving."
    assert seo["image"]["url"] == article.hero_image.get_rendition(images.SOCIAL).url
    assert seo["image"]["url"].endswith(".jpg")
    assert seo["image"]["width"] == 1200 and abs(seo["image"]["height"] - 630) <= 1
    assert seo["image"]["alt"] == "An ankle"
    assert seo["published"] == "2026-04-14"
    assert datetime.datetime.fromisoformat(seo["modified"]) == article.last_published_at


def test_seo_title_description_and_social_image_win(find_page, clinic):
    social = ImageFactory(description="Our treatment room")
    ArticlePageFactory(
        parent=clinic.articles,
        slug="knees",
        with_hero=True,
        seo_title="Knee pain: what helps",
        search_description="Five things.",
        social_image=social,
    )
    seo = find_page("/articles/knees/")["seo"]
    assert (seo["title"], seo["description"]) == ("Knee pain: what helps", "Five things.")
    assert seo["image"]["url"] == social.get_rendition(images.SOCIAL).url
    assert seo["image"]["alt"] == "Our treatment room"


def test_a_png_social_image_becomes_a_jpeg(find_page, clinic):
    import factory

    png = ImageFactory(file=factory.django.ImageField(width=1300, height=700, format="PNG", filename="logo.png"))
    ServicePageFactory(parent=clinic.services, slug="png", social_image=png)
    assert find_page("/services/png/")["seo"]["image"]["url"].endswith(".jpg")


def test_other_page_types_fall_back_to_their_own_fields(find_page, clinic):
    TherapistPageFactory(
        parent=clinic.therapists,
        title="Aino Testinen",
        role="Physiotherapist",
        slug="aino",
        biography="<p>Aino &amp; her <b>patients</b>.</p>",
        with_photo=True,
    )
    ServicePageFactory(parent=clinic.services, slug="cupping", summary="Cups on the back.")
    therapist = find_page("/therapists/aino/")["seo"]
    assert therapist["title"] == "Aino Testinen, Physiotherapist"
    assert therapist["description"] == "Aino & her patients."
    assert therapist["image"]["alt"].startswith("Alt text of picture")
    service = find_page("/services/cupping/")["seo"]
    assert service["description"] == "Cups on the back." and service["image"] is None
    index = find_page("/services/")["seo"]
    assert (index["title"], index["description"]) == ("Services", "All about our services.")
    assert find_page("/")["seo"]["description"] == "Welcome to the clinic."


def test_a_long_intro_is_cut_at_a_word_for_the_description(find_page, clinic):
    clinic.home.intro = "<p>" + "Gentle massage for tired legs. " * 20 + "</p>"
    clinic.home.save_revision().publish()
    description = find_page("/")["seo"]["description"]
    assert len(description) <= 160 and description.endswith("…")


# -- alt text --------------------------------------------------------------------------------------

IMAGE_FIELDS = [
    (ArticlePageFactory, "articles", "hero_image", "hero_alt", "hero_decorative"),
    (TherapistPageFactory, "therapists", "photo", "photo_alt", "photo_decorative"),
    (ServicePageFactory, "services", "image", "image_alt", "image_decorative"),
]


@pytest.mark.parametrize("factory, section, image_field, alt_field, decorative_field", IMAGE_FIELDS)
def test_a_picture_needs_alt_text_or_the_decorative_choice(
    clinic, factory, section, image_field, alt_field, decorative_field
):
    page = factory(parent=getattr(clinic, section))
    setattr(page, image_field, undescribed_image())
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict[alt_field] == [MISSING_ALT]

    setattr(page, alt_field, "A therapist at work")
    page.full_clean()
    setattr(page, alt_field, "")
    setattr(page, decorative_field, True)
    page.full_clean()
    # The image's own description is alt text too.
    setattr(page, decorative_field, False)
    setattr(page, image_field, ImageFactory(description="A calm room"))
    page.full_clean()


@pytest.mark.parametrize("factory, section, image_field, alt_field, decorative_field", IMAGE_FIELDS)
def test_the_api_sends_the_chosen_alt_text_and_empty_for_decorative(
    find_page, clinic, factory, section, image_field, alt_field, decorative_field
):
    page = factory(
        parent=getattr(clinic, section), slug="pictured", **{image_field: undescribed_image(), alt_field: "Written alt"}
    )
    answer = find_page(f"/{section}/pictured/")
    shown = {"hero_image": "hero", "photo": "photo", "image": "image"}[image_field]
    assert answer[shown]["alt"] == answer["seo"]["image"]["alt"] == "Written alt"

    setattr(page, decorative_field, True)
    page.save_revision().publish()
    answer = find_page(f"/{section}/pictured/")
    assert answer[shown]["alt"] == answer["seo"]["image"]["alt"] == ""


def test_a_rendition_never_takes_the_images_title_as_alt_text(clinic):
    upload = undescribed_image()
    assert images.rendition(upload, images.CARD)["alt"] == ""
    assert (
        images.rendition(ImageFactory(description="Hands on a shoulder"), images.CARD)["alt"] == "Hands on a shoulder"
    )


def therapist_form(therapist, **fields):
    form = nested_form_data(
        {
            "title": therapist.title,
            "slug": therapist.slug,
            "role": therapist.role,
            "photo": "",
            "photo_alt": "",
            "biography": rich_text("<p>Hello.</p>"),
            "working_days": ["monday"],
            "absences": streamfield([]),
            "contact_email": therapist.contact_email,
            "booking_url": "",
            "service_links": inline_formset([]),
            "comments": inline_formset([]),
            **fields,
        }
    )
    form["action-publish"] = "action-publish"
    return form


def test_the_admin_refuses_a_photo_without_alt_text_and_takes_a_decorative_one(admin_client, clinic):
    therapist = TherapistPageFactory(parent=clinic.therapists)
    photo = undescribed_image()
    response = admin_client.post(f"/admin/pages/{therapist.id}/edit/", therapist_form(therapist, photo=photo.id))
    assert response.status_code == 200  # the form again, with the error
    assert b"write alt text for it" in response.content
    therapist.refresh_from_db()
    assert therapist.photo is None

    response = admin_client.post(
        f"/admin/pages/{therapist.id}/edit/", therapist_form(therapist, photo=photo.id, photo_decorative="on")
    )
    assert response.status_code == 302
    therapist.refresh_from_db()
    assert therapist.photo == photo and therapist.photo_decorative


def test_the_demo_clinic_satisfies_the_alt_text_rule(db):
    """load_demo ran for the test database: every page with a picture validates."""
    from cms.articles.models import ArticlePage
    from cms.services.models import ServicePage
    from cms.therapists.models import TherapistPage

    pictured = [
        *ArticlePage.objects.filter(hero_image__isnull=False),
        *TherapistPage.objects.filter(photo__isnull=False),
        *ServicePage.objects.filter(image__isnull=False),
    ]
    assert pictured
    for page in pictured:
        page.full_clean()
