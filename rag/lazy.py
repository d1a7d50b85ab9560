"""`shared_cached_property`: `functools.cached_property` whose first computation runs once even under threads; and
`BoundedCache`, a thread-safe least-recently-used map for values recomputed per request (query vectors, what the
reader derives from one index).

The models and indexes behind one engine are shared by every request of the HTTP API (a thread pool) and by the
chat's worker threads. Python 3.12 removed cached_property's lock, so two requests arriving before the first load
would each load the embedding model (seconds, hundreds of MB) or build the BM25 index. With this descriptor the
second waits for the first and gets the same object; once cached, the instance's `__dict__` answers without a lock.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class shared_cached_property:  # noqa: N801 - named like the functools decorator it replaces
    """Like `functools.cached_property` (the value is stored in the instance's `__dict__` under the same name), with
    the first computation for an instance guarded by a lock, so it runs once however many threads ask at once."""

    def __init__(self, func: Callable[[Any], Any]):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__
        # One lock per property, not per instance: first loads are rare, and an RLock lets a load read another
        # instance's value of the same property.
        self._lock = threading.RLock()

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        cache = instance.__dict__
        if self.name in cache:
            return cache[self.name]
        with self._lock:
            if self.name not in cache:
                cache[self.name] = self.func(instance)
            return cache[self.name]


class BoundedCache:
    """At most `size` computed values by key, the least recently used dropped first; safe to share between threads.

    A value is computed outside the lock (two threads asking for the same new key may both compute it; the first
    stored wins), so one slow computation never holds up the others. Keys must say everything the value depends on:
    a cache of what is derived from one index lives on that index (`StoredIndex.memo`), so it goes with it.
    """

    def __init__(self, size: int):
        if size < 1:
            raise ValueError("a bounded cache holds at least one value")
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value of `key`, computed by `compute()` when it is not held."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        with self._lock:
            value = self._values.setdefault(key, value)
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
