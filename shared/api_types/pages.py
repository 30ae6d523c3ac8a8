"""Page answers: GET pages/find/?html_path=... for each page type."""

from typing_extensions import TypedDict

from .base import strict
from .bodies import BodyBlock
from .parts import (
    ArticleCard,
    AuthorCard,
    BookingButton,
    Clinic,
    DateRange,
    Neighbour,
    PageMeta,
    Picture,
    Seo,
    ServiceCard,
    TherapistCard,
)

# -- page answers: GET pages/find/?html_path=... ----------------------------------------


@strict
class HomePage(TypedDict):
    id: int
    meta: PageMeta
    title: str
    intro: str
    featured_articles: list[ArticleCard]
    services: list[ServiceCard]
    therapists: list[TherapistCard]
    seo: Seo
    clinic: Clinic


@strict
class ArticleIndex(TypedDict):
    id: int
    meta: PageMeta
    title: str
    intro: str
    article_count: int
    seo: Seo
    clinic: Clinic


@strict
class TherapistIndex(TypedDict):
    id: int
    meta: PageMeta
    title: str
    intro: str
    therapists: list[TherapistCard]
    seo: Seo
    clinic: Clinic


@strict
class ServiceIndex(TypedDict):
    id: int
    meta: PageMeta
    title: str
    intro: str
    services: list[ServiceCard]
    seo: Seo
    clinic: Clinic


SectionIndex = TherapistIndex | ServiceIndex


@strict
class ArticleDetail(TypedDict):
    id: int
    meta: PageMeta
    title: str
    publication_date: str | None
    author: AuthorCard | None
    summary: str
    hero: Picture | None
    card_image: Picture | None
    body: list[BodyBlock]
    tags: list[str]
    previous: Neighbour | None
    next: Neighbour | None
    booking: BookingButton | None
    seo: Seo
    reading_minutes: int  # words of the body at about 200 a minute, at least 1
    updated_date: str | None  # the last publish's day, when later than publication and first publish
    last_published_at: str | None  # ISO 8601 with time and offset
    related: list[ArticleCard]  # up to 3: most shared tags first, then newest
    clinic: Clinic


@strict
class TherapistDetail(TypedDict):
    id: int
    meta: PageMeta
    title: str
    first_name: str  # shared.booking.first_name: "About Piia"
    role: str
    photo: Picture | None
    biography: str
    working_days: list[str]
    absences: list[DateRange]  # days away not over yet
    contact_email: str
    booking_url: str
    services: list[ServiceCard]
    articles: list[ArticleCard]  # their newest articles, at most shared.site_map.THERAPIST_ARTICLES
    article_count: int  # how many they have written in all
    booking: BookingButton | None
    seo: Seo
    clinic: Clinic


@strict
class ServiceOptionDetail(TypedDict):
    """A service option as Wagtail's API serialises the inline child on the detail answer."""

    id: int
    meta: dict[str, str]
    label: str
    duration_minutes: int
    price: str


@strict
class ServiceDetail(TypedDict):
    id: int
    meta: PageMeta
    title: str
    name_in_sentence: str  # shared.booking.service_in_sentence: "Who offers pregnancy massage"
    summary: str
    image: Picture | None
    description: str
    options: list[ServiceOptionDetail]
    booking_url: str
    therapists: list[TherapistCard]
    booking: BookingButton | None
    seo: Seo
    clinic: Clinic


# Page type (shared.site_map) -> the shape of its answer.
PAGE_ANSWERS = {
    "home.HomePage": HomePage,
    "articles.ArticleIndexPage": ArticleIndex,
    "articles.ArticlePage": ArticleDetail,
    "therapists.TherapistIndexPage": TherapistIndex,
    "therapists.TherapistPage": TherapistDetail,
    "services.ServiceIndexPage": ServiceIndex,
    "services.ServicePage": ServiceDetail,
}
