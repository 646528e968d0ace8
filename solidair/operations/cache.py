"""Redis as the cache, without making Redis a single point of failure.

Django's RedisCache raises when Redis is unreachable, so a stopped Redis would turn every public
page (the page cache reads first) into an error. This backend answers as an empty cache
instead: reads miss, writes are dropped, and each failure is logged. Pages then render
uncached (slower), sessions come from the database (``cached_db``), and rate limits count
nothing until Redis is back (they fail open rather than locking everyone out). /gezondheid/
reports the cache as failing meanwhile. The socket timeouts in settings bound each attempt.

A change to the network's data made while Redis is unreachable cannot bump the page cache's
content version; if Redis comes back with its old data, pages may be stale for at most
PAGE_CACHE_SECONDS. Flush it (`redis-cli flushdb`) after a long outage to be sure.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)
UNREACHABLE = (redis_errors.ConnectionError, redis_errors.TimeoutError)


def _unreachable(operation: str) -> None:
    logger.warning("Redis is unreachable (%s): answering as an empty cache.", operation)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client makes a new ``redis.Redis`` for every cache call (redis-py copies its
    table of ~170 response callbacks into each new client); a page cache hit makes two calls.
    One client per connection pool does the same work, as redis-py intends (a client is
    thread-safe and takes a connection from its pool for each command): 0.5-1.9 ms less
    gunicorn CPU per hit in bench/load.py (bench/README.md)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE:
            _unreachable("get")
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE:
            _unreachable("get_many")
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE:
            _unreachable("has_key")
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE:
            _unreachable("add")
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE:
            _unreachable("set")

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE:
            _unreachable("set_many")
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE:
            _unreachable("touch")
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE:
            _unreachable("incr")
            # What Django raises for a missing key: callers (page cache, rate limits) handle it.
            raise ValueError(f"Key {key!r} not found (Redis unreachable).") from None

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE:
            _unreachable("delete")
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNREACHABLE:
            _unreachable("delete_many")

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE:
            _unreachable("clear")
            return False
