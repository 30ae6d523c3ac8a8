"""The production topology, natively: the CMS on PostgreSQL and the site on Redis, both under
gunicorn in production mode, on a database the CMS migrated from empty (once per run: the
`postgres_clinic_template` fixture). Fails, not skips, in CI without them."""

import subprocess
import sys
import uuid
from http.cookies import SimpleCookie

import pytest
import redis
import requests
from bs4 import BeautifulSoup

from shared.site_map import PURGE_PATH
from tests.live_servers import AWAIT_PURGES, REPO, LiveCMS, LiveSite

pytestmark = pytest.mark.e2e

PRODUCTION = {
    "APP_ENV": "production",
    "DEBUG": "0",
    "LOG_FORMAT": "json",
    "SECRET_KEY": "production-test-secret-key-0123456789abcdef",
}


def test_cms_on_postgres_and_site_on_redis_under_gunicorn(postgres_clinic_url, redis_url, tmp_path):
    prefix = f"prod-{uuid.uuid4().hex[:8]}:"
    cms = LiveCMS(tmp_path / "cms")
    cms.workers = 2
    cms.env.update(PRODUCTION, DATABASE_URL=postgres_clinic_url)
    site = LiveSite(
        cms.api_url,
        tmp_path / "unused",
        workers=3,
        REDIS_URL=redis_url,
        CACHE_TYPE="",
        CACHE_KEY_PREFIX=prefix,
        **PRODUCTION,
    )
    cms.env["SITE_PURGE_URL"] = site.url + PURGE_PATH
    cms.start(), site.start()
    try:
        assert requests.get(f"{cms.url}/healthz").json() == {"status": "ok", "database": "ok"}
        assert requests.get(f"{site.url}/healthz").json() == {
            "status": "ok",
            "cache": "ok",
            "coordination": "ok",
            "cms": "ok",
        }

        article = f"{site.url}/articles/ankle-care-for-walkers/"
        first = requests.get(article)
        assert (first.status_code, first.headers["X-Cache"]) == (200, "MISS")
        assert (
            BeautifulSoup(first.text, "html.parser").find("a", rel="next")["href"]
            == "/articles/sleeping-well-after-training/"
        )
        assert "frame-ancestors" in first.headers["Content-Security-Policy"]
        assert requests.get(article).headers["X-Cache"] == "HIT"
        assert any(redis.Redis.from_url(redis_url).scan_iter(f"{prefix}*")), "nothing cached in Redis"

        # An editor's change on PostgreSQL reaches every site worker through Redis.
        subprocess.run(
            [
                sys.executable,
                str(REPO / "cms" / "manage.py"),
                "shell",
                "-c",
                "from cms.articles.models import ArticlePage;"
                "a = ArticlePage.objects.get(slug='ankle-care-for-walkers'); a.title = 'Ankle care for hikers';"
                "a.save_revision().publish()" + AWAIT_PURGES,
            ],
            env=cms.env,
            check=True,
            capture_output=True,
            cwd=REPO,
        )
        for _ in range(6):  # several requests, so more than one worker answers
            assert (
                BeautifulSoup(requests.get(article).text, "html.parser").h1.get_text(strip=True)
                == "Ankle care for hikers"
            )

        # Production hardening on the CMS: HSTS behind TLS, secure cookies, the API read-only.
        behind_tls = requests.get(f"{cms.url}/healthz", headers={"X-Forwarded-Proto": "https"})
        assert behind_tls.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "Strict-Transport-Security" not in requests.get(f"{cms.url}/healthz").headers
        site_behind_tls = requests.get(article, headers={"X-Forwarded-Proto": "https"})
        assert site_behind_tls.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert "Strict-Transport-Security" not in requests.get(article).headers
        login = requests.get(f"{cms.url}/admin/login/", headers={"X-Forwarded-Proto": "https"})
        assert SimpleCookie(login.headers["Set-Cookie"])["csrftoken"]["secure"] is True
        assert requests.post(f"{cms.api_url}/pages/").status_code == 405
    finally:
        site.stop()
        cms.stop()
        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
