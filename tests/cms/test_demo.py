import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from cms.articles.models import ArticlePage
from cms.therapists.models import TherapistPage

pytestmark = pytest.mark.django_db


def counts():
    return (Page.objects.count(), Revision.objects.count(), get_image_model().objects.count())


def test_demo_content_is_there():
    assert list(ArticlePage.objects.live().order_by("publication_date").values_list("slug", flat=True)) == [
        "menopause-and-your-pelvic-floor",
        "massage-for-the-feet",
        "what-is-bladder-pain-syndrome",
    ]
    piia = TherapistPage.objects.get(slug="piia-laakso")
    assert piia.role == "Remedial sports massage therapist"
    assert piia.working_days == ["tuesday"]
    assert [s.title for s in piia.offered_services()] == [
        "Pregnancy massage",
        "Holistic massage",
        "Deep tissue / remedial sports massage",
    ]
    assert ArticlePage.objects.get(slug="massage-for-the-feet").author == piia


def test_loading_the_demo_again_changes_nothing():
    before = counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert counts() == before
