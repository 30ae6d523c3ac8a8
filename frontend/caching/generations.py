"""Which generations a copy is checked against, read from the coordination store.

A copy records the store's epoch and the generations of its path, of every page ("*") and of
each surrogate key it carries (keys.generation_names). A purge replaces generations: of paths,
or of keys, which drops every copy showing what the key names, whatever its path.

The keys of a copy are only known once it is rendered, so a copy is stored under the
generations read *before* rendering for the keys its previous copy carried (a purge during the
render makes it invalid at once), and under ones read after rendering for keys it did not carry
before (a purge of such a key during its very first render can be missed; the copy then lives
its `PAGE_FRESH_SECONDS`, as it would at a cache purging by URL).
"""

from .coordination import EPOCH
from .entries import Entry
from .guard import StoreGuard
from .keys import ALL, generation_names, key_generation_names, normalise_path


class Generations:
    def __init__(self, coordination, guard: StoreGuard):
        self.coordination = coordination
        self.guard = guard

    def tokens(self, path: str, keys=()) -> dict[str, str] | None:
        """The tokens a valid copy of this path carrying these keys has now; None if the store cannot say."""
        return self.read(generation_names(path, keys))

    def read(self, names) -> dict[str, str] | None:
        return self.guard.call(self.coordination.tokens, list(names))

    def cover(self, tokens: dict | None, entry: Entry | None) -> dict | None:
        """`tokens`, updated in place with the generations of the entry's keys it lacks."""
        if tokens is None or entry is None:
            return tokens
        missing = [name for name in key_generation_names(entry.surrogate_keys) if name not in tokens]
        more = self.read(missing) if missing else None
        if more is not None and more[EPOCH] == tokens[EPOCH]:
            tokens.update((name, more[name]) for name in missing)
        return tokens  # without them the entry is simply not valid under these tokens

    def stored_under(self, tokens: dict | None, path: str, keys) -> dict | None:
        """The tokens a copy of `path` with these keys, rendered after `tokens` were read, is
        stored under (None: nothing vouches for it)."""
        if tokens is None:
            return None
        names = generation_names(path, keys)
        missing = [name for name in names if name not in tokens]
        more = self.read(missing) if missing else {EPOCH: tokens[EPOCH]}
        if more is None or more[EPOCH] != tokens[EPOCH]:
            return None
        return {EPOCH: tokens[EPOCH]} | {name: tokens[name] if name in tokens else more[name] for name in names}

    def purge(self, paths, keys=()) -> int:
        """Invalidate every copy of these paths, and every copy carrying one of these keys, for
        every worker. Raises if the store is down."""
        names = {normalise_path(path) for path in paths} | set(key_generation_names(keys))
        self.coordination.bump(names)
        return len(names)

    def purge_all(self) -> None:
        self.coordination.bump([ALL])
