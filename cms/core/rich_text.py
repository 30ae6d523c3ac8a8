"""Links to pages in rich text, as the API renders them: only to pages the public may see."""

from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from .visibility import public_pages_in_one_query


class PublicPageLinkHandler(PageLinkHandler):
    """A link to a draft, unpublished or view-restricted page keeps its text but loses its
    address (`<a>`, as Wagtail does for a deleted page): the API never names such a page."""

    @classmethod
    def get_many(cls, attrs_list):
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = public_pages_in_one_query(Page.objects.filter(id__in=ids)).defer_streamfields().specific()
        by_id = {str(page.id): page for page in pages}
        return [by_id.get(str(id_)) for id_ in ids]
