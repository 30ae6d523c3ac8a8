"""Pages readers had seen, then unpublished, deleted or expired in a real Wagtail: every path
of the cache (refill, worker memory, fast path, another worker on the shared file cache or
Redis) answers 404 from then on, never a 200 with the "not found" page."""

import json

import pytest

from shared.signing import sign
from shared.site_map import PURGE_PATH
from tests.conftest import make_site, run_python
from tests.live_servers import WEBHOOK_SECRET

pytestmark = pytest.mark.e2e

GONE = {  # path: how it goes
    "/articles/warming-up-before-a-run/": "unpublished",
    "/articles/sleeping-well-after-training/": "deleted",
    "/articles/ankle-care-for-walkers/": "expired",
}
CHANGES = """
import datetime
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page
Page.objects.get(slug="warming-up-before-a-run").specific.unpublish()
Page.objects.get(slug="sleeping-well-after-training").delete()
Page.objects.filter(slug="ankle-care-for-walkers").update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
call_command("publish_scheduled")
"""


def signed_purge(client, paths):
    body = json.dumps({"paths": paths, "event": "test"}).encode()
    return client.post(
        PURGE_PATH, data=body, headers={**sign(body, WEBHOOK_SECRET), "Content-Type": "application/json"}
    )


def test_a_gone_page_is_a_404_on_every_path(clinic_cms_source, cms_copy, shared_cache):
    cms = cms_copy(clinic_cms_source)
    first, second = (
        make_site(cms.api_url, WEBHOOK_SECRET=WEBHOOK_SECRET, **shared_cache).test_client() for _ in range(2)
    )
    for path in GONE:
        assert first.get(path).headers["X-Cache"] == "MISS"
        assert first.get(path).status_code == 200  # this worker's fast path from now on
        assert second.get(path).headers["X-Cache"] == "HIT"

    run_python(cms, CHANGES)
    # What the CMS sends for these changes (run_python's changes send nothing themselves).
    assert signed_purge(second, list(GONE)).status_code == 200

    late_worker = make_site(cms.api_url, **shared_cache).test_client()
    for path, change in GONE.items():
        answers = [
            first.get(path),  # the refill
            first.get(path),  # this worker's copy (its fast path noted the URI while it was a 200)
            first.head(path),
            second.get(path),  # the other worker, from the shared cache
            second.get(path),
            late_worker.get(path),  # a worker that never saw the page
        ]
        assert [answer.status_code for answer in answers] == [404] * len(answers), (
            change,
            [a.headers.get("X-Cache") for a in answers],
        )
        assert all("find that page" in answer.get_data(as_text=True) for answer in answers if answer.data)
