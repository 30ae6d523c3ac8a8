"""Flat admin listings of the clinic's articles, therapists and services, each a sidebar entry.

Wagtail's `PageListingViewSet` lists every page of one type wherever it sits in the tree, with
its own columns, ordering and filters; editing still happens on the usual page edit screens.
"""

from django.db.models import Count, F
from django.forms import CheckboxSelectMultiple
from django_filters import ModelMultipleChoiceFilter
from taggit.models import Tag
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from cms.articles.models import ArticlePage
from cms.services.models import ServicePage
from cms.therapists.models import TherapistPage


def title_column():
    return PageTitleColumn("title", label="Title", sort_key="title", classname="title")


def status_column():
    return PageStatusColumn("status", label="Status", sort_key="live", width="12%")


def booking_link(page) -> str:
    return "Own link" if page.booking_url else "Falls back"


class ArticleFilterSet(PageFilterSet):
    # Only therapists who wrote something, and tags that are in use: short lists to tick.
    author = ModelMultipleChoiceFilter(
        label="Author",
        queryset=lambda request: TherapistPage.objects.filter(articles__isnull=False).distinct().order_by("title"),
        widget=CheckboxSelectMultiple,
    )
    tag = ModelMultipleChoiceFilter(
        label="Tag",
        field_name="tags__slug",  # the chosen tags arrive as slugs (to_field_name)
        to_field_name="slug",
        queryset=lambda request: (
            Tag.objects.filter(articles_articletag_items__isnull=False).distinct().order_by("name")
        ),
        widget=CheckboxSelectMultiple,
    )

    class Meta:
        model = ArticlePage
        fields = []


class ArticleIndexView(IndexView):
    def annotate_queryset(self, pages):
        # The author's name in the same query, not one query per row.
        return super().annotate_queryset(pages.annotate(author_name=F("author__title")))


class ArticleListing(PageListingViewSet):
    model = ArticlePage
    name = "articles"
    icon = "doc-full"
    menu_label = "Articles"
    menu_order = 110
    add_to_admin_menu = True
    index_view_class = ArticleIndexView
    columns = [
        BulkActionsColumn("bulk_actions"),
        title_column(),
        Column("author_name", label="Author", sort_key="author__title", width="20%"),
        Column("publication_date", label="Publication date", sort_key="publication_date", width="16%"),
        status_column(),
    ]
    ordering = "-publication_date"
    filterset_class = ArticleFilterSet


class TherapistIndexView(IndexView):
    def annotate_queryset(self, pages):
        return super().annotate_queryset(pages.annotate(service_count=Count("service_links", distinct=True)))


class TherapistListing(PageListingViewSet):
    model = TherapistPage
    name = "therapists"
    icon = "user"
    menu_label = "Therapists"
    menu_order = 120
    add_to_admin_menu = True
    index_view_class = TherapistIndexView
    columns = [
        BulkActionsColumn("bulk_actions"),
        title_column(),
        Column("role", label="Role", sort_key="role", width="25%"),
        Column("service_count", label="Services", sort_key="service_count", width="10%"),
        Column("booking", label="Booking link", accessor=booking_link, width="12%"),
        status_column(),
    ]
    ordering = "title"


class ServiceIndexView(IndexView):
    def annotate_queryset(self, pages):
        return super().annotate_queryset(pages.annotate(therapist_count=Count("therapist_links", distinct=True)))


class ServiceListing(PageListingViewSet):
    model = ServicePage
    name = "services"
    icon = "list-ul"
    menu_label = "Services"
    menu_order = 130
    add_to_admin_menu = True
    index_view_class = ServiceIndexView
    columns = [
        BulkActionsColumn("bulk_actions"),
        title_column(),
        Column("therapist_count", label="Therapists", sort_key="therapist_count", width="12%"),
        Column("booking", label="Booking link", accessor=booking_link, width="12%"),
        status_column(),
    ]
    ordering = "title"
