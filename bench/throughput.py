"""Fast at any size: the site's figures, measured side by side in one run on loopback.

Starts the real stack under gunicorn (the same worker settings for every server): the CMS,
the site with its shared cache, the site with no cache (every render cold), a minimal Flask
app returning the cached article's exact bytes, and Wagtail rendering the same article
itself. Loads the demo clinic and measures with wrk (Debian's package, installed if missing).
A copy of the clinic with generated articles up to 10,000 runs beside it, so cold renders at
both sizes are sampled in turn, in the same conditions.

    make bench                      # runs this and publish_latency.py
    .venv/bin/python bench/throughput.py --duration 5 --rounds 3 --articles 10000
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import report  # noqa: E402
from devtools.live_servers import GunicornServer, LiveCMS, LiveSite  # noqa: E402

ARTICLE = "/articles/massage-for-the-feet/"
WORKERS, THREADS, CONNECTIONS = 2, 4, 32
# Booking clicks are counted only from browsers (not wrk's own user agent, nor crawlers).
BROWSER = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
}


class StaticApp(GunicornServer):
    app = "bench.static_app:app"
    workers = WORKERS


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        print("Installing wrk (Debian package) ...", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    return shutil.which("wrk")


def wrk(url: str, duration: int, headers: dict | None = None) -> dict:
    """Requests per second and latency percentiles at CONNECTIONS connections (3xx counts as success)."""
    extra = [arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", *extra, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"wrk saw errors from {url}:\n{out}")

    def millis(label):
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": millis("50"),
        "p99": millis("99"),
    }


def median_latencies(urls: list[str], repeat: int = 40) -> list[float]:
    """Median milliseconds per URL, sampled in turn (a, b, a, b, ...) so noise hits all alike."""
    sessions = [requests.Session() for _ in urls]
    times = [[] for _ in urls]
    for session, url in zip(sessions, urls, strict=True):
        session.get(url)  # connections and renditions ready
    for _ in range(repeat):
        for session, url, samples in zip(sessions, urls, times, strict=True):
            started = time.perf_counter()
            response = session.get(url)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
    return [statistics.median(samples) * 1000 for samples in times]


def cms_requests_per_render(cms_api_url: str) -> dict:
    """CMS API requests made to render each page cold (nothing cached), counted on the real client."""
    from frontend import create_app

    app = create_app({"TESTING": True, "CMS_API_URL": cms_api_url, "CACHE_TYPE": "NullCache", "LOG_LEVEL": "ERROR"})
    client = app.extensions["cms_client"]
    fetch, calls = client.fetch, []
    client.fetch = lambda endpoint, query: calls.append(endpoint) or fetch(endpoint, query)
    counts = {}
    for path in (ARTICLE, "/", "/articles/", "/services/"):
        calls.clear()
        assert app.test_client().get(path).status_code == 200
        counts[path] = len(calls)
    return counts


def queries_per_article_request(cms: LiveCMS) -> int:
    code = (
        "from django.test import Client; from django.db import connection;"
        "from django.test.utils import CaptureQueriesContext; c = Client(HTTP_HOST='127.0.0.1');"
        f"c.get('/api/v2/pages/find/?html_path={ARTICLE}');"
        "ctx = CaptureQueriesContext(connection); ctx.__enter__();"
        f"c.get('/api/v2/pages/find/?html_path={ARTICLE}'); ctx.__exit__(None, None, None); print(len(ctx.captured_queries))"
    )
    return int(cms.manage("shell", "-c", code).strip().splitlines()[-1])


def worker_memory_mib(server: GunicornServer) -> list[float]:
    children = subprocess.run(["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="wrk rounds; medians are reported")
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    ensure_wrk()

    work = Path(tempfile.mkdtemp(prefix="bench-throughput-"))
    cms = LiveCMS(work / "cms")
    cms.workers = WORKERS
    cms.env.update(LOG_LEVEL="WARNING", REQUEST_LOG_LEVEL="WARNING")
    site = LiveSite(cms.api_url, work / "site-cache", workers=WORKERS, LOG_LEVEL="WARNING")
    cold = LiveSite(cms.api_url, work / "unused", workers=1, CACHE_TYPE="NullCache", LOG_LEVEL="ERROR")
    static = StaticApp()
    print(f"Setting up in {work} ...", flush=True)
    cms.prepare()
    # The same clinic with many more articles, served side by side with the small one.
    shutil.copytree(cms.var_dir, work / "cms-large")
    large_cms = LiveCMS(work / "cms-large")
    large_cms.workers = WORKERS
    large_cms.env.update(LOG_LEVEL="WARNING", REQUEST_LOG_LEVEL="WARNING")
    print(f"Adding {args.articles - 3} generated articles to the copy ...", flush=True)
    large_cms.generate_articles(args.articles - 3)
    large_cold = LiveSite(large_cms.api_url, work / "unused", workers=1, CACHE_TYPE="NullCache", LOG_LEVEL="ERROR")
    # This one server also renders pages with Wagtail itself, at /rendered/<path>.
    cms.env["DJANGO_SETTINGS_MODULE"] = "bench.wagtail_rendering_settings"
    servers = []
    for server in (cms, site, cold, large_cms, large_cold):
        server.start()
        servers.append(server)
    rows = []
    try:
        body = requests.get(site.url + ARTICLE).content
        (work / "article.html").write_bytes(body)
        static.env["BENCH_BODY_FILE"] = str(work / "article.html")
        static.start()
        servers.append(static)
        assert requests.get(cms.url + "/rendered" + ARTICLE).status_code == 200

        # The article's booking button: its counting redirect, as a reader's click reaches it.
        booking = BeautifulSoup(body, "html.parser").select_one("a[href^='/book/']")["href"]
        assert requests.get(site.url + booking, headers=BROWSER, allow_redirects=False).status_code == 302

        # Rounds in turn (baseline, cached, Wagtail, redirect, baseline, ...), medians of each.
        targets = {
            "baseline": static.url + ARTICLE,
            "cached": site.url + ARTICLE,
            "wagtail": cms.url + "/rendered" + ARTICLE,
            "redirect": site.url + booking,
        }
        runs = {name: [] for name in targets}
        for round_number in range(1, args.rounds + 1):
            print(
                f"wrk round {round_number}/{args.rounds}: minimal Flask app, cached article, Wagtail rendering, booking redirect ...",
                flush=True,
            )
            for name, url in targets.items():
                runs[name].append(wrk(url, args.duration, BROWSER if name == "redirect" else None))
        baseline, cached, wagtail, redirect = (
            {key: statistics.median(run[key] for run in runs[name]) for key in ("rps", "p50", "p99")}
            for name in targets
        )
        calls = cms_requests_per_render(cms.api_url)
        memory = worker_memory_mib(site)

        print("Cold renders, 10 and many articles and Wagtail's own rendering side by side ...", flush=True)
        total = requests.get(f"{large_cms.api_url}/pages/", params={"type": "articles.ArticlePage", "limit": 1}).json()[
            "meta"
        ]["total_count"]
        last = -(-total // 10)
        small_article, large_article, wagtail_article = median_latencies(
            [cold.url + ARTICLE, large_cold.url + ARTICLE, cms.url + "/rendered" + ARTICLE]
        )
        first, last_page = median_latencies(
            [large_cold.url + "/articles/?page=1", large_cold.url + f"/articles/?page={last}"]
        )
        small = {"article": small_article, "queries": queries_per_article_request(cms)}
        large = {
            "article": large_article,
            "queries": queries_per_article_request(large_cms),
            "first": first,
            "last": last_page,
        }

        rows = [
            ("article page bytes", f"{len(body):,}", ""),
            ("minimal Flask app, same bytes: req/s", f"{baseline['rps']:,.0f}", ""),
            ("cached article page: req/s", f"{cached['rps']:,.0f}", ""),
            ("Wagtail rendering the article itself: req/s", f"{wagtail['rps']:,.0f}", ""),
            ("cached ÷ minimal Flask", f"{cached['rps'] / baseline['rps']:.2f}", "≥ 0.8"),
            ("cached ÷ Wagtail", f"{cached['rps'] / wagtail['rps']:.1f}", "≥ 20"),
            ("booking redirect /book/<token>, each click counted: req/s", f"{redirect['rps']:,.0f}", ""),
            (
                "  redirect ÷ cached page; p99",
                f"{redirect['rps'] / cached['rps']:.2f}; {redirect['p99']:.2f} ms",
                "reported",
            ),
            ("CMS API requests per cold article render", f"{calls[ARTICLE]}", "1"),
            ("CMS API requests per cold home / list render", f"{calls['/']} / {calls['/articles/']}", "≤ 2"),
            (
                f"cold article render, median: 10 vs {total:,} articles",
                f"{small['article']:.1f} / {large['article']:.1f} ms",
                "",
            ),
            ("  ratio", f"{large['article'] / small['article']:.2f}", "≤ 1.3"),
            (
                "cold article render vs Wagtail rendering it itself, median",
                f"{small['article']:.1f} / {wagtail_article:.1f} ms",
                "",
            ),
            ("  ratio (cold site ÷ Wagtail)", f"{small['article'] / wagtail_article:.2f}", "reported"),
            (f"cold /articles/?page={last} vs ?page=1, median", f"{large['last']:.1f} / {large['first']:.1f} ms", ""),
            ("  ratio", f"{large['last'] / large['first']:.2f}", "≤ 1.3"),
            ("DB queries per article API request: 10 vs many", f"{small['queries']} / {large['queries']}", "constant"),
            (
                f"cached page latency at {CONNECTIONS} connections: p50 / p99",
                f"{cached['p50']:.2f} / {cached['p99']:.2f} ms",
                "reported",
            ),
            ("site worker resident memory after the run", " / ".join(f"{m:.0f} MiB" for m in memory), "≤ 80 MiB"),
        ]
    finally:
        for server in servers:
            server.stop()

    report.publish(
        "throughput",
        rows,
        [
            f"gunicorn: {WORKERS} workers × {THREADS} threads each; wrk -t2 -c{CONNECTIONS} -d{args.duration}s, "
            f"median of {args.rounds} rounds; cold renders: median of 40 samples, sizes in turn"
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
