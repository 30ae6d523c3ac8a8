"""Lists and lookups: the article listing, feeds, the sitemap, redirects and search."""

from typing import Literal

from typing_extensions import TypedDict

from .base import strict
from .bodies import BodyBlock
from .parts import AuthorCard, Clinic, Picture

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
    card_image: Picture | None
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
class FeedArticleMeta(TypedDict):
    slug: str
    first_published_at: str | None  # ISO 8601 with time and offset


@strict
class FeedArticle(TypedDict):
    """An item of the listing the site's RSS and Atom feeds are built from."""

    id: int
    meta: FeedArticleMeta
    title: str
    last_published_at: str | None  # ISO 8601 with time and offset: Atom's <updated>
    publication_date: str | None
    summary: str
    author: AuthorCard | None
    tags: list[str]
    body: list[BodyBlock]  # the entry's content, rendered by the site


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
