import pytest
from django.conf import settings
from django.core.management import call_command

from frontend import create_app
from tests.live_cms import LiveCMS


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database holds the demo clinic for every CMS test (each test rolls back)."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    # No site is listening; tests that check the purge messages turn this back on.
    settings.SITE_PURGE_URL = ""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))


@pytest.fixture(scope="session")
def live_cms(tmp_path_factory):
    """A real Wagtail server with the demo clinic, on a loopback port, for the whole session."""
    cms = LiveCMS(tmp_path_factory.mktemp("live-cms")).prepare().start()
    yield cms
    cms.stop()


def make_site(cms_api_url: str, **config):
    return create_app(
        {
            "TESTING": True,
            "CMS_API_URL": cms_api_url,
            "CMS_RETRIES": 0,
            "CACHE_TYPE": "SimpleCache",
            **config,
        }
    )


@pytest.fixture
def site(live_cms):
    """The public site, rendering from the live CMS."""
    return make_site(live_cms.api_url)


@pytest.fixture
def site_client(site):
    return site.test_client()
