from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.articles.models import ArticlePage
from cms.core.api_fields import PageMethodField, card_page_ids
from cms.core.forms import ClinicPageForm
from cms.core.promote import SEO_API_FIELD, PromoteFieldsMixin, plain_text
from cms.core.site_preview import SitePreview
from cms.core.visibility import public_pages
from cms.services.models import ServicePage
from cms.therapists.models import TherapistPage
from shared.surrogate_keys import section_key

LATEST_ARTICLES_ON_HOME = 3


class HomePage(SitePreview, PromoteFieldsMixin, Page):
    """The site root: a welcome, featured articles, the services and the team."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.ArticleIndexPage", "therapists.TherapistIndexPage", "services.ServiceIndexPage"]
    max_count = 1
    base_form_class = ClinicPageForm

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "featured_article_links",
            heading="Featured articles",
            label="Article",
            help_text="Leave empty to feature the newest articles.",
            max_num=6,
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    # The answer's shape: shared.api_types.HomePage.
    api_fields = [
        APIField("intro"),
        APIField("featured_articles", serializer=PageMethodField("api_featured_articles")),
        APIField("services", serializer=PageMethodField("api_services")),
        APIField("therapists", serializer=PageMethodField("api_therapists")),
        SEO_API_FIELD,
    ]

    class Meta:
        verbose_name = "home page"

    def seo_fallback_description(self) -> str:
        return plain_text(self.intro)

    def api_shown_page_ids(self, answer: dict) -> set[int]:
        return set().union(
            *(card_page_ids(answer.get(name)) for name in ("featured_articles", "services", "therapists"))
        )

    def api_shown_keys(self, answer: dict) -> set[str]:
        # Every service and therapist, and the newest articles (unless editors chose some).
        return {section_key("articles"), section_key("services"), section_key("therapists")}

    def featured_articles(self, request=None):
        published = public_pages(ArticlePage.objects.descendant_of(self), request).select_related(
            "hero_image", "author"
        )
        # The page's own links, so a preview shows a draft's choice.
        ids = [link.article_id for link in self.featured_article_links.all()]
        found = published.in_bulk(ids) if ids else {}
        chosen = [found[article_id] for article_id in ids if article_id in found]
        return chosen or list(published.order_by("-publication_date", "-pk")[:LATEST_ARTICLES_ON_HOME])

    def api_featured_articles(self, request):
        return [article.card(request) for article in self.featured_articles(request)]

    def api_services(self, request):
        services = public_pages(ServicePage.objects.descendant_of(self), request).select_related("image")
        return [service.card(request) for service in services.prefetch_related("options").order_by("path")]

    def api_therapists(self, request):
        therapists = public_pages(TherapistPage.objects.descendant_of(self), request).select_related("photo")
        return [therapist.card(request) for therapist in therapists.order_by("path")]


class HomeFeaturedArticle(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_article_links")
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="home_features")

    panels = [FieldPanel("article")]
