"""Search on PostgreSQL is PostgreSQL's full text, with nothing to configure (docs/deployment.md)."""

import os
import subprocess
import sys

from tests.test_production import REPO

WHICH_BACKEND = (
    "import django; django.setup(); from wagtail.search.backends import get_search_backend; "
    "backend = get_search_backend(); print(type(backend).__module__, type(backend).__name__)"
)


def search_backend(database_url: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", WHICH_BACKEND],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings", "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_database_backend_uses_postgresql_full_text_search(postgres_url):
    assert search_backend(postgres_url) == ("modelsearch.backends.database.postgres.postgres PostgresSearchBackend")
