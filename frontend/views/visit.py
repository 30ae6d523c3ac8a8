"""/visit/: the Visit us page, fed by the clinic's booking settings (one CMS request).

Not a page in Wagtail's tree: everything it shows is the clinic's own details, which editors keep
in Settings → Booking settings (address, phone, email, opening hours, closures and the text on how
to find the clinic). Saving the settings purges every page, this one included.
"""

from flask import Blueprint, current_app, make_response, render_template

from shared.site_map import VISIT_PATH

from ..caching import cached_page
from ..content.client import cms
from ..content.last_clinic import remember
from ..rendering import clinic_days, structured_data
from ..rendering.head import page_head

bp = Blueprint("visit", __name__)


@bp.get(VISIT_PATH, endpoint="page")
@cached_page()
def visit_page():
    settings = cms().booking_settings()
    clinic = {key: value for key, value in settings.items() if key != "visit_intro"}  # the pages' Clinic
    remember(clinic)
    name = (clinic.get("business") or {}).get("name") or current_app.config["SITE_NAME"]
    description = f"How to find {name}: address, phone, email and opening hours."
    head = page_head({"title": "Visit us", "seo": {"title": "Visit us", "description": description}, "meta": {}})
    days = clinic_days.for_clinic(clinic)
    html = render_template(
        "visit.html",
        clinic=clinic,
        clinic_days=days,
        visit_intro=settings.get("visit_intro") or "",
        head=head,
        structured_data=structured_data.clinic_blocks(clinic, head, days),
    )
    return clinic_days.dated(make_response(html), days)
