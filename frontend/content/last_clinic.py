"""The clinic's details as last seen in a CMS answer, for pages rendered without one: error pages,
the CMS down. Kept in this worker's memory and in the shared cache (so a worker that has not
rendered a page yet has them too); with neither, error pages show a footer without details.
"""

import logging

from flask import current_app

from ..caching import cache

log = logging.getLogger(__name__)

KEY = "clinic:last"
KEEP_SECONDS = 30 * 24 * 3600


def remember(clinic: dict | None) -> None:
    """Note the clinic of an answer; written to the shared cache only when it changed."""
    if not clinic or current_app.extensions.get("last_clinic") == clinic:
        return
    current_app.extensions["last_clinic"] = clinic
    current_app.extensions["store_guards"]["cache"].call(cache.set, KEY, clinic, timeout=KEEP_SECONDS)


def last_known() -> dict:
    """The last clinic seen, or {}; never raises (error pages depend on it)."""
    try:
        clinic = current_app.extensions.get("last_clinic")
        if clinic is None:
            clinic = current_app.extensions["store_guards"]["cache"].call(cache.get, KEY, fallback=None)
            if isinstance(clinic, dict):
                current_app.extensions["last_clinic"] = clinic
        return clinic if isinstance(clinic, dict) else {}
    except Exception:  # an error page must render whatever happened to the store
        log.exception("The last clinic details could not be read")
        return {}
