"""Production refuses weak secrets: the published local defaults, or anything under 32 characters.
One rule (shared.env.weak_secret) for the CMS's SECRET_KEY and WEBHOOK_SECRET and the site's
WEBHOOK_SECRET."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from frontend import create_app
from shared.env import MIN_SECRET_LENGTH, ConfigError, weak_secret
from shared.signing import LOCAL_DEV_SECRET

REPO = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * MIN_SECRET_LENGTH
GOOD_WEBHOOK = "w" * MIN_SECRET_LENGTH
SHORT = "x" * (MIN_SECRET_LENGTH - 1)
INSECURE_SECRET_KEY = "insecure-local-only-key-do-not-use-in-production"


def start_cms(**env) -> subprocess.CompletedProcess:
    """Load the CMS's settings in a fresh production process with these secrets."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "WEBHOOK_SECRET", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings", "APP_ENV": "production", **env},
        capture_output=True,
        text=True,
        cwd=REPO,
    )


def test_the_rule():
    assert len(LOCAL_DEV_SECRET) >= MIN_SECRET_LENGTH and weak_secret(LOCAL_DEV_SECRET, {LOCAL_DEV_SECRET})
    assert weak_secret(SHORT)
    assert not weak_secret(GOOD_KEY, {LOCAL_DEV_SECRET})


@pytest.mark.parametrize(
    "secrets, complaint",
    [
        ({"SECRET_KEY": INSECURE_SECRET_KEY, "WEBHOOK_SECRET": GOOD_WEBHOOK}, "SECRET_KEY is a local default"),
        ({"SECRET_KEY": SHORT, "WEBHOOK_SECRET": GOOD_WEBHOOK}, "SECRET_KEY is a local default or shorter than 32"),
        ({"SECRET_KEY": GOOD_KEY, "WEBHOOK_SECRET": LOCAL_DEV_SECRET}, "WEBHOOK_SECRET is a local default"),
        ({"SECRET_KEY": GOOD_KEY, "WEBHOOK_SECRET": SHORT}, "WEBHOOK_SECRET is a local default or shorter than 32"),
    ],
)
def test_the_cms_refuses_weak_secrets_in_production(secrets, complaint):
    result = start_cms(**secrets)
    assert result.returncode == 1
    assert "Refusing to start the CMS in production" in result.stderr and complaint in result.stderr


def test_the_cms_starts_with_strong_secrets():
    result = start_cms(SECRET_KEY=GOOD_KEY, WEBHOOK_SECRET=GOOD_WEBHOOK)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("secret", [LOCAL_DEV_SECRET, SHORT])
def test_the_site_refuses_a_weak_webhook_secret_in_production(monkeypatch, secret):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("WEBHOOK_SECRET", secret)
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET is a local default or shorter than 32 characters"):
        create_app()


def test_the_site_starts_with_a_strong_webhook_secret(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("WEBHOOK_SECRET", GOOD_WEBHOOK)
    assert create_app({"CACHE_TYPE": "SimpleCache"}).config["WEBHOOK_SECRET"] == GOOD_WEBHOOK


def test_local_defaults_still_work_outside_production():
    result = start_cms(APP_ENV="development")
    assert result.returncode == 0, result.stderr
