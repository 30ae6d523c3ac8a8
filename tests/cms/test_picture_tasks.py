"""Publishing a page queues the making of its pictures, ahead of the site's purge."""

import pytest
from django_tasks_db.models import DBTaskResult
from wagtail.images.models import Rendition

from cms.core import pictures
from cms.core.picture_tasks import make_page_renditions
from tests.factories import ArticlePageFactory, TherapistPageFactory

pytestmark = pytest.mark.django_db


def queued(task) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=task.module_path))


def test_publishing_queues_the_pictures_before_the_purge(clinic, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = ArticlePageFactory(parent=clinic.articles, with_hero=True)
    (made,) = [row for row in queued(make_page_renditions) if row.args_kwargs["args"] == [page.pk]]
    assert made.queue_name == "default" and made.priority > 0  # purges there have priority 0
    assert not Rendition.objects.filter(image=page.hero_image).exists()

    assert make_page_renditions.call(page.pk) == 1
    specs = set(Rendition.objects.filter(image=page.hero_image).values_list("filter_spec", flat=True))
    assert {*pictures.HERO.specs(), *pictures.CARD.specs()} <= specs


def test_a_page_without_pictures_or_gone_costs_nothing(clinic):
    therapist = TherapistPageFactory(parent=clinic.therapists)
    assert make_page_renditions.call(therapist.pk) == 0
    assert make_page_renditions.call(10**9) == 0
