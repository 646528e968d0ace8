"""ResilientRedisCache against the machine's Redis (a database of the test worker's own): one
redis client per connection pool, reused by every call and thread (solidair/operations/cache.py)."""

import threading

import pytest
import redis

from solidair.operations.cache import ResilientRedisCache
from tests.helpers import redis_test_url

URL = redis_test_url()


@pytest.fixture
def cache():
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).flushdb()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {URL}")
    backend = ResilientRedisCache(URL, {"OPTIONS": {"socket_connect_timeout": 1}})
    yield backend
    backend.clear()


def test_one_client_serves_every_call(cache):
    first = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b") is first
    cache.set("a", {"page": b"<html>"}, 30)
    assert cache.get("a") == {"page": b"<html>"}
    assert cache.add("n", 1) and cache.incr("n") == 2
    cache.delete("a")
    assert cache.get("a", "gone") == "gone"
    assert cache._cache.get_client() is first


def test_threads_share_the_client_without_mixing_answers(cache):
    errors = []

    def work(number: int) -> None:
        for round_ in range(200):
            key = f"t{number}:{round_}"
            cache.set(key, (number, round_), 30)
            if cache.get(key) != (number, round_):
                errors.append(key)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(cache.get_many([f"t{n}:199" for n in range(8)])) == 8
