"""Per-process caches for the lookups that every request of a busy machine endpoint repeats: an API client by its
token prefix, an Open311 service by its code. Each saves a query per request (about a millisecond of CPU).

An entry lives `seconds`; only found values are kept, so unknown keys cannot fill the cache. The service that
changes the rows behind a cache clears it in its own process at once; the other server processes see the change
when their entry expires. Tests clear every cache between tests (`zhizhi/conftest.py`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ProcessCache(Generic[K, V]):
    """Values by key for `seconds`, at most `size` of them (all are dropped when it is full)."""

    every: ClassVar[list[ProcessCache]] = []  # type: ignore[type-arg]

    def __init__(self, *, seconds: float, size: int = 1000) -> None:
        self.seconds = seconds
        self.size = size
        self._entries: dict[K, tuple[float, V]] = {}
        ProcessCache.every.append(self)

    def get(self, key: K, load: Callable[[K], V | None]) -> V | None:
        """The value for `key`: remembered if it is fresh, otherwise `load(key)`, remembered unless None."""
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        value = load(key)
        if value is None:
            self._entries.pop(key, None)
            return None
        if len(self._entries) >= self.size:
            self._entries.clear()
        self._entries[key] = (now + self.seconds, value)
        return value

    def forget(self, key: K | None = None) -> None:
        """Drop one key, or every key when none is given."""
        if key is None:
            self._entries.clear()
        else:
            self._entries.pop(key, None)

    @classmethod
    def forget_all(cls) -> None:
        for cache in cls.every:
            cache.forget()
