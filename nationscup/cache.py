"""A Redis cache that degrades to "no cache" while Redis is unreachable.

The cache only ever holds copies (rendered pages, the published publication's
id), so losing Redis must cost speed, not pages: every
read is a miss and every write is skipped until it answers again. Short socket
timeouts (settings) keep a dead Redis from holding requests up.
"""

import logging

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _degrade(name: str, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
        except UNREACHABLE as error:
            log.warning("cache %s skipped, Redis unreachable: %s", name, error)
            if isinstance(fallback, type) and issubclass(fallback, Exception):
                raise fallback(f"cache unavailable: {error}") from error
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = name
    return method


def _default(key, default=None, *args, **kwargs):
    return default


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one redis-py client per connection pool.

    Django builds a new ``redis.Redis`` for every call, and building one costs
    more than the GET it serves; the client is thread-safe and stateless
    beyond its pool, so it can be reused.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # Both are Django's own (private, so not in django-stubs): the pool it would use
        # and the redis.Redis class it would build.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    get = _degrade("get", _default)
    get_many = _degrade("get_many", lambda *args, **kwargs: {})
    has_key = _degrade("has_key", False)
    set = _degrade("set", None)
    set_many = _degrade("set_many", lambda *args, **kwargs: [])
    add = _degrade("add", False)
    touch = _degrade("touch", False)
    delete = _degrade("delete", False)
    delete_many = _degrade("delete_many", None)
    clear = _degrade("clear", None)
    # incr/decr on a missing key raise ValueError in every backend: callers already handle it.
    incr = _degrade("incr", ValueError)
    decr = _degrade("decr", ValueError)


def _or_local(name: str):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(LocalFallbackRedisCache, self), name)(*args, **kwargs)
        except UNREACHABLE as error:
            log.warning("throttle cache %s kept in memory, Redis unreachable: %s", name, error)
            return getattr(self.local, name)(*args, **kwargs)

    method.__name__ = name
    return method


class LocalFallbackRedisCache(RedisCache):
    """Redis, or this process's memory while Redis is unreachable: for counters that must hold.

    The throttles count failures here (``nationscup/throttle.py``): with no
    Redis every count would read zero and nothing would be limited, so each
    process keeps counting on its own until Redis answers again.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self.local = LocMemCache(
            f"throttle-fallback-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 100_000}}
        )

    get = _or_local("get")
    set = _or_local("set")
    add = _or_local("add")
    touch = _or_local("touch")
    incr = _or_local("incr")
    delete = _or_local("delete")
    delete_many = _or_local("delete_many")
