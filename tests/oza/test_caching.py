"""The cache backend with REDIS_URL (oza.caching.RedisCache): Django's, keeping its client."""

import os

import pytest

from oza.caching import RedisCache

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
