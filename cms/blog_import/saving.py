"""Apply an import's plans: pictures fetched first (outside any transaction), then posts saved in
batches, each post in its own savepoint so that one that cannot be saved is reported and skipped
while the others are kept. Redirects and the home page's featured articles come last."""

from __future__ import annotations

from io import BytesIO
from itertools import islice

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from wagtail.embeds.embeds import get_embed
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, PageViewRestriction
from wagtail.rich_text import RichText

from cms.articles.models import ArticlePage
from cms.home.featured import feature_articles
from cms.site_sync.purging import one_purge_for_everything

from . import body, images, summaries
from .html_blocks import ImageRef, derived_key
from .models import ImportedImage, ImportedPost
from .new_articles import Tags, add_article, search_indexed_per_batch
from .redirects import OldAddresses

BATCH = 100


def messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items())
    return " ".join(error.messages)


class Saver:
    def __init__(self, importer, outcome, progress=None):
        self.importer = importer
        self.outcome = outcome
        self.progress = progress
        self.images = importer.images  # ImportedImage number -> Wagtail image
        self.fetched: dict[int, tuple[str, bytes] | None] = {}
        self.embeds: dict[str, bool] = {}  # address -> whether its provider answered
        self.tags = Tags()
        self.publish_logs = []  # the batch's new articles' log entries, written with it
        self.addresses = OldAddresses(importer.site)

    def apply(self, plans, total: int) -> None:
        """Save `plans` (an iterable: planned as they are saved) in batches; then the old blog's
        archive addresses and the sticky posts."""
        # Thousands of publishes and redirects: one purge of the whole site when done, not one each.
        with one_purge_for_everything("blog_imported"):
            self._apply(iter(plans), total)

    def _apply(self, plans, total: int) -> None:
        done, sticky_ids = 0, []
        while batch := list(islice(plans, BATCH)):
            self._fetch(batch)
            self.tags.prepare(tag for plan in batch if plan.action in ("create", "update") for tag in plan.tags)
            saved, targets = [], []
            with search_indexed_per_batch(saved), transaction.atomic():
                for plan in batch:
                    page_id = None
                    if plan.action in ("create", "update"):
                        page = self._save_safely(plan)
                        if page is not None:
                            page_id = page.pk
                            saved.append(page)
                    elif plan.action == "unchanged" and plan.record.page_id:
                        page_id = plan.record.page_id
                    if page_id is not None and plan.live:
                        targets += [(path, page_id) for path in plan.old_paths]
                        if plan.post.sticky:
                            sticky_ids.append(page_id)
                    done += 1
                    if self.progress:
                        self.progress(done, total)
                self.addresses.write(targets)
                PageLogEntry.objects.bulk_create(self.publish_logs)
                self.publish_logs.clear()
            for plan in batch:
                plan.converted = None  # the body's blocks are saved: free them
            self.outcome.plans += batch
        with transaction.atomic():
            self.addresses.write(self.importer.archives(self.outcome.plans).items())
            self.outcome.redirects = len(self.addresses)
            found = ArticlePage.objects.in_bulk(sticky_ids)
            sticky = [found[pk] for pk in sticky_ids if pk in found]
            featured = feature_articles(self.importer.site, sticky)
            if featured is None:
                self.outcome.problems.append(
                    f"{len(sticky)} sticky post(s) not added to the home page's featured articles: it has an"
                    " unpublished draft; add them there"
                )
            self.outcome.featured = featured or 0

    # -- pictures -------------------------------------------------------------------------------

    def _wanted(self, plan) -> list[tuple[int, str, str, str]]:
        """(number, url, title, alt) of each picture this plan needs and the library lacks."""
        wanted = []
        if plan.attachment is not None:
            item = plan.attachment
            wanted.append((item.post_id, item.url, item.title or plan.post.title, item.alt))
        for picture in plan.converted.images:
            wanted.append((self._number(picture), picture.url, picture.caption or plan.post.title, picture.alt))
        return [row for row in wanted if row[0] not in self.images]

    def _number(self, picture: ImageRef) -> int:
        return picture.attachment_id if picture.attachment_id is not None else derived_key(picture.url)

    def _fetch(self, batch) -> None:
        for plan in batch:
            if plan.action not in ("create", "update"):
                continue
            wanted = self._wanted(plan)
            for number, url, _title, _alt in wanted:
                if number in self.fetched:
                    continue
                try:
                    self.fetched[number] = images.fetch(
                        url, self.importer.export_dir, self.importer.max_image_pixels, self.importer.allow_private_hosts
                    )
                except images.ImageFetchError as error:
                    self.fetched[number] = None
                    featured = plan.attachment is not None and number == plan.attachment.post_id
                    self._problem(plan, f"{'featured image' if featured else 'picture'} not imported: {error}")
            self._embeds(plan)
            if plan.retry_only and not any(self.fetched.get(row[0]) for row in wanted):
                plan.action, plan.reason = "unchanged", "a picture is still missing"  # nothing new to save

    def _embeds(self, plan) -> None:
        """Ask each embed's provider once (Wagtail stores the answer, which is what the API shows);
        one that cannot be reached now is a link card on the site."""
        for kind, url in plan.converted.blocks:
            if kind != "embed" or url in self.embeds:
                continue
            try:
                self.embeds[url] = get_embed(url) is not None
            except Exception as error:  # EmbedException, or the provider's network failing in any way
                self.embeds[url] = False
                self._problem(
                    plan,
                    f"the embed {url} could not be fetched now ({type(error).__name__}); the site shows it as a link",
                )

    def _image(self, number: int, url: str, title: str, alt: str):
        if number in self.images:
            return self.images[number]
        if self.fetched.get(number) is None:
            return None
        name, data = self.fetched.pop(number)
        image = get_image_model().objects.create(
            title=title[:255], description=alt[:255], file=ImageFile(BytesIO(data), name=name)
        )
        ImportedImage.objects.update_or_create(
            source=self.importer.export.source, attachment_id=number, defaults={"url": url[:1000], "image": image}
        )
        self.images[number] = image
        return image

    # -- posts ----------------------------------------------------------------------------------

    def _problem(self, plan, text: str) -> None:
        line = f"{plan.label}: {text}"
        plan.problems.append(line)
        self.outcome.problems.append(line)

    def _save_safely(self, plan):
        logged = len(self.publish_logs)
        try:
            with transaction.atomic():
                return self._save(plan)
        except ValidationError as error:
            reason = f"cannot be saved ({messages(error)})"
        except DatabaseError as error:
            reason = f"cannot be saved ({error})"
        del self.publish_logs[logged:]  # its page was rolled back
        plan.action, plan.reason = "skip", reason
        self._problem(plan, f"not imported, {reason}")
        return None

    def _blocks(self, plan) -> list:
        made = []
        for kind, value in plan.converted.blocks:
            if kind == "paragraph":
                made.append(("paragraph", RichText(value)))
            elif kind == "embed":
                made.append(("embed", value))
            elif kind == "image":
                image = self._image(self._number(value), value.url, value.caption or plan.post.title, value.alt)
                if image is not None:
                    made.append(("image", {"image": image, "alt": value.alt, "caption": value.caption}))
            elif kind == "gallery":
                items = []
                for picture in value:
                    image = self._image(
                        self._number(picture), picture.url, picture.caption or plan.post.title, picture.alt
                    )
                    if image is not None:
                        items.append({"image": image, "alt": picture.alt, "caption": picture.caption})
                if items:
                    made.append(("gallery", items))
            else:
                made.append((kind, value))
        return made

    def _summary(self, plan, blocks: list) -> str:
        """The excerpt; else the body's opening, moved out of the body so the page never says it twice."""
        if plan.summary:
            return plan.summary
        moved = summaries.opening_as_summary(blocks)
        if moved:
            return moved
        self._problem(
            plan, "has no excerpt and its text opens with more than a summary's length; the summary repeats it"
        )
        return body.summary("", "".join(value.source for kind, value in blocks if kind == "paragraph"), plan.post.title)

    def _save(self, plan) -> ArticlePage:
        post = plan.post
        page = plan.record.page if plan.record and plan.record.page else ArticlePage()
        page.title = post.title
        page.slug = plan.slug
        blocks = self._blocks(plan)
        if not blocks:
            raise ValidationError("nothing is left to show once its pictures failed")
        page.summary = self._summary(plan, blocks)
        page.body = blocks
        page.publication_date = timezone.localdate(post.published_at) if post.published_at else page.publication_date
        page.author = plan.author
        if plan.attachment is not None:
            item = plan.attachment
            image = self._image(item.post_id, item.url, item.title or post.title, item.alt)
            # A hero needs alt text (or an editor's "decorative" choice): a picture without any stays in
            # the library for the editor to describe. Without a picture, a hero an editor chose stays.
            if image is not None and item.alt:
                page.hero_image, page.hero_alt = image, item.alt[:250]
        page.tags.set([self.tags[name] for name in plan.tags])
        # The old blog's dates, so nothing says "Updated" on the import day.
        first = post.published_at or timezone.now()
        last = max(post.modified_at or first, first)
        if page.pk is None:
            revision = add_article(self.importer.index, page, plan.live, first, last, self.publish_logs)
            self._privacy(plan, page)
            ImportedPost.objects.create(
                source=self.importer.export.source,
                site=self.importer.site,
                post_id=post.post_id,
                guid=post.guid[:500],
                page=page,
                fingerprint=plan.fingerprint,
                revision_id=revision.pk,
            )
            return page
        self._privacy(plan, page)
        revision = page.save_revision()
        if plan.live:
            revision.publish()
            ArticlePage.objects.filter(pk=page.pk).update(first_published_at=first, last_published_at=last)
        elif page.live:
            page.unpublish()  # a draft on the old blog now
        ImportedPost.objects.update_or_create(
            source=self.importer.export.source,
            site=self.importer.site,
            post_id=post.post_id,
            defaults={
                "guid": post.guid[:500],
                "page": page,
                "fingerprint": plan.fingerprint,
                "revision_id": revision.pk,
            },
        )
        return page

    def _privacy(self, plan, page) -> None:
        restrictions = PageViewRestriction.objects.filter(page=page, restriction_type=PageViewRestriction.PASSWORD)
        if plan.password:
            restriction = restrictions.first() or PageViewRestriction(
                page=page, restriction_type=PageViewRestriction.PASSWORD
            )
            restriction.password = plan.password
            restriction.save()
        elif plan.record is not None:
            restrictions.delete()  # the old blog no longer asks for one
