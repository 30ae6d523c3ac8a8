"""Settings → Import a blog: upload an export, read its dry run, import it in the background.

Who may: superusers, and groups given "Can add import run" (Settings → Groups → Other
permissions). An import publishes articles whatever page permissions the person has.
"""

import io

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import reports, tasks
from .forms import UploadForm
from .import_runs import ImportRun

PERMISSION = "blog_import.add_importrun"
# The page lists this many posts; the CSV always has all of them.
ROWS_SHOWN = 500


def can_import(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION))


importers_only = method_decorator(user_passes_test(can_import), name="dispatch")


class Breadcrumbs(WagtailAdminTemplateMixin):
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("blog_import:index"), "label": "Import a blog"}]


@importers_only
class IndexView(Breadcrumbs, FormView):
    template_name = "blog_import/index.html"
    page_title = "Import a blog"
    form_class = UploadForm

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": "Import a blog"}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            runs=ImportRun.objects.select_related("created_by")[:20],
            max_mb=settings.BLOG_IMPORT_MAX_UPLOAD_MB,
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["export"]
        run = ImportRun.objects.create(
            upload=upload,
            original_name=upload.name[:255],
            size=upload.size,
            categories_as_tags=form.cleaned_data["categories_as_tags"],
            created_by=self.request.user,
        )
        tasks.start(run, dry_run=True)
        return redirect("blog_import:run", run.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


@importers_only
class RunView(Breadcrumbs, TemplateView):
    template_name = "blog_import/run.html"
    page_title = "Import a blog"

    def get_page_subtitle(self):
        return self.run.original_name

    def get(self, request, pk):
        self.run = get_object_or_404(ImportRun, pk=pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        run = self.run
        report = run.report
        return super().get_context_data(
            run=run,
            progress=run.progress(),
            note=tasks.queue_note(run),
            report=report,
            summary=reports.summary(report) if report else "",
            rows=report["rows"][:ROWS_SHOWN] if report else [],
            rows_left_out=max(0, report["posts"] - ROWS_SHOWN) if report else 0,
            words=(reports.DRY_RUN_WORDS if report["dry_run"] else reports.IMPORT_WORDS) if report else {},
            can_start_import=run.status == ImportRun.Status.CHECKED
            or (run.status == ImportRun.Status.FAILED and run.dry_run_report and not run.import_report),
            **kwargs,
        )


@importers_only
class ProgressView(View):
    """What the run page's progress bar polls."""

    def get(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        return JsonResponse(
            {
                "status": run.status,
                "label": run.get_status_display(),
                "note": tasks.queue_note(run),
                "running": run.running,
                **run.progress(),
            }
        )


@importers_only
class StartImportView(View):
    def post(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        if run.status != ImportRun.Status.CHECKED and not (
            run.status == ImportRun.Status.FAILED and run.dry_run_report
        ):
            messages.error(request, f"{run.original_name} cannot be imported now: {run.get_status_display().lower()}.")
            return redirect("blog_import:run", run.pk)
        tasks.start(run, dry_run=False)
        messages.success(request, f"Importing {run.original_name} in the background.")
        return redirect("blog_import:run", run.pk)


@importers_only
class DeleteView(View):
    def post(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        if run.running:
            messages.error(request, f"{run.original_name} is being worked on; delete it once it is over.")
            return redirect("blog_import:run", run.pk)
        run.delete_upload()
        run.delete()
        messages.success(request, f"{run.original_name}: the upload and its reports are deleted.")
        return redirect("blog_import:index")


@importers_only
class ReportCSVView(View):
    """?stage=dry-run or import (the default: the latest report)."""

    def get(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        stage = request.GET.get("stage", "")
        report = {"dry-run": run.dry_run_report, "import": run.import_report, "": run.report}.get(stage)
        if not report:
            raise Http404("This run has no such report.")
        text = io.StringIO()
        reports.write_csv(report, text)
        name = f"blog-import-{run.pk}-{'dry-run' if report['dry_run'] else 'import'}.csv"
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
