"""The site's flask-caching instance, and the backends it is configured with."""

import os

from flask_caching import Cache
from flask_caching.backends.filesystemcache import FileSystemCache

# Configured by the app factory from CACHE_* settings (see config.py).
cache = Cache()


class SelfHealingFileSystemCache(FileSystemCache):
    """flask-caching's file cache, but a deleted folder is made again on the next write,
    and a failed write raises (the stock one logs and returns False on every request)
    so the store guard can report it once and serve pages without the cache."""

    def get(self, key):
        if not os.path.isdir(self._path):
            if os.path.exists(self._path):
                raise OSError(f"the cache folder {self._path} is not a folder")
            return None  # deleted: made again by the next write
        return super().get(key)

    def set(self, key, value, timeout=None, mgmt_element=False):
        os.makedirs(self._path, exist_ok=True)
        if not super().set(key, value, timeout, mgmt_element):
            raise OSError(f"could not write to the cache folder {self._path}")
        return True


BACKENDS = {"FileSystemCache": f"{__name__}.SelfHealingFileSystemCache"}


def cache_settings(config) -> dict:
    """flask-caching settings: our self-healing file cache; Redis calls that give up quickly."""
    backend = {"CACHE_TYPE": BACKENDS.get(config["CACHE_TYPE"], config["CACHE_TYPE"])}
    timeout = config["CACHE_SOCKET_TIMEOUT"]
    if config["CACHE_TYPE"] == "RedisCache":
        backend["CACHE_OPTIONS"] = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
    elif config["CACHE_TYPE"] == "RedisSentinelCache":
        # For the Redis servers, and (sentinel_*) for the sentinels; addresses come from config.py.
        backend["CACHE_OPTIONS"] = {
            f"{who}{name}": timeout
            for who in ("", "sentinel_")
            for name in ("socket_timeout", "socket_connect_timeout")
        }
    return backend
