"""Production configuration and hardening, without starting servers (see test_production_stack)."""

import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import responses

from frontend import create_app
from shared.env import ConfigError

REPO = Path(__file__).resolve().parent.parent
API = "http://cms.invalid/api/v2"


def cms_settings(**env) -> subprocess.CompletedProcess:
    """Load the CMS's settings in a fresh process with this environment."""
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: getattr(settings, k) for k in ('DEBUG', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'CSRF_TRUSTED_ORIGINS', 'LOG_FORMAT', 'SITE_PURGE_URL')}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "WEBHOOK_SECRET", "DEBUG", "APP_ENV")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings", **env},
        capture_output=True,
        text=True,
        cwd=REPO,
    )


@pytest.mark.parametrize(
    "env, complaint",
    [
        ({}, "SECRET_KEY is not set; WEBHOOK_SECRET is not set"),
        (
            {
                "SECRET_KEY": "cms-secret-key-for-production-tests-0123456789",
                "WEBHOOK_SECRET": "webhook-secret-for-production-tests-0123456789",
                "DEBUG": "1",
            },
            "DEBUG is on",
        ),
        ({"SECRET_KEY": "cms-secret-key-for-production-tests-0123456789"}, "WEBHOOK_SECRET is not set"),
    ],
)
def test_cms_refuses_to_start_unsafely_in_production(env, complaint):
    result = cms_settings(APP_ENV="production", **env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"shared.env.ConfigError: Refusing to start the CMS in production (APP_ENV=production): {complaint}. See .env.example."
    )


def test_cms_production_settings():
    result = cms_settings(
        APP_ENV="production",
        SECRET_KEY="cms-secret-key-for-production-tests-0123456789",
        WEBHOOK_SECRET="webhook-secret-for-production-tests-0123456789",
        CMS_PUBLIC_URL="https://cms.example.com",
    )
    settings = json.loads(result.stdout)
    assert settings["DEBUG"] is False
    assert (settings["SESSION_COOKIE_SECURE"], settings["CSRF_COOKIE_SECURE"]) == (True, True)
    assert settings["SECURE_HSTS_SECONDS"] == 31_536_000  # a year
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://cms.example.com"]
    assert settings["LOG_FORMAT"] == "json"


def test_blank_variables_take_the_defaults_and_off_turns_purging_off():
    settings = json.loads(cms_settings(SECURE_COOKIES="", LOG_FORMAT="", SITE_PURGE_URL="off").stdout)
    assert settings["SESSION_COOKIE_SECURE"] is False and settings["LOG_FORMAT"] == "text"
    assert settings["SITE_PURGE_URL"] == ""
    wrong = cms_settings(DEBUG="perhaps")
    assert wrong.returncode == 1
    assert wrong.stderr.strip().splitlines()[-1] == (  # says which variable is wrong
        "shared.env.ConfigError: DEBUG must be a boolean (1/0, true/false, yes/no, on/off), not 'perhaps'"
    )


def test_site_refuses_to_start_unsafely_in_production(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("WEBHOOK_SECRET", raising=False)
    monkeypatch.setenv("DEBUG", "1")
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET is not set; DEBUG is on"):
        create_app()
    monkeypatch.setenv("WEBHOOK_SECRET", "webhook-secret-for-production-tests-0123456789")
    monkeypatch.setenv("DEBUG", "0")
    assert create_app({"CACHE_TYPE": "SimpleCache"}).config["LOG_FORMAT"] == "json"


@pytest.mark.django_db
def test_the_api_is_read_only(client):
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    for method in ("post", "put", "patch", "delete"):
        for url in ("/api/v2/pages/", "/api/v2/pages/3/", "/api/v2/images/", "/api/v2/booking-settings/"):
            assert getattr(client, method)(url).status_code == 405, (method, url)


@pytest.mark.django_db
def test_cms_health(client):
    response = client.get("/healthz", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


# -- the site, with a stubbed CMS sending hostile content ---------------------------------

HOSTILE = (
    '<p>Hello<script>alert(1)</script></p><img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)">click</a><a href="https://example.com/">fine</a>'
    '<iframe src="https://evil.example"></iframe><p style="position:fixed">x</p>'
)


@pytest.fixture
def hostile_cms():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(
            f"{API}/booking-settings/",
            json={"default_booking_url": "javascript:alert(4)", "cta_label": "Book", "contact_email": ""},
        )
        mock.get(
            f"{API}/pages/find/?html_path=%2Ftherapists%2Fmallory%2F",
            json={
                "id": 66,
                "title": "Mallory",
                "meta": {"type": "therapists.TherapistPage", "slug": "mallory"},
                "role": "Tester",
                "photo": None,
                "biography": HOSTILE,
                "working_days": [],
                "contact_email": "",
                "services": [],
                "booking": {"url": "javascript:alert(5)", "label": "Book with Mallory", "source": "therapist"},
            },
        )
        yield mock


def test_rich_text_is_sanitised_again_on_the_site(hostile_cms):
    client = create_app({"TESTING": True, "CMS_API_URL": API, "CACHE_TYPE": "SimpleCache"}).test_client()
    page = client.get("/therapists/mallory/").get_data(as_text=True)
    assert "Hello" in page and 'href="https://example.com/"' in page
    # The site's own JSON-LD blocks are the only script elements (escaped: no "<" inside).
    page = re.sub(r'<script type="application/ld\+json">[^<]*</script>', "", page)
    for bad in ("<script", "onerror", "javascript:", "<iframe", "position:fixed"):
        assert bad not in page, bad


def test_unsafe_booking_links_are_never_rendered(hostile_cms):
    client = create_app({"TESTING": True, "CMS_API_URL": API, "CACHE_TYPE": "SimpleCache"}).test_client()
    page = client.get("/therapists/mallory/").get_data(as_text=True)
    assert "Book with Mallory" not in page and "javascript:" not in page


def test_security_headers_and_no_inline_script_or_style(hostile_cms):
    app = create_app(
        {"TESTING": True, "CMS_API_URL": API, "CACHE_TYPE": "SimpleCache", "CMS_PUBLIC_URL": "https://cms.example.com"}
    )
    response = app.test_client().get("/therapists/mallory/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'self' https://cms.example.com" in policy
    assert "img-src 'self' data: https://cms.example.com" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    # Nothing the policy would block: no inline scripts or style attributes in any template
    # (a script from a file, the optional analytics one, is allowed by its origin).
    # JSON-LD blocks are data, never run (partials/head_meta.html writes them with |tojson).
    for template in (REPO / "frontend" / "templates").rglob("*.html"):
        text = template.read_text().replace('<script type="application/ld+json">{{ block|tojson }}</script>', "")
        assert not re.search(r"<script(?![^>]*\ssrc=)", text) and not re.search(r"\sstyle=", text), template


def test_site_health_reports_cache_and_cms(tmp_path):
    down = create_app(
        {
            "TESTING": True,
            "CMS_API_URL": "http://127.0.0.1:9/api/v2",
            "CACHE_TYPE": "FileSystemCache",
            "CACHE_DIR": str(tmp_path),
        }
    )
    response = down.test_client().get("/healthz")
    # Without the CMS the site still serves its cache: degraded, not dead.
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "degraded",
        "cache": "ok",
        "coordination": "ok",
        "cms": "unreachable",
        "degraded": ["cms"],
    }
    no_cache = create_app(
        {
            "TESTING": True,
            "CMS_API_URL": "http://127.0.0.1:9/api/v2",
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": "redis://127.0.0.1:9/0",
        }
    )
    response = no_cache.test_client().get("/healthz")
    # Without Redis the site renders every page from the CMS: degraded too, naming the parts.
    assert response.status_code == 200
    assert response.get_json()["degraded"] == ["cache", "coordination", "cms"]


def test_site_request_logs_carry_timings(caplog, hostile_cms):
    app = create_app({"TESTING": True, "CMS_API_URL": API, "CACHE_TYPE": "SimpleCache"})
    with caplog.at_level(logging.INFO, logger="frontend.requests"):
        app.test_client().get("/therapists/mallory/")
    (record,) = [r for r in caplog.records if r.name == "frontend.requests"]
    assert record.method == "GET" and record.path == "/therapists/mallory/" and record.status == 200
    assert isinstance(record.duration_ms, float) and record.cache == "MISS"


# -- deployment files -------------------------------------------------------------------


def test_compose_file_is_valid(tmp_path):
    if not shutil.which("docker-compose"):
        if os.environ.get("CI"):
            pytest.fail("docker-compose (Debian's package) is required in CI to validate docker-compose.yml")
        pytest.skip("docker-compose is not installed")
    shutil.copy(REPO / "docker-compose.yml", tmp_path)
    env = (REPO / ".env.example").read_text().replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=example\n")
    (tmp_path / ".env").write_text(env)
    result = subprocess.run(["docker-compose", "config"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    config = result.stdout
    for service in (
        "postgres:",
        "redis:",
        "cms:",
        "site:",
        "scheduler:",
        "healthcheck:",
        "run_scheduler",
        "collectstatic",
        "purge-worker:",
        "db_worker --queue-name default",
        "import-worker:",
        "db_worker --queue-name imports",
        "varnish:",
        "default.vcl",
    ):
        assert service in config, service


def test_env_example_lists_every_setting():
    listed = set(re.findall(r"^([A-Z_]+)=", (REPO / ".env.example").read_text(), re.M))
    read = set()
    for source in [*(REPO / "cms").rglob("*.py"), *(REPO / "frontend").rglob("*.py"), REPO / "shared" / "env.py"]:
        text = source.read_text()
        read |= set(
            re.findall(
                r'(?:env_str|env_bool|env_list|env\.(?:string|boolean|integer|number|csv)|_env|os\.environ\.get)\(\s*"([A-Z_]+)"',
                text,
            )
        )
    compose = set(re.findall(r"\$\{([A-Z_]+)", (REPO / "docker-compose.yml").read_text()))
    missing = (read | compose) - listed - {"DJANGO_SETTINGS_MODULE"}
    assert not missing, f"not in .env.example: {sorted(missing)}"
