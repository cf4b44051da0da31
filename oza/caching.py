"""Answers kept in the cache that every process shares (Redis), and dropped when a write
changes them.

Only a shared cache may hold them: a write in one process (a web worker, the Celery worker)
cannot reach another process's local-memory cache, so without ``REDIS_URL``
(``OZA_SHARED_CACHE`` off) every answer is computed again."""

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import transaction

T = TypeVar("T")


def cached_when_shared(key: str, compute: Callable[[], T], timeout: int) -> T:
    """``compute()``, from the shared cache under ``key`` when it holds it (never None)."""
    if not settings.OZA_SHARED_CACHE:
        return compute()
    return cache.get_or_set(key, compute, timeout)


def now_and_on_commit(invalidate: Callable[[], None], using: str | None = None) -> None:
    """Run ``invalidate`` at once and again when the current transaction commits: a request in
    between reads the old rows and may cache an answer made from them."""
    invalidate()
    transaction.on_commit(invalidate, using=using)


def versions(*keys: str) -> list[int]:
    """The version numbers under ``keys``, one round trip when all are there. A missing one
    starts from the clock, not from 1: after its key was dropped or evicted, no earlier number
    (whose entries may still be cached) may come back."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:  # another process may start one at the same moment: the first one stays
        started = dict.fromkeys(missing, time.time_ns())
        if hasattr(cache, "add_many"):  # Redis: one round trip, not two for each key
            cache.add_many(started, timeout=None)
        else:
            for key, version in started.items():
                cache.add(key, version, timeout=None)
        found.update(cache.get_many(missing))
    return [found[key] for key in keys]


class _ClientPerPool(redis.RedisCacheClient):
    """Django's Redis client maker, keeping one client per connection pool: Django makes a new
    one, with its table of several hundred reply handlers, for every cache call, and a page
    makes several."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:  # redis clients are safe to share between threads
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def add_many(self, data: dict, timeout) -> None:
        with self.get_client(write=True).pipeline(transaction=False) as pipeline:
            for key, value in data.items():
                pipeline.set(key, self._serializer.dumps(value), ex=timeout, nx=True)
            pipeline.execute()


class RedisCache(redis.RedisCache):
    """The cache backend with ``REDIS_URL``: Django's, with a client kept per pool, and
    ``add_many``."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool

    def add_many(self, data: dict, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        """``add`` each of ``data``'s keys (a key already there keeps its value), in one round
        trip."""
        self._cache.add_many(
            {
                self.make_and_validate_key(key, version=version): value
                for key, value in data.items()
            },
            self.get_backend_timeout(timeout),
        )
