"""Reports → Booking clicks: articles, therapists and services by booking clicks.

Only for users who may view booking clicks (superusers, or a group given the "Can view
booking clicks on a day" permission); exports to CSV and XLSX like Wagtail's own reports.
A page title is the editors' text: in the CSV, one a spreadsheet would run as a formula starts
with a quote (Wagtail's XLSX export already writes such text as a string cell).
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from cms.articles.models import ArticlePage
from cms.core.csv_cells import safe_cell
from cms.services.models import ServicePage
from cms.therapists.models import TherapistPage

from . import figures
from .models import BookingClickDay

REPORTED_TYPES = (ArticlePage, TherapistPage, ServicePage)
permission_policy = ModelPermissionPolicy(BookingClickDay)


class BookingClicksReportView(ReportView):
    page_title = "Booking clicks"
    header_icon = "date"
    results_template_name = "booking_clicks/report_results.html"
    index_url_name = "booking_clicks_report"
    index_results_url_name = "booking_clicks_report_results"
    permission_policy = permission_policy
    permission_required = "view"
    context_object_name = "pages"
    export_filename = "booking-clicks"
    list_export = ["title", "type_label", "clicks_7", "clicks_30", "clicks_90", "places"]
    export_headings = {
        "title": "Page",
        "type_label": "Type",
        "clicks_7": "Clicks, 7 days",
        "clicks_30": "Clicks, 30 days",
        "clicks_90": "Clicks, 90 days",
        "places": "Button places (90 days)",
    }

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return safe_cell(value) if export_format == self.FORMAT_CSV else value

    def get_queryset(self):
        types = ContentType.objects.get_for_models(*REPORTED_TYPES).values()
        pages = Page.objects.filter(content_type__in=types)
        return (
            figures.annotate_windows(pages).filter(clicks_90__gt=0).order_by("-clicks_30", "-clicks_90", "title", "pk")
        )

    def decorate_paginated_queryset(self, pages):
        pages = list(pages)
        ids = [page.pk for page in pages]
        series = figures.daily_counts(ids)
        shares = figures.place_shares(ids)
        for page in pages:
            page.type_label = page.specific_class._meta.verbose_name.capitalize() if page.specific_class else ""
            page.chart = figures.bar_chart(series[page.pk])
            page.shares = shares.get(page.pk, [])
            page.places = figures.shares_text(page.shares)
        return pages

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chart_days"] = figures.CHART_DAYS
        return context
