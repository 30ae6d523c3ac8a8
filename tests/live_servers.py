"""The live-server helpers now live in devtools/ (shared with bench/); kept importable here."""

from devtools.live_servers import (
    ADMIN_USERNAME,
    AWAIT_PURGES,
    REPO,
    WEBHOOK_SECRET,
    GunicornServer,
    LiveCMS,
    LiveSite,
    free_port,
)

__all__ = [
    "ADMIN_USERNAME",
    "AWAIT_PURGES",
    "REPO",
    "WEBHOOK_SECRET",
    "GunicornServer",
    "LiveCMS",
    "LiveSite",
    "free_port",
]
