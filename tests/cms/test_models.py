"""The content model as an editor meets it: where pages go, what is validated, defaults."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page

from cms.articles.models import ArticleIndexPage, ArticlePage
from cms.booking.models import BookingSettings
from cms.core.blocks import CallToActionBlock
from cms.home.models import HomePage
from cms.services.models import ServicePage
from cms.therapists.models import TherapistIndexPage, TherapistPage
from tests.factories import ArticlePageFactory, ServicePageFactory, TherapistPageFactory

pytestmark = pytest.mark.django_db


def test_factories_make_pages_that_pass_validation(clinic):
    """The factories fill every required field: a model gaining one fails here first."""
    service = ServicePageFactory(parent=clinic.services, with_image=True)
    therapist = TherapistPageFactory(parent=clinic.therapists, services=[service], with_photo=True)
    article = ArticlePageFactory(parent=clinic.articles, author=therapist, with_hero=True, tags=["x"])
    for page in (clinic.home, clinic.articles, clinic.therapists, clinic.services, service, therapist, article):
        page.full_clean()
        assert (page.live, page.has_unpublished_changes) == (True, False), page
    assert article.url == f"/articles/{article.slug}/"


@pytest.fixture
def article_index(clinic):
    return clinic.articles


def test_page_types_only_go_where_they_belong(clinic):
    assert ArticlePage.can_create_at(clinic.articles)
    assert not ArticlePage.can_create_at(clinic.home)
    assert not TherapistPage.can_create_at(clinic.articles)
    assert not ServicePage.can_create_at(clinic.home)
    # One section of each kind: the site serves them at fixed paths.
    assert not ArticleIndexPage.can_create_at(clinic.home)
    assert not HomePage.can_create_at(clinic.home)


def test_section_index_keeps_its_slug(article_index):
    article_index.slug = "blog"
    with pytest.raises(ValidationError) as error:
        article_index.full_clean()
    assert list(error.value.message_dict) == ["slug"]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,hi", "/relative/path", "ftp://example.com/book", "https://"],
)
def test_booking_urls_must_be_http_or_https(clinic, url):
    therapist = TherapistPageFactory(parent=clinic.therapists)
    therapist.full_clean()  # valid as the factory made it
    therapist.booking_url = url
    with pytest.raises(ValidationError) as error:
        therapist.full_clean()
    assert list(error.value.message_dict) == ["booking_url"]


def test_booking_settings_validate_url_and_email(clinic):
    booking = clinic.booking
    booking.full_clean()  # valid as the factory made it
    booking.default_booking_url = "javascript:void(0)"
    booking.contact_email = "not an email"
    with pytest.raises(ValidationError) as error:
        booking.full_clean()
    assert sorted(error.value.message_dict) == ["contact_email", "default_booking_url"]


def test_booking_settings_factory_fills_every_required_field(clinic):
    booking = BookingSettings.objects.get(pk=clinic.booking.pk)
    assert booking.as_api_dict() == {
        "default_booking_url": "https://book.example.com/clinic",
        "cta_label": "Book an appointment",
        "contact_email": "desk@example.com",
        "utm_enabled": True,
        "utm_source": "clinic_website",
        "booking": {
            "url": "https://book.example.com/clinic",
            "label": "Book an appointment",
            "source": "default",
            "availability": None,
        },
        "business": {
            "name": "Test Clinic Oy",
            "telephone": "+358 40 123 4567",
            "street_address": "Testikatu 1",
            "postal_code": "00100",
            "address_locality": "Helsinki",
            "address_country": "FI",
        },
        "opening_hours": [],
        "closures": [],
    }


def test_working_days_are_validated_and_kept_in_week_order(clinic):
    therapist = TherapistPageFactory(parent=clinic.therapists)
    therapist.working_days = ["friday", "monday", "monday"]
    therapist.save()
    therapist.refresh_from_db()
    assert therapist.working_days == ["monday", "friday"]
    therapist.working_days = ["caturday"]
    with pytest.raises(ValidationError) as error:
        therapist.full_clean()
    assert error.value.message_dict == {"working_days": ["Unknown weekday(s): caturday"]}


def test_publication_date_defaults_to_the_first_publish(article_index):
    article = ArticlePageFactory(parent=article_index, publication_date=None, publish=False)
    assert article.publication_date is None
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.publication_date == timezone.localdate(article.first_published_at)
    # The editor's next draft shows that date too, rather than an empty field.
    assert article.get_latest_revision_as_object().publication_date == article.publication_date


def test_an_editor_chosen_publication_date_is_kept(article_index):
    article = ArticlePageFactory(parent=article_index, publication_date=datetime.date(2020, 1, 2), publish=False)
    article.get_latest_revision().publish()
    article.refresh_from_db()
    assert article.publication_date == datetime.date(2020, 1, 2)


@pytest.mark.parametrize(
    "targets, wrong",
    [
        ({}, ["service"]),  # nothing to book
        ({"url": "https://book.example.com/x", "service": True}, ["service", "url"]),  # two targets
        ({"url": "javascript:alert(1)"}, ["url"]),  # unsafe link
    ],
)
def test_call_to_action_needs_exactly_one_safe_target(clinic, targets, wrong):
    block = CallToActionBlock()
    value = {"heading": "", "text": "", "service": None, "therapist": None, "url": "", "label": ""}
    if "service" in targets:
        value["service"] = ServicePageFactory(parent=clinic.services)
    value["url"] = targets.get("url", "")
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(block.get_prep_value(block.normalize(value))))
    assert sorted(error.value.block_errors) == wrong


@pytest.mark.parametrize(
    "model, extra",
    [
        (HomePage, {"intro"}),
        (ArticlePage, {"summary", "body", "publication_date", "tags"}),
        (TherapistPage, {"role", "biography", "working_days"}),
        (ServicePage, {"summary", "description"}),
        (TherapistIndexPage, {"intro"}),
    ],
)
def test_every_page_type_is_searchable(model, extra):
    names = {field.field_name for field in model.search_fields}
    assert names - {field.field_name for field in Page.search_fields} == extra
