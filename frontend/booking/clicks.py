"""Booking clicks waiting for the CMS to collect them, kept where a restart cannot lose them.

Each click is (day, page id, place, destination): nothing about the reader. The pending
counts live in the coordination store (Redis, or files beside the file cache), so they
survive a restart and every worker adds to the same counts. Collecting is two-step, so
a collection the CMS never stored is not lost: `collect(ack)` drops the batches the CMS
acknowledges, seals what is pending into a new batch and returns every unacknowledged
batch (the CMS stores a batch id once, see cms/booking_clicks/collect.py).

Store errors propagate; the redirect calls these through the StoreGuard, so a store
that is down costs the count, never the redirect.
"""

import fcntl
import json
import os
import threading
import uuid
from collections import Counter
from pathlib import Path

import redis

from frontend.caching.redis_clients import REDIS_TYPES, redis_client

Click = tuple[str, int | None, str, str]  # day, page id, place, destination


def batch(batch_id: str, counts: Counter) -> dict:
    return {
        "id": batch_id,
        "clicks": [
            {"day": day, "page": page, "place": place, "destination": destination, "count": count}
            for (day, page, place, destination), count in sorted(counts.items(), key=repr)
        ],
    }


class RedisClickStore:
    """A hash of counts (HINCRBY: atomic across workers); RENAME seals it into a batch."""

    def __init__(self, client: redis.Redis, prefix: str):
        self.client = client
        self.pending = f"{prefix}booking-clicks:pending"
        self.batches = f"{prefix}booking-clicks:batches"
        self.prefix = f"{prefix}booking-clicks:batch:"

    def record(self, click: Click) -> None:
        self.client.hincrby(self.pending, json.dumps(click), 1)

    def collect(self, ack: list[str]) -> list[dict]:
        if ack:
            pipe = self.client.pipeline()
            pipe.delete(*(self.prefix + batch_id for batch_id in ack))
            pipe.srem(self.batches, *ack)
            pipe.execute()
        if self.client.exists(self.pending):
            batch_id = uuid.uuid4().hex
            try:
                self.client.rename(self.pending, self.prefix + batch_id)
            except redis.ResponseError:
                pass  # another collector sealed it first
            else:
                self.client.sadd(self.batches, batch_id)
        batches = []
        for raw_id in sorted(self.client.smembers(self.batches)):
            batch_id = raw_id.decode()
            counts = Counter(
                {
                    tuple(json.loads(key)): int(value)
                    for key, value in self.client.hgetall(self.prefix + batch_id).items()
                }
            )
            batches.append(batch(batch_id, counts))
        return batches


class FileClickStore:
    """One line per click appended to `pending.jsonl` under an exclusive lock; sealing renames
    the file into `batches/`. A writer that opened the file just before the rename notices (the
    path no longer names its file) and writes to the new pending file instead."""

    def __init__(self, directory: str):
        self.root = Path(directory)
        self.pending = self.root / "pending.jsonl"
        self.batches = self.root / "batches"

    def record(self, click: Click) -> None:
        line = (json.dumps(click) + "\n").encode()
        for _attempt in range(3):
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.pending, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    current = os.stat(self.pending).st_ino
                except FileNotFoundError:
                    current = None
                if current == os.fstat(fd).st_ino:
                    os.write(fd, line)
                    return
            finally:
                os.close(fd)  # also releases the lock
        raise OSError("the pending booking clicks file kept moving")

    def collect(self, ack: list[str]) -> list[dict]:
        self.batches.mkdir(parents=True, exist_ok=True)
        for batch_id in ack:
            (self.batches / f"{batch_id}.jsonl").unlink(missing_ok=True)
        if self.pending.exists():
            sealed = self.batches / f"{uuid.uuid4().hex}.jsonl"
            try:
                os.rename(self.pending, sealed)
            except FileNotFoundError:
                pass
            else:
                # Wait out a writer that locked the file before the rename.
                with open(sealed, "rb") as held:
                    fcntl.flock(held, fcntl.LOCK_EX)
        batches = []
        for path in sorted(self.batches.glob("*.jsonl")):
            counts = Counter(tuple(json.loads(line)) for line in path.read_text().splitlines() if line.strip())
            batches.append(batch(path.stem, counts))
        return batches


class MemoryClickStore:
    """One process only (SimpleCache or NullCache): counts are lost on restart."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pending: Counter = Counter()
        self.sealed: dict[str, Counter] = {}

    def record(self, click: Click) -> None:
        with self.lock:
            self.pending[click] += 1

    def collect(self, ack: list[str]) -> list[dict]:
        with self.lock:
            for batch_id in ack:
                self.sealed.pop(batch_id, None)
            if self.pending:
                self.sealed[uuid.uuid4().hex] = self.pending
                self.pending = Counter()
            return [batch(batch_id, counts) for batch_id, counts in sorted(self.sealed.items())]


def click_store_for(config: dict):
    cache_type = config["CACHE_TYPE"]
    if cache_type in REDIS_TYPES:
        return RedisClickStore(redis_client(config), config.get("CACHE_KEY_PREFIX", ""))
    if cache_type == "FileSystemCache":
        return FileClickStore(config["CACHE_DIR"].rstrip("/") + "-shared/booking-clicks")
    return MemoryClickStore()
