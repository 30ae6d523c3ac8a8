"""Small parts and cards: what several answers share (booking buttons, images, the clinic, lists' cards)."""

from typing import Literal

from typing_extensions import TypedDict

from .base import strict

# -- small parts ------------------------------------------------------------------------

BookingSource = Literal["service", "therapist", "default", "link"]


@strict
class DateRange(TypedDict):
    """Days not over yet (cms/booking/schedule.py); ISO dates, `last_day` None: until further notice."""

    first_day: str
    last_day: str | None


@strict
class Availability(TypedDict):
    """A therapist's week: the site works out "next in clinic ..." from it (shared/availability.py)."""

    working_days: list[str]
    absences: list[DateRange]


@strict
class BookingButton(TypedDict):
    """A call to action; the label comes from shared.booking, never from a template."""

    url: str
    label: str
    source: BookingSource
    availability: Availability | None  # a therapist's button: when they are in the clinic


@strict
class Image(TypedDict):
    """A rendition (cms/core/images.py)."""

    url: str
    width: int
    height: int
    alt: str


@strict
class PictureSource(TypedDict):
    """One `<source>` of a `<picture>`: a format and its candidates ("url 480w, url 800w")."""

    type: Literal["image/avif", "image/webp"]
    srcset: str


@strict
class Picture(TypedDict):
    """A content picture (cms/core/pictures.py): the largest fallback rendition (the original's
    format) as url/width/height for `<img>`, its widths as `srcset`, AVIF and WebP as `sources`.
    The site adds `sizes` from its layout (frontend/templates/macros/pictures.html)."""

    url: str
    width: int
    height: int
    alt: str
    srcset: str
    sources: list[PictureSource]


@strict
class ParentMeta(TypedDict):
    type: str
    detail_url: str
    html_url: str | None


@strict
class Parent(TypedDict):
    id: int
    meta: ParentMeta
    title: str


@strict
class PageMeta(TypedDict):
    """Wagtail's detail meta, plus `shown_page_ids`: this page and every page it shows
    (cards, author, neighbours, call-to-action targets, the section of its breadcrumb), and
    `shown_keys`: the lists it shows, as shared.surrogate_keys names them (`list:therapists`,
    `tag:<name>` for an article's related list...). The site tags its cached copy with both
    (Surrogate-Key)."""

    type: str
    detail_url: str
    html_url: str | None
    slug: str
    show_in_menus: bool
    seo_title: str
    search_description: str
    first_published_at: str | None
    alias_of: Parent | None
    parent: Parent | None
    shown_page_ids: list[int]
    shown_keys: list[str]


@strict
class Business(TypedDict):
    """The clinic as search engines describe it (BookingSettings); blanks are ''."""

    name: str  # blank: the site's own name
    telephone: str
    street_address: str
    postal_code: str
    address_locality: str
    address_country: str  # two letters, e.g. "FI"


@strict
class OpeningHours(TypedDict):
    """One opening of a weekday ("monday"...), "09:00" to "18:00"; a weekday without one is closed."""

    weekday: str
    opens: str
    closes: str


@strict
class Closure(TypedDict):
    """A day or days the clinic is closed, not over yet."""

    first_day: str
    last_day: str | None
    reason: str


@strict
class Clinic(TypedDict):
    """The clinic's booking settings: /booking-settings/ and `clinic` in every page answer."""

    default_booking_url: str
    cta_label: str
    contact_email: str
    utm_enabled: bool  # tag booking links with campaign parameters (frontend/booking_links.py)
    utm_source: str
    booking: BookingButton | None
    business: Business
    opening_hours: list[OpeningHours]  # in week order
    closures: list[Closure]  # by first day


@strict
class ClinicSettings(Clinic):
    """The booking-settings endpoint's answer: the clinic and the Visit us page's text (HTML)."""

    visit_intro: str


@strict
class Seo(TypedDict):
    """What a page's <title>, meta tags and structured data need, fallbacks applied
    (cms/core/promote.py): `seo` in every page answer."""

    title: str  # the SEO title, else the page's own (a therapist's adds the role)
    description: str  # the search description, else the summary or intro as plain text
    image: Image | None  # the social image, else the hero or photo: a 1200x630 JPEG (smaller if the original is)
    published: str | None  # ISO 8601: an article's publication date, else the first publication
    modified: str | None  # ISO 8601 datetime of the latest publication


# -- cards: what lists show of a page ---------------------------------------------------------


@strict
class AuthorCard(TypedDict):
    """A therapist as lists, author boxes and service pages show one (TherapistPage.card)."""

    id: int
    title: str
    slug: str
    url: str
    role: str
    photo: Picture | None
    working_days: list[str]
    absences: list[DateRange]
    booking: BookingButton | None


TherapistCard = AuthorCard


@strict
class ArticleCard(TypedDict):
    """An article in a list (ArticlePage.card); the listing endpoint gives ListedArticle."""

    id: int
    title: str
    slug: str
    url: str
    publication_date: str | None
    summary: str
    card_image: Picture | None
    author: AuthorCard | None
    tags: list[str]  # each links to its archive (shared.site_map.tag_path)


@strict
class ServiceOption(TypedDict):
    label: str
    duration_minutes: int
    price: str  # a decimal, as text: "65.00"


@strict
class ServiceCard(TypedDict):
    """A service in a list (ServicePage.card)."""

    id: int
    title: str
    slug: str
    url: str
    summary: str
    image: Picture | None
    options: list[ServiceOption]


@strict
class Neighbour(TypedDict):
    """The previous or next article (ArticlePage.neighbour)."""

    id: int
    title: str
    slug: str
    publication_date: str
    url: str
