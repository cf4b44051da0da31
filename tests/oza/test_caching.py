"""The cache backend with REDIS_URL (oza.caching.RedisCache): Django's, keeping its client."""

import os
import time

import pytest

from oza.caching import RedisCache, versions

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real Redis)"
)


def test_the_redis_cache_keeps_one_client_and_still_stores_and_drops():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "test-oza-caching"})
    cache.set("answer", {"n": 42}, 30)
    assert cache.get("answer") == {"n": 42}
    assert cache.get_many(["answer", "missing"]) == {"answer": {"n": 42}}
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client() is client  # one server: reads go to the same pool
    cache.delete("answer")
    assert cache.get("answer") is None


def test_add_many_adds_in_one_round_trip_and_keeps_what_is_there():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "test-oza-caching"})
    cache.set("kept", 1, 30)
    cache.delete("new")
    cache.add_many({"kept": 2, "new": 3}, timeout=30)
    assert cache.get_many(["kept", "new"]) == {"kept": 1, "new": 3}
    cache.delete_many(["kept", "new"])


def test_versions_start_missing_ones_from_the_clock_and_keep_the_others(settings):
    settings.CACHES = {
        "default": {"BACKEND": "oza.caching.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
    from django.core.cache import cache

    assert hasattr(cache, "add_many")
    cache.set("version-kept", 7, 30)
    cache.delete_many(["version-a", "version-b"])
    before = time.time_ns()
    kept, a, b = versions("version-kept", "version-a", "version-b")
    assert kept == 7
    assert a == b >= before
    assert versions("version-a", "version-b") == [a, b]
    cache.delete_many(["version-kept", "version-a", "version-b"])
