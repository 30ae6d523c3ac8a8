"""Build the demo clinic. Safe to re-run: what already exists is left exactly as it is."""

from datetime import date, time
from io import BytesIO
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cms.articles.models import ArticleIndexPage, ArticlePage
from cms.booking.models import BookingSettings
from cms.core import pictures
from cms.demo import content
from cms.demo.pictures import draw_picture
from cms.home.models import HomePage
from cms.services.models import ServiceIndexPage, ServiceOption, ServicePage
from cms.therapists.models import TherapistIndexPage, TherapistPage, TherapistService


def picture_for(slug, images):
    """The demo picture whose key starts the slug ("piia" for "piia-laakso")."""
    return next((image for key, image in images.items() if slug.startswith(key)), None)


class Command(BaseCommand):
    help = "Load the demo clinic's content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-renditions",
            action="store_true",
            help="Leave the pictures' renditions to be made when the API first shows them.",
        )

    def handle(self, *args, **options):
        self.created = 0
        with transaction.atomic():
            images = self.load_images()
            home = self.load_home()
            services = self.load_services(home, images)
            therapists = self.load_therapists(home, images, services)
            self.load_articles(home, images, services, therapists)
            self.load_settings(home)
        if not options["no_renditions"]:
            # Every picture's renditions now, so the first answers don't spend seconds encoding them.
            for model in (ArticlePage, TherapistPage, ServicePage):
                for page in model.objects.select_related(*model.api_select_related):
                    pictures.make_renditions(page.picture_uses())
        self.stdout.write(f"Demo content ready ({self.created} new objects).")

    # -- helpers -------------------------------------------------------------------------

    def publish_child(self, parent, page):
        """Add `page` under `parent` unless a page with its slug is already there; return the page."""
        existing = parent.get_children().filter(slug=page.slug).first()
        if existing is not None:
            return existing.specific
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page

    # -- content ---------------------------------------------------------------------------

    def load_images(self):
        Image = get_image_model()
        images = {}
        for key, spec in content.IMAGES.items():
            image = Image.objects.filter(title=spec["title"]).first()
            if image is None:
                data = ImageFile(BytesIO(draw_picture(key, spec["colours"])), name=f"demo-{key}.jpg")
                image = Image.objects.create(title=spec["title"], description=spec["alt"], file=data)
                self.created += 1
            images[key] = image
        return images

    def load_home(self):
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None and isinstance(site.root_page.specific, HomePage):
            home = site.root_page.specific
        else:
            root = Page.get_first_root_node()
            home = HomePage.objects.first() or self.publish_child(
                root, HomePage(title=content.HOME["title"], slug="kestrel-home", intro=content.HOME["intro"])
            )
            placeholder = site.root_page if site else None
            site = site or Site(is_default_site=True)
            site.root_page = home
            site.site_name = content.HOME["title"]
            site.save()
            # Wagtail's own "Welcome" page is not part of the clinic.
            if placeholder is not None and type(placeholder.specific) is Page:
                placeholder.delete()
        # "View live" in the admin and absolute page URLs point at the public site.
        public = urlsplit(settings.SITE_URL)
        port = public.port or (443 if public.scheme == "https" else 80)
        if (site.hostname, site.port) != (public.hostname, port):
            site.hostname, site.port = public.hostname, port
            site.save()
        return home

    def load_index(self, home, model, slug):
        spec = content.INDEXES[slug]
        return self.publish_child(home, model(title=spec["title"], slug=slug, intro=spec["intro"]))

    def load_services(self, home, images):
        index = self.load_index(home, ServiceIndexPage, "services")
        services = {}
        for spec in content.SERVICES:
            page = ServicePage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                description=spec["description"],
                booking_url=spec["booking_url"],
                image=picture_for(spec["slug"], images),
                options=[ServiceOption(**option) for option in spec["options"]],
            )
            services[spec["slug"]] = self.publish_child(index, page)
        return services

    def load_therapists(self, home, images, services):
        index = self.load_index(home, TherapistIndexPage, "therapists")
        therapists = {}
        for spec in content.THERAPISTS:
            page = TherapistPage(
                title=spec["name"],
                slug=spec["slug"],
                role=spec["role"],
                photo=picture_for(spec["slug"], images),
                biography=spec["bio"],
                working_days=spec["working_days"],
                contact_email=spec["email"],
                booking_url=spec["booking_url"],
                service_links=[TherapistService(service=services[slug]) for slug in spec["services"]],
            )
            therapists[spec["slug"]] = self.publish_child(index, page)
        return therapists

    def load_articles(self, home, images, services, therapists):
        index = self.load_index(home, ArticleIndexPage, "articles")
        for spec in content.ARTICLES:
            page = ArticlePage(
                title=spec["title"],
                slug=spec["slug"],
                publication_date=spec["publication_date"],
                author=therapists.get(spec["author"]) if spec["author"] else None,
                summary=spec["summary"],
                hero_image=images[spec["hero_image"]],
                body=[self.body_block(block, images, services, therapists) for block in spec["body"]],
            )
            page.tags.add(*spec["tags"])
            self.publish_child(index, page)

    def body_block(self, block, images, services, therapists):
        kind, value = block
        if kind == "rich_text":
            return ("paragraph", RichText(value))
        if kind == "image":
            return ("image", {"image": images[value["image"]], "alt": "", "caption": value.get("caption", "")})
        if kind == "call_to_action":
            return (
                "call_to_action",
                {
                    "heading": value.get("heading", ""),
                    "text": value.get("text", ""),
                    "service": services.get(value.get("service")),
                    "therapist": therapists.get(value.get("therapist")),
                    "url": value.get("url", ""),
                    "label": value.get("label", ""),
                },
            )
        return (kind, value)

    def load_settings(self, home):
        site = Site.objects.get(root_page=home)
        booking = BookingSettings.for_site(site)
        if not booking.default_booking_url:
            booking.default_booking_url = content.CLINIC["default_booking_url"]
            booking.cta_label = content.CLINIC["cta_label"]
            booking.contact_email = content.CLINIC["contact_email"]
            booking.business_name = content.CLINIC["name"]
            for field in ("telephone", "street_address", "postal_code", "address_locality", "address_country"):
                setattr(booking, field, content.CLINIC[field])
            booking.save()
            self.created += 1
        if not booking.opening_hours and not booking.closures:
            self.load_week(booking)
            self.created += 1

    def load_week(self, booking):
        """The demo's opening hours, its holiday closure (the next one) and how to find it."""
        booking.opening_hours = [
            ("hours", {"weekday": day, "opens": time.fromisoformat(opens), "closes": time.fromisoformat(closes)})
            for day, (opens, closes) in content.OPENING_HOURS.items()
        ]
        holiday = content.HOLIDAY_CLOSURE
        today = timezone.localdate()
        year = today.year if today <= date(today.year, holiday["month"], holiday["last_day"]) else today.year + 1
        booking.closures = [
            (
                "closure",
                {
                    "first_day": date(year, holiday["month"], holiday["first_day"]),
                    "last_day": date(year, holiday["month"], holiday["last_day"]),
                    "reason": holiday["reason"],
                },
            )
        ]
        booking.visit_intro = content.VISIT_INTRO
        booking.save()
