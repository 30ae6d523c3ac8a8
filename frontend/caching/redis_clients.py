"""Redis clients for the parts of the site that talk to Redis themselves (the coordination store,
booking-click counts), configured like the cache: one Redis by URL (RedisCache), or a managed
or Sentinel-watched Redis (RedisSentinelCache), where the client asks the sentinels which server
is the master now, so a failover needs no restart. Those parts always use the master: a purge's
generation must be read where it was written."""

import redis
from redis.sentinel import Sentinel

REDIS_TYPES = ("RedisCache", "RedisSentinelCache")


def redis_client(config: dict) -> redis.Redis:
    timeout = config.get("CACHE_SOCKET_TIMEOUT", 0.5)
    if config["CACHE_TYPE"] == "RedisSentinelCache":
        sentinel = Sentinel(
            config["CACHE_REDIS_SENTINELS"],
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            password=config.get("CACHE_REDIS_PASSWORD"),
            db=config.get("CACHE_REDIS_DB", 0),
            sentinel_kwargs={
                "password": config.get("CACHE_REDIS_SENTINEL_PASSWORD"),
                "socket_timeout": timeout,
                "socket_connect_timeout": timeout,
            },
        )
        return sentinel.master_for(config["CACHE_REDIS_SENTINEL_MASTER"])
    return redis.Redis.from_url(config["CACHE_REDIS_URL"], socket_timeout=timeout, socket_connect_timeout=timeout)
