"""Add N published articles quickly, for measuring the site at scale (`make bench`).

Rows are written in bulk with their tree paths computed here: adding ten thousand
pages one by one through the tree API would take minutes. The articles have no
revisions; an editor opening one starts from the published content.
"""

import datetime
import json
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page

from cms.articles.models import ArticleIndexPage, ArticlePage

PARAGRAPH = (
    "<p>Generated for measuring the site at scale. Regular, gentle movement and well-timed "
    "massage help tissues recover; this paragraph stands in for an article's real text.</p>"
)


class Command(BaseCommand):
    help = "Add N generated, published articles to the article index."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--before", default="2026-01-01", help="the newest generated article's date")

    @transaction.atomic
    def handle(self, *args, count, before, **options):
        index = ArticleIndexPage.objects.get()
        content_type = ContentType.objects.get_for_model(ArticlePage)
        newest = datetime.date.fromisoformat(before)
        now = timezone.now()
        first_step = index.numchild + 1
        batch_id = uuid.uuid4().hex[:6]
        pages = []
        for number in range(count):
            slug = f"generated-{batch_id}-{number}"
            pages.append(
                Page(
                    title=f"Generated article {number}",
                    draft_title=f"Generated article {number}",
                    slug=slug,
                    content_type=content_type,
                    path=ArticlePage._get_path(index.path, index.depth + 1, first_step + number),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=index.locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
        created = Page.objects.bulk_create(pages, batch_size=500)
        body = json.dumps([{"type": "paragraph", "value": PARAGRAPH, "id": str(uuid.uuid4())}])
        table = ArticlePage._meta.db_table
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (page_ptr_id, publication_date, summary, body, hero_alt) VALUES (%s, %s, %s, %s, %s)",
                [
                    (page.pk, newest - datetime.timedelta(days=number // 3), f"Generated summary {number}.", body, "")
                    for number, page in enumerate(created)
                ],
            )
        Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
        self.stdout.write(f"Added {count} articles.")
