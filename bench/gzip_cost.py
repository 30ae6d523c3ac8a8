"""What gzip costs the site's cached path: one cached article, with and without compression, side by side.

Starts the CMS (demo clinic) and two sites under gunicorn (2 workers × 4 threads, as bench/throughput.py
does): one with SITE_GZIP on (the default), one with it off. wrk reads the same article in turn:
from the gzip site without Accept-Encoding (identity), with `Accept-Encoding: gzip`, and from the
site without gzip; medians of the rounds. Each worker compresses a page once, then serves its kept copy.

    .venv/bin/python bench/gzip_cost.py --duration 5 --rounds 3
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import report  # noqa: E402
from bench.throughput import ARTICLE, WORKERS, ensure_wrk, wrk  # noqa: E402
from devtools.live_servers import LiveCMS, LiveSite  # noqa: E402

GZIP = {"Accept-Encoding": "gzip"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="wrk rounds; medians are reported")
    args = parser.parse_args()
    ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="gzip-bench-"))
    cms = LiveCMS(work / "cms")
    cms.env.update(LOG_LEVEL="WARNING", REQUEST_LOG_LEVEL="WARNING")
    sites = {
        "on": LiveSite(cms.api_url, work / "cache-on", workers=WORKERS, LOG_LEVEL="WARNING"),
        "off": LiveSite(cms.api_url, work / "cache-off", workers=WORKERS, LOG_LEVEL="WARNING", SITE_GZIP="0"),
    }
    cases = [
        ("cached article, gzip site, no Accept-Encoding", "on", {}),
        ("cached article, gzip site, Accept-Encoding: gzip", "on", GZIP),
        ("cached article, SITE_GZIP=off", "off", {}),
    ]
    print(f"Setting up in {work} ...", flush=True)
    cms.prepare()
    servers = [cms.start(), *(site.start() for site in sites.values())]
    try:
        sizes = {}
        for label, name, headers in cases:
            for _ in range(20):  # every worker holds the page (and its compressed copy)
                answer = requests.get(sites[name].url + ARTICLE, headers={"Accept-Encoding": "identity", **headers})
            sizes[label] = int(answer.headers["Content-Length"])
        results = {label: [] for label, _name, _headers in cases}
        for round_number in range(args.rounds):
            for label, name, headers in cases:  # in turn, so load from other sessions hits all alike
                results[label].append(wrk(sites[name].url + ARTICLE, args.duration, headers))
            print(f"round {round_number + 1}/{args.rounds} done", flush=True)
        base = statistics.median(r["rps"] for r in results[cases[0][0]])
        rows = []
        for label, _name, _headers in cases:
            rps = statistics.median(r["rps"] for r in results[label])
            p99 = statistics.median(r["p99"] for r in results[label])
            rows.append(
                (label, f"{rps:,.0f} req/s ({rps / base:.2f}×), p99 {p99:.1f} ms", f"answer: {sizes[label]:,} bytes")
            )
        report.publish(
            "gzip_cost",
            rows,
            [
                f"wrk -t2 -c32, {args.rounds} rounds of {args.duration} s (medians), {WORKERS} workers × 4 threads per site; the machine is shared"
            ],
        )
    finally:
        for server in reversed(servers):
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
