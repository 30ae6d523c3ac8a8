"""Factories for the clinic's pages, images and settings: tests make the data they assert on.

Pages are built under a parent (`ArticlePageFactory(parent=clinic.articles)`) and published
with a revision, as an editor's "Publish" does; pass `publish=False` for a draft. `build_clinic()`
makes a fresh tree (home, the three sections, booking settings) and makes it the default site's.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

import factory
import wagtail_factories
from django.conf import settings
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Page, Site
from wagtail.rich_text import RichText

from cms.articles.models import ArticleIndexPage, ArticlePage
from cms.booking.models import BookingSettings
from cms.home.models import HomePage
from cms.services.models import ServiceIndexPage, ServiceOption, ServicePage
from cms.therapists.models import TherapistIndexPage, TherapistPage, TherapistService


class ImageFactory(wagtail_factories.ImageFactory):
    # The library's default makes a new root collection per image; Wagtail expects one root.
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Picture {n}")
    # As large as the biggest rendition the API asks for (hero, fill-1200x630): renditions never upscale.
    file = factory.django.ImageField(width=1200, height=675, color="olive")
    description = factory.LazyAttribute(lambda image: f"Alt text of {image.title.lower()}")


class ClinicPageFactory(wagtail_factories.PageFactory):
    """A page saved as a draft, then published with a revision unless `publish=False`."""

    live = False

    class Meta:
        abstract = True

    @factory.post_generation
    def publish(page, create, extracted, **kwargs):
        page._publish = extracted is not False

    @classmethod
    def _after_postgeneration(cls, page, create, results=None):
        # After every other hook, so the revision carries options, service links and tags.
        if not create:
            return
        if not page._publish:
            page.save()  # a draft keeps its options, service links and tags on the page too
        revision = page.save_revision()
        if page._publish:
            revision.publish()  # saves them, from the revision
            page.refresh_from_db()


class HomePageFactory(ClinicPageFactory):
    class Meta:
        model = HomePage

    parent = factory.LazyFunction(Page.get_first_root_node)
    title = factory.Sequence(lambda n: f"Clinic home {n}")
    intro = "<p>Welcome to the clinic.</p>"


class SectionIndexFactory(ClinicPageFactory):
    """The section pages keep the slug the public site serves them at."""

    class Meta:
        abstract = True

    intro = factory.LazyAttribute(lambda page: f"<p>All about our {page.slug}.</p>")


class ArticleIndexPageFactory(SectionIndexFactory):
    class Meta:
        model = ArticleIndexPage

    title = "Articles"
    slug = ArticleIndexPage.section_slug()


class TherapistIndexPageFactory(SectionIndexFactory):
    class Meta:
        model = TherapistIndexPage

    title = "Our therapists"
    slug = TherapistIndexPage.section_slug()


class ServiceIndexPageFactory(SectionIndexFactory):
    class Meta:
        model = ServiceIndexPage

    title = "Services"
    slug = ServiceIndexPage.section_slug()


class ServicePageFactory(ClinicPageFactory):
    """A service with one option (60 min, €70) unless `options=[{...}, ...]` says otherwise."""

    class Meta:
        model = ServicePage

    title = factory.Sequence(lambda n: f"Service {n}")
    summary = factory.LazyAttribute(lambda page: f"What {page.title.lower()} is.")
    description = factory.LazyAttribute(lambda page: f"<p>How {page.title.lower()} goes.</p>")
    booking_url = ""

    class Params:
        with_image = factory.Trait(image=factory.SubFactory(ImageFactory))

    @factory.post_generation
    def options(page, create, extracted, **kwargs):
        specs = extracted if extracted is not None else [{"duration_minutes": 60, "price": "70.00"}]
        page.options = [ServiceOption(**spec) for spec in specs]


class TherapistPageFactory(ClinicPageFactory):
    """A therapist; `services=[service, ...]` are the services they offer, in that order."""

    class Meta:
        model = TherapistPage

    title = factory.Sequence(lambda n: f"Therapist{n} Example")
    role = "Massage therapist"
    biography = factory.LazyAttribute(lambda page: f"<p>{page.title} has years of practice.</p>")
    working_days = factory.LazyFunction(lambda: ["monday"])
    contact_email = factory.LazyAttribute(lambda page: f"{page.slug}@example.com")
    booking_url = ""

    class Params:
        with_photo = factory.Trait(photo=factory.SubFactory(ImageFactory))

    @factory.post_generation
    def services(page, create, extracted, **kwargs):
        page.service_links = [TherapistService(service=service) for service in extracted or []]


class ArticlePageFactory(ClinicPageFactory):
    """An article dated by sequence (1 Jan 2026 onwards) with one paragraph; `tags=[...]` adds tags."""

    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Article {n}")
    publication_date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    summary = factory.LazyAttribute(lambda page: f"About {page.title.lower()}.")
    body = factory.LazyAttribute(lambda page: [paragraph(f"<p>The text of {page.title.lower()}.</p>")])
    author = None

    class Params:
        with_hero = factory.Trait(hero_image=factory.SubFactory(ImageFactory))

    @factory.post_generation
    def tags(page, create, extracted, **kwargs):
        if extracted:
            page.tags.add(*extracted)


def paragraph(html: str) -> tuple:
    """A body block: `ArticlePageFactory(body=[paragraph("<p>Hi.</p>"), call_to_action(service=s)])`."""
    return ("paragraph", RichText(html))


def call_to_action(service=None, therapist=None, url: str = "", label: str = "", heading: str = "") -> tuple:
    """A body block booking one target: a service, a therapist or another link."""
    value = {"heading": heading, "text": "", "service": service, "therapist": therapist, "url": url, "label": label}
    return ("call_to_action", value)


class BookingSettingsFactory(DjangoModelFactory):
    class Meta:
        model = BookingSettings

    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    default_booking_url = "https://book.example.com/clinic"
    cta_label = "Book an appointment"
    contact_email = "desk@example.com"
    business_name = "Test Clinic Oy"
    telephone = "+358 40 123 4567"
    street_address = "Testikatu 1"
    postal_code = "00100"
    address_locality = "Helsinki"
    address_country = "FI"


@dataclass
class Clinic:
    site: Site
    home: HomePage
    articles: ArticleIndexPage
    therapists: TherapistIndexPage
    services: ServiceIndexPage
    booking: BookingSettings


def read_again(clinic: Clinic) -> Clinic:
    """The same clinic, read again from the database: objects of a test's own, as a new build gives."""
    return Clinic(
        site=Site.objects.get(pk=clinic.site.pk),
        home=HomePage.objects.get(pk=clinic.home.pk),
        articles=ArticleIndexPage.objects.get(pk=clinic.articles.pk),
        therapists=TherapistIndexPage.objects.get(pk=clinic.therapists.pk),
        services=ServiceIndexPage.objects.get(pk=clinic.services.pk),
        booking=BookingSettings.objects.get(pk=clinic.booking.pk),
    )


def build_clinic(**booking) -> Clinic:
    """A fresh home with the three sections, made the default site's root, with its own booking settings.

    Pages of any earlier tree stay in the database but leave the site (and so the API).
    """
    home = HomePageFactory()
    public = urlsplit(settings.SITE_URL)  # page URLs are the public site's, as in the demo
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port = public.hostname, public.port or 80
    site.root_page, site.site_name = home, home.title
    site.save()
    BookingSettings.objects.filter(site=site).delete()
    return Clinic(
        site=site,
        home=home,
        articles=ArticleIndexPageFactory(parent=home),
        therapists=TherapistIndexPageFactory(parent=home),
        services=ServiceIndexPageFactory(parent=home),
        booking=BookingSettingsFactory(site=site, **booking),
    )
