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
