"""What an import will do with each post (Plan), and what it did (Outcome): read-only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .html_blocks import Converted
from .models import ImportedPost
from .wxr import Attachment, Post

# WordPress statuses: published posts go live, drafts stay drafts. A scheduled ("future") post
# becomes a draft for an editor to schedule again; private, trashed and other posts are skipped.
LIVE_STATUSES = {"publish"}
DRAFT_STATUSES = {"draft", "pending", "future"}


@dataclass
class Plan:
    post: Post
    action: str  # create, update, unchanged, skip
    reason: str = ""
    slug: str = ""
    live: bool = False
    password: str = ""  # the page gets Wagtail's password privacy with it
    record: ImportedPost | None = None
    author: object | None = None  # a TherapistPage
    tags: list[str] = field(default_factory=list)
    attachment: Attachment | None = None
    image: object | None = None  # an already imported Wagtail image for the featured picture
    old_paths: list[str] = field(default_factory=list)  # redirects to make to the article
    converted: Converted | None = None  # the body's blocks
    summary: str = ""
    fingerprint: str = ""
    problems: list[str] = field(default_factory=list)  # this post's, also in Outcome.problems
    comments: int = 0  # on the old blog; not imported
    retry_only: bool = False  # unchanged but for pictures that failed before: saved only if one arrives now

    @property
    def label(self) -> str:
        return f'"{self.post.title}" (wp:post_id {self.post.post_id})'

    @property
    def old_path(self) -> str:
        """The first old address (older callers read one)."""
        return self.old_paths[0] if self.old_paths else ""


@dataclass
class Outcome:
    plans: list[Plan]
    problems: list[str]
    redirects: int = 0  # redirects made or kept for posts (and the old blog's archives)
    comments: int = 0  # comments in the export, counted, not imported
    featured: int = 0  # sticky posts put among the home page's featured articles

    @property
    def counts(self) -> Counter:
        return Counter(plan.action for plan in self.plans)
