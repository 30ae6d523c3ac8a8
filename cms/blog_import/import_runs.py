"""One import started from the admin: the uploaded export, where it stands, and its reports.

The upload is kept under VAR_DIR/blog-imports/, outside MEDIA_ROOT, so no URL ever serves it;
each run has a folder of its own, which is also the "export folder" the importer reads relative
image paths from (so an upload can never reach another upload's files). A successful import
deletes the upload; the reports stay.
"""

import json
import os
import shutil
import uuid
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename


@deconstructible
class PrivateImportStorage(FileSystemStorage):
    """Files under VAR_DIR/blog-imports/, read when used (tests move VAR_DIR); never given a URL."""

    @property
    def base_location(self):
        return str(Path(settings.VAR_DIR) / "blog-imports")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("uploaded exports are private: they have no URL")


def upload_to(run, filename):
    name = get_valid_filename(PurePath(filename).name)[:80] or "export.xml"
    return f"{uuid.uuid4().hex}/{name}"


class ImportRun(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", "Dry run queued or running"
        CHECKED = "checked", "Dry run done, ready to import"
        IMPORTING = "importing", "Import queued or running"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Failed"

    upload = models.FileField(upload_to=upload_to, storage=PrivateImportStorage(), max_length=200)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    categories_as_tags = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CHECKING)
    # Which stage failed (dry run or import) is told by which report is missing.
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="The django-tasks result of the latest stage.")
    dry_run_report = models.JSONField(null=True, blank=True)
    import_report = models.JSONField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def folder(self) -> Path | None:
        """The run's own folder; None once the upload is deleted."""
        return Path(self.upload.path).parent if self.upload else None

    def delete_upload(self) -> None:
        """Remove the export (it holds private posts and authors' e-mail addresses); reports stay."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.upload = ""

    @property
    def progress_path(self) -> Path | None:
        return self.folder / "progress.json" if self.folder else None

    @property
    def running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def report(self) -> dict | None:
        """The latest report: the import's once there is one, else the dry run's."""
        return self.import_report or self.dry_run_report

    def progress(self) -> dict:
        """{"done", "total"} written by the worker (a file: the import's own transaction hides rows)."""
        if self.progress_path is None:
            posts = self.report["posts"] if self.report else 0
            return {"done": posts, "total": posts}
        try:
            return json.loads(self.progress_path.read_text())
        except (OSError, ValueError):
            return {"done": 0, "total": 0}
