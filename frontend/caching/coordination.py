"""What the site's workers must agree on, with atomic operations on a shared store.

- claims: "first one wins" for a while, each held by an owner token; used as fetch
  locks (one CMS request per page at a time). Only the owner releases a claim, once;
  a claim whose holder died expires by itself;
- marks: "seen before?" for webhook signatures (replays);
- generations: a token per name (a path, or "*" for every page), replaced by a purge;
  a cached page is only valid with the tokens it was stored under;
- the epoch: a token the store keeps without expiry and makes anew when it finds none.
  It is read with every set of generations (`tokens`) and recorded in every copy, so
  when the store loses its data (a restart without persistence, a flush, a failover) a
  missing generation cannot read as "never purged": every older copy, in the shared
  cache and in workers' memory, carries another epoch and is invalid.

flask-caching's `add` is not atomic on the filesystem backend and its files may be
pruned at any time, so these live beside the cache: in Redis, or in files of their own.
Store errors propagate; `guard.py` decides what a failure means for a request.
"""

import hashlib
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path

import redis
from redis.exceptions import LockError

from .redis_clients import REDIS_TYPES, redis_client

NEVER_PURGED = "0"
EPOCH = "epoch"  # the name the epoch is returned under by `tokens`


class Claim:
    """A claim this process holds; `release()` gives it up at most once, and only if still ours."""

    def __init__(self, release):
        self._release = release
        self._lock = threading.Lock()
        self.released = False

    def release(self) -> None:
        with self._lock:
            if self.released:
                return
            self.released = True
        self._release()


class RedisCoordinator:
    """Claims are redis-py Locks (an owner token per holder; release checks it atomically)."""

    def __init__(self, url: "str | redis.Redis", prefix: str, socket_timeout: float = 0.5):
        if isinstance(url, redis.Redis):  # a client made for the configuration (redis_clients.py)
            self.client = url
        else:
            self.client = redis.Redis.from_url(
                url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout
            )
        self.prefix = prefix

    def claim(self, name: str, ttl: float) -> Claim | None:
        # Not thread-local: a claim taken by a request may be released by its background refresh.
        lock = self.client.lock(f"{self.prefix}claim:{name}", timeout=ttl, blocking=False, thread_local=False)
        if not lock.acquire():
            return None

        def release():
            try:
                lock.release()
            except LockError:
                pass  # it expired and someone else may hold it now: theirs, not ours to delete

        return Claim(release)

    def mark(self, name: str, ttl: float) -> bool:
        """Record `name` for `ttl` seconds; False if it was already recorded."""
        return bool(self.client.set(f"{self.prefix}mark:{name}", b"1", nx=True, px=int(ttl * 1000)))

    def tokens(self, names: list[str]) -> dict[str, str]:
        """The epoch and these names' generations, read in one MGET (one snapshot). With no
        epoch the store has lost its data: one is made (SET NX: one worker's wins, no expiry)
        and everything read again."""
        epoch = f"{self.prefix}{EPOCH}"
        keys = [epoch, *(f"{self.prefix}generation:{name}" for name in names)]
        values = self.client.mget(keys)
        if values[0] is None:
            self.client.set(epoch, uuid.uuid4().hex, nx=True)
            values = self.client.mget(keys)
        return {EPOCH: values[0].decode()} | {
            name: value.decode() if value else NEVER_PURGED for name, value in zip(names, values[1:], strict=True)
        }

    def bump(self, names) -> None:
        self.client.mset({f"{self.prefix}generation:{name}": uuid.uuid4().hex for name in names})

    def ping(self) -> None:
        self.client.ping()


class FileCoordinator:
    """Files in a directory of their own, for workers on one machine.

    A claim is a file holding its owner's token, whose modification time is its expiry;
    it is written under a unique name and hard-linked into place: the link succeeds
    (ours) or fails (a live claim exists). An expired claim is removed and may be taken;
    expired claim files nobody asks for again are swept now and then.
    A generation is a file whose modification time (in nanoseconds) is its token: one
    stat() per page served. A purge sets it strictly later. The epoch is a file made
    once, exclusively; its inode and modification time are its token. If it or the
    directory vanishes (deleted by hand), it is made again: a new epoch.
    """

    SWEEP_EVERY = 60.0  # seconds between sweeps of expired claim files

    def __init__(self, directory: str):
        self.root = Path(directory)
        self.claims = self.root / "claims"
        self.generation_dir = self.root / "generations"
        self.everything = self._file(self.generation_dir, "*")
        self.epoch = self.root / EPOCH
        self.next_sweep = 0.0
        self._make_directories()

    def _make_directories(self) -> None:
        self.claims.mkdir(parents=True, exist_ok=True)
        self.generation_dir.mkdir(parents=True, exist_ok=True)
        if not self.everything.exists():
            # A new (or re-made) store: nothing cached before may be trusted.
            self.bump(["*"])

    @staticmethod
    def _file(directory: Path, name: str) -> Path:
        return directory / hashlib.sha256(name.encode()).hexdigest()

    def _link_claim(self, path: Path, token: str, ttl: float) -> bool:
        fd, temp = tempfile.mkstemp(dir=self.claims, prefix=".tmp-")
        try:
            os.write(fd, token.encode())
            os.close(fd)
            expiry = time.time() + ttl
            os.utime(temp, (expiry, expiry))
            for _attempt in range(2):
                try:
                    os.link(temp, path)
                    return True
                except FileExistsError:
                    try:
                        if path.stat().st_mtime > time.time():
                            return False
                        path.unlink()  # expired: its holder died or overran
                    except FileNotFoundError:
                        pass
            return False
        finally:
            os.unlink(temp)

    def claim(self, name: str, ttl: float) -> Claim | None:
        self._sweep()
        path, token = self._file(self.claims, name), uuid.uuid4().hex
        try:
            taken = self._link_claim(path, token, ttl)
        except FileNotFoundError:
            self._make_directories()
            taken = self._link_claim(path, token, ttl)
        if not taken:
            return None

        def release():
            try:
                # Ours only while it holds our token and has not expired (an expired
                # claim may be re-taken by another worker at any moment).
                if path.read_text() == token and path.stat().st_mtime > time.time() + 0.5:
                    path.unlink()
            except FileNotFoundError:
                pass

        return Claim(release)

    def mark(self, name: str, ttl: float) -> bool:
        claim = self.claim(f"mark:{name}", ttl)
        return claim is not None  # never released: it lapses after ttl

    def _sweep(self) -> None:
        now = time.time()
        if now < self.next_sweep:
            return
        self.next_sweep = now + self.SWEEP_EVERY
        for path in self.claims.glob("*"):
            try:
                if path.stat().st_mtime < now - 1:
                    path.unlink()
            except FileNotFoundError:
                pass

    def _epoch(self) -> str:
        for _attempt in range(3):
            try:
                stat = os.stat(self.epoch)
                return f"{stat.st_ino}-{stat.st_mtime_ns}"
            except FileNotFoundError:
                self._make_directories()
                try:
                    os.close(os.open(self.epoch, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                except FileExistsError:
                    pass  # another worker made it first: theirs is the epoch
        raise OSError(f"could not keep an epoch file at {self.epoch}")

    def tokens(self, names: list[str]) -> dict[str, str]:
        tokens = {EPOCH: self._epoch()}
        for name in names:
            try:
                tokens[name] = str(os.stat(self._file(self.generation_dir, name)).st_mtime_ns)
            except FileNotFoundError:
                tokens[name] = NEVER_PURGED
        return tokens

    def bump(self, names) -> None:
        for name in names:
            path = self._file(self.generation_dir, name)
            try:
                path.touch()
            except FileNotFoundError:
                self.generation_dir.mkdir(parents=True, exist_ok=True)
                path.touch()
            # Strictly later than before, even within the filesystem clock's granularity.
            token = max(time.time_ns(), path.stat().st_mtime_ns + 1)
            os.utime(path, ns=(token, token))

    def ping(self) -> None:
        if not (self.claims.is_dir() and os.access(self.claims, os.W_OK)):
            raise OSError(f"{self.claims} is not a writable directory")


class LocalCoordinator:
    """One process (SimpleCache, NullCache, or while the shared store is down): dicts will do."""

    def __init__(self):
        self.lock = threading.Lock()
        self.expiries: dict[str, tuple[float, str]] = {}
        self.generations: dict[str, str] = {EPOCH: uuid.uuid4().hex}  # this process's own epoch

    def claim(self, name: str, ttl: float) -> Claim | None:
        token = uuid.uuid4().hex
        with self.lock:
            now = time.monotonic()
            if self.expiries.get(name, (0, ""))[0] > now:
                return None
            self.expiries = {key: held for key, held in self.expiries.items() if held[0] > now}
            self.expiries[name] = (now + ttl, token)

        def release():
            with self.lock:
                if self.expiries.get(name, (0, ""))[1] == token:
                    del self.expiries[name]

        return Claim(release)

    def mark(self, name: str, ttl: float) -> bool:
        return self.claim(f"mark:{name}", ttl) is not None

    def tokens(self, names: list[str]) -> dict[str, str]:
        with self.lock:
            return {EPOCH: self.generations[EPOCH]} | {name: self.generations.get(name, NEVER_PURGED) for name in names}

    def bump(self, names) -> None:
        with self.lock:
            self.generations.update({name: uuid.uuid4().hex for name in names})

    def ping(self) -> None:
        pass


def coordinator_for(config: dict):
    cache_type = config["CACHE_TYPE"]
    if cache_type in REDIS_TYPES:
        return RedisCoordinator(redis_client(config), config.get("CACHE_KEY_PREFIX", ""))
    if cache_type == "FileSystemCache":
        return FileCoordinator(config["CACHE_DIR"].rstrip("/") + "-shared")
    return LocalCoordinator()
