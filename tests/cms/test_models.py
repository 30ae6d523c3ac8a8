"""The content model as an editor meets it: where pages go, what is validated, defaults."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.blocks.struct_block import StructBlockValidationError

from cms.articles.models import ArticleIndexPage, ArticlePage
from cms.booking.models import BookingSettings
from cms.core.blocks import CallToActionBlock
from cms.home.models import HomePage
from cms.services.models import ServicePage
from cms.therapists.models import TherapistIndexPage, TherapistPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return HomePage.objects.get()


@pytest.fixture
def article_index():
    return ArticleIndexPage.objects.get()


def test_page_types_only_go_where_they_belong(home, article_index):
    assert ArticlePage.can_create_at(article_index)
    assert not ArticlePage.can_create_at(home)
    assert not TherapistPage.can_create_at(article_index)
    assert not ServicePage.can_create_at(home)
    # One section of each kind: the site serves them at fixed paths.
    assert not ArticleIndexPage.can_create_at(home)
    assert not HomePage.can_create_at(home)


def test_section_index_keeps_its_slug(article_index):
    article_index.slug = "blog"
    with pytest.raises(ValidationError) as error:
        article_index.full_clean()
    assert "slug" in error.value.message_dict


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,hi", "/relative/path", "ftp://example.com/book", "https://"],
)
def test_booking_urls_must_be_http_or_https(url):
    therapist = TherapistPage.objects.get(slug="piia-laakso")
    therapist.booking_url = url
    with pytest.raises(ValidationError) as error:
        therapist.full_clean()
    assert "booking_url" in error.value.message_dict


def test_booking_settings_validate_url_and_email():
    booking = BookingSettings.objects.get()
    booking.default_booking_url = "javascript:void(0)"
    booking.contact_email = "not an email"
    with pytest.raises(ValidationError) as error:
        booking.full_clean()
    assert {"default_booking_url", "contact_email"} <= set(error.value.message_dict)


def test_working_days_are_validated_and_kept_in_week_order():
    therapist = TherapistPage.objects.get(slug="maija-virtanen")
    therapist.working_days = ["friday", "monday", "monday"]
    therapist.save()
    therapist.refresh_from_db()
    assert therapist.working_days == ["monday", "friday"]
    therapist.working_days = ["caturday"]
    with pytest.raises(ValidationError):
        therapist.full_clean()


def test_publication_date_defaults_to_the_first_publish(article_index):
    article = article_index.add_child(
        instance=ArticlePage(title="Stretching after a long run", summary="Why and how.", live=False)
    )
    assert article.publication_date is None
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.publication_date == timezone.localdate(article.first_published_at)
    # The editor's next draft shows that date too, rather than an empty field.
    assert article.get_latest_revision_as_object().publication_date == article.publication_date


def test_an_editor_chosen_publication_date_is_kept(article_index):
    article = article_index.add_child(
        instance=ArticlePage(title="Old news", summary="From the archive.", publication_date=datetime.date(2020, 1, 2), live=False)
    )
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.publication_date == datetime.date(2020, 1, 2)


@pytest.mark.parametrize(
    "targets",
    [
        {},  # nothing to book
        {"url": "https://book.example.com/x", "service": "pregnancy-massage"},  # two targets
        {"url": "javascript:alert(1)"},  # unsafe link
    ],
)
def test_call_to_action_needs_exactly_one_safe_target(targets):
    block = CallToActionBlock()
    value = {"heading": "", "text": "", "service": None, "therapist": None, "url": "", "label": ""}
    if "service" in targets:
        value["service"] = ServicePage.objects.get(slug=targets["service"])
    value["url"] = targets.get("url", "")
    with pytest.raises((StructBlockValidationError, ValidationError)):
        block.clean(block.to_python(block.get_prep_value(block.normalize(value))))


def test_every_page_type_is_searchable():
    for model in (HomePage, ArticlePage, TherapistPage, ServicePage, TherapistIndexPage):
        names = {field.field_name for field in model.search_fields}
        assert "title" in names
        assert len(names) > 1, model
