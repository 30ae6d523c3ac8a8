"""Progress callbacks for Importer.run(progress=...): called as progress(done, total)."""

import json
import os
import time
from pathlib import Path


class ProgressFile:
    """Keeps {"done", "total"} in a small JSON file for the admin's progress bar to read.

    A file rather than a row: the import writes inside transactions, so a row updated from it
    would stay invisible to the admin until each commits. Written at most every `interval` seconds,
    and always for the last post, replacing the file whole so a reader never sees half of it.
    """

    def __init__(self, path: Path, interval: float = 0.5):
        self.path = Path(path)
        self.interval = interval
        self.written_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.written_at < self.interval:
            return
        self.written_at = now
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps({"done": done, "total": total}))
        os.replace(partial, self.path)


class TerminalBar:
    """A one-line bar for the shell command, redrawn when the whole percentage changes.

    `write(text)` puts text on the terminal as it is (no line end added).
    """

    def __init__(self, write, label: str, width: int = 30):
        self.write = write
        self.label = label
        self.width = width
        self.shown = None

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        self.write(f"\r{self.label} [{bar}] {percent:3d}% {done}/{total} posts" + ("\n" if done >= total else ""))
