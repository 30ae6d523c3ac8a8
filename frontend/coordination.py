"""What the site's workers must agree on, with atomic operations on the shared backend.

- claims: "first one wins" for a while, used as fetch locks (one CMS request per
  page at a time) and to remember webhook signatures already seen (replays);
- generations: a token per path, replaced by a purge; a cached page is only valid
  with the tokens it was stored under.

flask-caching's `add` is not atomic on the filesystem backend and its files may be
pruned at any time, so these live beside the cache: in Redis, or in files of their own.
"""

import hashlib
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path

import redis

NEVER_PURGED = "0"


class RedisCoordinator:
    def __init__(self, url: str, prefix: str):
        self.client = redis.Redis.from_url(url)
        self.prefix = prefix

    def claim(self, name: str, ttl: float) -> bool:
        return bool(self.client.set(f"{self.prefix}claim:{name}", b"1", nx=True, px=int(ttl * 1000)))

    def release(self, name: str) -> None:
        self.client.delete(f"{self.prefix}claim:{name}")

    def generations(self, names: list[str]) -> list[str]:
        values = self.client.mget([f"{self.prefix}generation:{name}" for name in names])
        return [value.decode() if value else NEVER_PURGED for value in values]

    def bump(self, names) -> None:
        self.client.mset({f"{self.prefix}generation:{name}": uuid.uuid4().hex for name in names})


class FileCoordinator:
    """Files in a directory of their own.

    A claim is a file whose modification time is its expiry, prepared under a unique
    name and hard-linked into place: the link succeeds (ours) or fails (a live claim
    exists). An expired claim (its holder died or overran) is removed and may be taken.
    A generation is a file whose modification time (in nanoseconds) is its token: checked
    with one stat(), no open or read, on every page served. A purge sets it strictly later.
    """

    def __init__(self, directory: str):
        self.claims = Path(directory) / "claims"
        self.tokens = Path(directory) / "generations"
        self.claims.mkdir(parents=True, exist_ok=True)
        self.tokens.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def _file(directory: Path, name: str) -> Path:
        return directory / hashlib.sha256(name.encode()).hexdigest()

    def claim(self, name: str, ttl: float) -> bool:
        path = self._file(self.claims, name)
        fd, temp = tempfile.mkstemp(dir=self.claims, prefix=".tmp-")
        os.close(fd)
        expiry = time.time() + ttl
        os.utime(temp, (expiry, expiry))
        try:
            for _attempt in range(2):
                try:
                    os.link(temp, path)
                    return True
                except FileExistsError:
                    try:
                        if path.stat().st_mtime > time.time():
                            return False
                        path.unlink()
                    except FileNotFoundError:
                        pass
            return False
        finally:
            os.unlink(temp)

    def release(self, name: str) -> None:
        self._file(self.claims, name).unlink(missing_ok=True)

    def generations(self, names: list[str]) -> list[str]:
        tokens = []
        for name in names:
            try:
                tokens.append(str(os.stat(self._file(self.tokens, name)).st_mtime_ns))
            except FileNotFoundError:
                tokens.append(NEVER_PURGED)
        return tokens

    def bump(self, names) -> None:
        for name in names:
            path = self._file(self.tokens, name)
            path.touch()
            # Strictly later than before, even within the filesystem clock's granularity.
            token = max(time.time_ns(), path.stat().st_mtime_ns + 1)
            os.utime(path, ns=(token, token))


class LocalCoordinator:
    """For the in-process caches (SimpleCache, NullCache): one process, so dicts will do."""

    def __init__(self):
        self.lock = threading.Lock()
        self.expiries: dict[str, float] = {}
        self.tokens: dict[str, str] = {}

    def claim(self, name: str, ttl: float) -> bool:
        with self.lock:
            now = time.monotonic()
            if self.expiries.get(name, 0) > now:
                return False
            self.expiries = {key: expiry for key, expiry in self.expiries.items() if expiry > now}
            self.expiries[name] = now + ttl
            return True

    def release(self, name: str) -> None:
        with self.lock:
            self.expiries.pop(name, None)

    def generations(self, names: list[str]) -> list[str]:
        with self.lock:
            return [self.tokens.get(name, NEVER_PURGED) for name in names]

    def bump(self, names) -> None:
        with self.lock:
            self.tokens.update({name: uuid.uuid4().hex for name in names})


def coordinator_for(config: dict):
    cache_type = config["CACHE_TYPE"]
    if cache_type == "RedisCache":
        return RedisCoordinator(config["CACHE_REDIS_URL"], config.get("CACHE_KEY_PREFIX", ""))
    if cache_type == "FileSystemCache":
        return FileCoordinator(config["CACHE_DIR"].rstrip("/") + "-shared")
    return LocalCoordinator()
