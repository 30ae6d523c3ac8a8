"""The site on a Sentinel-watched (or managed) Redis: CACHE_TYPE=RedisSentinelCache and its settings.

Parsing is checked without servers; the e2e test starts a redis-server and a sentinel of its
own on free loopback ports and runs the page cache, its coordination store and a purge on it.
"""

import json
import shutil
import subprocess
import uuid

import pytest
import redis
from redis.sentinel import Sentinel

from frontend import create_app
from frontend.booking.clicks import RedisClickStore
from frontend.caching.backends import cache_settings
from frontend.caching.coordination import RedisCoordinator
from frontend.config import from_env
from shared.env import ConfigError
from shared.signing import sign
from shared.site_map import PURGE_PATH
from tests.conftest import require_service
from tests.live_servers import WEBHOOK_SECRET, free_port
from tests.waiting import wait_until

ARTICLE = "/articles/ankle-care-for-walkers/"


def test_sentinel_settings_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("CACHE_TYPE", "RedisSentinelCache")
    monkeypatch.setenv("CACHE_REDIS_SENTINELS", "10.0.0.5:26379, sentinel-b.internal:26380,[::1]:26381")
    monkeypatch.setenv("CACHE_REDIS_SENTINEL_MASTER", "clinic")
    monkeypatch.setenv("CACHE_REDIS_PASSWORD", "redis-pass")
    monkeypatch.setenv("CACHE_REDIS_DB", "3")
    config = from_env()
    assert config["CACHE_REDIS_SENTINELS"] == [("10.0.0.5", 26379), ("sentinel-b.internal", 26380), ("::1", 26381)]
    assert (config["CACHE_REDIS_SENTINEL_MASTER"], config["CACHE_REDIS_PASSWORD"]) == ("clinic", "redis-pass")
    assert config["CACHE_REDIS_DB"] == 3 and config["CACHE_REDIS_SENTINEL_PASSWORD"] is None
    options = cache_settings(config)["CACHE_OPTIONS"]
    assert options["socket_timeout"] == options["sentinel_socket_timeout"] == config["CACHE_SOCKET_TIMEOUT"]


@pytest.mark.parametrize(
    "sentinels, complaint",
    [
        ("", "needs CACHE_REDIS_SENTINELS"),
        ("sentinel-a", "'sentinel-a' is not host:port"),
        ("sentinel-a:port", "is not host:port"),
        ("sentinel-a:70000", "is not host:port"),
        (":26379", "is not host:port"),
    ],
)
def test_bad_sentinel_settings_stop_the_site_with_a_clear_message(monkeypatch, sentinels, complaint):
    monkeypatch.setenv("CACHE_TYPE", "RedisSentinelCache")
    monkeypatch.setenv("CACHE_REDIS_SENTINELS", sentinels)
    with pytest.raises(ConfigError, match=complaint):
        from_env()


@pytest.fixture
def sentinel_redis(tmp_path):
    """A redis-server and one sentinel watching it (as master "clinic"), both on free ports."""
    if not shutil.which("redis-server"):
        require_service("redis-server", FileNotFoundError("redis-server is not installed"))
    port, sentinel_port = free_port(), free_port()
    config = tmp_path / "sentinel.conf"
    config.write_text(f"port {sentinel_port}\nbind 127.0.0.1\nsentinel monitor clinic 127.0.0.1 {port} 1\n")
    processes = [
        subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        ),
        subprocess.Popen(["redis-server", str(config), "--sentinel"], stdout=subprocess.DEVNULL),
    ]
    sentinel = Sentinel([("127.0.0.1", sentinel_port)], socket_timeout=0.3)

    def master_known():
        try:
            return sentinel.discover_master("clinic") == ("127.0.0.1", port)
        except redis.RedisError:
            return False

    wait_until(master_known, what="the sentinel to know its master")
    yield port, sentinel_port
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.e2e
def test_pages_coordination_and_purges_run_on_a_sentinel_redis(sentinel_redis, clinic_api, monkeypatch):
    port, sentinel_port = sentinel_redis
    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    monkeypatch.setenv("CACHE_TYPE", "RedisSentinelCache")
    monkeypatch.setenv("CACHE_REDIS_SENTINELS", f"127.0.0.1:{sentinel_port}")
    monkeypatch.setenv("CACHE_REDIS_SENTINEL_MASTER", "clinic")
    monkeypatch.setenv("CACHE_KEY_PREFIX", prefix)
    monkeypatch.setenv("WEBHOOK_SECRET", WEBHOOK_SECRET)
    # Two instances, as behind a load balancer: one fills the cache, the other is purged.
    first, second = (create_app({"TESTING": True, "CMS_API_URL": clinic_api.api_url}) for _ in range(2))
    assert isinstance(first.extensions["coordination"], RedisCoordinator)
    assert isinstance(first.extensions["click_store"], RedisClickStore)
    assert first.test_client().get(ARTICLE).headers["X-Cache"] == "MISS"
    assert second.test_client().get(ARTICLE).headers["X-Cache"] == "HIT"  # the copy is in the shared Redis
    assert redis.Redis(port=port).keys(f"{prefix}*")  # on the master the sentinel named
    body = json.dumps({"paths": [ARTICLE]}).encode()
    purge = second.test_client().post(
        PURGE_PATH, data=body, headers={**sign(body, WEBHOOK_SECRET), "Content-Type": "application/json"}
    )
    assert purge.status_code == 200
    # The other instance no longer trusts its copy (it refetches; here the in-process CMS answers
    # the background refresh from another thread, so the old copy may be served meanwhile).
    assert first.test_client().get(ARTICLE).headers["X-Cache"] != "HIT"
