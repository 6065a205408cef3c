"""Reply quality check on real official replies (replies.csv, 2,816 appeals with the reply they got).

`reply_check` scores every reply (subject, detail, reply, asked and replied times, the default 15-day limit):
prints the score distribution by deciles, the mean of each part, how often each flag was raised, the runtime, and
the five worst replies with their reasons (texts truncated). Prints the machine and one JSON line; nothing is
asserted. Exit status 2 when the data is missing.

    .venv/bin/python bench/replies.py [--data DIR] [--worst 5]
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
from collections import Counter
from pathlib import Path

from harness import REPO, facts, facts_line, say

from zhizhi.textmining.replies import ReplyCheck, reply_check

PYTHON = REPO / ".venv" / "bin" / "python"
DEFAULT_DATA = Path(os.environ.get("ZHIZHI_APPEALS_DATA", str(REPO.parent / "shared" / "data" / "appeals")))


def when(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"data folder (default {DEFAULT_DATA})")
    parser.add_argument("--worst", type=int, default=5, help="worst replies to print (default 5)")
    args = parser.parse_args()
    path = args.data / "replies.csv"
    if not path.exists():
        say(f"{path} is missing: pass --data or set ZHIZHI_APPEALS_DATA")
        return 2

    machine = facts(PYTHON, sqlite=False)
    started_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    say(f"bench/replies.py {started_at}: {path}")
    say(facts_line(machine))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    checks: list[tuple[dict[str, str], ReplyCheck]] = []
    started = time.perf_counter()
    for row in rows:
        check = reply_check(
            subject=row["subject"],
            detail=row["detail"],
            reply=row["reply"],
            asked_at=when(row["time"]),
            replied_at=when(row["reply_time"]),
        )
        checks.append((row, check))
    elapsed = time.perf_counter() - started
    per_reply = elapsed / len(rows) * 1000
    say(f"{len(rows)} replies scored in {elapsed:.2f} s ({per_reply:.2f} ms per reply, jieba segmentation included)")

    scores = [check.score for _, check in checks]
    say(f"\n== score distribution (0..100): mean {statistics.mean(scores):.1f}, median {statistics.median(scores):.0f}")
    deciles = Counter(min(score // 10, 9) for score in scores)
    widest = max(deciles.values())
    for decile in range(10):
        count = deciles.get(decile, 0)
        label = f"{decile * 10:>3}-{decile * 10 + 9 if decile < 9 else 100:<3}"
        say(f"  {label} {count:>5}  {'#' * round(count / widest * 50)}")
    ok = sum(check.ok for _, check in checks)
    say(f"  may be sent (no blocking flag): {ok} ({ok / len(checks):.0%}); blocked: {len(checks) - ok}")
    parts = {
        name: statistics.mean(getattr(check, name) for _, check in checks)
        for name in ("relevance", "completeness", "timeliness", "tone")
    }
    say("  mean parts: " + ", ".join(f"{name} {value:.2f}" for name, value in parts.items()))

    flags = Counter(flag.code for _, check in checks for flag in check.flags)
    say("\n== flags raised")
    for code, count in flags.most_common():
        say(f"  {code:<12} {count:>5} ({count / len(checks):.0%})")

    say(f"\n== the {args.worst} worst replies (one per distinct reply text)")
    worst: list[tuple[dict[str, str], ReplyCheck]] = []
    seen: set[str] = set()
    for row, check in sorted(checks, key=lambda pair: (pair[1].score, len(pair[0]["reply"]), int(pair[0]["id"]))):
        text = " ".join(row["reply"].split())
        if text not in seen and len(worst) < args.worst:
            seen.add(text)
            worst.append((row, check))
    for rank, (row, check) in enumerate(worst, 1):
        say(
            f"{rank}. #{row['id']} score {check.score} (relevance {check.relevance:.2f}, completeness "
            f"{check.completeness:.2f}, timeliness {check.timeliness:.2f}, tone {check.tone:.2f}) "
            f"asked {row['time'][:10]}, replied {row['reply_time'][:10]}"
        )
        say(f"   appeal: {cut(row['subject'], 50)} | {cut(row['detail'], 70)}")
        say(f"   reply:  {cut(row['reply'], 130)}")
        for flag in check.flags:
            say(f"   - [{flag.code}] {flag.text}")
    best = max(checks, key=lambda pair: (pair[1].score, -len(pair[0]["reply"])))
    say(f"\n== best reply: #{best[0]['id']} score {best[1].score}: {cut(best[0]['reply'], 130)}")
    say(facts_line(machine))
    say(
        json.dumps(
            {
                "benchmark": "replies",
                "date": started_at,
                "machine": machine,
                "replies": len(rows),
                "seconds": round(elapsed, 3),
                "mean_score": round(statistics.mean(scores), 2),
                "deciles": [deciles.get(d, 0) for d in range(10)],
                "ok": ok,
                "flags": dict(flags.most_common()),
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
