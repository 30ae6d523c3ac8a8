"""How fast a publish reaches readers, and what readers get when the CMS is down.

Starts the real stack on loopback: the CMS under gunicorn and SITES site processes
(gunicorn, one worker each, so each can be asked directly) sharing one cache.
Then, PUBLISHES times: warm every worker's article list, publish a new article with
the Wagtail admin's own form, and time until every worker's list shows it.
Finally purges a few of the pages readers had seen (as a publish just before an
outage would), stops the CMS and asks every worker for the pages readers had seen
(target: all 200) and for pages nobody had seen (target: 503, never 500).

    make bench                       # or: .venv/bin/python bench/publish_latency.py
    .venv/bin/python bench/publish_latency.py --publishes 30 --sites 4 --cache redis
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import redis
import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
# Wagtail's form-data helpers (used to fill in the admin's form) need Django's settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
import django  # noqa: E402

django.setup()

from bench import report  # noqa: E402
from devtools.live_servers import WEBHOOK_SECRET, LiveCMS, LiveSite, free_port  # noqa: E402
from shared.signing import sign  # noqa: E402
from shared.site_map import PURGE_PATH  # noqa: E402


def wait_until_all_show(urls: list[str], text: str, timeout: float = 30.0) -> list[float]:
    """Poll every URL in parallel; return, per URL, the seconds until it showed `text`."""
    start = time.perf_counter()
    seen = [None] * len(urls)

    def poll(index, url):
        session = requests.Session()
        while time.perf_counter() - start < timeout:
            if text in session.get(url, timeout=5).text:
                seen[index] = time.perf_counter() - start
                return
            time.sleep(0.005)

    threads = [threading.Thread(target=poll, args=item) for item in enumerate(urls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if None in seen:
        raise RuntimeError(f"not every worker showed {text!r} within {timeout} s")
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--publishes", type=int, default=20)
    parser.add_argument("--sites", type=int, default=4, help="site worker processes sharing the cache")
    parser.add_argument("--cache", choices=["filesystem", "redis"], default="filesystem")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    cache_env = (
        {
            "CACHE_TYPE": "RedisCache",
            "REDIS_URL": "redis://127.0.0.1:6379/14",
            "CACHE_KEY_PREFIX": f"bench{free_port()}:",
        }
        if args.cache == "redis"
        else {}
    )
    cms = LiveCMS(work / "cms")
    cms.env["LOG_LEVEL"] = "WARNING"
    sites = [
        LiveSite(cms.api_url, work / "site-cache", workers=1, LOG_LEVEL="ERROR", **cache_env) for _ in range(args.sites)
    ]
    # Every site process is a worker behind one purge address in production (a load balancer);
    # here the CMS notifies the first, and the purge must reach the others through the shared cache.
    cms.env["SITE_PURGE_URL"] = sites[0].url + PURGE_PATH
    print(f"Setting up the CMS with the demo clinic in {work} ...", flush=True)
    cms.prepare().start()
    for site in sites:
        site.start()

    rows = []
    try:
        session = cms.admin_session()
        lists = [f"{site.url}/articles/" for site in sites]
        latencies, from_commit = [], []
        for number in range(1, args.publishes + 1):
            for url in lists:  # every worker has the list cached before the publish
                requests.get(url, timeout=5)
            title = f"Benchmark note {number}"
            started = time.perf_counter()
            cms.publish_article(
                session, title, f"benchmark-note-{number}", (date(2026, 12, 1) + timedelta(days=number)).isoformat()
            )
            committed = time.perf_counter() - started
            seen = wait_until_all_show(lists, title)
            total = committed + max(seen)
            latencies.append(total)
            from_commit.append(max(seen))
            print(
                f"  publish {number:2d}: every worker showed it {total * 1000:6.0f} ms after the click "
                f"({max(seen) * 1000:5.0f} ms after Wagtail answered)",
                flush=True,
            )
        rows += [
            ("publishes", f"{len(latencies)}", "≥ 20"),
            ("site worker processes sharing the cache", f"{args.sites} ({args.cache})", ""),
            ("publish → every worker serves it, median", f"{statistics.median(latencies) * 1000:.0f} ms", "< 1000 ms"),
            (
                "  p90 / max",
                f"{sorted(latencies)[int(len(latencies) * 0.9) - 1] * 1000:.0f} / {max(latencies) * 1000:.0f} ms",
                "",
            ),
            ("  of which after Wagtail answered, median", f"{statistics.median(from_commit) * 1000:.0f} ms", ""),
        ]

        # Readers have seen these pages on every worker; then the CMS goes away.
        seen_paths = [
            "/",
            "/articles/",
            "/articles/massage-for-the-feet/",
            "/therapists/",
            "/therapists/piia-laakso/",
            "/services/",
            "/services/holistic-massage/",
        ] + [f"/articles/benchmark-note-{n}/" for n in range(1, 4)]
        unseen_paths = [
            "/therapists/maija-virtanen/",
            "/services/pelvic-health-assessment/",
            "/articles/benchmark-note-5/",
        ]
        for site in sites:
            for path in seen_paths:
                assert requests.get(site.url + path, timeout=5).status_code == 200, path
        # As if an editor published just before the outage: these must be refetched, and can't be.
        purged = ["/", "/articles/", "/articles/massage-for-the-feet/"]
        body = json.dumps({"event": "bench", "paths": purged}).encode()
        headers = {**sign(body, WEBHOOK_SECRET), "Content-Type": "application/json"}
        assert requests.post(sites[0].url + PURGE_PATH, data=body, headers=headers, timeout=5).status_code == 200
        cms.stop()
        seen_results = Counter()
        states = Counter()
        for site in sites:
            for path in seen_paths:
                response = requests.get(site.url + path, timeout=10)
                seen_results[response.status_code] += 1
                states[response.headers.get("X-Cache", "-")] += 1
        unseen_results = Counter(
            requests.get(site.url + path, timeout=10).status_code for site in sites for path in unseen_paths
        )
        total_seen = sum(seen_results.values())
        rows += [
            (
                "CMS stopped: seen pages answered 200",
                f"{seen_results[200]}/{total_seen} ({100 * seen_results[200] / total_seen:.0f}%)",
                "100%",
            ),
            ("  served as", ", ".join(f"{state} {count}" for state, count in sorted(states.items())), ""),
            (
                "CMS stopped: unseen pages",
                ", ".join(f"{code}: {count}" for code, count in sorted(unseen_results.items())),
                "503, never 500",
            ),
        ]
    finally:
        for site in sites:
            site.stop()
        cms.stop()
        if cache_env:
            client = redis.Redis.from_url(cache_env["REDIS_URL"])
            for key in client.scan_iter(f"{cache_env['CACHE_KEY_PREFIX']}*"):
                client.delete(key)

    report.publish("publish_latency", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
