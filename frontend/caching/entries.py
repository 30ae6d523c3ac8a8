"""A cached answer, how long it lives, and where copies are kept.

- `Entry`: the stored answer (body, status, headers it needs) with the coordination tokens
  it was rendered under (the store's epoch and its generations); it is valid only while
  the store still reports exactly those tokens;
- `WorkerCopies`: this worker's own copies in bounded LRUs (cachetools), so a hit needs
  no cache read or unpickling; missing pages have an LRU of their own so a flood of junk
  URLs cannot push real pages out;
- `MissingPages`: "not found" answers in a fixed number of shared cache entries
  (buckets of bounded size, one body per distinct 404 page), so 10,000 junk URLs add at
  most `BUCKETS` entries to the shared cache. Workers updating one bucket at once may
  drop each other's additions: that costs a CMS request, never a wrong answer.
"""

import hashlib
import threading
from dataclasses import dataclass, field

from cachetools import LRUCache

REDIRECTS = (301, 302)
STORED_STATUSES = (200, *REDIRECTS, 404)


@dataclass
class Entry:
    body: bytes
    content_type: str
    etag: str
    stored_at: float
    tokens: dict[str, str] | None  # None: rendered while the store could not vouch for anything
    surrogate_keys: list[str] = field(default_factory=list)
    status: int = 200
    location: str | None = None  # of a redirect
    keep: float | None = None  # a view's shorter lifetime for its copies (seconds)
    # When what the page says changes ("next in clinic Tuesday" at midnight): its Expires, as
    # wall-clock seconds. No copy is served from then on, not even a stale one.
    changes_at: float | None = None
    fast_headers: list | None = field(default=None, compare=False)  # filled in by the fast path

    @classmethod
    def of(cls, response, tokens, stored_at: float, keep: float | None = None) -> "Entry":
        body = response.get_data()
        return cls(
            body=body,
            content_type=response.content_type,
            etag=hashlib.sha256(body).hexdigest()[:32],
            stored_at=stored_at,
            tokens=tokens,
            surrogate_keys=response.headers.get("Surrogate-Key", "").split(),
            status=response.status_code,
            location=response.headers.get("Location"),
            keep=keep,
            changes_at=response.expires.timestamp() if response.expires else None,
        )

    def outlived(self, now: float) -> bool:
        """Past the moment its text changes: never to be served again."""
        return self.changes_at is not None and now >= self.changes_at

    def valid_under(self, tokens: dict[str, str] | None) -> bool:
        """Every token it was stored under (the epoch, its path's, every page's and its keys'
        generations) is still current in `tokens`, which must name them all (never when the
        store cannot say)."""
        own = getattr(self, "tokens", None)
        return tokens is not None and own is not None and all(tokens.get(name) == value for name, value in own.items())


@dataclass(frozen=True)
class Lifetimes:
    fresh: float  # seconds a copy is served without asking the CMS
    swr: float  # seconds a proxy may serve it stale while it revalidates
    keep: float  # seconds a copy is kept at all (the stale-if-error window)
    missing: float  # seconds a "not found" answer is kept

    def fresh_for(self, entry: Entry) -> float:
        # Redirects change only when the CMS says so (it purges them): as long as pages.
        fresh = self.fresh if entry.status != 404 else min(self.fresh, self.missing)
        return self._until_change(entry, min(fresh, entry.keep) if entry.keep else fresh)

    def kept_for(self, entry: Entry) -> float:
        kept = self.missing if entry.status == 404 else self.keep
        return self._until_change(entry, min(kept, entry.keep) if entry.keep else kept)

    @staticmethod
    def _until_change(entry: Entry, seconds: float) -> float:
        # At least a second: a cache timeout of 0 would mean "for ever".
        changes_at = getattr(entry, "changes_at", None)  # copies pickled before it existed have none
        return seconds if changes_at is None else max(1, int(min(seconds, changes_at - entry.stored_at)))


class WorkerCopies:
    def __init__(self, size: int, missing_size: int = 64):
        self.enabled = size > 0
        self.lock = threading.Lock()
        self.pages = LRUCache(maxsize=max(size, 1))
        self.missing = LRUCache(maxsize=max(missing_size, 1))
        # Request URI -> (path, cache key) of pages this worker served, for the fast path.
        self.uris = LRUCache(maxsize=max(size * 4, 1))

    def get(self, key: str) -> Entry | None:
        with self.lock:
            return self.pages.get(key) or self.missing.get(key)

    def put(self, key: str, entry: Entry) -> None:
        if not self.enabled:
            return
        with self.lock:
            kept, other = (self.missing, self.pages) if entry.status == 404 else (self.pages, self.missing)
            kept[key] = entry
            other.pop(key, None)

    def note_uri(self, uri: str, path: str, key: str) -> None:
        if self.enabled:
            with self.lock:
                self.uris[uri] = (path, key)

    def uri(self, uri: str) -> tuple[str, str] | None:
        with self.lock:
            return self.uris.get(uri)


def _outlived(marker: tuple, now: float) -> bool:
    return len(marker) > 4 and marker[4] is not None and now >= marker[4]


class MissingPages:
    BUCKETS = 16
    PER_BUCKET = 64  # markers per bucket; the oldest go first

    def __init__(self, cache):
        self.cache = cache

    def _bucket(self, key: str) -> str:
        return f"missing:{int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % self.BUCKETS}"

    def get(self, key: str) -> Entry | None:
        bucket = self.cache.get(self._bucket(key))
        marker = bucket["pages"].get(key) if isinstance(bucket, dict) else None
        if marker is None:
            return None
        tokens, stored_at, digest, surrogate_keys, *changes_at = marker
        body, content_type = bucket["bodies"][digest]
        entry = Entry(body, content_type, digest, stored_at, tokens, list(surrogate_keys), status=404)
        entry.changes_at = changes_at[0] if changes_at else None
        return entry

    def put(self, key: str, entry: Entry, timeout: float, now: float) -> None:
        name = self._bucket(key)
        bucket = self.cache.get(name)
        if not isinstance(bucket, dict):
            bucket = {"pages": {}, "bodies": {}}
        pages = {
            k: m for k, m in bucket["pages"].items() if k != key and now - m[1] < timeout and not _outlived(m, now)
        }
        pages[key] = (entry.tokens, entry.stored_at, entry.etag, tuple(entry.surrogate_keys), entry.changes_at)
        pages = dict(list(pages.items())[-self.PER_BUCKET :])
        bodies = {entry.etag: (entry.body, entry.content_type), **bucket["bodies"]}
        used = {marker[2] for marker in pages.values()}
        self.cache.set(
            name, {"pages": pages, "bodies": {d: b for d, b in bodies.items() if d in used}}, timeout=timeout
        )
