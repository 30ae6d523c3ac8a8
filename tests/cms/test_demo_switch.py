"""The demo clinic's app (load_demo, create_local_admin) is installed only where it is used."""

from pathlib import Path

import pytest

from tests.fresh_settings import read_settings

REPO = Path(__file__).resolve().parent.parent.parent
UNSET = ("APP_ENV", "DEMO_CONTENT", "SECRET_KEY", "WEBHOOK_SECRET", "DEBUG")


def demo_installed(**env) -> bool:
    """Whether cms.demo is installed, with the CMS's settings loaded in a fresh process."""
    return read_settings("'cms.demo' in settings.INSTALLED_APPS", env, unset=UNSET)


PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": "s" * 40, "WEBHOOK_SECRET": "w" * 40}


@pytest.mark.parametrize(
    "env, installed",
    [
        ({}, True),  # development: make run loads the demo clinic
        (PRODUCTION, False),
        ({**PRODUCTION, "DEMO_CONTENT": "1"}, True),  # a production-mode demo or test stack
        ({"DEMO_CONTENT": "0"}, False),
    ],
)
def test_demo_app_is_installed_only_when_enabled(env, installed):
    assert demo_installed(**env) is installed
