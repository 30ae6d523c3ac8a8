"""Admin login throttling (django-axes) through Wagtail's real login view: after
AXES_FAILURE_LIMIT wrong passwords a username is locked out at that address."""

import logging

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import override_settings

from tests.fresh_settings import read_settings

pytestmark = pytest.mark.django_db

LOGIN = f"/{settings.WAGTAILADMIN_PATH}login/"
PASSWORD = "the-right-password-for-tests"
LOCKED = f"This account is locked for {settings.AXES_COOLOFF_MINUTES} minutes"


@pytest.fixture(autouse=True)
def editors():
    for name in ("editor", "colleague"):
        get_user_model().objects.create_superuser(name, f"{name}@example.com", PASSWORD)


def log_in(client, username, password=PASSWORD, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def fail_until_locked(client, username="editor", **headers):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, username, "wrong", **headers)
    return response


def test_wrong_passwords_below_the_limit_just_fail(client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "editor", "wrong").status_code == 200  # the form again, with an error
    assert log_in(client, "editor").status_code == 302  # into the admin


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        assert fail_until_locked(client).status_code == 429
    assert "Locking out" in caplog.text
    response = log_in(client, "editor")
    assert response.status_code == 429
    assert LOCKED in " ".join(response.content.decode().split())
    assert "_auth_user_id" not in client.session


def test_another_user_at_the_same_address_is_not_locked(client):
    fail_until_locked(client)
    assert log_in(client, "colleague").status_code == 302


def test_the_same_user_at_another_address_is_not_locked(client):
    fail_until_locked(client)
    assert log_in(client, "editor", REMOTE_ADDR="192.0.2.7").status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client):
    fail_until_locked(client)
    assert log_in(client, "editor", HTTP_X_FORWARDED_FOR="198.51.100.23").status_code == 429


def proxy_settings(trusted_proxies: str) -> dict:
    """The client-address settings the CMS derives from TRUSTED_PROXIES, read in a fresh process."""
    return read_settings(
        "{'AXES_IPWARE_META_PRECEDENCE_ORDER': settings.AXES_IPWARE_META_PRECEDENCE_ORDER, "
        "'AXES_IPWARE_PROXY_COUNT': getattr(settings, 'AXES_IPWARE_PROXY_COUNT', None), "
        "'IPWARE_STRICT': getattr(settings, 'IPWARE_STRICT', None)}",
        {"TRUSTED_PROXIES": trusted_proxies},
    )


def test_behind_one_trusted_proxy_the_address_it_saw_counts(client):
    with override_settings(**proxy_settings("1")):
        # The proxy appends the address it saw to whatever the client sent.
        fail_until_locked(client, HTTP_X_FORWARDED_FOR="203.0.113.5")
        # A forged entry in front changes nothing.
        assert log_in(client, "editor", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5").status_code == 429
        assert log_in(client, "editor", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302
