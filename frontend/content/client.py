"""The one way the site talks to the CMS: Wagtail's API over a pooled `requests.Session`.

Answers come back as values (PageAnswer, ArticleList) in the shapes written down
in shared/api_types/, with the ids of the CMS pages they show, for the views to
pass on. Failures become two exceptions the views understand: PageNotFound (a
404 page) and CMSUnavailable (the friendly 503 page). Whole pages are cached by
page_cache; nothing is cached here.
"""

import logging
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlencode

import requests
from flask import current_app
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from shared.api_types import (
    ArticleCard,
    ArticleListing,
    Clinic,
    ClinicSettings,
    FeedListing,
    RedirectAnswer,
    SearchAnswer,
    Sitemap,
)
from shared.site_map import (
    ARTICLE,
    ARTICLE_CARD_FIELDS,
    ARTICLE_ORDER,
    ARTICLE_ORDER_OLDEST_FIRST,
    FEED_ARTICLE_FIELDS,
    FEED_LENGTH,
    SITEMAP_API_LIMIT,
    page_path,
)
from shared.surrogate_keys import is_key

log = logging.getLogger(__name__)


class CMSError(Exception):
    pass


class PageNotFound(CMSError):
    pass


class CMSUnavailable(CMSError):
    pass


@dataclass(frozen=True)
class PageAnswer:
    """A page as the CMS answered for it: the page (one of shared.api_types' page answers),
    the clinic's settings for the header and footer, the ids of the pages it shows and the
    surrogate keys of the lists it shows (shared.surrogate_keys)."""

    page: dict
    clinic: Clinic
    shown_ids: frozenset[int]
    shown_keys: frozenset[str] = frozenset()

    @property
    def type(self) -> str:
        return self.page["meta"]["type"]


@dataclass(frozen=True)
class ArticleList:
    """One page of the article list, newest first, as cards."""

    items: list[ArticleCard]
    total: int
    shown_ids: frozenset[int]  # the listed articles and the authors their cards name


class CMSClient:
    def __init__(self, base_url, *, connect_timeout=2.0, read_timeout=5.0, retries=2):
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.session = requests.Session()
        # Retry idempotent GETs briefly on connection errors and gateway errors.
        retry = Retry(
            total=retries,
            connect=retries,
            read=1,
            status=retries,
            backoff_factor=0.1,
            status_forcelist=(502, 503, 504),
            allowed_methods=("GET",),
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_connections=4, pool_maxsize=16)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["Accept"] = "application/json"

    # -- what the views ask for ---------------------------------------------------------

    def page(self, path: str) -> PageAnswer:
        """The published page at a public path, with every field of its detail view,
        the clinic's settings and the pages it shows (`meta.shown_page_ids`)."""
        data = self.get("pages/find/", {"html_path": path})
        try:
            return page_answer(data)
        except (KeyError, TypeError, AttributeError) as exc:
            log.error("CMS answer for %s is not a page answer: %.200r", path, data)
            raise CMSUnavailable("unexpected answer from the CMS") from exc

    def articles(self, offset: int, limit: int, total: int | None = None, tag: str | None = None) -> ArticleList:
        """Article cards `offset`..`offset+limit` in the newest-first list (of one tag's articles, given a tag).

        Given the total, pages in the older half are asked for oldest-first from the other
        end: a database skips few rows either way, so the last page costs what the first does.
        """
        from_end = total is not None and offset > total // 2
        if from_end:
            limit = max(0, min(limit, total - offset))
            offset = max(0, total - offset - limit)
        query = article_listing_query(offset, limit, oldest_first=from_end)
        if tag is not None:
            query["tags"] = tag  # Wagtail's filter on a tagged page type
        listing = cast(ArticleListing, self.get("pages/", query))
        items = listing["items"][::-1] if from_end else listing["items"]
        cards = [article_card(item) for item in items]
        shown = {card["id"] for card in cards} | {card["author"]["id"] for card in cards if card["author"]}
        return ArticleList(items=cards, total=listing["meta"]["total_count"], shown_ids=frozenset(shown))

    def feed_articles(self, limit: int = FEED_LENGTH) -> FeedListing:
        """The newest articles with what a feed entry shows: one request."""
        return cast(FeedListing, self.get("pages/", feed_listing_query(limit)))

    def sitemap_entries(self, offset: int, limit: int, unless_total_over: int | None = None) -> Sitemap:
        """Public pages `offset`..`offset+limit` as {path, lastmod}, SITEMAP_API_LIMIT a request.

        With `unless_total_over`, a total beyond it ends the fetching after the first request
        (the caller only needed the total)."""
        answer = cast(Sitemap, self.get("sitemap/", {"offset": offset, "limit": min(limit, SITEMAP_API_LIMIT)}))
        items = list(answer["items"])
        total = answer["meta"]["total_count"]
        if unless_total_over is not None and total > unless_total_over:
            return answer
        end = min(offset + limit, total)
        while offset + len(items) < end and answer["items"]:
            start = offset + len(items)
            answer = cast(
                Sitemap, self.get("sitemap/", {"offset": start, "limit": min(end - start, SITEMAP_API_LIMIT)})
            )
            items += answer["items"]
        return {"meta": answer["meta"], "items": items[: max(0, end - offset)]}

    def redirect(self, path: str) -> RedirectAnswer | None:
        """Where an old address leads now (a Wagtail redirect), or None."""
        try:
            return self.get("redirects/find/", {"html_path": path})
        except PageNotFound:
            return None

    def search(self, query: str, offset: int, limit: int) -> SearchAnswer:
        """Articles, therapists and services matching every word of `query`, most relevant first."""
        return self.get("search/", {"q": query, "offset": offset, "limit": limit})

    def booking_settings(self) -> ClinicSettings:
        """The clinic's settings alone (pages bring them along; this is for callers without a page)."""
        return self.get("booking-settings/", {})

    # -- plumbing ------------------------------------------------------------------------

    def get(self, endpoint: str, params: dict) -> dict:
        return self.fetch(endpoint, urlencode(sorted(params.items())))

    def fetch(self, endpoint: str, query: str) -> dict:
        url = f"{self.base_url}/{endpoint}" + (f"?{query}" if query else "")
        try:
            response = self.session.get(url, timeout=self.timeout)
        except requests.RequestException as exc:
            log.warning("CMS unreachable: GET %s: %s", url, exc)
            raise CMSUnavailable(str(exc)) from exc
        if response.status_code == 404:
            raise PageNotFound(url)
        if response.status_code != 200:
            # 5xx: the CMS is in trouble. 4xx other than 404: we asked wrongly; a bug to log loudly.
            level = logging.WARNING if response.status_code >= 500 else logging.ERROR
            log.log(level, "CMS answered %s for GET %s: %.200s", response.status_code, url, response.text)
            raise CMSUnavailable(f"CMS answered {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            log.error("CMS sent invalid JSON for GET %s", url)
            raise CMSUnavailable("invalid JSON from the CMS") from exc


def page_answer(data: dict) -> PageAnswer:
    """A page answer (shared.api_types.PAGE_ANSWERS) split into page, clinic and shown ids.

    Lenient about the two additions to Wagtail's answer, so an older CMS still renders:
    no settings = a footer without contact details; no ids = the page tags itself.
    """
    page = {key: value for key, value in data.items() if key != "clinic"}
    shown = data["meta"].get("shown_page_ids", [data["id"]])
    keys = frozenset(key for key in data["meta"].get("shown_keys", ()) if is_key(key))
    return PageAnswer(page=page, clinic=data.get("clinic") or {}, shown_ids=frozenset(shown), shown_keys=keys)


def article_listing_query(offset: int, limit: int, oldest_first: bool = False) -> dict:
    """The listing endpoint's parameters for article cards (answers: shared.api_types.ArticleListing)."""
    return {
        "type": ARTICLE,
        "fields": "_," + ",".join(ARTICLE_CARD_FIELDS),
        "order": ARTICLE_ORDER_OLDEST_FIRST if oldest_first else ARTICLE_ORDER,
        "offset": offset,
        "limit": limit,
    }


def feed_listing_query(limit: int) -> dict:
    """The listing endpoint's parameters for feed entries (answers: shared.api_types.FeedListing)."""
    return {"type": ARTICLE, "fields": "_," + ",".join(FEED_ARTICLE_FIELDS), "order": ARTICLE_ORDER, "limit": limit}


def article_card(item) -> ArticleCard:
    """A listing item (shared.api_types.ListedArticle) as the card lists show."""
    fields = {key: value for key, value in item.items() if key != "meta"}
    return cast(ArticleCard, {**fields, "slug": item["meta"]["slug"], "url": page_path(ARTICLE, item["meta"]["slug"])})


def cms() -> CMSClient:
    """The current app's CMS client."""
    return current_app.extensions["cms_client"]
