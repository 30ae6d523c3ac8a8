"""/healthz for load balancers: can the site reach its cache, its coordination store and the CMS?

Without any of them the site still answers: without the cache or the store it renders
every page from the CMS; without the CMS it serves what it has cached (stale-if-error).
So it reports itself `degraded` (200) and names the parts, rather than failing: a
balancer that pulled every site instance whenever Redis or the CMS restarts would take
the whole site down with them.
"""

import time

import requests
from flask import Blueprint, current_app, jsonify

from ..caching import cache

bp = Blueprint("health", __name__)


def probe_cache():
    token = str(time.time())
    cache.set("healthz", token, timeout=60)
    if cache.get("healthz") != token:
        raise OSError("the cache did not keep what was written")


def stores_problems() -> dict[str, str]:
    """Each store's state, asked through its guard (so a failure here also counts there)."""
    guards = current_app.extensions["store_guards"]
    guards["cache"].call(probe_cache)
    guards["coordination store"].call(current_app.extensions["coordination"].ping)
    return {
        "cache": "ok" if guards["cache"].problem() is None else "unavailable",
        "coordination": "ok" if guards["coordination store"].problem() is None else "unavailable",
    }


def cms_reachable() -> bool:
    try:
        response = requests.get(
            f"{current_app.config['CMS_API_URL']}/pages/", params={"limit": 1, "fields": "_"}, timeout=2
        )
        return response.status_code == 200
    except requests.RequestException:
        return False


@bp.get("/healthz")
def healthz():
    checks = {**stores_problems(), "cms": "ok" if cms_reachable() else "unreachable"}
    degraded = [part for part, state in checks.items() if state != "ok"]
    body = {"status": "degraded" if degraded else "ok", **checks}
    if degraded:
        body["degraded"] = degraded
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response
