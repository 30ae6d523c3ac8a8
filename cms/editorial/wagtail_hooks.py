from wagtail import hooks

from .dashboard import clinic_panels
from .listings import ArticleListing, ServiceListing, TherapistListing
from .site_updates import SiteUpdatesPanel


@hooks.register("register_admin_viewset")
def register_listings():
    return [ArticleListing(), TherapistListing(), ServiceListing()]


@hooks.register("construct_homepage_panels")
def add_clinic_panels(request, panels):
    panels.extend([SiteUpdatesPanel(), *clinic_panels()])
