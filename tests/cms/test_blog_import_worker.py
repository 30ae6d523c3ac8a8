"""Import a blog from the admin of a live CMS, with `manage.py db_worker --queue-name imports`
running as its own process: the dry run and the import happen there, the admin follows them."""

import csv
import io

import pytest
import requests

from tests.cms.blog_exports import many_posts
from tests.task_workers import start_worker
from tests.waiting import wait_until

pytestmark = pytest.mark.e2e

POSTS = 150


def run_state(session, cms, run_url):
    return session.get(f"{cms.url}{run_url}progress/").json()


def test_a_worker_process_dry_runs_and_imports_an_upload(clinic_cms_source, cms_copy, request):
    cms = cms_copy(clinic_cms_source)
    session = cms.admin_session()
    index = f"{cms.url}/admin/blog-import/"
    session.get(index)
    response = session.post(
        index,
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"], "categories_as_tags": "on"},
        files={"export": ("big-blog.xml", many_posts(POSTS), "text/xml")},
        headers={"Referer": index},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    run_url = response.headers["Location"]

    # Queued, not run: no worker yet.
    assert run_state(session, cms, run_url)["status"] == "checking"
    start_worker(request, cms, "imports")
    state = wait_until(
        lambda: (s := run_state(session, cms, run_url))["status"] != "checking" and s,
        timeout=60,
        interval=0.2,
        what="the dry run",
    )
    assert state == {
        "status": "checked",
        "label": "Dry run done, ready to import",
        "note": "",
        "running": False,
        "done": POSTS,
        "total": POSTS,
    }
    page = session.get(f"{cms.url}{run_url}").text
    assert f"{POSTS} to create, 0 to update, 0 unchanged, 0 to skip" in page
    assert (
        requests.get(f"{cms.api_url}/pages/", params={"type": "articles.ArticlePage", "slug": "post-number-7"}).json()[
            "items"
        ]
        == []
    )

    session.post(
        f"{cms.url}{run_url}import/",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{cms.url}{run_url}"},
    )
    seen = []

    def imported():
        state = run_state(session, cms, run_url)
        seen.append((state["done"], state["total"]))
        return state["status"] == "imported"

    wait_until(imported, timeout=240, interval=0.2, what="the import")
    assert any(0 < done < POSTS for done, _ in seen), f"the progress never moved between 0 and {POSTS}: {seen[:5]}..."
    assert requests.get(
        f"{cms.api_url}/pages/", params={"type": "articles.ArticlePage", "slug": "post-number-7"}
    ).json()["items"]
    page = session.get(f"{cms.url}{run_url}").text
    assert f"{POSTS} created, 0 updated, 0 unchanged, 0 skipped" in page
    rows = list(csv.reader(io.StringIO(session.get(f"{cms.url}{run_url}report.csv").text)))
    assert len([row for row in rows if row[0] == "post" and row[4] == "created"]) == POSTS
