"""Where a post (and the old blog's archives) lived: the paths to redirect from.

Wagtail stores redirect paths normalised (no trailing slash, sorted query), and the site's lookup
normalises what readers ask for, so one stored path answers with and without the slash.
"""

from urllib.parse import urlsplit

from wagtail.contrib.redirects.models import Redirect

from shared.site_map import tag_path

FEED_PATHS = ("/feed", "/rss", "/feed/atom", "/feed/rss2", "/comments/feed", "/blog?format=rss")
SITE_FEED = "/articles/feed/"


def normalised(path: str) -> str:
    return Redirect.normalise_path(path)


def post_paths(post, slug: str) -> list[str]:
    """The post's permalink, its ?p= and ?page_id= forms, and the date permalinks WordPress offers."""
    found = []
    parts = urlsplit(post.link)
    if parts.path or parts.query:
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    if post.post_id < 10**15:  # a real WordPress id, not one derived here
        found += [f"/?p={post.post_id}", f"/?page_id={post.post_id}"]
    old_slug = post.slug or slug
    if post.published_at and old_slug:
        day = post.published_at
        found += [f"/{day:%Y/%m/%d}/{old_slug}", f"/{day:%Y/%m}/{old_slug}", f"/{day:%Y}/{old_slug}"]
    if old_slug:
        found += [f"/blog/{old_slug}", f"/{old_slug}"]
    return list(dict.fromkeys(path for path in (normalised(path) for path in found) if path != "/"))


def archive_paths(posts, categories_as_tags: bool, therapists_by_login: dict) -> dict[str, str]:
    """Old category, tag, author and feed addresses -> the site path they lead to now."""
    found = {normalised(path): SITE_FEED for path in FEED_PATHS}
    for post in posts:
        for domain, nicename, name in post.term_slugs:
            if not nicename:
                continue
            if domain == "post_tag":
                found[normalised(f"/tag/{nicename}")] = tag_path(name[:100])
            elif categories_as_tags and name.casefold() != "uncategorized":
                found[normalised(f"/category/{nicename}")] = tag_path(name[:100])
            found.setdefault(normalised(f"/category/{nicename}"), "/articles/")
        therapist = therapists_by_login.get(post.author_login)
        if post.author_login and therapist is not None:
            found[normalised(f"/author/{post.author_login}")] = therapist
    return found
