"""Preview tokens: what the public site renders for a draft, kept briefly under an unguessable token.

The Wagtail admin builds the page's API answer from the editor's form (a draft, or a page
not saved yet) and stores it here; the editor's browser is sent to the site's preview
address with the token, and the site reads the answer back from the CMS's preview endpoint.
A token names exactly one stored answer and stops working when it expires.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_token() -> str:
    # 256 random bits, URL-safe (43 characters of [A-Za-z0-9_-]).
    return secrets.token_urlsafe(32)


class PagePreviewQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(expires_at__gt=timezone.now())


class PagePreview(models.Model):
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The page's API answer as the site receives it (shared.api_types page answers).
    answer = models.JSONField()
    # The previewed page, if it exists yet (a new page has no id before it is saved).
    page_id = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    objects = PagePreviewQuerySet.as_manager()

    class Meta:
        verbose_name = "page preview"

    @classmethod
    def store(cls, answer: dict, page_id: int | None) -> "PagePreview":
        """Keep `answer` under a new token for PREVIEW_TOKEN_SECONDS; expired ones are deleted."""
        now = timezone.now()
        cls.objects.filter(expires_at__lte=now).delete()
        return cls.objects.create(
            answer=answer, page_id=page_id, expires_at=now + timedelta(seconds=settings.PREVIEW_TOKEN_SECONDS)
        )
