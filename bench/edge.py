"""The edge, measured side by side in one run on loopback: nginx serving the article's bytes as a
file, the same article through the edge (the repository's VCL under varnishd), and the site's own
cached path (gunicorn, 2 workers x 4 threads). wrk -t2 -c32, medians of the rounds.

Then: publishes through the Wagtail admin's own form and times how long until the edge serves a
page showing the new article (the list, and an article whose related list shows it: purged by key
only); and readers' latency through the edge while 500 slow-header sockets (slowloris) are open
against it, and against the site alone for comparison.

    .venv/bin/python bench/edge.py --duration 5 --rounds 3 --publishes 20 --slow 500

Needs varnishd with varnish-modules (apt-get install varnish varnish-modules), nginx and wrk.
"""

import argparse
import gzip
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import report  # noqa: E402
from bench.throughput import ensure_wrk, wrk  # noqa: E402
from devtools.edge import LiveVarnish  # noqa: E402
from devtools.live_servers import LiveCMS, LiveSite, free_port  # noqa: E402
from shared.site_map import PURGE_PATH  # noqa: E402

ARTICLE = "/articles/massage-for-the-feet/"
NGINX_CONF = """{user}worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx-tmp;
    server {{
        listen 127.0.0.1:{port};
        root {work}/static;
        index index.html;
        gzip_static on;
        default_type text/html;
    }}
}}
"""


class Nginx:
    def __init__(self, work: Path, body: bytes):
        self.work, self.port = work, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        page = work / "static" / ARTICLE.strip("/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_bytes(body)
        page.with_name("index.html.gz").write_bytes(gzip.compress(body, 6))  # for gzip_static
        # Started as root, its workers would run as another user who cannot read a private temp folder.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (work / "nginx.conf").write_text(NGINX_CONF.format(user=user, work=work, port=self.port))

    def start(self) -> "Nginx":
        self.process = subprocess.Popen(["nginx", "-c", str(self.work / "nginx.conf"), "-g", "daemon off;"])
        for _ in range(100):
            try:
                requests.get(self.url + ARTICLE, timeout=1).raise_for_status()
                return self
            except requests.RequestException:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class SlowHeaders:
    """`count` sockets sending a request's headers one short line every second, never ending them;
    a socket the server closes is opened again at once (as an attacker would)."""

    def __init__(self, port: int, count: int):
        self.port, self.count, self.stop_flag = port, count, threading.Event()
        self.open_counts, self.reopened = [], 0

    def _connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=2)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: slow.example\r\n")
        return sock

    def run(self) -> None:
        sockets = []
        while not self.stop_flag.is_set():
            while len(sockets) < self.count:
                try:
                    sockets.append(self._connect())
                except OSError:
                    break
            for sock in list(sockets):
                try:
                    sock.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    sockets.remove(sock)
                    sock.close()
                    self.reopened += 1
            self.open_counts.append(len(sockets))
            self.stop_flag.wait(1.0)
        for sock in sockets:
            sock.close()

    def __enter__(self):
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        time.sleep(3)  # all open and trickling before readers start
        return self

    def __exit__(self, *exc):
        self.stop_flag.set()
        self.thread.join(timeout=10)


def readers(url: str, duration: int) -> dict:
    """Normal readers (wrk -t1 -c4: a steady stream, not a saturating load), gzip as browsers ask;
    timeouts are reported, not fatal (a site under slowloris may not answer at all)."""
    out = subprocess.run(
        ["wrk", "-t1", "-c4", f"-d{duration}s", "--timeout", "2s", "--latency", "-H", "Accept-Encoding: gzip", url],
        capture_output=True,
        text=True,
    ).stdout

    def millis(label):
        found = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        return float(found.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[found.group(2)] if found else float("nan")

    timeouts = re.search(r"timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99": millis("99"),
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


def publish_latencies(cms: LiveCMS, urls: dict[str, str], count: int) -> dict[str, list[float]]:
    """Per server (name: base URL), seconds from the admin's publish returning until it serves the
    article list and the feet article (whose related list shows the newest articles: purged by
    key only) with the new title."""
    session, latencies = cms.admin_session(), {name: [] for name in urls}
    paths = ("/articles/", ARTICLE)
    for n in range(count):
        title = f"Edge bench article {n}"
        for url in urls.values():
            for path in paths:
                requests.get(url + path, timeout=10)  # cached before the change
        cms.publish_article(session, title, f"edge-bench-{n}", f"2026-12-{1 + n % 28:02d}")
        published, waiting = time.monotonic(), dict(urls)
        while waiting:
            for name, url in list(waiting.items()):
                if all(title in requests.get(url + path, timeout=10).text for path in paths):
                    latencies[name].append(time.monotonic() - published)
                    del waiting[name]
            if time.monotonic() - published > 30:
                raise RuntimeError(f"{', '.join(waiting)} did not show {title!r} within 30 s")
            time.sleep(0.01)
    return latencies


def main() -> int:
    # The admin's form data helpers (wagtail.test.utils) need Django set up in this process.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="wrk rounds; medians are reported")
    parser.add_argument("--publishes", type=int, default=20)
    parser.add_argument("--slow", type=int, default=500, help="slow-header sockets")
    args = parser.parse_args()
    ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="bench-edge-"))
    print(f"Setting up in {work} ...", flush=True)
    cms = LiveCMS(work / "cms")
    cms.workers = 2
    cms.env.update(LOG_LEVEL="WARNING", REQUEST_LOG_LEVEL="WARNING")
    cms.prepare()
    site = LiveSite(cms.api_url, work / "site-cache", workers=2, LOG_LEVEL="WARNING").start()
    varnish = LiveVarnish(work / "varnish", site.port, cms.port, memory="256m").start()
    cms.env.update(SITE_PURGE_URL=site.url + PURGE_PATH, FRONTEND_CACHE_HTTP_URL=varnish.url)
    cms.start()
    servers = [cms, varnish, site]
    try:
        body = requests.get(site.url + ARTICLE).content
        nginx = Nginx(work, body).start()
        servers.append(nginx)
        zipped = {"Accept-Encoding": "gzip"}
        targets = {
            "nginx, the page as a file": (nginx.url + ARTICLE, None),
            "nginx, the file gzipped (gzip_static)": (nginx.url + ARTICLE, zipped),
            "edge (varnishd), plain": (varnish.url + ARTICLE, None),
            "edge (varnishd), gzip as browsers ask": (varnish.url + ARTICLE, zipped),
            "site's own cached path": (site.url + ARTICLE, None),
        }
        for url, headers in targets.values():
            requests.get(url, headers=headers)  # warm
        runs = {name: [] for name in targets}
        for number in range(1, args.rounds + 1):
            print(f"wrk round {number}/{args.rounds} ...", flush=True)
            for name, (url, headers) in targets.items():
                runs[name].append(wrk(url, args.duration, headers))
        medians = {
            name: {k: statistics.median(r[k] for r in run) for k in ("rps", "p99")} for name, run in runs.items()
        }
        # Each is compared with nginx sending the same bytes: plain with the file, gzip with the .gz.
        static = {False: medians["nginx, the page as a file"]["rps"]}
        static[True] = medians["nginx, the file gzipped (gzip_static)"]["rps"]
        rows = []
        for name, figures in medians.items():
            ratio = figures["rps"] / static[targets[name][1] is not None]
            target = "≥ 0.8× nginx (at least 0.5×)" if name.startswith("edge") else ""
            rows.append(
                (f"{name}: req/s (p99)", f"{figures['rps']:,.0f} ({figures['p99']:.1f} ms), {ratio:.2f}×", target)
            )

        print(f"Publishing {args.publishes} articles through the admin ...", flush=True)
        measured = publish_latencies(cms, {"edge": varnish.url, "site": site.url}, args.publishes)
        for name, latencies in measured.items():
            latencies = sorted(latencies)
            p99 = latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))]
            rows.append(
                (
                    f"publish -> {name} serves it ({len(latencies)} publishes): median / p99 / max",
                    f"{statistics.median(latencies) * 1000:.0f} / {p99 * 1000:.0f} / {latencies[-1] * 1000:.0f} ms",
                    "p99 < 1 s",
                )
            )

        print(f"Readers alone, then with {args.slow} slow-header sockets open ...", flush=True)
        calm = readers(varnish.url + ARTICLE, args.duration)
        rows.append(("edge, readers alone (wrk -c4): p99, req/s", f"{calm['p99']:.1f} ms, {calm['rps']:,.0f}", ""))
        for label, server_port, url in (
            ("edge", varnish.port, varnish.url + ARTICLE),
            ("site alone (no edge)", site.port, site.url + ARTICLE),
        ):
            with SlowHeaders(server_port, args.slow) as slow:
                measured = readers(url, args.duration)
            held = statistics.median(slow.open_counts) if slow.open_counts else 0
            rows.append(
                (
                    f"{label}, readers with {args.slow} slowloris sockets: p99, req/s, timeouts",
                    (
                        f"{measured['p99']:.1f} ms, {measured['rps']:,.0f}, {measured['timeouts']}"
                        if measured["rps"]
                        else f"no reader answered in {args.duration} s"
                    )
                    + f" (sockets held open: median {held:.0f}, reopened {slow.reopened})",
                    "p99 < 50 ms" if label == "edge" else "",
                )
            )
    finally:
        for server in servers:
            server.stop()
    report.publish(
        "edge",
        rows,
        [
            "Edge benchmark: wrk -t2 -c32, 2 site workers x 4 threads, loopback, one machine (shared with other work)",
            f"{args.rounds} rounds of {args.duration} s each, medians; ratios to nginx serving the same bytes",
        ],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
