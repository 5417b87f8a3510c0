"""The shared cache keeps one Redis client per connection pool and still stores and reads."""

from django.conf import settings
from django.core.cache import cache


def test_it_is_the_cache_of_every_process_with_redis():
    assert settings.CACHES["default"]["BACKEND"] == "config.redis_cache.RedisCache"


def test_it_reuses_one_client_between_calls():
    client = cache._cache.get_client()

    assert cache._cache.get_client(write=True) is client


def test_it_stores_and_reads_through_the_kept_client():
    cache.set("redis-cache-test", {"tps": 3}, timeout=30)

    assert cache.get("redis-cache-test") == {"tps": 3}
    assert cache.get_many(["redis-cache-test", "missing"]) == {"redis-cache-test": {"tps": 3}}
