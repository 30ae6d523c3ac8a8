"""An editor in a real browser imports the old blog: Settings → Import a blog, upload the sample
export, follow the dry run (a real `db_worker --queue-name imports` process does it), read it,
import, and download the report. axe-core checks each of the new screens."""

import csv
import re

import pytest
import requests
from playwright.sync_api import expect

from devtools.live_servers import REPO
from tests.conftest import run_python
from tests.task_workers import start_worker

pytestmark = pytest.mark.e2e

SAMPLE = REPO / "cms" / "blog_import" / "samples" / "old-blog.xml"
EDITOR = "browser-importer"
EDITOR_PASSWORD = "a-long-browser-import-password-5930"
POST = "Easing back into running after a calf strain"
SLUG = "back-to-running-after-a-calf-strain"


@pytest.fixture
def importers_cms(clinic_cms_source, cms_copy):
    cms = cms_copy(clinic_cms_source, start=False)
    run_python(
        cms,
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_superuser({EDITOR!r}, 'importer@example.com', {EDITOR_PASSWORD!r})",
    )
    return cms.start()


def log_in(page, cms) -> None:
    page.goto(f"{cms.url}/admin/login/")
    page.get_by_label("Username").fill(EDITOR)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{cms.url}/admin/")


def test_an_editor_uploads_reads_the_dry_run_and_imports(importers_cms, request, new_page, assert_accessible, tmp_path):
    cms = importers_cms
    page = new_page("desktop")
    log_in(page, cms)
    page.get_by_role("button", name="Settings").click()
    page.get_by_role("link", name="Import a blog").click()
    expect(page).to_have_url(f"{cms.url}/admin/blog-import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a blog")
    assert_accessible(page, "the upload form")

    page.get_by_label("Export file (.xml)").set_input_files(SAMPLE)
    page.get_by_role("button", name="Upload and start the dry run").click()
    expect(page).to_have_url(re.compile(rf"{cms.url}/admin/blog-import/\d+/$"))
    # No worker yet: the dry run waits in the queue, and the page says so.
    expect(page.locator("#import-status")).to_have_text("Dry run queued or running")
    expect(page.get_by_label("Posts done")).to_be_visible()
    expect(page.locator("#import-note")).to_contain_text("Waiting for a worker")
    assert_accessible(page, "the run page with its progress bar")

    start_worker(request, cms, "imports")
    # The page follows the worker and shows the report once the dry run is over.
    expect(page.get_by_role("heading", name="Dry run: nothing saved yet")).to_be_visible(timeout=60_000)
    expect(page.locator("#import-status")).to_have_text("Dry run done, ready to import")
    expect(page.get_by_text("5 to create, 0 to update, 0 unchanged, 0 to skip")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(re.escape(POST)))
    expect(row).to_contain_text("to create")
    expect(row).to_contain_text(f"/articles/{SLUG}/")
    expect(page.locator(".blog-import-problems")).to_contain_text("Helena Korhonen")  # an author with no therapist
    assert_accessible(page, "the dry-run report")
    assert not requests.get(f"{cms.api_url}/pages/", params={"type": "articles.ArticlePage", "slug": SLUG}).json()[
        "items"
    ]

    page.get_by_role("button", name="Import these posts").click()
    expect(page.get_by_role("heading", name="Import report")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("5 created, 0 updated, 0 unchanged, 0 skipped")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(re.escape(POST)))).to_contain_text("created")
    assert_accessible(page, "the import report")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this report (CSV)").click()
    saved = tmp_path / "report.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(saved.open(encoding="utf-8")))
    assert ["post", POST] == rows[[row[1] for row in rows].index(POST)][:2]

    found = requests.get(f"{cms.api_url}/pages/", params={"type": "articles.ArticlePage", "slug": SLUG}).json()["items"]
    assert [item["title"] for item in found] == [POST]
