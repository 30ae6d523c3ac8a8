"""Load and faults, measured: do readers keep getting pages, and the latest ones, while things go wrong?

Starts everything itself on loopback: the CMS under gunicorn on a fresh SQLite with the demo
clinic, a private redis-server (no persistence), and the site under gunicorn (4 workers × 4
threads) on that Redis, with a short PAGE_FRESH_SECONDS so refreshes happen during the run;
the CMS tells the site what to purge. Readers (wrk, with bench/soak.lua rotating over every
page) read throughout five phases of --phase seconds each:

  1. steady: an editor publishes a new article every second with the Wagtail admin's form;
  2. site unreachable: the site's gunicorn is stopped, then started again (Redis keeps its data);
  3. Redis restarted empty: the private redis-server is stopped, then started again, empty;
  4. Redis frozen: the redis-server is stopped with SIGSTOP, then resumed;
  5. CMS slow: the CMS's gunicorn is stopped for 1.5 s in every 2 s, then left running.

Each fault lasts from 20% to 70% of its phase. In phases 2-5 an editor publishes one article
before the fault (and waits until readers are shown it in the article list) and one during it.
After the fault has ended (and for a few seconds past the phase, if it ended late), a reader
asks for the article list every 0.1 s: an answer without the article readers were already shown
is a resurrected copy. A publish is lost when the
site does not show it within 2 s of the phase's end.

Prints, per phase and in total, requests, 5xx, socket errors, p50/p99/max latency, stale
answers, resurrected answers and lost publishes; the throughput while Redis is frozen beside
the steady phase's; and a verdict line. Exits 0 whatever it measured. The table goes to
bench/results/.

    make soak
    .venv/bin/python bench/soak.py --readers 64 --phase 20
"""

import argparse
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
from devtools.live_servers import LiveCMS, LiveSite, free_port  # noqa: E402
from shared.site_map import PURGE_PATH  # noqa: E402

LUA = Path(__file__).resolve().parent / "soak.lua"
SITE_WORKERS = 4  # × 4 threads (devtools.live_servers.GunicornServer)
# Each fault lasts from 20% to 70% of its phase: readers before, during and after it.
FAULT_STARTS, FAULT_ENDS = 0.2, 0.7
VISIBLE_WITHIN = 2.0  # seconds after the run for each published article to show
STALE_STATES = ("STALE", "STALE-IF-ERROR")
SLOW_STOPPED, SLOW_EVERY = 1.5, 2.0  # "CMS slow": stopped this long in every this many seconds
SAMPLE_EVERY = 0.1  # seconds between the article-list checks after a fault


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
        """Counts added up; percentiles cannot be (wrk keeps one latency histogram per run)."""
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
            stdout=self.log,
            stderr=self.log,
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
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.readers}",
            f"-d{args.phase}s",
            f"--timeout={args.phase}s",
            "-s",
            str(LUA),
            site_url,
            "--",
            str(paths_file),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(readers: subprocess.Popen) -> Load:
    output, _ = readers.communicate()
    if readers.returncode != 0:
        raise RuntimeError(f"wrk failed:\n{output}")
    return Load.parse(output)


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
                self.cms.publish_article(
                    self.session, title, slug, (date(2027, 1, 1) + timedelta(days=number)).isoformat()
                )
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


class Probe:
    """One phase's publishes and what readers were shown afterwards.

    `before()` publishes an article and waits until the article list shows it: readers have
    seen it. `during()` publishes another while the fault lasts. `watch()` (a thread) asks
    for the article list every SAMPLE_EVERY seconds once the fault has ended: an answer
    without the article readers had already been shown is a resurrected older copy."""

    def __init__(self, cms: LiveCMS, session: requests.Session, site_url: str, number: int):
        self.cms, self.session, self.site_url, self.number = cms, session, site_url, number
        self.published: list[tuple[str, str]] = []
        self.seen: tuple[str, str] | None = None
        self.failures: list[str] = []
        self.checked = self.resurrected = 0
        self.stop = threading.Event()

    def publish(self, tag: str) -> tuple[str, str] | None:
        title, slug = f"Soak {self.number} {tag}", f"soak-{self.number}-{tag}"
        try:
            self.cms.publish_article(
                self.session,
                title,
                slug,
                (date(2028, 1, 1) + timedelta(days=self.number * 2 + len(self.published))).isoformat(),
            )
        except Exception as error:  # noqa: BLE001 - a failed publish is a measurement
            self.failures.append(f"{title}: {error!r}")
            return None
        self.published.append((title, slug))
        return title, slug

    def listing(self) -> str:
        try:
            response = requests.get(f"{self.site_url}/articles/", timeout=5)
            return response.text if response.status_code == 200 else ""
        except requests.RequestException:
            return ""

    def before(self, limit: float) -> None:
        article = self.publish("before")
        deadline = time.monotonic() + limit
        while article and time.monotonic() < deadline:
            if article[0] in self.listing():
                self.seen = article
                return
            time.sleep(0.05)

    def during(self) -> None:
        self.publisher = threading.Thread(target=self.publish, args=("during",), daemon=True)
        self.publisher.start()

    def watch(self) -> threading.Thread:
        def run():
            while not self.stop.wait(SAMPLE_EVERY):
                text = self.listing()
                if text and self.seen:
                    self.checked += 1
                    self.resurrected += self.seen[0] not in text

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def lost(self) -> int:
        self.publisher.join(60)  # a publish slowed by the fault counts once the admin has answered
        return len(self.published) - visible_within(self.site_url, self.published, VISIBLE_WITHIN) + len(self.failures)


class CMSSlow(threading.Thread):
    """Stops the CMS's gunicorn for SLOW_STOPPED seconds in every SLOW_EVERY until `until`."""

    def __init__(self, cms, until: float):
        super().__init__(name="cms-slow", daemon=True)
        self.pids, self.until = gunicorn_pids(cms), until

    def run(self):
        while time.monotonic() < self.until:
            started = time.monotonic()
            for pid in self.pids:
                os.kill(pid, signal.SIGSTOP)
            sleep_until(min(started + SLOW_STOPPED, self.until))
            for pid in reversed(self.pids):
                os.kill(pid, signal.SIGCONT)
            sleep_until(min(started + SLOW_EVERY, self.until))


@dataclass
class Phase:
    load: Load
    seconds: float
    resurrected: int | None = None  # answers without an article readers had been shown
    checked: int = 0  # article-list answers checked after the fault
    lost: int = 0
    published: int = 0
    note: str = ""


def ms(load: Load, percentile: float) -> str:
    return f"{load.percentiles.get(percentile, 0) / 1000:,.0f}" if load.requests else "-"


def phase_rows(name: str, phase: Phase) -> list[tuple[str, str, str]]:
    load = phase.load
    states = ", ".join(f"{state} {count:,}" for state, count in sorted(load.cache_states.items()))
    codes = ", ".join(f"{code}: {count:,}" for code, count in sorted(load.statuses.items()))
    p99_target = "≤ 2,500 ms" if name.endswith(("Redis frozen", "CMS slow")) else "reported"
    rows = [
        (f"{name}: requests", f"{load.requests:,} ({load.requests / phase.seconds:,.0f}/s)", ""),
        ("  5xx / socket errors and timeouts", f"{load.server_errors:,} / {load.socket_errors:,}", "0 / reported"),
        (
            "  p50 / p99 / max latency",
            f"{ms(load, 50.0)} / {ms(load, 99.0)} / {load.max_us / 1000:,.0f} ms",
            p99_target + " (p99)",
        ),
        ("  stale answers (STALE, STALE-IF-ERROR)", f"{load.stale:,}", "reported"),
        (
            "  resurrected after the fault",
            "-" if phase.resurrected is None else f"{phase.resurrected} of {phase.checked}",
            "0",
        ),
        ("  publishes lost", f"{phase.lost} of {phase.published}", "0"),
        ("  statuses", codes or "-", ""),
        ("  X-Cache", states or "-", ""),
    ]
    if phase.note:
        rows.append(("  note", phase.note, ""))
    return rows


def markdown(preamble: list[str], phases: dict[str, Phase], others: list[tuple[str, str, str]]) -> str:
    """The same figures for bench/results/soak.md: one row per phase, then the rest."""
    lines = [
        "\n\n".join(preamble),
        "",
        "| phase | requests | 5xx | socket errors, timeouts | p50 ms | p99 ms | max ms | stale | resurrected | publishes lost |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, phase in phases.items():
        load = phase.load
        lines.append(
            f"| {name} | {load.requests:,} ({load.requests / phase.seconds:,.0f}/s) | {load.server_errors:,} | {load.socket_errors:,} "
            f"| {ms(load, 50.0)} | {ms(load, 99.0)} | {load.max_us / 1000:,.0f} | {load.stale:,} "
            f"| {'-' if phase.resurrected is None else f'{phase.resurrected} of {phase.checked}'} | {phase.lost} of {phase.published} |"
        )
    lines += ["", "| figure | measured | target |", "|---|---|---|"]
    lines += [f"| {figure.strip()} | {value} | {target} |" for figure, value, target in others]
    return "\n".join(lines) + "\n"


def verdict(phases: dict[str, Phase], frozen_share: float) -> str:
    problems = [f"{p.load.server_errors:,} × 5xx in '{name}'" for name, p in phases.items() if p.load.server_errors]
    problems += [f"{p.resurrected} resurrected in '{name}'" for name, p in phases.items() if p.resurrected]
    problems += [f"{p.lost} publishes lost in '{name}'" for name, p in phases.items() if p.lost]
    problems += [
        f"p99 {ms(p.load, 99.0)} ms in '{name}'"
        for name, p in phases.items()
        if name.endswith(("Redis frozen", "CMS slow")) and p.load.percentiles.get(99.0, 0) > 2_500_000
    ]
    if frozen_share < 0.5:
        problems.append(f"throughput while Redis is frozen {frozen_share:.0%} of steady")
    total = sum((p.load for p in phases.values()), Load())
    if not problems:
        return f"VERDICT: PASS: 0 × 5xx, 0 resurrected, 0 publishes lost in {total.requests:,} requests"
    return "VERDICT: FAIL: " + "; ".join(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phase", type=int, default=30, help="seconds per phase (5 phases)")
    parser.add_argument("--readers", type=int, default=32, help="wrk connections reading at once")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--fresh", type=int, default=2, help="the site's PAGE_FRESH_SECONDS")
    args = parser.parse_args()
    if args.phase < 10 or args.readers < args.threads:
        parser.error("--phase must be at least 10 and --readers at least --threads")
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
        cms.api_url,
        work / "unused",
        workers=SITE_WORKERS,
        CACHE_TYPE="RedisCache",
        REDIS_URL=cache.url,
        CACHE_KEY_PREFIX="soak:",
        PAGE_FRESH_SECONDS=str(args.fresh),
        LOG_LEVEL="WARNING",
    )
    site.env.pop("CMS_RETRIES")  # the site's own default, as in production
    cms.env["SITE_PURGE_URL"] = site.url + PURGE_PATH  # with the shared WEBHOOK_SECRET of live_servers
    cms.prepare()
    phases: dict[str, Phase] = {}
    rows: list[tuple[str, str, str]] = []
    try:
        with server_output_to(log):
            cms.start()
            site.start()
        paths = page_paths(cms)
        for path in paths:  # every page answers before the readers start: readers have seen them all
            assert requests.get(site.url + path, timeout=10).status_code == 200, path
        paths_file = work / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        print(f"{len(paths)} pages, {args.readers} readers, {args.phase} s per phase", flush=True)
        session = cms.admin_session()

        print("Phase 1/5: steady, an editor publishing every second ...", flush=True)
        readers = start_readers(site.url, paths_file, args)
        editor = Editor(cms, session, until=time.monotonic() + args.phase)
        editor.start()
        load = finish(readers)
        editor.join()
        lost = len(editor.published) - visible_within(site.url, editor.published, VISIBLE_WITHIN) + len(editor.failures)
        phases["1 steady"] = Phase(load, args.phase, lost=lost, published=len(editor.published) + len(editor.failures))

        def fault_phase(number: int, name: str, begin, end) -> None:
            print(f"Phase {number}/5: {name} ...", flush=True)
            probe = Probe(cms, session, site.url, number)
            started = time.monotonic()
            readers = start_readers(site.url, paths_file, args)
            probe.before(limit=args.phase * FAULT_STARTS)
            sleep_until(started + args.phase * FAULT_STARTS)
            begin()
            probe.during()
            sleep_until(started + args.phase * FAULT_ENDS)
            note = end() or ""
            watcher = probe.watch()
            load = finish(readers)
            lost = probe.lost()
            # A fault that ended late in its phase (a site slow to start) still gets its checks.
            deadline = time.monotonic() + 3
            while probe.checked < 10 and time.monotonic() < deadline:
                time.sleep(SAMPLE_EVERY)
            probe.stop.set()
            watcher.join()
            phases[f"{number} {name}"] = Phase(
                load,
                args.phase,
                resurrected=probe.resurrected if probe.seen else None,
                checked=probe.checked,
                lost=lost,
                published=len(probe.published) + len(probe.failures),
                note=note + (f" first failed publish: {probe.failures[0]}" if probe.failures else ""),
            )

        def restart_site():
            with server_output_to(log):
                site.start()

        def restart_redis():
            cache.start()
            recovery = seconds_until_answering(site.url + "/", time.monotonic(), limit=args.phase * (1 - FAULT_ENDS))
            return (
                f"site answering 200 again {recovery:.1f} s after Redis restarted"
                if recovery is not None
                else "site not answering again within the phase"
            )

        fault_phase(2, "site unreachable", site.stop, restart_site)
        fault_phase(3, "Redis restarted empty", cache.stop, restart_redis)
        fault_phase(
            4,
            "Redis frozen",
            lambda: os.kill(cache.process.pid, signal.SIGSTOP),
            lambda: os.kill(cache.process.pid, signal.SIGCONT),
        )
        slow = []
        fault_phase(
            5,
            "CMS slow",
            lambda: (
                slow.append(CMSSlow(cms, until=time.monotonic() + args.phase * (FAULT_ENDS - FAULT_STARTS)))
                or slow[0].start()
            ),
            lambda: slow[0].join(),
        )

        steady = phases["1 steady"].load.requests or 1
        frozen_share = phases["4 Redis frozen"].load.requests / steady
        for name, phase in phases.items():
            rows += phase_rows(name, phase)
        others = [
            ("throughput while Redis is frozen, of steady", f"{frozen_share:.0%}", "≥ 50%"),
            (
                "  admin answered a publish, median (phase 1)",
                f"{statistics.median(editor.seconds) * 1000:,.0f} ms" if editor.seconds else "-",
                "",
            ),
        ]
        rows += others
        preamble = [
            f"{len(paths)} pages in rotation; wrk -t{args.threads} -c{args.readers}, {args.phase} s per phase; "
            f"site: {SITE_WORKERS} workers × 4 threads on a private Redis, PAGE_FRESH_SECONDS={args.fresh}; CMS: 2 workers",
            f"faults last {args.phase * (FAULT_ENDS - FAULT_STARTS):.0f} s, from {FAULT_STARTS:.0%} to {FAULT_ENDS:.0%} of their phase; "
            f"CMS slow: stopped {SLOW_STOPPED} s in every {SLOW_EVERY} s",
        ]
        if editor.failures:
            preamble.append(f"first failed publish (phase 1): {editor.failures[0]}")
    finally:
        for pid in gunicorn_pids(cms) if cms.process and cms.process.poll() is None else []:
            os.kill(pid, signal.SIGCONT)  # never leave a frozen CMS behind, even after an error
        if cache.process and cache.process.poll() is None:
            os.kill(cache.process.pid, signal.SIGCONT)
        site.stop()
        cms.stop()
        cache.stop()
        log.close()

    report.publish("soak", rows, preamble)
    (report.RESULTS / "soak.md").write_text(markdown(preamble, phases, others))
    print(f"Written to {report.RESULTS / 'soak.md'}")
    print(f"Took {time.monotonic() - began:.0f} s in all.")
    print("\n" + verdict(phases, frozen_share))
    return 0


if __name__ == "__main__":
    sys.exit(main())
