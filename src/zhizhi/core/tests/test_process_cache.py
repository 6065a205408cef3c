"""Per-process caches: fresh entries are served without loading, stale ones are loaded again, unknown keys are never
kept, and a full cache starts over."""

import pytest

from zhizhi.core import process_cache
from zhizhi.core.process_cache import ProcessCache


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(process_cache.time, "monotonic", lambda: now[0])
    return now


def test_an_entry_is_served_until_it_expires_and_forget_drops_it(clock):
    cache: ProcessCache[str, int] = ProcessCache(seconds=5)
    loads: list[str] = []

    def load(key: str) -> int:
        loads.append(key)
        return len(loads)

    assert cache.get("a", load) == 1
    clock[0] += 4.9
    assert cache.get("a", load) == 1 and loads == ["a"]
    clock[0] += 0.2
    assert cache.get("a", load) == 2
    cache.forget("a")
    assert cache.get("a", load) == 3
    ProcessCache.forget_all()
    assert cache.get("a", load) == 4


def test_unknown_keys_are_not_kept_and_a_full_cache_starts_over(clock):
    cache: ProcessCache[int, int] = ProcessCache(seconds=60, size=3)
    loads: list[int] = []

    def load(key: int) -> int | None:
        loads.append(key)
        return None if key < 0 else key

    assert cache.get(-1, load) is None and cache.get(-1, load) is None
    assert loads == [-1, -1]  # a miss is asked again: random keys cannot fill the cache
    for key in (1, 2, 3, 4):
        cache.get(key, load)
    cache.get(4, load)
    cache.get(1, load)
    assert loads[2:] == [1, 2, 3, 4, 1]  # the fourth key emptied the full cache; 4 stayed, 1 was loaded again
