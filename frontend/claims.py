"""Atomic "first one wins" claims, shared by every worker that shares the cache.

Used as short-lived locks (one CMS fetch per page at a time) and to remember
webhook signatures already seen (replays). flask-caching's `add` is not atomic
on the filesystem backend, so each backend gets a primitive that is.
"""

import hashlib
import os
import tempfile
import threading
import time
from pathlib import Path

import redis


class RedisClaims:
    def __init__(self, url: str, prefix: str):
        self.client = redis.Redis.from_url(url)
        self.prefix = f"{prefix}claim:"

    def claim(self, name: str, ttl: float) -> bool:
        return bool(self.client.set(self.prefix + name, b"1", nx=True, px=int(ttl * 1000)))

    def release(self, name: str) -> None:
        self.client.delete(self.prefix + name)


class FileClaims:
    """One file per claim, its modification time set to when the claim expires.

    The file is prepared under a unique name and hard-linked into place: the link
    either succeeds (the claim is ours) or fails because a live claim exists. An
    expired claim (its holder died or overran) is removed and may be taken.
    """

    def __init__(self, directory: str):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def _path(self, name: str) -> Path:
        return self.directory / hashlib.sha256(name.encode()).hexdigest()

    def claim(self, name: str, ttl: float) -> bool:
        path = self._path(name)
        fd, temp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
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
        self._path(name).unlink(missing_ok=True)


class LocalClaims:
    """For the in-process caches (SimpleCache, NullCache): one process, so a dict will do."""

    def __init__(self):
        self.lock = threading.Lock()
        self.expiries: dict[str, float] = {}

    def claim(self, name: str, ttl: float) -> bool:
        with self.lock:
            now = time.monotonic()
            if self.expiries.get(name, 0) > now:
                return False
            self.expiries = {k: v for k, v in self.expiries.items() if v > now}
            self.expiries[name] = now + ttl
            return True

    def release(self, name: str) -> None:
        with self.lock:
            self.expiries.pop(name, None)


def claims_for(config: dict):
    cache_type = config["CACHE_TYPE"]
    if cache_type == "RedisCache":
        return RedisClaims(config["CACHE_REDIS_URL"], config.get("CACHE_KEY_PREFIX", ""))
    if cache_type == "FileSystemCache":
        return FileClaims(config["CACHE_DIR"].rstrip("/") + "-claims")
    return LocalClaims()
