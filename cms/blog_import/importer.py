"""Turn a parsed WXR export into articles: plan first (what would change, read-only, for --dry-run),
then apply the plan in one transaction.

A post is found again by its blog's address and post id (ImportedPost), so a second run updates
the article it made (a new revision, published when the post is) instead of adding another, and
skips posts whose content has not changed since.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.rich_text import RichText

from cms.articles.models import ArticleIndexPage, ArticlePage
from cms.therapists.models import TherapistPage
from shared.contract import ARTICLE, page_path

from . import body, images
from .models import ImportedImage, ImportedPost
from .wxr import Attachment, Export, Post

# WordPress statuses: published posts go live, drafts stay drafts. A scheduled ("future") post
# becomes a draft for an editor to schedule again; private and deleted posts are not imported.
LIVE_STATUSES = {"publish"}
DRAFT_STATUSES = {"draft", "pending", "future"}
# WordPress files every post without a category under this one; it says nothing about the post.
DEFAULT_CATEGORY = "uncategorized"


class ImportFailed(Exception):
    """Nothing was imported; the message says why."""


@dataclass
class Plan:
    post: Post
    action: str  # create, update, unchanged, skip
    reason: str = ""
    slug: str = ""
    live: bool = False
    record: ImportedPost | None = None
    author: TherapistPage | None = None
    tags: list[str] = field(default_factory=list)
    attachment: Attachment | None = None
    image: object | None = None  # an already imported Wagtail image for the attachment
    old_path: str = ""  # the redirect to make, from the post's old address
    body: str = ""  # the body's rich text, in Wagtail's stored format
    fingerprint: str = ""

    @property
    def label(self) -> str:
        return f'"{self.post.title}" (wp:post_id {self.post.post_id})'


@dataclass
class Outcome:
    plans: list[Plan]
    problems: list[str]
    redirects: int = 0

    @property
    def counts(self) -> Counter:
        return Counter(plan.action for plan in self.plans)


def normalise_name(name: str) -> str:
    return " ".join(name.casefold().split())


class Importer:
    def __init__(self, export: Export, export_dir: Path, site: Site | None = None, categories_as_tags: bool = True):
        self.export = export
        self.export_dir = export_dir
        self.categories_as_tags = categories_as_tags
        self.site = site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if self.site is None:
            raise ImportFailed("there is no default Wagtail site to import into")
        self.index = ArticleIndexPage.objects.descendant_of(self.site.root_page).first()
        if self.index is None:
            raise ImportFailed(f"the site {self.site} has no articles section (ArticleIndexPage) to import into")
        self.therapists = {}
        for therapist in TherapistPage.objects.descendant_of(self.site.root_page).order_by("-live", "path"):
            self.therapists.setdefault(normalise_name(therapist.title), therapist)  # a live one first
        self.problems: list[str] = []
        self.made_images: dict[int, object] = {}

    # -- planning (reads only) ----------------------------------------------------------------

    def plan(self) -> list[Plan]:
        self.problems = []
        records = {
            record.post_id: record
            for record in ImportedPost.objects.filter(source=self.export.source).select_related("page")
        }
        taken = set(ArticlePage.objects.child_of(self.index).values_list("slug", flat=True))
        plans = []
        for post in self.export.posts:
            plan = self._plan_post(post, records.get(post.post_id), taken)
            plans.append(plan)
        return plans

    def _plan_post(self, post: Post, record: ImportedPost | None, taken: set[str]) -> Plan:
        plan = Plan(post=post, action="skip", record=record)
        if post.status not in LIVE_STATUSES | DRAFT_STATUSES:
            plan.reason = f"status '{post.status}' on the old blog; only published posts and drafts are imported"
            if record is not None:
                self.problems.append(f"{plan.label}: imported before, now '{post.status}'; its article is left as it is")
            return plan
        plan.body = body.to_rich_text(post.content)
        if not plan.body:
            plan.reason = "no text left once scripts, images and embeds are removed"
            self.problems.append(f"{plan.label}: not imported, {plan.reason}")
            return plan
        plan.live = post.status in LIVE_STATUSES
        if post.status == "future":
            self.problems.append(f"{plan.label}: was scheduled on the old blog; imported as a draft to schedule again")

        if post.author:
            plan.author = self.therapists.get(normalise_name(post.author))
            if plan.author is None:
                self.problems.append(f'{plan.label}: author "{post.author}" matches no therapist; imported without an author')

        plan.tags = list(post.tags)
        if self.categories_as_tags:
            plan.tags += [name for name in post.categories if name.casefold() != DEFAULT_CATEGORY]
        plan.tags = list(dict.fromkeys(tag[:100] for tag in plan.tags))

        if post.thumbnail_id is not None:
            plan.attachment = self.export.attachments.get(post.thumbnail_id)
            if plan.attachment is None:
                self.problems.append(f"{plan.label}: its featured image (attachment {post.thumbnail_id}) is not in the export")
            else:
                found = ImportedImage.objects.filter(source=self.export.source, attachment_id=plan.attachment.post_id)
                plan.image = next((row.image for row in found.select_related("image")), None)
                if not plan.attachment.alt:
                    self.problems.append(
                        f"{plan.label}: its featured image has no alt text (_wp_attachment_image_alt), so it is in the"
                        " image library but not the article's hero: describe it (or tick 'decorative') and choose it"
                    )

        if dropped := body.dropped_media(post.content):
            self.problems.append(f"{plan.label}: {dropped} image(s) or embed(s) inside the text are left out")
        plan.slug = self._slug(plan, taken)
        plan.old_path = self._old_path(plan)
        plan.fingerprint = self._fingerprint(plan)
        if record is None:
            plan.action = "create"
        elif record.fingerprint != plan.fingerprint:
            plan.action = "update"
        elif plan.attachment and plan.image is None:
            plan.action, plan.reason = "update", "its featured image is still missing"
        else:
            plan.action = "unchanged"
        return plan

    def _slug(self, plan: Plan, taken: set[str]) -> str:
        post = plan.post
        wanted = slugify(unquote(post.slug), allow_unicode=True) or slugify(post.title, allow_unicode=True) or f"post-{post.post_id}"
        wanted = wanted[:240]
        own = plan.record.page.slug if plan.record else None
        if own is not None and re.fullmatch(rf"{re.escape(wanted)}(-\d+)?", own):
            return own  # keep the address it got, including a suffix given for a clash
        slug, number = wanted, 2
        while slug in taken:
            slug, number = f"{wanted}-{number}", number + 1
        if slug != wanted:
            self.problems.append(f"{plan.label}: another article already has the slug '{wanted}'; imported as '{slug}'")
        if own is not None:
            taken.discard(own)
        taken.add(slug)
        return slug

    def _old_path(self, plan: Plan) -> str:
        """Where the post was on the old blog, as a Wagtail redirect path; only for published posts."""
        if not plan.live:
            return ""
        parts = urlsplit(plan.post.link)
        path = Redirect.normalise_path(parts.path + (f"?{parts.query}" if parts.query else ""))
        if path == "/" or path == Redirect.normalise_path(page_path(ARTICLE, plan.slug)):
            return ""  # no old address, or the same as the new one
        return path

    def _fingerprint(self, plan: Plan) -> str:
        post = plan.post
        attachment = plan.attachment
        data = [
            post.title, plan.slug, post.link, post.content, post.excerpt, post.status,
            post.published_at.isoformat() if post.published_at else None,
            plan.author.pk if plan.author else None, plan.tags,
            [attachment.url, attachment.alt, attachment.title] if attachment else None,
        ]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()

    # -- applying -------------------------------------------------------------------------------

    def run(self, dry_run: bool = False, progress=None) -> Outcome:
        """`progress(done, total)`, when given, is called once per post saved (once, at the end, in a dry run)."""
        plans = self.plan()
        outcome = Outcome(plans=plans, problems=self.problems)
        if dry_run:
            outcome.redirects = sum(1 for plan in plans if plan.old_path)
            if progress:
                progress(len(plans), len(plans))
            return outcome
        fetched = self._fetch_images(plans, outcome.problems)
        with transaction.atomic():
            for done, plan in enumerate(plans, 1):
                if progress:
                    progress(done, len(plans))
                if plan.action == "skip":
                    continue
                try:
                    page = self._save(plan, fetched) if plan.action != "unchanged" else plan.record.page
                    if plan.old_path:
                        self._redirect(plan, page, outcome.problems)
                        outcome.redirects += 1
                except ValidationError as error:
                    messages = "; ".join(
                        f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items()
                    ) if hasattr(error, "error_dict") else " ".join(error.messages)
                    raise ImportFailed(f"{plan.label} cannot be saved ({messages}); nothing was imported") from error
        return outcome

    def _fetch_images(self, plans: list[Plan], problems: list[str]) -> dict[int, object]:
        """Fetch the featured images not imported before, ahead of the transaction. attachment id -> bytes."""
        fetched = {}
        for plan in plans:
            attachment = plan.attachment
            if plan.action not in ("create", "update") or attachment is None or plan.image is not None:
                continue
            if attachment.post_id in fetched:
                continue
            try:
                fetched[attachment.post_id] = images.fetch(attachment.url, self.export_dir)
            except images.ImageFetchError as error:
                fetched[attachment.post_id] = None
                problems.append(f"{plan.label}: featured image not imported: {error}")
        return fetched

    def _image(self, plan: Plan, fetched: dict) -> object | None:
        if plan.attachment is None:
            return None
        if plan.image is not None:
            return plan.image
        if plan.attachment.post_id in self.made_images:
            return self.made_images[plan.attachment.post_id]
        if fetched.get(plan.attachment.post_id) is None:
            return None
        name, data = fetched[plan.attachment.post_id]
        image = get_image_model().objects.create(
            title=(plan.attachment.title or plan.post.title)[:255],
            description=plan.attachment.alt[:255],
            file=ImageFile(BytesIO(data), name=name),
        )
        ImportedImage.objects.update_or_create(
            source=self.export.source,
            attachment_id=plan.attachment.post_id,
            defaults={"url": plan.attachment.url, "image": image},
        )
        fetched[plan.attachment.post_id] = None
        self.made_images[plan.attachment.post_id] = image  # for later posts with the same picture
        return image

    def _save(self, plan: Plan, fetched: dict) -> ArticlePage:
        post = plan.post
        page = plan.record.page if plan.record else ArticlePage()
        page.title = post.title
        page.slug = plan.slug
        page.summary = body.summary(post.excerpt, post.content, post.title)
        page.body = [("paragraph", RichText(plan.body))]
        page.publication_date = timezone.localdate(post.published_at) if post.published_at else page.publication_date
        page.author = plan.author
        image = self._image(plan, fetched)
        # A hero needs alt text (or an editor's "decorative" choice): a picture without any stays in
        # the library for the editor to describe. Without a picture, a hero an editor chose stays.
        if image is not None and plan.attachment.alt:
            page.hero_image = image
            page.hero_alt = plan.attachment.alt[:250]
        page.tags.set(plan.tags)
        if plan.record is None:
            if plan.live and post.published_at:
                page.first_published_at = post.published_at  # keep the old blog's date in Wagtail's history
            page.live = False
            self.index.add_child(instance=page)
        revision = page.save_revision()
        if plan.live:
            revision.publish()
        elif page.live:
            page.unpublish()  # a draft on the old blog now
        ImportedPost.objects.update_or_create(
            source=self.export.source,
            post_id=post.post_id,
            defaults={"guid": post.guid[:500], "page": page, "fingerprint": plan.fingerprint},
        )
        return page

    def _redirect(self, plan: Plan, page: ArticlePage, problems: list[str]) -> None:
        existing = Redirect.objects.filter(site=self.site, old_path=plan.old_path).first()
        if existing and existing.redirect_page_id != page.pk:
            problems.append(f"{plan.label}: the redirect from {plan.old_path} pointed elsewhere; it now points to this article")
        Redirect.objects.update_or_create(
            site=self.site,
            old_path=plan.old_path,
            defaults={"redirect_page": page, "redirect_link": "", "is_permanent": True},
        )
