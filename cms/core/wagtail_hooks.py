from wagtail import hooks

from .rich_text import PublicPageLinkHandler


# After Wagtail's own registration (order 0), so this handler replaces its page links.
@hooks.register("register_rich_text_features", order=10)
def register_public_page_links(features):
    features.register_link_type(PublicPageLinkHandler)
