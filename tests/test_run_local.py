"""`make run` (scripts/run_local.py) runs Wagtail's scheduled publishing beside the two servers:
a page scheduled a few seconds ahead goes live, and one set to expire goes away, on their own."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import requests

from tests.live_servers import REPO, free_port
from tests.waiting import wait_until

pytestmark = pytest.mark.e2e

# Runs against the SQLite file of the running `make run`, as an editor's scheduling in the admin
# does: a revision with a go-live date in the future is approved for then, not published now.
SCHEDULE = """
import datetime
from django.utils import timezone
from cms.articles.models import ArticleIndexPage, ArticlePage
soon = timezone.now() + datetime.timedelta(seconds=4)
index = ArticleIndexPage.objects.get()
article = index.add_child(instance=ArticlePage(
    title="Scheduled article", slug="scheduled-article", summary="Goes live by itself.",
    publication_date=datetime.date(2026, 11, 1), live=False, go_live_at=soon))
article.save_revision().publish()
expiring = ArticlePage.objects.get(slug="menopause-and-your-pelvic-floor")
expiring.expire_at = soon
expiring.save_revision().publish()
print(ArticlePage.objects.get(slug="scheduled-article").live)
"""


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    pytest.fail(f"gave up waiting: {what}")


def test_make_run_publishes_and_expires_scheduled_pages(demo_cms_dir, tmp_path):
    # The run's database starts migrated, with the demo (as on a second `make run`): run_local's own
    # migrate and load_demo then have little to do, and the test spends its time on the scheduler.
    # (tests/test_manage.py covers a fresh clone's first migrate.)
    shutil.copytree(demo_cms_dir, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".ready"))
    cms_port, site_port = free_port(), free_port()
    env = {
        **os.environ,
        "CMS_PORT": str(cms_port),
        "SITE_PORT": str(site_port),
        "VAR_DIR": str(tmp_path),
        "SCHEDULER_INTERVAL": "1",
        "PYTHONUNBUFFERED": "1",
    }
    for name in (
        "DATABASE_URL",
        "APP_ENV",
        "SECRET_KEY",
        "WEBHOOK_SECRET",
        "CMS_API_URL",
        "SITE_URL",
        "CMS_PUBLIC_URL",
    ):
        env.pop(name, None)
    log = open(tmp_path / "run.log", "w+")
    run = subprocess.Popen(
        [sys.executable, str(REPO / "scripts" / "run_local.py")],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    api = f"http://127.0.0.1:{cms_port}/api/v2/pages/"

    def slugs():
        return {
            item["meta"]["slug"]
            for item in requests.get(api, params={"type": "articles.ArticlePage"}, timeout=5).json()["items"]
        }

    try:
        wait_for(lambda: "menopause-and-your-pelvic-floor" in slugs(), 240, "make run serving the demo")
        assert "publishing scheduled pages every 1 s" in (tmp_path / "run.log").read_text()
        # The site caches both pages now (PAGE_FRESH_SECONDS: 5 minutes): only a purge refreshes them.
        site = f"http://127.0.0.1:{site_port}"
        wait_until(lambda: requests.get(f"{site}/articles/", timeout=5).status_code == 200, 60, what="the site")
        assert requests.get(f"{site}/articles/menopause-and-your-pelvic-floor/", timeout=5).status_code == 200
        scheduled = subprocess.run(
            [sys.executable, str(REPO / "cms" / "manage.py"), "shell", "-c", SCHEDULE],
            env={**env, "SITE_PURGE_URL": "off"},
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        assert scheduled.stdout.split()[-1:] == ["False"], scheduled.stderr  # scheduled, not live yet
        wait_for(lambda: "scheduled-article" in slugs(), 60, "the scheduled article going live")
        # ...and the scheduler's purge reaches the site straight after.
        wait_until(
            lambda: "Scheduled article" in requests.get(f"{site}/articles/", timeout=5).text,
            2,
            what="the site listing the scheduled article",
        )
        wait_for(lambda: "menopause-and-your-pelvic-floor" not in slugs(), 60, "the expiring article going away")
        wait_until(
            lambda: requests.get(f"{site}/articles/menopause-and-your-pelvic-floor/", timeout=5).status_code == 404,
            2,
            what="the site dropping the expired article",
        )
    finally:
        run.send_signal(signal.SIGINT)
        try:
            run.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    assert run.returncode == 0, (tmp_path / "run.log").read_text()[-2000:]
