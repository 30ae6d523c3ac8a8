"""Add N published articles quickly, for measuring the site at scale (bench/, tests).

    DJANGO_SETTINGS_MODULE=cms.settings python -m devtools.generate_articles 10000

Rows are written in bulk with their tree paths computed here: adding ten thousand
pages one by one through the tree API would take minutes. The tree below the index is
checked afterwards (each path's length matches its depth, the index counts its children), and
the whole insert rolls back unless it is sound. Treebeard's own `find_problems` checks the same
and more, but with two queries a page: 40 s of the 50 s that ten thousand took. The articles have no revisions; an editor opening one starts from the
published content.
"""

import argparse
import datetime
import json
import os
import sys
import uuid

PARAGRAPH = (
    "<p>Generated for measuring the site at scale. Regular, gentle movement and well-timed "
    "massage help tissues recover; this paragraph stands in for an article's real text.</p>"
)


class UnsoundTree(Exception):
    pass


def generate(count: int, newest: datetime.date, index_id: int | None = None) -> None:
    """Insert `count` live articles under the article index (or the one with `index_id`), three a
    day back from `newest`."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from cms.articles.models import ArticleIndexPage, ArticlePage

    with transaction.atomic():
        index = ArticleIndexPage.objects.get(**({"pk": index_id} if index_id else {}))
        content_type = ContentType.objects.get_for_model(ArticlePage)
        now = timezone.now()
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
                    path=ArticlePage._get_path(index.path, index.depth + 1, index.numchild + 1 + number),
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
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {ArticlePage._meta.db_table} (page_ptr_id, publication_date, summary, body, hero_alt, hero_decorative) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (
                        page.pk,
                        newest - datetime.timedelta(days=number // 3),
                        f"Generated summary {number}.",
                        body,
                        "",
                        False,
                    )
                    for number, page in enumerate(created)
                ],
            )
        Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
        problems = tree_problems(Page.objects.get(pk=index.pk))
        if problems:
            raise UnsoundTree(f"the page tree is not sound after the insert, rolled back: {problems}")


def tree_problems(index) -> list[str]:
    """What could be wrong below `index` after a bulk insert of its children, in three queries."""
    from django.db.models import F
    from django.db.models.functions import Length
    from wagtail.models import Page

    below = Page.objects.filter(path__startswith=index.path).exclude(pk=index.pk)
    problems = []
    wrong_depth = list(
        below.annotate(length=Length("path")).exclude(length=F("depth") * Page.steplen).values_list("pk", flat=True)
    )
    if wrong_depth:
        problems.append(f"pages whose path does not match their depth: {wrong_depth[:10]}")
    children = below.filter(depth=index.depth + 1).count()
    if children != index.numchild:
        problems.append(f"the index counts {index.numchild} children, the tree holds {children}")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Add N generated, published articles to the article index.")
    parser.add_argument("count", type=int)
    parser.add_argument(
        "--before", default="2026-01-01", type=datetime.date.fromisoformat, help="the newest article's date"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    generate(args.count, args.before)
    print(f"Added {args.count} articles.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
