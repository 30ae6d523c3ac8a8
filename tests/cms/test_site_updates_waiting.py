"""What waits to reach the site, as the dashboard and /healthz tell it; and the scheduler's
upkeep of the task rows (lost deliveries back in the queue, old rows pruned)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.site_sync.cache_backends import SITE_BACKEND
from cms.site_sync.delivery import deliver_purge
from cms.site_sync.waiting import prune_finished, purge_tasks, requeue_lost, waiting
from devtools.live_servers import free_port
from shared.site_map import PURGE_PATH
from tests.cms.admin_pages import soup, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_down(settings):
    settings.SITE_PURGE_URL = f"http://127.0.0.1:{free_port()}{PURGE_PATH}"
    settings.SITE_PURGE_BACKENDS = {
        "site": {"BACKEND": SITE_BACKEND},
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{free_port()}",
        },
    }


def queue_batches(ages_in_minutes):
    """One change per age, each queued for both backends, as a publish does."""
    for age in ages_in_minutes:
        batch = {
            "id": uuid.uuid4().hex,
            "event": "test",
            "paths": ["/"],
            "keys": [],
            "all": False,
            "queued_at": (timezone.now() - timedelta(minutes=age)).isoformat(),
        }
        for backend in ("site", "http"):
            deliver_purge.enqueue(backend, batch)


def site_updates_panel(admin_client):
    return soup(admin_client.get("/admin/")).select_one("#clinic-site-updates-section")


def test_the_dashboard_says_nothing_while_nothing_waits(admin_client, site_down):
    assert site_updates_panel(admin_client) is None


def test_the_dashboard_counts_changes_waiting_and_the_oldest(admin_client, site_down):
    queue_batches([4, 2, 0])
    panel = site_updates_panel(admin_client)
    assert "3 site updates waiting, oldest 4 minutes ago" in text(panel).replace("\xa0", " ")
    assert panel.select_one("[role=alert]") is not None  # over a minute: a warning


def test_healthz_is_degraded_once_the_oldest_waits_over_a_minute(client, site_down):
    queue_batches([0.5])
    assert client.get("/healthz", HTTP_HOST="127.0.0.1").json() == {"status": "ok", "database": "ok"}
    queue_batches([2])
    response = client.get("/healthz", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "site_updates": "2 waiting, oldest 120 s ago"}


def test_a_delivery_lost_with_its_worker_goes_back_in_the_queue(site_down):
    queue_batches([0])
    killed = purge_tasks().first()
    killed.claim("a-worker-that-was-killed")
    DBTaskResult.objects.filter(pk=killed.pk).update(started_at=timezone.now() - timedelta(minutes=11))
    assert requeue_lost() == 1
    assert not purge_tasks().filter(pk=killed.pk).exists()
    assert purge_tasks().filter(status="READY").count() == 2
    assert waiting().updates == 1
    assert requeue_lost() == 0  # a try running now is left alone


def test_old_finished_rows_are_pruned(site_down):
    queue_batches([0])
    old, recent = purge_tasks()
    DBTaskResult.objects.filter(pk=old.pk).update(status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=8))
    DBTaskResult.objects.filter(pk=recent.pk).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=1)
    )
    prune_finished()
    assert list(purge_tasks().values_list("pk", flat=True)) == [recent.pk]


def test_worker_health_fails_only_when_due_tasks_are_left_untaken(site_down):
    from django.core.management import CommandError, call_command

    queue_batches([0])
    call_command("worker_health", "--late", "60")  # due just now: the worker has time
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=2))
    with pytest.raises(CommandError, match=r"task\(s\) on .default. due over 60 s ago"):
        call_command("worker_health", "--late", "60")
    call_command("worker_health", "--queue-name", "imports", "--late", "60")  # another queue's worker
    # A retry waiting for its time is not the worker's fault.
    DBTaskResult.objects.update(run_after=timezone.now() + timedelta(seconds=5))
    call_command("worker_health", "--late", "60")
