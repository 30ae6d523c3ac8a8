"""The site's map, shared by both sides: page types, sections, public paths, list sizes and the
API field sets the public site asks for (the JSON shapes of the answers are in api_types/).

The page tree in Wagtail mirrors the public site's URLs: the home page is the
site root and each section index sits directly under it with a fixed slug, so a
page's Wagtail URL (and every internal link in rich text) is its URL on the
public site.
"""

from urllib.parse import quote

HOME = "home.HomePage"
ARTICLE_INDEX = "articles.ArticleIndexPage"
ARTICLE = "articles.ArticlePage"
THERAPIST_INDEX = "therapists.TherapistIndexPage"
THERAPIST = "therapists.TherapistPage"
SERVICE_INDEX = "services.ServiceIndexPage"
SERVICE = "services.ServicePage"

# Section slug -> (index page type, item page type).
SECTIONS = {
    "articles": (ARTICLE_INDEX, ARTICLE),
    "therapists": (THERAPIST_INDEX, THERAPIST),
    "services": (SERVICE_INDEX, SERVICE),
}
INDEX_SLUGS = {index: slug for slug, (index, _item) in SECTIONS.items()}
ITEM_SECTIONS = {item: slug for slug, (_index, item) in SECTIONS.items()}


def page_path(page_type: str, slug: str) -> str:
    """The public URL path of a page of the given type."""
    if page_type == HOME:
        return "/"
    if page_type in INDEX_SLUGS:
        return f"/{INDEX_SLUGS[page_type]}/"
    if page_type in ITEM_SECTIONS:
        return f"/{ITEM_SECTIONS[page_type]}/{slug}/"
    raise ValueError(f"no public route for page type {page_type!r}")


# The largest page the API hands out (WAGTAILAPI_LIMIT_MAX); the site's article
# list asks for ARTICLES_PER_PAGE at a time.
API_LIMIT_MAX = 50
ARTICLES_PER_PAGE = 10

# Newest first; the id breaks ties between articles published on the same day,
# the same order the previous/next links follow.
ARTICLE_ORDER = "-publication_date,-id"
ARTICLE_ORDER_OLDEST_FIRST = "publication_date,id"

# Fields of an article card in lists (the listing endpoint's `fields=`).
ARTICLE_CARD_FIELDS = ("id", "title", "slug", "publication_date", "summary", "card_image", "author", "tags")

# Slugs an article cannot take: the site serves its own pages at /articles/<these>/.
RESERVED_ARTICLE_SLUGS = ("feed",)

# Video players an article's embed block may frame (the site's CSP frame-src lists exactly these);
# any other embed is shown as a link card.
EMBED_PLAYER_HOSTS = ("www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com", "video.wordpress.com")

# The RSS and Atom feeds: the newest FEED_LENGTH articles, with these listing fields.
FEED_LENGTH = 20
# `first_published_at` goes into each item's meta; the body is rendered into the entry's content.
FEED_ARTICLE_FIELDS = (
    "id",
    "title",
    "slug",
    "first_published_at",
    "last_published_at",
    "publication_date",
    "summary",
    "author",
    "tags",
    "body",
)

# Where the CMS tells the site what changed (a signed POST, see shared.signing).
PURGE_PATH = "/_cms/purge"
# Site-wide documents that list pages (RSS, Atom, the sitemap or its index); purged with every
# page change, together with the sitemap's children (sitemap_paths).
FEED_PATHS = ("/articles/feed/", "/sitemap.xml", "/articles/feed/atom/")

# The sitemap: at most SITEMAP_MAX_URLS addresses in one file (the sitemaps.org limit); beyond
# that /sitemap.xml is an index of children /sitemap-1.xml, /sitemap-2.xml, ... The CMS's
# compact sitemap endpoint (GET <api>/sitemap/?offset=&limit=) hands out SITEMAP_API_LIMIT
# entries per request, so 10,000 articles cost three requests.
SITEMAP_PATH = "/sitemap.xml"
SITEMAP_MAX_URLS = 50_000
SITEMAP_API_LIMIT = 5_000


def sitemap_child_path(number: int) -> str:
    return f"/sitemap-{number}.xml"


def sitemap_paths(page_count: int, max_urls: int = SITEMAP_MAX_URLS) -> list[str]:
    """The sitemap and every child it has, or had a change ago, for `page_count` public pages
    (one page more or less can add or empty a child, and an emptied one needs its purge too)."""
    most = page_count + 1
    children = -(-most // max_urls) if most > max_urls else 0
    return [SITEMAP_PATH] + [sitemap_child_path(n) for n in range(1, children + 1)]


# Where editors' browsers see a draft on the site: PREVIEW_PATH + <token>/ (cms/preview/).
PREVIEW_PATH = "/_preview/"

# -- discovery: tag archives, search, redirects --------------------------------------------
# Article tag archives live at /articles/tag/<tag name>/; both sides build the path here, so
# the CMS purges exactly the address the site serves (percent-encoded as Flask's url_for does).
TAG_PATH_PREFIX = "/articles/tag/"
# The site's search page; every search answer is one entry under this path in the page cache,
# so purging it drops them all.
SEARCH_PATH = "/search/"
SEARCH_PER_PAGE = 10
# Longer queries are refused (400) rather than cut: a cut query would search for something else.
SEARCH_MAX_LENGTH = 200
# Words a search uses at most; the rest are ignored (each word is one more full-text term).
SEARCH_MAX_WORDS = 12
# The deepest results page the site asks for (deeper: 404).
SEARCH_MAX_PAGE = 1000
# The Visit us page: the clinic's address, hours and closures, from the booking settings.
VISIT_PATH = "/visit/"
# Articles a therapist's page lists (newest first).
THERAPIST_ARTICLES = 6


def tag_path(name: str) -> str:
    """The public path of a tag's archive: /articles/tag/pelvic%20floor/."""
    return TAG_PATH_PREFIX + quote(name, safe=URL_SAFE) + "/"


# What Werkzeug's URL converters (so url_for) leave unencoded in a path.
URL_SAFE = "!$&'()*+,/:;=@"
