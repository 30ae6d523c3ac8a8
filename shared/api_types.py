"""The JSON the CMS's API sends and the site reads, written down as types.

The CMS builds these shapes (its page models' `api_fields`, `card()` methods and
cms/api.py); the site's client (frontend/cms_client.py) and templates read them.
tests/test_contract.py fetches real answers for every page type, the article
listing and the clinic's settings and validates them against these types: a key
added, removed or retyped on one side fails there, not on a reader's screen.

Every type is strict: with pydantic (`TypeAdapter(T).validate_python(answer)`)
unknown keys and wrong types are errors, and every key listed must be present.
Nothing here imports pydantic; the config is a plain dict pydantic looks for.
(`typing_extensions.TypedDict`: pydantic needs it before Python 3.12.)
"""

from typing import Literal

from typing_extensions import TypedDict

STRICT = {"extra": "forbid", "strict": True}


def strict(cls):
    """Mark a TypedDict as closed: no key beyond those listed, no coercion of values."""
    cls.__pydantic_config__ = STRICT
    return cls


# -- small parts ------------------------------------------------------------------------

BookingSource = Literal["service", "therapist", "default", "link"]


@strict
class BookingButton(TypedDict):
    """A call to action; the label comes from shared.booking, never from a template."""

    url: str
    label: str
    source: BookingSource


@strict
class Image(TypedDict):
    """A rendition (cms/core/images.py)."""

    url: str
    width: int
    height: int
    alt: str


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
    (cards, author, neighbours, call-to-action targets, the section of its breadcrumb).
    The site tags its cached copy with them (Surrogate-Key)."""

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
class Clinic(TypedDict):
    """The clinic's booking settings: /booking-settings/ and `clinic` in every page answer."""

    default_booking_url: str
    cta_label: str
    contact_email: str
    utm_enabled: bool  # tag booking links with campaign parameters (frontend/booking_links.py)
    utm_source: str
    booking: BookingButton | None
    business: Business


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
    photo: Image | None
    working_days: list[str]
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
    card_image: Image | None
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
    image: Image | None
    options: list[ServiceOption]


@strict
class Neighbour(TypedDict):
    """The previous or next article (ArticlePage.neighbour)."""

    id: int
    title: str
    slug: str
    publication_date: str
    url: str


# -- article bodies -------------------------------------------------------------------------


@strict
class ParagraphBlock(TypedDict):
    type: Literal["paragraph"]
    value: str  # final HTML
    id: str


@strict
class HeadingBlock(TypedDict):
    type: Literal["heading"]
    value: str
    id: str


@strict
class ImageValue(TypedDict):
    image: Image | None
    caption: str


@strict
class ImageBlock(TypedDict):
    type: Literal["image"]
    value: ImageValue
    id: str


@strict
class QuoteValue(TypedDict):
    quote: str
    attribution: str


@strict
class QuoteBlock(TypedDict):
    type: Literal["quote"]
    value: QuoteValue
    id: str


@strict
class CallToActionValue(TypedDict):
    heading: str
    text: str
    button: BookingButton | None
    page_id: int | None  # the service or therapist it books, when one is chosen and published


@strict
class CallToActionBlock(TypedDict):
    type: Literal["call_to_action"]
    value: CallToActionValue
    id: str


@strict
class TableValue(TypedDict):
    caption: str
    header_row: bool  # the first row holds column headings
    header_column: bool  # the first cell of each row is the row's heading
    rows: list[list[str]]  # plain text cells


@strict
class TableBlock(TypedDict):
    type: Literal["table"]
    value: TableValue
    id: str


@strict
class CodeValue(TypedDict):
    kind: Literal["code", "preformatted", "verse"]  # verse keeps its lines, not monospace
    language: str
    text: str  # plain text; line breaks and spaces are meaningful


@strict
class CodeBlock(TypedDict):
    type: Literal["code"]
    value: CodeValue
    id: str


@strict
class EmbedValue(TypedDict):
    url: str  # the address on the provider's site: always shown as a link
    title: str
    provider: str
    player_url: str  # an https iframe address on shared.site_map.EMBED_PLAYER_HOSTS, or ""
    width: int | None
    height: int | None


@strict
class EmbedBlock(TypedDict):
    type: Literal["embed"]
    value: EmbedValue
    id: str


@strict
class GalleryBlock(TypedDict):
    type: Literal["gallery"]
    value: list[ImageValue]
    id: str


@strict
class SeparatorBlock(TypedDict):
    type: Literal["separator"]
    value: None
    id: str


@strict
class ButtonValue(TypedDict):
    text: str
    url: str


@strict
class ButtonsBlock(TypedDict):
    type: Literal["buttons"]
    value: list[ButtonValue]
    id: str


BodyBlock = (
    ParagraphBlock
    | HeadingBlock
    | ImageBlock
    | QuoteBlock
    | CallToActionBlock
    | TableBlock
    | CodeBlock
    | EmbedBlock
    | GalleryBlock
    | SeparatorBlock
    | ButtonsBlock
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
    hero: Image | None
    card_image: Image | None
    body: list[BodyBlock]
    tags: list[str]
    previous: Neighbour | None
    next: Neighbour | None
    booking: BookingButton | None
    seo: Seo
    reading_minutes: int  # words of the body at about 200 a minute, at least 1
    updated_date: str | None  # the last publish's day, when later than publication and first publish
    related: list[ArticleCard]  # up to 3: most shared tags first, then newest
    clinic: Clinic


@strict
class TherapistDetail(TypedDict):
    id: int
    meta: PageMeta
    title: str
    first_name: str  # shared.booking.first_name: "About Piia"
    role: str
    photo: Image | None
    biography: str
    working_days: list[str]
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
    image: Image | None
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


# -- the article listing: GET pages/?type=articles.ArticlePage&fields=_,<ARTICLE_CARD_FIELDS> --


@strict
class ListedArticleMeta(TypedDict):
    slug: str


@strict
class ListedArticle(TypedDict):
    """An item of the listing; the site adds `url` from the slug to make an ArticleCard."""

    id: int
    meta: ListedArticleMeta
    title: str
    publication_date: str | None
    author: AuthorCard | None
    summary: str
    card_image: Image | None
    tags: list[str]


@strict
class ListingMeta(TypedDict):
    total_count: int


@strict
class ArticleListing(TypedDict):
    meta: ListingMeta
    items: list[ListedArticle]


# -- feeds: GET pages/?type=articles.ArticlePage&fields=_,<FEED_ARTICLE_FIELDS> ----------------


@strict
class FeedArticle(TypedDict):
    """An item of the listing the site's RSS and Atom feeds are built from."""

    id: int
    meta: ListedArticleMeta
    title: str
    publication_date: str | None
    updated_date: str | None
    summary: str
    author: AuthorCard | None
    tags: list[str]


@strict
class FeedListing(TypedDict):
    meta: ListingMeta
    items: list[FeedArticle]


# -- the sitemap: GET sitemap/?offset=&limit= (cms/core/sitemap_api.py) ----------------------


@strict
class SitemapEntry(TypedDict):
    path: str  # the public path, "/articles/x/"
    lastmod: str | None  # the last publish, UTC, "2026-11-20T08:15:00Z"


@strict
class Sitemap(TypedDict):
    meta: ListingMeta
    items: list[SitemapEntry]


# -- discovery: GET redirects/find/?html_path=... and search/?q=...&offset=&limit= ----------


@strict
class RedirectAnswer(TypedDict):
    """Where an old address leads: a path on the public site, or an absolute http(s) URL."""

    location: str
    permanent: bool


SearchResultType = Literal["articles.ArticlePage", "therapists.TherapistPage", "services.ServicePage"]


@strict
class SearchResult(TypedDict):
    id: int
    type: SearchResultType
    title: str
    url: str
    summary: str  # an article's or service's summary, a therapist's role


@strict
class SearchMeta(TypedDict):
    total_count: int
    terms: list[str]  # the words searched for (the query without punctuation or operators)


@strict
class SearchAnswer(TypedDict):
    meta: SearchMeta
    items: list[SearchResult]
    clinic: Clinic
