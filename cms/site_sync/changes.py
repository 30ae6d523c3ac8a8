"""Which public pages show a given CMS page, so the site can refetch exactly those."""

from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, ReferenceIndex, Site

from cms.articles.models import ArticlePage
from cms.core.sitemap import public_page_count
from cms.services.models import ServicePage
from cms.therapists.models import TherapistPage
from shared.site_map import FEED_PATHS, ITEM_SECTIONS, SEARCH_PATH, sitemap_paths, tag_path
from shared.surrogate_keys import SEARCH, author_key, page_key, section_key, tag_key


def public_path(page) -> str | None:
    url = page.get_url()
    return urlsplit(url).path if url else None


def path_from_url_path(url_path: str) -> str | None:
    """Turn Wagtail's tree path ("/kestrel-home/articles/x/") into a public path ("/articles/x/")."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return None


def linked_page_ids(page) -> set[int]:
    """Pages that refer to this one (author boxes, calls to action, links, featured lists)
    and pages it refers to (the services a therapist offers), as the reference index knows them."""
    page_type = ContentType.objects.get_for_model(Page)
    inbound = (
        ReferenceIndex.get_references_to(page).filter(base_content_type=page_type).values_list("object_id", flat=True)
    )
    outbound = (
        ReferenceIndex.get_references_for_object(page)
        .filter(to_content_type=page_type)
        .values_list("to_object_id", flat=True)
    )
    return {int(pk) for pk in [*inbound, *outbound] if str(pk).isdigit()}


def related_page_ids(page, before: dict | None) -> set[int]:
    """What each page type shows of the others, from the database as it is now."""
    if isinstance(page, ArticlePage):
        # Its neighbours link to it by title; where it stood before, they linked past it.
        dates = {page.publication_date}
        if before and before.get("live"):
            dates.add(before.get("publication_date"))
        return {
            row["id"]
            for date in dates - {None}
            for row in (page.neighbour(older=True, at=date), page.neighbour(older=False, at=date))
            if row
        }
    if isinstance(page, TherapistPage):
        return set(page.service_links.values_list("service_id", flat=True))
    if isinstance(page, ServicePage):
        return set(page.therapist_links.values_list("therapist_id", flat=True))
    return set()


def affected_pages(page, before: dict | None = None) -> tuple[set[str], set[int]]:
    """The public paths and CMS page ids whose rendering shows `page`.

    `before` holds an article's state before this change ({"live", "publication_date"}),
    so the articles that were its neighbours are refreshed as well as the new ones.
    """
    page = page.specific
    ids = {page.id} | linked_page_ids(page) | set(page.get_ancestors().filter(depth__gt=1).values_list("id", flat=True))
    paths = {"/"}
    ids |= related_page_ids(page, before)
    # Feeds name articles and their authors; the sitemap (and each child) lists every page.
    paths.update(FEED_PATHS)
    paths.update(sitemap_paths(public_page_count()))
    if isinstance(page, ArticlePage):
        paths.update(article_discovery_paths(page, before))
        # Its author's page lists it (and, after a change of author, the previous author's did).
        ids.update(pk for pk in (page.author_id, (before or {}).get("author_id")) if pk)
    if isinstance(page, (ArticlePage, TherapistPage, ServicePage)):
        paths.add(SEARCH_PATH)
    paths.update(redirected_paths(page))
    own = public_path(page)
    if own:
        paths.add(own)
    for other in Page.objects.filter(id__in=ids - {page.id}).live():
        path = public_path(other)
        if path:
            paths.add(path)
    return paths, ids


def affected_keys(page, before: dict | None = None, descendants: bool = False) -> set[str]:
    """The surrogate keys of what changed: the page itself, the lists it is in (its section's,
    its tags' before and after, its author's before and after) and search results. Pages that
    show it carry these keys, so caches purging by key drop exactly them; what a key cannot name
    (new neighbours, old addresses) is in `affected_pages`' paths.

    `descendants`: its address changed (a slug change or a move), and so did theirs."""
    page = page.specific
    keys = {page_key(page.id)}
    if descendants:
        keys.update(page_key(pk) for pk in page.get_descendants().values_list("id", flat=True))
    section = ITEM_SECTIONS.get(page.specific_class._meta.label if page.specific_class else "")
    if section:
        keys.update({section_key(section), SEARCH})
    if isinstance(page, ArticlePage):
        tags = set(page.tags.names()) | set((before or {}).get("tags") or ())
        keys.update(tag_key(name) for name in tags)
        authors = {page.author_id, (before or {}).get("author_id")}
        keys.update(author_key(pk) for pk in authors if pk)
    return keys


def article_discovery_paths(page, before: dict | None) -> set[str]:
    """The tag archives listing the article: its tags now and before this change."""
    names = set(page.tags.names()) | set((before or {}).get("tags") or ())
    return {tag_path(name) for name in names}


def redirected_paths(page) -> set[str]:
    """Old addresses that redirect to this page: where they lead may have changed with it."""
    return {
        redirect_path(old) for old in Redirect.objects.filter(redirect_page=page).values_list("old_path", flat=True)
    }


def redirect_path(old_path: str) -> str:
    """A redirect's old path as the site caches it (Wagtail stores it without the trailing slash)."""
    return urlsplit(old_path).path or "/"
