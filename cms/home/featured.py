"""Articles put among the home page's featured ones from elsewhere (the blog import's sticky posts)."""

from wagtail.models import Site

from .models import HomeFeaturedArticle, HomePage


def feature_articles(site: Site, articles: list) -> int:
    """Add `articles` to the featured ones of `site`'s home page (a new published revision, only when
    something is added). How many were added; None when the home page has an editor's unpublished
    draft, which publishing would release, so nothing is added."""
    home = HomePage.objects.filter(pk=site.root_page_id).first()
    if not articles or home is None:
        return 0
    if home.has_unpublished_changes:
        return None
    chosen = {link.article_id for link in home.featured_article_links.all()}
    added = [article for article in articles if article.pk not in chosen]
    for article in added:
        home.featured_article_links.add(HomeFeaturedArticle(article=article))
    if added:
        home.save_revision().publish()
    return len(added)
