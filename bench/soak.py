"""Load and faults, measured: do readers keep getting pages while things go wrong?

Starts everything itself on loopback: the CMS under gunicorn on a fresh SQLite with the demo
clinic, a private redis-server (no persistence), and the site under gunicorn (4 workers × 4
threads) on that Redis, with a short PAGE_FRESH_SECONDS so refreshes happen during the run;
the CMS tells the site what to purge. Readers (wrk, with bench/soak.lua rotating over every
page) read throughout three phases of --phase seconds each:

  1. steady: an editor publishes a new article every second with the Wagtail admin's form;
  2. CMS frozen: the CMS's gunicorn master and workers are stopped (SIGSTOP) for the middle
     of the phase, then resumed (SIGCONT); just before, the home page and the article list
     are purged, as a publish just before the freeze would (the editor publishes serially,
     so its last purge may land anywhere in phase 1);
  3. Redis restarted: the private redis-server is terminated for the middle of the phase,
     then started again, empty, on the same port.

Prints, per phase and in total, requests, 5xx, socket errors, stale answers, p99 and max
latency; how many published articles the site shows within 2 s of the end; and a verdict
line (target: no 5xx). Exits 0 whatever it measured. The table goes to bench/results/.

    make soak
    .venv/bin/python bench/soak.py --readers 64 --phase 20
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

import redis
import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import report  # noqa: E402
from bench.throughput import ensure_wrk  # noqa: E402
from shared.contract import PURGE_PATH  # noqa: E402
from shared.signing import sign  # noqa: E402

from devtools.live_servers import WEBHOOK_SECRET, LiveCMS, LiveSite, free_port  # noqa: E402

LUA = Path(__file__).resolve().parent / "soak.lua"
SITE_WORKERS = 4  # × 4 threads (devtools.live_servers.GunicornServer)
# Each fault lasts from 20% to 70% of its phase: readers before, during and after it.
FAULT_STARTS, FAULT_ENDS = 0.2, 0.7
VISIBLE_WITHIN = 2.0  # seconds after the run for each published article to show
STALE_STATES = ("STALE", "STALE-IF-ERROR")
PURGED_BEFORE_FREEZE = ["/", "/articles/"]


@dataclass
class Load:
    """What wrk saw in one phase (or several, added up)."""

    requests: int = 0
    statuses: Counter = field(default_factory=Counter)  # "200" -> answers
    cache_states: Counter = field(default_factory=Counter)  # X-Cache value ("none" when absent) -> answers
    socket_errors: int = 0  # connect, read and write errors, and timeouts
    percentiles: dict = field(default_factory=dict)  # percentile -> microseconds
    max_us: int = 0

    @classmethod
    def parse(cls, output: str) -> "Load":
        """Reads the "soak ..." lines soak.lua's done() prints."""
        load = cls()
        for line in output.splitlines():
            kind, *values = line.split()[1:] if line.startswith("soak ") else ("", "")
            if kind == "requests":
                load.requests = int(values[0])
            elif kind == "status":
                load.statuses[values[0]] = int(values[1])
            elif kind == "cache":
                load.cache_states[values[0]] = int(values[1])
            elif kind == "errors":
                load.socket_errors = sum(map(int, values))
            elif kind == "percentile":
                load.percentiles[float(values[0])] = int(values[1])
            elif kind == "max":
                load.max_us = int(values[0])
        return load

    def __add__(self, other: "Load") -> "Load":
        """Counts added up; percentiles cannot be (see p99_bound_us)."""
        return Load(
            requests=self.requests + other.requests,
            statuses=self.statuses + other.statuses,
            cache_states=self.cache_states + other.cache_states,
            socket_errors=self.socket_errors + other.socket_errors,
            max_us=max(self.max_us, other.max_us),
        )

    @property
    def server_errors(self) -> int:
        return sum(count for code, count in self.statuses.items() if code.startswith("5"))

    @property
    def stale(self) -> int:
        return sum(self.cache_states[state] for state in STALE_STATES)


def p99_bound_us(loads: list[Load]) -> int:
    """The smallest latency that at least 99% of all requests of these runs met, judged from
    each run's percentiles: an upper bound on the p99 of all of them together. wrk keeps one
    latency histogram per run and prints percentiles, not the histogram, so runs can't be merged."""
    loads = [load for load in loads if load.requests]
    if not loads:
        return 0
    total = sum(load.requests for load in loads)

    def met(latency: int) -> float:  # requests known to have taken at most `latency`
        return sum(
            load.requests * (1.0 if load.max_us <= latency else max((p for p, v in load.percentiles.items() if v <= latency), default=0) / 100)
            for load in loads
        )

    candidates = sorted({value for load in loads for value in [*load.percentiles.values(), load.max_us]})
    return next(latency for latency in candidates if met(latency) >= 0.99 * total)


class PrivateRedis:
    """A redis-server of the soak's own on a free port, without persistence, to stop and start."""

    def __init__(self, log):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = log
        self.process = None

    def start(self) -> "PrivateRedis":
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=self.log, stderr=self.log,
        )
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not answer within 10 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def gunicorn_pids(server) -> list[int]:
    """The gunicorn master and its workers."""
    children = subprocess.run(["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True).stdout.split()
    return [server.process.pid, *map(int, children)]


@contextmanager
def server_output_to(log):
    """Servers started inside inherit this file as their stderr: their tracebacks during the
    faults go there, not over the table."""
    saved = os.dup(2)
    sys.stderr.flush()
    os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def page_paths(cms: LiveCMS) -> list[str]:
    """Every page the API lists: home, the sections, each article, therapist and service."""
    items = requests.get(f"{cms.api_url}/pages/", params={"limit": 50}, timeout=10).json()["items"]
    return sorted(urlparse(item["meta"]["html_url"]).path for item in items)


def start_readers(site_url: str, paths_file: Path, args) -> subprocess.Popen:
    return subprocess.Popen(
        ["wrk", f"-t{args.threads}", f"-c{args.readers}", f"-d{args.phase}s", f"--timeout={args.phase}s",
         "-s", str(LUA), site_url, "--", str(paths_file)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def finish(readers: subprocess.Popen) -> Load:
    output, _ = readers.communicate()
    if readers.returncode != 0:
        raise RuntimeError(f"wrk failed:\n{output}")
    return Load.parse(output)


def purge(site_url: str, paths: list[str]) -> None:
    """What the CMS sends after a publish: a signed message naming the pages to refetch."""
    body = json.dumps({"event": "soak", "paths": paths}).encode()
    headers = {**sign(body, WEBHOOK_SECRET), "Content-Type": "application/json"}
    requests.post(site_url + PURGE_PATH, data=body, headers=headers, timeout=10).raise_for_status()


def sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


class Editor(threading.Thread):
    """Publishes a new article every second through the Wagtail admin's own form until `until`.

    One publish at a time, as one editor works (and as SQLite takes one writer at a time): when
    the admin takes longer than a second to answer, the next publish starts at once.
    """

    def __init__(self, cms: LiveCMS, session: requests.Session, until: float):
        super().__init__(name="editor")
        self.cms, self.session, self.until = cms, session, until
        self.published: list[tuple[str, str]] = []  # (title, slug)
        self.failures: list[str] = []
        self.seconds: list[float] = []  # how long the admin took to answer each publish

    def run(self):
        number, next_at = 0, time.monotonic()
        while next_at < self.until:
            sleep_until(next_at)
            number += 1
            title, slug = f"Soak note {number}", f"soak-note-{number}"
            started = time.monotonic()
            try:
                self.cms.publish_article(self.session, title, slug, (date(2027, 1, 1) + timedelta(days=number)).isoformat())
                self.published.append((title, slug))
                self.seconds.append(time.monotonic() - started)
            except Exception as error:  # noqa: BLE001 - a failed publish is a measurement, not the end
                self.failures.append(f"{title}: {error!r}")
            next_at = max(next_at + 1.0, time.monotonic())


def visible_within(site_url: str, published: list[tuple[str, str]], seconds: float) -> int:
    """How many published articles the site serves (200 with their title) within `seconds`."""
    deadline = time.monotonic() + seconds

    def shows(article) -> bool:
        title, slug = article
        session = requests.Session()
        while True:
            try:
                response = session.get(f"{site_url}/articles/{slug}/", timeout=max(0.1, deadline - time.monotonic()))
                if response.status_code == 200 and title in response.text:
                    return True
            except requests.RequestException:
                pass
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return sum(pool.map(shows, published))


def seconds_until_answering(url: str, since: float, limit: float) -> float | None:
    """Seconds from `since` until `url` answers 200 three times in a row (None: not within `limit`)."""
    in_a_row = 0
    while time.monotonic() - since < limit:
        try:
            in_a_row = in_a_row + 1 if requests.get(url, timeout=5).status_code == 200 else 0
        except requests.RequestException:
            in_a_row = 0
        if in_a_row == 3:
            return time.monotonic() - since
        time.sleep(0.05)
    return None


def phase_rows(name: str, load: Load, seconds: float, p99_ms: str) -> list[tuple[str, str, str]]:
    states = ", ".join(f"{state} {count:,}" for state, count in sorted(load.cache_states.items()))
    codes = ", ".join(f"{code}: {count:,}" for code, count in sorted(load.statuses.items()))
    return [
        (f"{name}: requests", f"{load.requests:,} ({load.requests / seconds:,.0f}/s)", ""),
        ("  5xx / socket errors and timeouts", f"{load.server_errors:,} / {load.socket_errors:,}", "0 / 0"),
        ("  stale answers (STALE, STALE-IF-ERROR)", f"{load.stale:,}", "reported"),
        ("  p99 / max latency", f"{p99_ms} / {load.max_us / 1000:,.0f} ms" if load.requests else "-", "reported"),
        ("  statuses", codes or "-", ""),
        ("  X-Cache", states or "-", ""),
    ]


def markdown(preamble: list[str], summaries: list, others: list[tuple[str, str, str]]) -> str:
    """The same figures for bench/results/soak.md: one row per phase, then the rest."""
    lines = ["\n\n".join(preamble), "", "| phase | requests | 5xx | socket errors, timeouts | stale | p99 ms | max ms | statuses | X-Cache |",
             "|---|--:|--:|--:|--:|--:|--:|---|---|"]
    for name, load, seconds, p99_ms in summaries:
        lines.append(
            f"| {name} | {load.requests:,} ({load.requests / seconds:,.0f}/s) | {load.server_errors:,} | {load.socket_errors:,} "
            f"| {load.stale:,} | {p99_ms} | {load.max_us / 1000:,.0f} "
            f"| {', '.join(f'{code}: {count:,}' for code, count in sorted(load.statuses.items()))} "
            f"| {', '.join(f'{state} {count:,}' for state, count in sorted(load.cache_states.items()))} |"
        )
    lines += ["", "| figure | measured | target |", "|---|---|---|"]
    lines += [f"| {figure.strip()} | {value} | {target} |" for figure, value, target in others]
    return "\n".join(lines) + "\n"


def verdict(phases: dict[str, Load], made: int, visible: int) -> str:
    total = sum(phases.values(), Load())
    problems = [
        f"{load.server_errors:,} × 5xx in '{name}'" for name, load in phases.items() if load.server_errors
    ] + [
        f"{load.socket_errors:,} socket errors/timeouts in '{name}'" for name, load in phases.items() if load.socket_errors
    ]
    if visible < made:
        problems.append(f"only {visible}/{made} publishes visible within {VISIBLE_WITHIN:.0f} s")
    if not problems:
        return f"VERDICT: PASS: 0 × 5xx in {total.requests:,} requests; {visible}/{made} publishes visible"
    return "VERDICT: FAIL (target 0 × 5xx): " + "; ".join(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phase", type=int, default=30, help="seconds per phase (3 phases)")
    parser.add_argument("--readers", type=int, default=32, help="wrk connections reading at once")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--fresh", type=int, default=2, help="the site's PAGE_FRESH_SECONDS")
    args = parser.parse_args()
    if args.phase < 5 or args.readers < args.threads:
        parser.error("--phase must be at least 5 and --readers at least --threads")
    ensure_wrk()
    # Wagtail's form-data helpers (behind LiveCMS.publish_article) need Django's settings.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()

    began = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    log = open(work / "servers.log", "a")
    print(f"Setting up in {work} (server logs: servers.log) ...", flush=True)
    cache = PrivateRedis(log).start()
    cms = LiveCMS(work / "cms")
    cms.workers = 2
    cms.env.update(LOG_LEVEL="WARNING", REQUEST_LOG_LEVEL="WARNING")
    site = LiveSite(
        cms.api_url, work / "unused", workers=SITE_WORKERS, CACHE_TYPE="RedisCache", REDIS_URL=cache.url,
        CACHE_KEY_PREFIX="soak:", PAGE_FRESH_SECONDS=str(args.fresh), LOG_LEVEL="WARNING",
    )
    site.env.pop("CMS_RETRIES")  # the site's own default, as in production
    cms.env["SITE_PURGE_URL"] = site.url + PURGE_PATH  # with the shared WEBHOOK_SECRET of live_servers
    cms.prepare()
    phases: dict[str, Load] = {}
    rows: list[tuple[str, str, str]] = []
    try:
        with server_output_to(log):
            cms.start()
            site.start()
        paths = page_paths(cms)
        for path in paths:  # every page answers before the readers start
            assert requests.get(site.url + path, timeout=10).status_code == 200, path
        paths_file = work / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        print(f"{len(paths)} pages, {args.readers} readers, {args.phase} s per phase", flush=True)

        print("Phase 1/3: steady, an editor publishing every second ...", flush=True)
        session = cms.admin_session()
        readers = start_readers(site.url, paths_file, args)
        editor = Editor(cms, session, until=time.monotonic() + args.phase)
        editor.start()
        phases["1 steady"] = finish(readers)
        editor.join()  # a publish begun in the last second finishes before the CMS freezes

        print("Phase 2/3: CMS frozen (SIGSTOP), then resumed ...", flush=True)
        started = time.monotonic()
        readers = start_readers(site.url, paths_file, args)
        sleep_until(started + args.phase * FAULT_STARTS)
        purge(site.url, PURGED_BEFORE_FREEZE)
        frozen = gunicorn_pids(cms)
        for pid in frozen:
            os.kill(pid, signal.SIGSTOP)
        sleep_until(started + args.phase * FAULT_ENDS)
        for pid in reversed(frozen):  # workers first: the master must not find them silent
            os.kill(pid, signal.SIGCONT)
        phases["2 CMS frozen"] = finish(readers)

        print("Phase 3/3: Redis stopped, then restarted on the same port ...", flush=True)
        started = time.monotonic()
        readers = start_readers(site.url, paths_file, args)
        sleep_until(started + args.phase * FAULT_STARTS)
        cache.stop()
        sleep_until(started + args.phase * FAULT_ENDS)
        cache.start()
        restarted = time.monotonic()
        recovery = seconds_until_answering(site.url + "/", restarted, limit=args.phase * (1 - FAULT_ENDS))
        phases["3 Redis restarted"] = finish(readers)

        visible = visible_within(site.url, editor.published, VISIBLE_WITHIN)
        made = len(editor.published)

        fault_seconds = args.phase * (FAULT_ENDS - FAULT_STARTS)
        summaries = [(name, load, args.phase, f"{load.percentiles.get(99.0, 0) / 1000:,.0f}") for name, load in phases.items()]
        summaries.append(
            ("total", sum(phases.values(), Load()), args.phase * len(phases), f"≤ {p99_bound_us(list(phases.values())) / 1000:,.0f}")
        )
        for summary in summaries:
            rows += phase_rows(*summary)
        others = [
            ("publishes made (phase 1)", f"{made}" + (f" ({len(editor.failures)} failed)" if editor.failures else ""), f"≈ {args.phase}"),
            ("  admin answered, median", f"{statistics.median(editor.seconds) * 1000:,.0f} ms" if editor.seconds else "-", ""),
            (f"  visible within {VISIBLE_WITHIN:.0f} s of the end (200 with title)", f"{visible}/{made}", "all"),
            ("site answering 200 again after Redis restarted", f"{recovery:.1f} s" if recovery is not None else "not within the phase", "reported"),
        ]
        rows += others
        preamble = [
            f"{len(paths)} pages in rotation; wrk -t{args.threads} -c{args.readers}, {args.phase} s per phase; "
            f"site: {SITE_WORKERS} workers × 4 threads on a private Redis, PAGE_FRESH_SECONDS={args.fresh}; CMS: 2 workers",
            f"faults last {fault_seconds:.0f} s, from {FAULT_STARTS:.0%} to {FAULT_ENDS:.0%} of their phase; "
            "the total p99 is an upper bound from each phase's percentiles",
        ]
        if editor.failures:
            preamble.append(f"first failed publish: {editor.failures[0]}")
    finally:
        for pid in gunicorn_pids(cms) if cms.process and cms.process.poll() is None else []:
            os.kill(pid, signal.SIGCONT)  # never leave a frozen CMS behind, even after an error
        site.stop()
        cms.stop()
        cache.stop()
        log.close()

    report.publish("soak", rows, preamble)
    (report.RESULTS / "soak.md").write_text(markdown(preamble, summaries, others))
    print(f"Written to {report.RESULTS / 'soak.md'}")
    print(f"Took {time.monotonic() - began:.0f} s in all.")
    print("\n" + verdict(phases, made, visible))
    return 0


if __name__ == "__main__":
    sys.exit(main())
