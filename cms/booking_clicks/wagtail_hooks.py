from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import BookingClicksReportView, permission_policy


class BookingClicksMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/booking-clicks/", BookingClicksReportView.as_view(), name="booking_clicks_report"),
        path(
            "reports/booking-clicks/results/",
            BookingClicksReportView.as_view(results_only=True),
            name="booking_clicks_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return BookingClicksMenuItem(
        "Booking clicks", reverse("booking_clicks_report"), name="booking-clicks", icon_name="date", order=1200
    )
