"""Turn a parsed WXR export into articles: plan what would change (read-only: a dry run stops
there), and for an import, save each batch of plans as soon as it is planned (saving.py).

A post is found again by the Wagtail site, its blog's address and its post id (ImportedPost), so a
second run updates the article it made instead of adding another, leaves unchanged posts alone (no
new revision), never brings back an article an editor deleted, and does not overwrite an editor's
changes unless asked (`overwrite_edits`).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.utils.text import slugify
from wagtail.models import Site

from cms.articles.models import ArticleIndexPage, ArticlePage
from cms.therapists.models import TherapistPage

from . import body, old_addresses, saving
from .html_blocks import Converter, derived_key
from .models import ImportedImage, ImportedPost
from .plans import DRAFT_STATUSES, LIVE_STATUSES, Outcome, Plan
from .wxr import Export, Post

__all__ = ["ImportFailed", "Importer", "Outcome", "Plan"]

# WordPress files every post without a category under this one; it says nothing about the post.
DEFAULT_CATEGORY = "uncategorized"


class ImportFailed(Exception):
    """Nothing was imported; the message says why."""


def normalise_name(name: str) -> str:
    return " ".join(name.casefold().split())


class Importer:
    def __init__(
        self,
        export: Export,
        export_dir: Path,
        site: Site | None = None,
        categories_as_tags: bool = True,
        *,
        authors: dict[str, str] | None = None,
        overwrite_edits: bool = False,
        allow_private_hosts: bool | None = None,
        max_image_pixels: int | None = None,
    ):
        """`authors`: WordPress login -> therapist page slug, before matching by display name."""
        self.export = export
        self.export_dir = export_dir
        self.categories_as_tags = categories_as_tags
        self.overwrite_edits = overwrite_edits
        self.allow_private_hosts = (
            settings.BLOG_IMPORT_ALLOW_PRIVATE_HOSTS if allow_private_hosts is None else allow_private_hosts
        )
        self.max_image_pixels = max_image_pixels or settings.BLOG_IMPORT_MAX_IMAGE_PIXELS
        self.site = site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if self.site is None:
            raise ImportFailed("there is no default Wagtail site to import into")
        self.index = ArticleIndexPage.objects.descendant_of(self.site.root_page).first()
        if self.index is None:
            raise ImportFailed(f"the site {self.site} has no articles section (ArticleIndexPage) to import into")
        therapists = list(TherapistPage.objects.descendant_of(self.site.root_page).order_by("-live", "path"))
        self.therapists = {}
        for therapist in therapists:
            self.therapists.setdefault(normalise_name(therapist.title), therapist)  # a live one first
        by_slug = {therapist.slug: therapist for therapist in therapists}
        self.by_login = {}
        for login, slug in (authors or {}).items():
            if slug not in by_slug:
                raise ImportFailed(f"--author {login}={slug}: no therapist page has the slug '{slug}'")
            self.by_login[login] = by_slug[slug]
        self.problems: list[str] = list(export.problems)
        by_url = {attachment.url: number for number, attachment in export.attachments.items() if attachment.url}
        self.converter = Converter(
            by_url, {number: (item.url, item.alt) for number, item in export.attachments.items()}
        )

    # -- planning (reads only) ----------------------------------------------------------------

    def plan(self, progress=None, dry_run: bool = False) -> list[Plan]:
        plans = []
        total = len(self.export.posts)
        for done, plan in enumerate(self.plans(dry_run), start=1):
            if dry_run:
                plan.converted = None  # its problems are listed; a dry run saves no blocks
            plans.append(plan)
            if progress and (done % 50 == 0 or done == total):
                progress(done, total)
        return plans

    def plans(self, dry_run: bool = False):
        """Each post's plan, in the export's order, made as it is asked for (an import saves each
        batch before the next is planned, so only one batch's bodies are in memory)."""
        self.dry_run = dry_run
        self.problems[:] = self.export.problems  # in place: an Outcome may hold this list already
        records = {
            record.post_id: record
            for record in ImportedPost.objects.filter(source=self.export.source, site=self.site).select_related("page")
        }
        taken = set(ArticlePage.objects.child_of(self.index).values_list("slug", flat=True))
        known_images = dict(
            ImportedImage.objects.filter(source=self.export.source)
            .select_related("image")
            .values_list("attachment_id", "image")
        )
        self.images = {number: image for number, image in known_images.items()}
        return self._plan_each(records, taken)

    def _plan_each(self, records: dict, taken: set[str]):
        for post in self.export.posts:
            plan = self._plan_post(post, records.get(post.post_id), taken)
            self.problems += plan.problems
            yield plan

    def _plan_post(self, post: Post, record: ImportedPost | None, taken: set[str]) -> Plan:
        plan = Plan(post=post, action="skip", record=record, comments=post.comments)
        say = plan.problems.append
        if post.comments:
            say(f"{plan.label}: {post.comments} comment(s) on the old blog are not imported")
        if post.status not in LIVE_STATUSES | DRAFT_STATUSES:
            plan.reason = f"status '{post.status}' on the old blog; only published posts and drafts are imported"
            if record is not None and record.page_id:
                say(f"{plan.label}: imported before, now '{post.status}'; its article is left as it is")
            return plan
        if record is not None and record.page_id is None:
            plan.reason = "its article was deleted in the CMS after an earlier import; it stays deleted"
            return plan
        plan.converted = self.converter.convert(post.content, rich_text=not self.dry_run)
        if not plan.converted.blocks:
            plan.reason = "no content left once scripts and unknown markup are removed"
            say(f"{plan.label}: not imported, {plan.reason}")
            return plan
        for what in dict.fromkeys(plan.converted.dropped):
            say(f"{plan.label}: {what} is left out (nothing on the site shows it)")
        plan.live = post.status in LIVE_STATUSES
        plan.password = post.password
        if post.password:
            say(f"{plan.label}: password-protected on the old blog; imported with the same password (Wagtail privacy)")
        if post.status == "future":
            say(f"{plan.label}: was scheduled on the old blog; imported as a draft to schedule again")
        self._author(plan)
        plan.tags = list(post.tags)
        if self.categories_as_tags:
            plan.tags += [name for name in post.categories if name.casefold() != DEFAULT_CATEGORY]
        plan.tags = list(dict.fromkeys(tag[:100] for tag in plan.tags))
        self._featured(plan)
        for picture in plan.converted.images:
            if not picture.alt:
                say(f"{plan.label}: a picture in the text ({picture.url}) has no alt text; describe it in the article")
        plan.summary = body.summary(post.excerpt, "", "") if body.plain_text(post.excerpt) else ""
        plan.slug = self._slug(plan, taken)
        plan.old_paths = old_addresses.post_paths(post, plan.slug) if plan.live else []
        plan.fingerprint = self._fingerprint(plan)
        if record is None:
            plan.action = "create"
        elif record.fingerprint == plan.fingerprint and not self._images_missing(plan):
            plan.action = "unchanged"
        elif (
            record.page
            and record.revision_id
            and record.page.latest_revision_id != record.revision_id
            and not self.overwrite_edits
        ):
            plan.reason = "edited in Wagtail since the import; left as it is (--overwrite-edits replaces it)"
            say(f"{plan.label}: changed on the old blog but also {plan.reason}")
        else:
            plan.action = "update"
            if record.fingerprint == plan.fingerprint:
                plan.reason, plan.retry_only = "a picture is still missing", True
        return plan

    def _author(self, plan: Plan) -> None:
        post = plan.post
        plan.author = self.by_login.get(post.author_login)
        if plan.author is None and post.author:
            plan.author = self.therapists.get(normalise_name(post.author))
            if plan.author is None:
                plan.problems.append(
                    f'{plan.label}: author "{post.author}" matches no therapist; imported without an author'
                )

    def _featured(self, plan: Plan) -> None:
        post = plan.post
        if post.thumbnail_id is None:
            return
        plan.attachment = self.export.attachments.get(post.thumbnail_id)
        if plan.attachment is None:
            plan.problems.append(
                f"{plan.label}: its featured image (attachment {post.thumbnail_id}) is not in the export"
            )
            return
        plan.image = self.images.get(plan.attachment.post_id)
        if not plan.attachment.alt:
            plan.problems.append(
                f"{plan.label}: its featured image has no alt text (_wp_attachment_image_alt), so it is in the"
                " image library but not the article's hero: describe it (or tick 'decorative') and choose it"
            )

    def _images_missing(self, plan: Plan) -> bool:
        wanted = [plan.attachment.post_id] if plan.attachment else []
        wanted += [picture.attachment_id or derived_key(picture.url) for picture in plan.converted.images]
        return any(number not in self.images for number in wanted)

    def _slug(self, plan: Plan, taken: set[str]) -> str:
        post = plan.post
        wanted = (
            slugify(unquote(post.slug), allow_unicode=True)
            or slugify(post.title, allow_unicode=True)
            or f"post-{post.post_id}"
        )
        wanted = wanted[:240]
        own = plan.record.page.slug if plan.record and plan.record.page else None
        if own is not None and re.fullmatch(rf"{re.escape(wanted)}(-\d+)?", own):
            return own  # keep the address it got, including a suffix given for a clash
        slug, number = wanted, 2
        while slug in taken:
            slug, number = f"{wanted}-{number}", number + 1
        if slug != wanted:
            plan.problems.append(f"{plan.label}: another article already has the slug '{wanted}'; imported as '{slug}'")
        if own is not None:
            taken.discard(own)
        taken.add(slug)
        return slug

    def _fingerprint(self, plan: Plan) -> str:
        post, attachment = plan.post, plan.attachment
        data = [
            post.title,
            plan.slug,
            post.link,
            post.content,
            post.excerpt,
            post.status,
            post.password,
            post.sticky,
            post.published_at.isoformat() if post.published_at else None,
            post.modified_at.isoformat() if post.modified_at else None,
            plan.author.pk if plan.author else None,
            plan.tags,
            [attachment.url, attachment.alt, attachment.title] if attachment else None,
        ]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()

    # -- applying -------------------------------------------------------------------------------

    def archives(self, plans: list[Plan]) -> dict:
        """The old blog's archive addresses (tags, categories, authors, feed) -> their new targets."""
        return old_addresses.archive_paths(
            self.export.posts,
            self.categories_as_tags,
            self.by_login
            | {
                post.author_login: plan.author
                for post, plan in zip(self.export.posts, plans, strict=False)
                if plan.author and post.author_login
            },
        )

    def run(self, dry_run: bool = False, progress=None) -> Outcome:
        """`progress(done, total)`: called as posts are planned (a dry run) or saved."""
        if not dry_run:
            outcome = Outcome(plans=[], problems=self.problems)  # planning and saving both add to it
            plans = self.plans()  # first: it reads what earlier imports made (self.images)
            saving.Saver(self, outcome, progress).apply(plans, len(self.export.posts))
            outcome.comments = sum(plan.comments for plan in outcome.plans)
            return outcome
        plans = self.plan(progress=progress, dry_run=True)
        outcome = Outcome(plans=plans, problems=self.problems, comments=sum(plan.comments for plan in plans))
        outcome.redirects = sum(len(plan.old_paths) for plan in plans if plan.action != "skip") + len(
            self.archives(plans)
        )
        outcome.featured = sum(1 for plan in plans if plan.post.sticky and plan.live and plan.action != "skip")
        return outcome
