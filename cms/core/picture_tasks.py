"""A published page's pictures are made in the background, before the site is told to refetch it.

Making the renditions of a camera photo (4000x3000: about twenty AVIF, WebP and JPEG files) takes
seconds, longer than the site waits for an answer. The task runs on the purge worker's queue with
a higher priority than the purge queued by the same publish, so when the site refetches the page,
its pictures are ready and the answer only reads them.
"""

from django.db import transaction
from django.dispatch import receiver
from django_tasks import task
from wagtail.models import Page
from wagtail.signals import page_published

from . import pictures

QUEUE = "default"  # the purge worker's (cms/site_sync/delivery.py)
BEFORE_PURGES = 10  # django-tasks-db runs higher priorities first; purges have the default, 0


@task(queue_name=QUEUE, priority=BEFORE_PURGES)
def make_page_renditions(page_id: int) -> int:
    """Make every rendition the page's API answer shows; how many pictures it has."""
    page = Page.objects.filter(pk=page_id).first()
    uses = getattr(page.specific, "picture_uses", None) if page else None
    if uses is None:
        return 0
    shown = uses()
    pictures.make_renditions(shown)
    return len({image.pk for image, _ in shown if image is not None})


@receiver(page_published)
def make_renditions_on_publish(sender, instance, **kwargs):
    # Scheduling a never-published page fires page_published with live False: nothing to show yet.
    if instance.live and hasattr(instance.specific_class or Page, "picture_uses"):
        transaction.on_commit(lambda: make_page_renditions.enqueue(instance.pk))
