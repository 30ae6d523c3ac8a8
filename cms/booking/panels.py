""" "Visitors see": the booking button a therapist's or a service's page gets, after the fallback.

Editors see on the edit screen what the public site will show (label -> address) and where the
address comes from, so a blank booking link is never a surprise. Computed from the page being
edited (its latest draft) each time the screen opens, so it is current after every save.
"""

from wagtail.admin.panels import Panel


def describe_button(page) -> dict:
    """The page's button and, in words, where its link comes from: {button, reason}."""
    button = page.booking_button(None)
    source = button["source"] if button else None
    # Only a service has a therapist to fall back to (ServicePage.booking_therapist).
    through = getattr(page, "booking_therapist", None)
    kind = page._meta.verbose_name
    if source == "service":
        reason = "this service's own booking link"
    elif source == "therapist" and through is not None:
        therapist = through()
        reason = (
            f"the booking link of {therapist.title}, who offers this service, because it has no booking link of its own"
        )
    elif source == "therapist":
        reason = "this therapist's own booking link"
    elif source == "default" and through is not None:
        reason = (
            "the clinic's default booking page, because neither this service nor any published therapist "
            "offering it has a booking link"
        )
    elif source == "default":
        reason = f"the clinic's default booking page, because this {kind} has no booking link"
    else:
        reason = (
            f"No booking button: this {kind} has no booking link and the clinic has no default booking page "
            "(Settings → Booking settings)"
        )
    return {"button": button, "reason": reason}


class VisitorsSeePanel(Panel):
    """Read-only: the button visitors get on this page, and why."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Booking button on the site")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "booking/visitors_see_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(describe_button(self.instance))
            return context
