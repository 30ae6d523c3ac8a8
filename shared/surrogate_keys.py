"""The names a cached answer is tagged with (`Surrogate-Key`, `Cache-Tag`, Varnish's xkey) and a
purge batch names: what a page shows, so one key purges every page showing it.

- `page-<id>`: a CMS page's own data (its card, title, address, picture...) is on the answer;
- `list:<section>`: the answer lists the section's pages (`articles`, `therapists`, `services`):
  a page joining, leaving or moving in that list changes it (indexes, the home page, feeds, an
  article's related list filled up with the newest);
- `tag:<name>`: the answer lists the articles carrying that tag (its archive, and an article's
  related list, chosen by shared tags); the name percent-encoded, so a key is one token;
- `author:<id>`: the answer lists that therapist's articles (the therapist's page);
- `search`: a search results page (every publish of a searchable page drops them all);
- `all`: every answer the site sends carries it, so a cache in front can drop everything at once
  (a change every page may show: the booking settings, a blog import).

What keys cannot say (a page's old address, an article's new neighbours, a therapist newly
offering a service) the CMS purges by path (cms/site_sync/changes.py).
Keys are ASCII without spaces or commas: one token in every header that carries them.
"""

from urllib.parse import quote

SEARCH = "search"
EVERY_PAGE = "all"


def page_key(page_id: int) -> str:
    return f"page-{int(page_id)}"


def section_key(section: str) -> str:
    return f"list:{section}"


def tag_key(name: str) -> str:
    return "tag:" + quote(name, safe="")


def author_key(therapist_id: int) -> str:
    return f"author:{int(therapist_id)}"


def header_value(keys) -> str:
    """The Surrogate-Key header: the keys sorted, space-separated."""
    return " ".join(sorted(set(keys)))


def is_key(value) -> bool:
    """A well-formed key as the site accepts it in a purge message."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= 300
        and value.isascii()
        and value.isprintable()
        and not any(c in value for c in " ,")
    )
