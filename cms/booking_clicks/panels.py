"""A read-only panel on a page's edit screen: its booking clicks (only for users who may view them)."""

from wagtail.admin.panels import Panel
from wagtail.permission_policies import ModelPermissionPolicy

from . import figures
from .models import BookingClickDay


class BookingClicksPanel(Panel):
    def __init__(self, heading="Booking clicks", **kwargs):
        super().__init__(heading=heading, **kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "booking_clicks"

    class BoundPanel(Panel.BoundPanel):
        template_name = "booking_clicks/panel.html"

        def is_shown(self):
            user = getattr(self.request, "user", None)
            return bool(
                self.instance is not None
                and self.instance.pk
                and user is not None
                and ModelPermissionPolicy(BookingClickDay).user_has_permission(user, "view")
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["figures"] = figures.page_figures(self.instance)
            context["windows"] = figures.WINDOWS
            return context
