"""Hotspot discovery and duplicate search on real citizen messages (public_messages.csv, 4,326 messages).

1. `hotspots_detect` over all messages as one window (window=None): the top hotspots with their size, the people
   behind them, likes, place, keywords and representative subject, and the runtime, cold (jieba segmentation of
   every message included) and warm (the second run, segmentation cached in the process).
2. A sliding 7-day window (8 baseline windows) at the busiest week of the file: its hotspots with growth, baseline
   and surge flag; then the same detection at the end of every week of the file, listing the surges raised.
3. `duplicates_find` of each message (in time order) against the 500 messages before it: per-call p50/p95/max,
   warm (the words of every message already cached) and the cost of a first sight of a text (segmentation).

Messages carry no division code: places come from the text (`place_mentions`); `user` is the caller key. Prints the
machine, the numbers and one JSON line; nothing is asserted on time. Exit status 2 when the data is missing.

    .venv/bin/python bench/hotspots.py [--data DIR] [--top 10] [--show-members 3]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

from harness import REPO, facts, facts_line, say

from zhizhi.textmining.duplicates import AppealText, duplicates_find
from zhizhi.textmining.hotspots import Hotspot, HotspotInput, hotspots_detect

PYTHON = REPO / ".venv" / "bin" / "python"
DEFAULT_DATA = Path(os.environ.get("ZHIZHI_APPEALS_DATA", str(REPO.parent / "shared" / "data" / "appeals")))
WEEK = datetime.timedelta(days=7)
CANDIDATES = 500


def load(path: Path) -> list[HotspotInput]:
    """The messages of public_messages.csv as hotspot inputs, in time order."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    items = [
        HotspotInput(
            key=int(row["id"]),
            subject=row["subject"],
            detail=row["detail"],
            place="",
            at=datetime.datetime.fromisoformat(row["time"]),
            likes=int(row["likes"] or 0),
            caller=row["user"],
        )
        for row in rows
    ]
    return sorted(items, key=lambda item: (item.at, item.key))


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def people(hotspot: Hotspot, callers: dict[int, str]) -> int:
    return len({callers[key] for key in hotspot.members})


def print_hotspots(
    hotspots: list[Hotspot], items: dict[int, HotspotInput], *, top: int, members: int, window: bool
) -> None:
    callers = {key: item.caller for key, item in items.items()}
    for rank, h in enumerate(hotspots[:top], 1):
        likes = sum(items[key].likes for key in h.members)
        line = (
            f"{rank:>3}. size {h.size:>3}  people {people(h, callers):>3}  likes {likes:>5}  support {h.support:>5}"
            f"  score {h.score:5.2f}  place {h.place or '—'}"
        )
        if window:
            line += f"  growth {h.growth:+.2f}  baseline {h.baseline:.2f}  surge {'YES' if h.surge else 'no'}"
        say(line)
        say(f"     keywords {' '.join(h.keywords)} | {h.first_at:%Y-%m-%d} .. {h.last_at:%Y-%m-%d}")
        say(f"     representative #{h.representative}: {cut(h.subject, 60)}")
        others = [key for key in h.members if key != h.representative][:members]
        for key in others:
            say(f"       - #{key} {items[key].at:%Y-%m-%d} {cut(items[key].subject, 56)}")


def busiest_week_end(items: list[HotspotInput]) -> tuple[datetime.datetime, int]:
    """The end of the 7-day window holding the most messages (a window ends at a message), and that count."""
    best_end, best_count, start = items[0].at, 0, 0
    for end, item in enumerate(items):
        while items[start].at <= item.at - WEEK:
            start += 1
        if end - start + 1 > best_count:
            best_end, best_count = item.at, end - start + 1
    return best_end, best_count


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"data folder (default {DEFAULT_DATA})")
    parser.add_argument("--top", type=int, default=10, help="hotspots to print (default 10)")
    parser.add_argument("--show-members", type=int, default=3, help="member subjects to print per hotspot")
    args = parser.parse_args()
    path = args.data / "public_messages.csv"
    if not path.exists():
        say(f"{path} is missing: pass --data or set ZHIZHI_APPEALS_DATA")
        return 2

    machine = facts(PYTHON, sqlite=False)
    when = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    say(f"bench/hotspots.py {when}: {path}")
    say(facts_line(machine))
    items = load(path)
    by_key = {item.key: item for item in items}
    say(f"{len(items)} messages, {items[0].at:%Y-%m-%d} .. {items[-1].at:%Y-%m-%d}")
    now = items[-1].at

    # 1. the whole file as one window
    started = time.perf_counter()
    hotspots = hotspots_detect(items, now=now, window=None, limit=50)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    again = hotspots_detect(items, now=now, window=None, limit=50)
    warm = time.perf_counter() - started
    deterministic = [h.members for h in hotspots] == [h.members for h in again]
    say(f"\n== all {len(items)} messages as one window: {len(hotspots)} hotspots of >= 3 messages (limit 50)")
    say(f"   runtime {cold:.2f} s cold (jieba segmentation included), {warm:.2f} s warm; same result: {deterministic}")
    print_hotspots(hotspots, by_key, top=args.top, members=args.show_members, window=False)

    # 2. a sliding 7-day window
    end, count = busiest_week_end(items)
    started = time.perf_counter()
    weekly = hotspots_detect(items, now=end, window=WEEK, baseline_windows=8, limit=50)
    week_time = time.perf_counter() - started
    say(f"\n== busiest 7-day window, ending {end:%Y-%m-%d %H:%M}: {count} messages, {len(weekly)} hotspots")
    say(f"   runtime {week_time:.3f} s (8 baseline weeks compared)")
    print_hotspots(weekly, by_key, top=args.top, members=args.show_members, window=True)

    first_end = datetime.datetime.combine(items[0].at.date(), datetime.time()) + WEEK
    ends = []
    week_end = max(first_end, datetime.datetime(2019, 1, 7))  # the file is sparse before 2019
    while week_end <= now + WEEK:
        ends.append(week_end)
        week_end += WEEK
    surges: list[tuple[datetime.datetime, Hotspot]] = []
    weekly_times: list[float] = []
    weekly_counts: list[int] = []
    for week_end in ends:
        started = time.perf_counter()
        found = hotspots_detect(items, now=week_end, window=WEEK, baseline_windows=8, limit=50)
        weekly_times.append(time.perf_counter() - started)
        weekly_counts.append(len(found))
        surges += [(week_end, h) for h in found if h.surge]
    say(
        f"\n== every week ({len(ends)} windows, {ends[0]:%Y-%m-%d} .. {ends[-1]:%Y-%m-%d}): "
        f"{sum(weekly_counts)} hotspots, {len(surges)} surges; runtime per week "
        f"p50 {statistics.median(weekly_times) * 1000:.0f} ms, max {max(weekly_times) * 1000:.0f} ms"
    )
    for week_end, h in sorted(surges, key=lambda pair: -pair[1].size):
        say(
            f"   week to {week_end:%Y-%m-%d}: size {h.size:>2} (baseline {h.baseline:.2f}, growth {h.growth:+.1f}) "
            f"{h.place or '—'} | {' '.join(h.keywords[:4])} | {cut(h.subject, 40)}"
        )

    # 3. duplicates of each message among the 500 before it
    texts = [
        AppealText(key=item.key, text=f"{item.subject}。{item.detail}", place=item.place, at=item.at) for item in items
    ]
    cold_calls: list[float] = []
    for index in range(1, 201):  # first sight: the new text is segmented; candidates were seen before
        started = time.perf_counter()
        duplicates_find(texts[index], texts[max(0, index - CANDIDATES) : index])
        cold_calls.append(time.perf_counter() - started)
    for index, text in enumerate(texts):  # warm the cache: every text once as the new appeal
        duplicates_find(text, texts[index - 1 : index] or texts[1:2])
    calls: list[float] = []
    found_any = 0
    for index, text in enumerate(texts):
        candidates = texts[max(0, index - CANDIDATES) : index]
        started = time.perf_counter()
        result = duplicates_find(text, candidates)
        if len(candidates) == CANDIDATES:
            calls.append(time.perf_counter() - started)
        found_any += bool(result)
    p50, p95 = percentile(calls, 0.5) * 1000, percentile(calls, 0.95) * 1000
    say(
        f"\n== duplicates_find, each message against the {CANDIDATES} before it ({len(calls)} calls with a full "
        f"{CANDIDATES}, 14-day window): p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {max(calls) * 1000:.2f} ms per call"
    )
    say(
        f"   first sight of a new text (its jieba segmentation, candidates cached): p50 "
        f"{percentile(cold_calls, 0.5) * 1000:.2f} ms; {found_any} of {len(texts)} messages have a likely duplicate"
    )
    say(facts_line(machine))
    say(
        json.dumps(
            {
                "benchmark": "hotspots",
                "date": when,
                "machine": machine,
                "messages": len(items),
                "all_window": {
                    "hotspots": len(hotspots),
                    "cold_s": round(cold, 3),
                    "warm_s": round(warm, 3),
                    "top": [
                        {"size": h.size, "support": h.support, "place": h.place, "keywords": h.keywords}
                        for h in hotspots[: args.top]
                    ],
                },
                "busiest_week": {"end": end.isoformat(), "messages": count, "hotspots": len(weekly)},
                "weekly": {"windows": len(ends), "surges": len(surges)},
                "duplicates": {"p50_ms": round(p50, 3), "p95_ms": round(p95, 3), "with_duplicate": found_any},
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
