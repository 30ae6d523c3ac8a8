from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.queryset import FakeQuerySet
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.articles import reading, related, shown
from cms.booking import buttons
from cms.booking_clicks.panels import BookingClicksPanel
from cms.core import images, pictures
from cms.core.api_fields import PageMethodField
from cms.core.blocks import ArticleBodyBlock
from cms.core.forms import ClinicPageForm
from cms.core.pages import SectionIndexPage
from cms.core.promote import SEO_API_FIELD, PromoteFieldsMixin
from cms.core.site_preview import SitePreview
from cms.core.visibility import public_or_none, public_pages
from shared.site_map import ARTICLE, RESERVED_ARTICLE_SLUGS, page_path
from shared.surrogate_keys import section_key


def _date_and_id(row: dict):
    return row["publication_date"], row["id"]


class ArticleIndexPage(SectionIndexPage):
    subpage_types = ["articles.ArticlePage"]
    # The answer's shape: shared.api_types.ArticleIndex.
    api_fields = [
        APIField("intro"),
        APIField("article_count", serializer=PageMethodField("api_article_count")),
        SEO_API_FIELD,
    ]

    class Meta:
        verbose_name = "article index"

    def api_shown_keys(self, answer: dict) -> set[str]:
        return {section_key("articles")}  # its count; the site's list view adds the cards

    def api_article_count(self, request):
        # Lets the site page through the list from whichever end is nearer.
        return public_pages(ArticlePage.objects.child_of(self), request).count()


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(SitePreview, PromoteFieldsMixin, Page):
    publication_date = models.DateField(
        null=True,
        blank=True,
        help_text="Shown on the article and used to order articles. Blank: the day it is first published.",
    )
    author = models.ForeignKey(
        "therapists.TherapistPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    summary = models.TextField(max_length=300, help_text="One or two sentences for article lists and search engines.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text=images.ALT_HELP,
    )
    hero_decorative = models.BooleanField(
        "the hero image is decorative", default=False, help_text=images.DECORATIVE_HELP
    )
    body = StreamField(ArticleBodyBlock())
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []
    base_form_class = ClinicPageForm

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("publication_date"), FieldPanel("author"), FieldPanel("tags")],
            heading="About this article",
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_alt"), FieldPanel("hero_decorative")], heading="Hero image"
        ),
        FieldPanel("body"),
        BookingClicksPanel(),  # read-only figures, for those who may see them
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    # The answer's shape: shared.api_types.ArticleDetail (listing items: ListedArticle).
    api_fields = [
        APIField("publication_date"),
        APIField("author", serializer=PageMethodField("api_author")),
        APIField("summary"),
        APIField("hero", serializer=PageMethodField("api_hero")),
        APIField("card_image", serializer=PageMethodField("api_card_image")),
        APIField("body"),
        APIField("tags", serializer=PageMethodField("api_tags")),
        APIField("previous", serializer=PageMethodField("api_previous")),
        APIField("next", serializer=PageMethodField("api_next")),
        APIField("booking", serializer=PageMethodField("booking_button")),
        SEO_API_FIELD,
        APIField("reading_minutes", serializer=PageMethodField("api_reading_minutes")),
        APIField("updated_date", serializer=PageMethodField("api_updated_date")),
        APIField("last_published_at"),
        APIField("related", serializer=PageMethodField("api_related")),
    ]

    class Meta:
        verbose_name = "article"
        indexes = [models.Index(fields=["publication_date", "page_ptr"], name="article_pubdate_id")]

    # Loaded with the page for its API answer (cms/core/content_api.py).
    api_select_related = ("author", "author__photo", "hero_image", "social_image")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_ARTICLE_SLUGS:
            raise ValidationError(
                {"slug": f"/articles/{self.slug}/ is an address the site uses itself; choose another slug."}
            )
        images.require_alt_text(self, "hero_image", "hero_alt", "hero_decorative")

    def seo_fallback_description(self) -> str:
        return self.summary

    def seo_fallback_image(self):
        return self.hero_image, images.alt_text(self.hero_image, self.hero_alt, self.hero_decorative)

    def seo_published(self) -> str | None:
        # The date readers see on the article (an imported one keeps its original date).
        return self.publication_date.isoformat() if self.publication_date else super().seo_published()

    def save(self, *args, **kwargs):
        if self.live and self.publication_date is None:
            first = self.first_published_at
            self.publication_date = timezone.localdate(first) if first else timezone.localdate()
        return super().save(*args, **kwargs)

    def prepare_preview(self):
        # A preview shows the date publishing now would give a page without one.
        if self.publication_date is None:
            self.publication_date = timezone.localdate()

    def with_content_json(self, content):
        # A draft saved before the first publish has no date; show the one publishing gave it.
        page = super().with_content_json(content)
        if page.publication_date is None:
            page.publication_date = self.publication_date
        return page

    # Previous (older) and next (newer) among the published articles of the same index,
    # by publication date, then id: two indexed single-row queries.
    def _neighbours(self, request=None):
        return (
            public_pages(ArticlePage.objects.sibling_of(self, inclusive=False), request)
            .filter(publication_date__isnull=False)
            .values("id", "title", "slug", "publication_date")
        )

    def _neighbour_seeks(self, older: bool, date, request=None):
        """Two single-row seeks along the (publication_date, id) index: the same day first,
        then strictly older (or newer) days. One condition "date < d OR (date = d AND id < pk)"
        makes SQLite collect and sort every older article instead."""
        articles, pk = self._neighbours(request), self.pk
        # A new page (previewed before its first save) will have the highest id of its day.
        same_day = articles.filter(publication_date=date)
        if older:
            same_day = (same_day if pk is None else same_day.filter(pk__lt=pk)).order_by("-pk")
            other_days = articles.filter(publication_date__lt=date).order_by("-publication_date", "-pk")
        else:
            same_day = same_day.none() if pk is None else same_day.filter(pk__gt=pk).order_by("pk")
            other_days = articles.filter(publication_date__gt=date).order_by("publication_date", "pk")
        return same_day, other_days

    def neighbours(self, at=None, request=None) -> tuple[dict | None, dict | None]:
        """The previous (older) and next (newer) article, each as {id, title, slug,
        publication_date, url} or None: the four seeks as subqueries of one query.

        `at` places this article at another date: where it stood before a change.
        """
        date = at or self.publication_date
        if not self.path or date is None:
            return None, None
        seeks = [*self._neighbour_seeks(True, date, request), *self._neighbour_seeks(False, date, request)]
        found = Q()
        for seek in seeks:
            found |= Q(pk__in=seek.values("id")[:1])
        rows = ArticlePage.objects.filter(found).values("id", "title", "slug", "publication_date")
        # This article's place among them: the same day's ids on its side of it, then other days.
        place = (date, self.pk if self.pk is not None else float("inf"))
        older = [row for row in rows if _date_and_id(row) < place]
        newer = [row for row in rows if _date_and_id(row) > place]
        nearest = (max(older, key=_date_and_id, default=None), min(newer, key=_date_and_id, default=None))
        return tuple({**row, "url": page_path(ARTICLE, row["slug"])} if row else None for row in nearest)

    def neighbour(self, older: bool, at=None, request=None):
        """The previous (older) or next (newer) article (see `neighbours`)."""
        return self.neighbours(at, request)[0 if older else 1]

    def answer_neighbours(self, request):
        # Both neighbours come from one query, made once per answer.
        if getattr(self, "_answer_neighbours", None) is None:
            self._answer_neighbours = self.neighbours(request=request)
        return self._answer_neighbours

    def api_previous(self, request):
        return self.answer_neighbours(request)[0]

    def api_next(self, request):
        return self.answer_neighbours(request)[1]

    def public_author(self, request=None):
        return public_or_none(self.author, request)

    def api_author(self, request):
        author = self.public_author(request)
        return author.card(request) if author else None

    def api_hero(self, request):
        return pictures.picture(self.hero_image, pictures.HERO, self.hero_alt, self.hero_decorative)

    def api_card_image(self, request):
        return pictures.picture(self.hero_image, pictures.CARD, self.hero_alt, self.hero_decorative)

    def picture_uses(self) -> list:
        """Each picture this page shows in the API, with its kind (cms/core/pictures.py)."""
        social = (self.social_source()[0], images.SOCIAL)
        return [
            (self.hero_image, pictures.HERO),
            (self.hero_image, pictures.CARD),
            social,
            *pictures.body_uses(self.body),
        ]

    def api_prepare_answer(self, request):
        """Before the detail answer is serialised: every picture it shows, read in one query
        when Wagtail's rendition cache lacks them (the hero, the author, related cards)."""
        author = self.public_author(request)
        shown = [
            (self.hero_image, pictures.HERO),
            (self.hero_image, pictures.CARD),
            (self.social_source()[0], images.SOCIAL),
        ]
        shown.append((author.photo if author else None, pictures.PORTRAIT))
        for article in self.answer_related(request):
            shown.append((article.hero_image, pictures.CARD))
            shown.append((article.author.photo if article.author_id else None, pictures.PORTRAIT))
        pictures.load_renditions(shown)

    def booking_button(self, request):
        return buttons.booking_button(request, therapist=self.public_author(request))

    def api_reading_minutes(self, request):
        return reading.reading_minutes(self.body)

    def api_updated_date(self, request):
        day = reading.updated_date(self)
        return day.isoformat() if day else None

    def answer_related(self, request) -> list:
        """Related articles, found once per answer. Their tags load in one query with this
        article's own, unless this article's are the editor's unsaved ones (a preview: left in memory)."""
        if getattr(self, "_answer_related", None) is None:
            self._answer_related = related.related_articles(self, request)
            stored_tags = not isinstance(self.tagged_items.all(), FakeQuerySet)
            prefetch_related_objects(self._answer_related + ([self] if stored_tags else []), "tags")
        return self._answer_related

    def api_tags(self, request):
        self.answer_related(request)
        return sorted(tag.name for tag in self.tags.all())

    def api_related(self, request):
        return [article.card(request) for article in self.answer_related(request)]

    def api_shown_page_ids(self, answer: dict) -> set[int]:
        return shown.page_ids(answer)

    def api_shown_keys(self, answer: dict) -> set[str]:
        return shown.keys(answer)

    def get_context(self, request, *args, **kwargs):
        # For Wagtail rendering the page itself (the benchmark's comparison, later draft preview).
        context = super().get_context(request, *args, **kwargs)
        context.update(
            previous=self.api_previous(request), next=self.api_next(request), booking=self.booking_button(request)
        )
        return context

    def card(self, request) -> dict:
        """What article lists show (shared.api_types.ArticleCard); the listing endpoint gives the same
        with ARTICLE_CARD_FIELDS, the slug in `meta`."""
        return {
            "id": self.id,
            "title": self.title,
            "slug": self.slug,
            "url": page_path(ARTICLE, self.slug),
            "publication_date": self.publication_date.isoformat() if self.publication_date else None,
            "summary": self.summary,
            "card_image": self.api_card_image(request),
            "author": self.api_author(request),
            "tags": sorted(tag.name for tag in self.tags.all()),
        }
