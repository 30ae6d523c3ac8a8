"""Cold tag archive and search pages (nothing cached) against a CMS with 10,000 more articles:
time per page and CMS requests per page. A measurement, not a test.

Prepare a CMS (a fresh VAR_DIR with the demo) with 10,000 articles, all tagged "generated",
and index them for search, then serve it:

    export VAR_DIR=/tmp/discovery-10k SITE_PURGE_URL=off DJANGO_SETTINGS_MODULE=cms.settings
    python cms/manage.py migrate && python cms/manage.py load_demo
    python -m devtools.generate_articles 10000
    python cms/manage.py shell -c "from bench.discovery_cold import tag_generated; tag_generated()"
    python cms/manage.py update_index
    gunicorn cms.wsgi:application --bind 127.0.0.1:8712 --workers 2 --threads 4 &
    PYTHONPATH=. python bench/discovery_cold.py http://127.0.0.1:8712/api/v2
"""

import statistics
import sys
import time


def tag_generated() -> None:
    """Tag every generated article "generated" (in bulk: the generator writes no tags)."""
    from taggit.models import Tag

    from cms.articles.models import ArticlePage, ArticleTag

    tag, _ = Tag.objects.get_or_create(name="generated", slug="generated")
    ids = ArticlePage.objects.filter(slug__startswith="generated").values_list("pk", flat=True)
    ArticleTag.objects.bulk_create([ArticleTag(tag=tag, content_object_id=pk) for pk in ids], batch_size=2000)


def main(api_url: str) -> None:
    from frontend import create_app
    from tests.site.discovery_helpers import count_cms_requests

    app = create_app({"TESTING": True, "CMS_API_URL": api_url, "CMS_RETRIES": 0, "CACHE_TYPE": "NullCache"})
    counts = count_cms_requests(app)
    client = app.test_client()
    client.get("/")  # open the connection pool

    def measure(name, urls):
        times, requests = [], set()
        for url in urls:
            counts.clear()
            start = time.perf_counter()
            status = client.get(url).status_code
            times.append((time.perf_counter() - start) * 1000)
            requests.add(sum(counts.values()))
            assert status == 200, (url, status)
        print(
            f"{name:40} median {statistics.median(times):6.0f} ms  max {max(times):6.0f} ms  CMS requests/page {sorted(requests)}"
        )

    measure("tag archive, pages 1-5 (10,000 tagged)", [f"/articles/tag/generated/?page={n}" for n in range(1, 6)])
    measure("tag archive, pages 996-1000", [f"/articles/tag/generated/?page={n}" for n in range(996, 1001)])
    measure("search 'massage', pages 1-5", [f"/search/?q=massage&page={n}" for n in range(1, 6)])
    measure("search 'massage', pages 996-1000", [f"/search/?q=massage&page={n}" for n in range(996, 1001)])
    measure(
        "search, two words", ["/search/?q=gentle+tissues", "/search/?q=regular+movement", "/search/?q=massage+help"]
    )
    measure("search, no match", ["/search/?q=zzyzx", "/search/?q=qqqq", "/search/?q=xylophone"])
    measure("article list, pages 1-3 (for comparison)", [f"/articles/?page={n}" for n in range(1, 4)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8712/api/v2")
