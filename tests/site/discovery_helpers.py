"""Helpers for the discovery tests (redirects, tags, search): count the CMS requests the site
makes, and change content inside a live CMS with purges going to a live site."""

import subprocess
import sys
from collections import Counter

from shared.site_map import PURGE_PATH
from tests.live_servers import AWAIT_PURGES, REPO


def count_cms_requests(app) -> Counter:
    """Count, by endpoint ("pages/find/", "search/"...), the requests the app's CMS client sends."""
    client = app.extensions["cms_client"]
    counts = Counter()
    real_get = client.session.get

    def counting_get(url, *args, **kwargs):
        counts[url[len(client.base_url) + 1 :].split("?")[0]] += 1
        return real_get(url, *args, **kwargs)

    client.session.get = counting_get
    return counts


def change_in_cms(cms, site, code: str) -> str:
    """Run `code` in the CMS's Django against its database, purging `site` after commit as an
    editor's change would (delivered before this returns)."""
    env = {**cms.env, "SITE_PURGE_URL": site.url + PURGE_PATH, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, str(REPO / "cms" / "manage.py"), "shell", "-c", code + AWAIT_PURGES],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, f"{code!r} failed in the CMS:\n{result.stderr[-3000:]}"
    return result.stdout
