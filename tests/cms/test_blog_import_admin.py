"""Settings → Import a blog, through Django's test client: upload, dry run, import, report; and a
run whose worker was killed.

The tasks go through the real django-tasks-db backend into the test database and are run by
django-tasks-db's own worker loop (`db_worker`'s Worker, in this process so it sees the test
database); tests/cms/test_blog_import_worker.py runs `manage.py db_worker` as a separate process.
"""

import csv
import io
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.articles.models import ArticlePage
from cms.blog_import.models import ImportRun
from cms.blog_import.stalled import fail_abandoned
from cms.core.management.commands.run_scheduler import run_once
from tests.cms.blog_exports import export
from tests.cms.purge_queue import run_queue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_folder(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.VAR_DIR / "blog-imports"


@pytest.fixture
def admin_client(admin_client, clinic):
    """The suite's one admin login, over a fresh clinic tree."""
    return admin_client


def upload(client, data: bytes, name="old-blog.xml", **fields):
    return client.post(
        "/admin/blog-import/",
        {"export": SimpleUploadedFile(name, data, "text/xml"), "categories_as_tags": "on", **fields},
    )


def work_off_imports_queue() -> int:
    """Run every queued task on "imports" with django-tasks-db's worker loop; how many ran."""
    ready = DBTaskResult.objects.ready().filter(queue_name="imports").count()
    run_queue("imports")
    return ready


def test_upload_dry_run_then_import_with_reports(admin_client, clinic, private_folder):
    response = upload(admin_client, export())
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/blog-import/{run.pk}/"
    task = DBTaskResult.objects.get(queue_name="imports")
    assert (task.queue_name, task.status, run.task_id) == ("imports", "READY", str(task.id))
    assert run.status == "checking"
    page = admin_client.get(f"/admin/blog-import/{run.pk}/").content.decode()
    assert 'id="import-progress"' in page and "Dry run queued or running" in page
    assert "Waiting for a worker to take it" in page

    assert work_off_imports_queue() == 1
    run.refresh_from_db()
    assert run.status == "checked" and run.dry_run_report["counts"] == {
        "create": 3,
        "update": 0,
        "unchanged": 0,
        "skip": 1,
    }
    assert not ArticlePage.objects.child_of(clinic.articles).filter(slug="stretching-after-a-long-run").exists()
    page = admin_client.get(f"/admin/blog-import/{run.pk}/").content.decode()
    assert "Dry run: nothing saved yet" in page
    assert "3 to create, 0 to update, 0 unchanged, 1 to skip" in page
    assert "<td>publish</td><td>2</td>" in page and "<td>private</td><td>1</td>" in page  # posts by status
    assert "author &quot;Nobody Here&quot; matches no therapist" in page  # every problem
    assert "Import these posts" in page and 'id="import-progress"' not in page

    # The upload is private: outside MEDIA_ROOT, with no URL.
    stored = Path(run.upload.path)
    assert stored.is_relative_to(private_folder) and stored.read_bytes() == export()
    with pytest.raises(ValueError, match="private"):
        run.upload.url  # noqa: B018

    response = admin_client.post(f"/admin/blog-import/{run.pk}/import/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "importing"
    assert work_off_imports_queue() == 1
    run.refresh_from_db()
    assert run.status == "imported" and run.import_report["counts"]["create"] == 3
    live = ArticlePage.objects.child_of(clinic.articles).get(slug="stretching-after-a-long-run")
    assert live.live
    assert run.progress() == {"done": 4, "total": 4}

    page = admin_client.get(f"/admin/blog-import/{run.pk}/").content.decode()
    assert "Import report" in page and "3 created, 0 updated, 0 unchanged, 1 skipped" in page
    assert "The uploaded export was deleted once imported" in page
    assert "Import these posts" not in page

    earlier = admin_client.get("/admin/blog-import/").content.decode()  # the report stays reachable
    assert f'<a href="/admin/blog-import/{run.pk}/">old-blog.xml</a>' in earlier and "<td>Imported</td>" in earlier

    response = admin_client.get(f"/admin/blog-import/{run.pk}/report.csv?stage=import")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="blog-import-{run.pk}-import.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Kind", "Post"]
    posts = {row[1]: row for row in rows if row[0] == "post"}
    assert posts["Stretching after a long run"][4:6] == ["created", "/articles/stretching-after-a-long-run/"]
    assert '\'=HYPERLINK("http://evil.example","Click")' in posts  # neutralised: text, not a formula
    assert posts["Staff only: rota"][4] == "skipped"
    assert any(row[0] == "problem" and "Nobody Here" in row[6] for row in rows)
    dry = admin_client.get(f"/admin/blog-import/{run.pk}/report.csv?stage=dry-run")
    assert "to create" in dry.content.decode()

    # Once imported, the export (private posts, authors' addresses) is gone; the reports stay.
    assert not stored.parent.exists() and not run.upload


def test_importing_again_is_refused_once_imported(admin_client):
    upload(admin_client, export())
    work_off_imports_queue()
    run = ImportRun.objects.get()
    admin_client.post(f"/admin/blog-import/{run.pk}/import/")
    work_off_imports_queue()
    response = admin_client.post(f"/admin/blog-import/{run.pk}/import/", follow=True)
    assert "cannot be imported now: imported" in response.content.decode()
    assert DBTaskResult.objects.filter(queue_name="imports").count() == 2


@pytest.mark.parametrize(
    "data, message",
    [
        (b"%PDF-1.7 not an export", "This is not an XML file."),
        (b"PK\x03\x04zipped", "This is a ZIP archive. Unzip it"),
        (b"", "The submitted file is empty."),
    ],
)
def test_bad_uploads_get_a_clear_answer(admin_client, data, message):
    response = upload(admin_client, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportRun.objects.exists() and not DBTaskResult.objects.filter(queue_name="imports").exists()


def test_too_large_an_upload_is_refused(admin_client, settings):
    settings.BLOG_IMPORT_MAX_UPLOAD_MB = 1
    response = upload(admin_client, export() + b" " * (1024 * 1024))
    assert response.status_code == 400
    assert "MB; the limit here is 1 MB" in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<html><body>A web page</body></html>", "not a WordPress export"),
        (export()[:-40], "not well-formed XML"),
    ],
)
def test_an_xml_file_that_is_no_export_fails_its_dry_run_with_the_reason(admin_client, data, message):
    upload(admin_client, data)
    work_off_imports_queue()
    run = ImportRun.objects.get()
    assert run.status == "failed" and run.dry_run_report is None
    page = admin_client.get(f"/admin/blog-import/{run.pk}/").content.decode()
    assert message in page and "Nothing was imported." in page and "Import these posts" not in page


def test_only_superusers_and_the_permission_may_import(client, clinic):
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    assert client.get("/admin/blog-import/").status_code == 302  # to the login page
    editor = get_user_model().objects.create_user("editor", "editor@example.com", "pw")
    editors = Group.objects.get(name="Editors")
    editor.groups.add(editors)
    client.force_login(editor)
    response = client.get("/admin/blog-import/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert upload(client, export()).status_code == 302 and not ImportRun.objects.exists()
    assert "Import a blog" not in client.get("/admin/").content.decode()

    editors.permissions.add(Permission.objects.get(codename="add_importrun", content_type__app_label="blog_import"))
    assert client.get("/admin/blog-import/").status_code == 200
    assert "Import a blog" in client.get("/admin/").content.decode()


def test_a_missing_run_or_report_is_a_404(admin_client):
    assert admin_client.get("/admin/blog-import/999/").status_code == 404
    upload(admin_client, export())
    run = ImportRun.objects.get()
    assert admin_client.get(f"/admin/blog-import/{run.pk}/report.csv?stage=import").status_code == 404
    assert admin_client.get(f"/admin/blog-import/{run.pk}/progress/").json() == {
        "status": "checking",
        "label": "Dry run queued or running",
        "running": True,
        "done": 0,
        "total": 0,
        "note": 'Waiting for a worker to take it (the "imports" queue: manage.py db_worker --queue-name imports).',
    }


def test_an_unexpected_error_fails_the_run_and_the_task(admin_client, monkeypatch):
    from cms.blog_import import importer

    def broken(self, **options):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importer.Importer, "run", broken)
    upload(admin_client, export())
    work_off_imports_queue()
    run = ImportRun.objects.get()
    assert run.status == "failed" and "An unexpected error stopped it" in run.error
    assert DBTaskResult.objects.get(id=run.task_id).status == "FAILED"  # the worker recorded the exception
    assert "disk on fire" not in admin_client.get(f"/admin/blog-import/{run.pk}/").content.decode()


def test_deleting_a_run_removes_its_upload(admin_client, private_folder):
    upload(admin_client, export())
    run = ImportRun.objects.get()
    folder = Path(run.upload.path).parent
    response = admin_client.post(f"/admin/blog-import/{run.pk}/delete/", follow=True)
    assert "is being worked on" in response.content.decode() and folder.exists()  # queued: kept
    work_off_imports_queue()
    response = admin_client.post(f"/admin/blog-import/{run.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/admin/blog-import/"
    assert not ImportRun.objects.exists() and not folder.exists()


# A worker killed mid-run: the scheduler's upkeep (run_scheduler's run_once) marks the run failed
# instead of leaving it "running" for ever; queued runs, and running ones writing progress, stay.


def killed(run: ImportRun, minutes_ago: float) -> None:
    """A worker took the run's task, wrote progress, and has said nothing for `minutes_ago`."""
    DBTaskResult.objects.get(id=run.task_id).claim("a-worker-that-was-killed")
    then = timezone.now() - timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(id=run.task_id).update(started_at=then)
    os.utime(run.progress_path, (then.timestamp(), then.timestamp()))


def test_an_import_whose_worker_was_killed_is_marked_failed_and_can_be_run_again(admin_client):
    upload(admin_client, export())
    run = ImportRun.objects.get()
    work_off_imports_queue()
    admin_client.post(f"/admin/blog-import/{run.pk}/import/")
    run.refresh_from_db()
    assert run.status == "importing"

    assert fail_abandoned() == 0  # queued, no worker yet: waiting is not failing
    killed(run, minutes_ago=3)
    assert fail_abandoned() == 0  # quiet for minutes only: it may still be working

    killed(run, minutes_ago=11)
    run_once()  # the scheduler's round
    run.refresh_from_db()
    assert run.status == "failed" and "Its worker stopped during the import" in run.error
    assert DBTaskResult.objects.get(id=run.task_id).status == "FAILED"
    page = admin_client.get(f"/admin/blog-import/{run.pk}/").content.decode()
    assert "Its worker stopped during the import" in page and "Import these posts" in page
    assert fail_abandoned() == 0  # once is enough

    admin_client.post(f"/admin/blog-import/{run.pk}/import/")  # again: this time it finishes
    work_off_imports_queue()
    run.refresh_from_db()
    assert run.status == "imported"


def test_a_running_import_that_writes_progress_is_left_alone(admin_client):
    upload(admin_client, export())
    run = ImportRun.objects.get()
    killed(run, minutes_ago=30)  # started long ago...
    os.utime(run.progress_path, (time.time(), time.time()))  # ...but it wrote progress just now
    assert fail_abandoned() == 0
    run.refresh_from_db()
    assert run.status == "checking"

    killed(run, minutes_ago=30)
    assert fail_abandoned() == 1
    run.refresh_from_db()
    assert run.status == "failed" and "during the dry run" in run.error and "upload the export again" in run.error
