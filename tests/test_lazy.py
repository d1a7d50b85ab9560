"""`shared_cached_property`: one computation per instance however many threads ask at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from rag.lazy import shared_cached_property


class Slow:
    """A property that takes a while, counting how often it is computed."""

    def __init__(self, value: int):
        self.value = value
        self.computed = 0
        self._count_lock = threading.Lock()

    @shared_cached_property
    def loaded(self) -> list[int]:
        """Docstring kept."""
        with self._count_lock:
            self.computed += 1
        time.sleep(0.05)
        return [self.value]


def test_concurrent_first_reads_compute_once_and_share_the_object():
    slow = Slow(7)
    start = threading.Barrier(12)

    def read(_: int) -> list[int]:
        start.wait()
        return slow.loaded

    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(read, range(12)))
    assert slow.computed == 1
    assert all(result is results[0] for result in results) and results[0] == [7]


def test_each_instance_has_its_own_value_and_a_set_value_wins():
    first, second = Slow(1), Slow(2)
    assert (first.loaded, second.loaded) == ([1], [2])
    assert first.loaded is first.loaded and first.computed == 1
    third = Slow(3)
    third.__dict__["loaded"] = ["preset"]
    assert third.loaded == ["preset"] and third.computed == 0
    assert Slow.loaded.__doc__ == "Docstring kept."


def test_bounded_cache_drops_the_least_recently_used():
    from rag.lazy import BoundedCache

    cache = BoundedCache(2)
    computed = []

    def value(key: str):
        return lambda: computed.append(key) or key.upper()

    assert cache.get("a", value("a")) == "A"
    cache.get("b", value("b"))
    assert cache.get("a", value("a")) == "A"  # held: not computed again, and now the most recently used
    cache.get("c", value("c"))  # over the size: `b`, the least recently used, goes
    assert len(cache) == 2
    cache.get("b", value("b"))
    assert computed == ["a", "b", "c", "b"]


def test_bounded_cache_shares_one_value_between_threads():
    from rag.lazy import BoundedCache

    cache = BoundedCache(8)
    start = threading.Barrier(8)

    def read(i: int) -> object:
        start.wait()
        return cache.get("key", lambda: [i])

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(read, range(8)))
    assert all(result is results[0] for result in results)  # whichever computed first, every caller gets it


def test_bounded_cache_needs_room():
    import pytest

    from rag.lazy import BoundedCache

    with pytest.raises(ValueError):
        BoundedCache(0)
