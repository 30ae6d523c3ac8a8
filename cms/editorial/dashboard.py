"""Dashboard panels for the clinic's pages: drafts, scheduled changes, overdue ones, latest published.

Each panel is a couple of small indexed queries over the clinic's own page types (never the tree's
root or other apps' pages), limited to what the editor may explore.

"Overdue" means a go-live or expiry time passed more than OVERDUE_AFTER ago and the change has not
happened: Wagtail's `publish_scheduled` makes these changes, so the scheduler is not running.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy

from shared import site_map

# `make run` and docker-compose run the scheduler every 30 s by default: two minutes is late.
OVERDUE_AFTER = datetime.timedelta(minutes=2)
ROWS = 10
CLINIC_PAGE_TYPES = (
    site_map.HOME,
    site_map.ARTICLE_INDEX,
    site_map.ARTICLE,
    site_map.THERAPIST_INDEX,
    site_map.THERAPIST,
    site_map.SERVICE_INDEX,
    site_map.SERVICE,
)


def clinic_content_types() -> list[ContentType]:
    models = [apps.get_model(label) for label in CLINIC_PAGE_TYPES]
    return list(ContentType.objects.get_for_models(*models).values())


def clinic_pages(request):
    """The clinic's pages this editor may see in the admin."""
    explorable = PagePermissionPolicy().explorable_instances(request.user)
    return Page.objects.filter(content_type__in=clinic_content_types(), pk__in=explorable.values("pk"))


@dataclass
class Row:
    page: Page
    what: str  # what happens or happened: "Goes live", "Expires", "Edited", "Published"
    when: datetime.datetime | None
    who: str = ""

    @property
    def page_type(self) -> str:
        return self.page.specific_class._meta.verbose_name.capitalize()


def scheduled_changes(request) -> list[Row]:
    """Go-live times approved for a revision, and expiry times of live pages, soonest first.

    Kept on the request: the scheduled and the overdue panels share one look-up.
    """
    if not hasattr(request, "_clinic_scheduled"):
        request._clinic_scheduled = _scheduled_changes(request)
    return request._clinic_scheduled


def _scheduled_changes(request) -> list[Row]:
    pages = clinic_pages(request)
    going_live = Revision.page_revisions.filter(approved_go_live_at__isnull=False).values_list(
        "object_id", "approved_go_live_at"
    )
    go_live = {int(object_id): at for object_id, at in going_live}
    rows = [
        Row(page, "Goes live", go_live[page.pk]) for page in pages.filter(pk__in=go_live).select_related("content_type")
    ]
    rows += [
        Row(page, "Expires", page.expire_at)
        for page in pages.filter(live=True, expire_at__isnull=False).select_related("content_type")
    ]
    return sorted(rows, key=lambda row: row.when)


class ClinicPanel(Component):
    template_name = "editorial/dashboard_panel.html"
    heading = ""
    description = ""
    empty = ""
    warning = False

    def rows(self, request) -> list[Row]:
        raise NotImplementedError

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "panel": self,
            "panel_id": f"clinic-{self.name}",
            "rows": self.rows(request),
            "request": request,
        }


class DraftsPanel(ClinicPanel):
    name = "drafts"
    order = 101
    heading = "Drafts"
    description = "Pages with changes that are not published yet, most recently edited first."
    empty = "No unpublished changes."

    def rows(self, request):
        drafts = (
            clinic_pages(request)
            .filter(has_unpublished_changes=True)
            .select_related("latest_revision__user")
            .order_by("-latest_revision_created_at", "-pk")[:ROWS]
        )
        rows = []
        for page in drafts:
            user = page.latest_revision.user if page.latest_revision_id else None
            if user is None:
                who = ""
            elif user.pk == request.user.pk:
                who = "you"
            else:
                who = user.get_full_name() or user.get_username()
            rows.append(Row(page, "Edited", page.latest_revision_created_at, who))
        return rows


class ScheduledPanel(ClinicPanel):
    name = "scheduled"
    order = 102
    heading = "Scheduled"
    description = "Pages set to go live or to expire, soonest first."
    empty = "Nothing is scheduled."

    def rows(self, request):
        late = timezone.now() - OVERDUE_AFTER
        return [row for row in scheduled_changes(request) if row.when > late][:ROWS]


class OverduePanel(ClinicPanel):
    name = "overdue"
    order = 100
    heading = "Overdue: scheduled publishing is not running"
    description = (
        "These pages should have gone live or expired by now, and have not. Wagtail's scheduled "
        "publishing makes these changes and it has not run: start it (`make run` does; in production "
        "the scheduler service of docker-compose, or `python cms/manage.py run_scheduler`), or "
        "publish or unpublish these pages by hand."
    )
    warning = True

    def rows(self, request):
        late = timezone.now() - OVERDUE_AFTER
        return [row for row in scheduled_changes(request) if row.when <= late][:ROWS]


class LatestPublishedPanel(ClinicPanel):
    name = "latest"
    order = 103
    heading = "Latest published"
    description = "What visitors most recently got to see."
    empty = "Nothing is published yet."

    def rows(self, request):
        published = (
            clinic_pages(request)
            .filter(live=True, last_published_at__isnull=False)
            .select_related("content_type")
            .order_by("-last_published_at", "-pk")[:5]
        )
        return [Row(page, "Published", page.last_published_at) for page in published]


def clinic_panels() -> list[Component]:
    return [OverduePanel(), DraftsPanel(), ScheduledPanel(), LatestPublishedPanel()]
