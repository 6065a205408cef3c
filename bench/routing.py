"""Appeal routing: our classifier against the reference baseline, by 5-fold cross-validation on real messages.

Both methods are trained and scored on the same stratified 5-fold split of labeled.csv (878 messages, 7
categories; the split of `classifier_cross_validate` for each fold seed), trained on labeled.csv alone (no other
labels):
  - baseline: TF-IDF of characters 1-3 and jieba words (`segmentation.words`) of subject + detail, fitted on the
    training folds, LinearSVC; confidence = the margin between the two best decision values;
  - ours: `zhizhi.textmining.classifier` (see its docstring), with the unlabelled messages of unlabeled.csv,
    public_messages.csv and replies.csv (those equal to a labelled message left out) for the vocabulary and IDF.
Prints macro-F1, accuracy, accuracy on the 70% most confident, top-3 accuracy (mean ± sd over --seeds fold seeds,
and each seed), for the first seed the coverage/accuracy curve and per-class precision/recall/F1, then training
time on all of labeled.csv, prediction throughput (messages/s in this process, jieba or our tokenisation
included, labeled.csv repeated for >= 1 s) and one-message latency, the stored model's size and load time, and
training time on --large messages (labeled.csv and the unlabelled messages labelled by a trained model, repeated
with the sentences of the detail in another order until there are enough; for timing only). Ends with one JSON
line; nothing is asserted. Exit status 2 when the data is missing.

    .venv/bin/python bench/routing.py [--data DIR] [--seeds 3] [--large 20000]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from harness import REPO, facts, facts_line, say

from zhizhi.textmining.classifier import (
    DEFAULT_UNLABELED,
    Classifier,
    Evaluation,
    Message,
    _folds,
    classifier_cross_validate,
    classifier_train,
    evaluation_build,
    messages_read_csv,
)
from zhizhi.textmining.segmentation import words

PYTHON = REPO / ".venv" / "bin" / "python"
DEFAULT_DATA = Path(os.environ.get("ZHIZHI_APPEALS_DATA", str(REPO.parent / "shared" / "data" / "appeals")))
FOLDS = 5
HEADLINE = ("macro_f1", "accuracy", "accuracy_at_70", "top3_accuracy")


class Baseline:
    """The reference: TF-IDF characters 1-3 + jieba words, LinearSVC, margin as confidence."""

    def __init__(self, messages: Sequence[Message], labels: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        self.chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
        self.words = TfidfVectorizer(analyzer=lambda tokens: tokens, sublinear_tf=True, min_df=2)
        texts = [f"{m.subject} {m.detail}" for m in messages]
        matrix = sp.hstack(
            [self.chars.fit_transform(texts), self.words.fit_transform([words(t) for t in texts])]
        ).tocsr()
        self.model = LinearSVC(C=1.0).fit(matrix, list(labels))
        self.labels = tuple(str(label) for label in self.model.classes_)

    def decide(self, messages: Sequence[Message]) -> np.ndarray:
        texts = [f"{m.subject} {m.detail}" for m in messages]
        matrix = sp.hstack([self.chars.transform(texts), self.words.transform([words(t) for t in texts])]).tocsr()
        return np.asarray(self.model.decision_function(matrix))


def baseline_cross_validate(messages: list[Message], labels: list[str], seed: int) -> Evaluation:
    """Pooled out-of-fold predictions of the baseline on the split of `classifier_cross_validate`."""
    names = sorted(set(labels))
    y = np.array([names.index(label) for label in labels])
    assigned = _folds(y, FOLDS, seed)
    scores = np.zeros((len(messages), len(names)))
    for fold in range(FOLDS):
        train, test = np.flatnonzero(assigned != fold), np.flatnonzero(assigned == fold)
        baseline = Baseline([messages[i] for i in train], [labels[i] for i in train])
        columns = [names.index(label) for label in baseline.labels]
        scores[np.ix_(test, columns)] = baseline.decide([messages[i] for i in test])
    ordered = np.sort(scores, axis=1)
    margin = ordered[:, -1] - ordered[:, -2]
    return evaluation_build(labels=names, truth=labels, scores=scores, confidence=margin)


def throughput(predict: Any, messages: Sequence[Message]) -> tuple[float, float]:
    """Messages/s of `predict` on the messages repeated for >= 1 s, and the median ms of one-message calls."""
    predict(list(messages[:20]))
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < 1.0:
        predict(messages)
        done += len(messages)
    rate = done / (time.perf_counter() - started)
    single = []
    for message in messages[:200]:
        started = time.perf_counter()
        predict([message])
        single.append((time.perf_counter() - started) * 1000)
    return rate, statistics.median(single)


def spread(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.4f}"
    return f"{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f}"


def print_detail(name: str, evaluation: Evaluation) -> None:
    say(f"\n-- {name}, fold seed 0: coverage (most confident share) -> accuracy, confidence threshold")
    for point in evaluation.coverage_curve:
        say(f"   {point.coverage:4.0%}  {point.accuracy:.4f}  {point.threshold:.4f}")
    if evaluation.calibration_error is not None:
        say(f"   calibration error (mean |accuracy - top probability|, 10 bins): {evaluation.calibration_error:.4f}")
        for target in (0.9, 0.95, 0.97):
            threshold = evaluation.threshold_for_precision(target)
            share = (
                sum(1 for c, _right in evaluation.ranked if c >= threshold) / len(evaluation.ranked)
                if threshold is not None
                else 0.0
            )
            shown = "none" if threshold is None else f"{threshold:.3f}"
            say(f"   threshold for {target:.0%} precision: {shown}, dispatching {share:.0%} automatically")
    say(f"-- {name}, fold seed 0: per category")
    say(f"   {'category':<10} precision recall  f1     support")
    for label, score in evaluation.per_class.items():
        say(f"   {label:<10} {score.precision:.3f}     {score.recall:.3f}   {score.f1:.3f}  {score.support:>5}")


def sentences_shuffled(message: Message, rng: np.random.Generator) -> Message:
    """The message with the sentences of its detail in another order (another text with the same statistics)."""
    parts = [p for p in re.split(r"(?<=[。！？!?；;])", message.detail) if p]
    order = rng.permutation(len(parts)) if len(parts) > 1 else np.arange(len(parts))
    detail = "".join(parts[i] for i in order)
    if detail == message.detail:
        detail = detail + "。"
    return Message(subject=message.subject, detail=detail)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"data folder (default {DEFAULT_DATA})")
    parser.add_argument("--seeds", type=int, default=3, help="fold seeds to repeat cross-validation with (default 3)")
    parser.add_argument("--large", type=int, default=20000, help="messages for the training-time run (0: skip)")
    args = parser.parse_args()
    path = args.data / "labeled.csv"
    if not path.exists():
        say(f"{path} is missing: pass --data or set ZHIZHI_APPEALS_DATA")
        return 2

    machine = facts(PYTHON, sqlite=False)
    when = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    say(f"bench/routing.py {when}: {args.data}")
    say(facts_line(machine))
    messages, labels = messages_read_csv(path)
    pool = [
        m for name in DEFAULT_UNLABELED if (args.data / name).exists() for m in messages_read_csv(args.data / name)[0]
    ]
    counts = {label: labels.count(label) for label in sorted(set(labels))}
    say(f"{len(messages)} labelled messages, {len(counts)} categories {counts}; {len(pool)} unlabelled messages")
    say(f"{FOLDS}-fold stratified cross-validation, fold seeds 0..{args.seeds - 1}, both methods on the same folds")

    results: dict[str, dict[str, list[float]]] = {"baseline": {}, "ours": {}}
    first: dict[str, Evaluation] = {}
    cv_seconds = {"baseline": 0.0, "ours": 0.0}
    for seed in range(args.seeds):
        started = time.perf_counter()
        base = baseline_cross_validate(messages, labels, seed)
        cv_seconds["baseline"] += time.perf_counter() - started
        started = time.perf_counter()
        ours = classifier_cross_validate(messages=messages, labels=labels, unlabeled=pool, folds=FOLDS, seed=seed)
        cv_seconds["ours"] += time.perf_counter() - started
        for name, evaluation in (("baseline", base), ("ours", ours)):
            first.setdefault(name, evaluation)
            for key in HEADLINE:
                results[name].setdefault(key, []).append(getattr(evaluation, key))
        say(
            f"   seed {seed}: baseline F1 {base.macro_f1:.4f} acc@70 {base.accuracy_at_70:.4f} | "
            f"ours F1 {ours.macro_f1:.4f} acc@70 {ours.accuracy_at_70:.4f} (calibration error "
            f"{ours.calibration_error:.4f})"
        )

    say(f"\n== cross-validated, mean ± sd over {args.seeds} fold seed(s)")
    say(f"   {'':<16} {'baseline':<18} {'ours':<18} target")
    targets = {"macro_f1": ">= 0.88", "accuracy_at_70": ">= 0.96"}
    for key in HEADLINE:
        base, ours = spread(results["baseline"][key]), spread(results["ours"][key])
        say(f"   {key:<16} {base:<18} {ours:<18} {targets.get(key, '')}")
    for name in ("baseline", "ours"):
        print_detail(name, first[name])

    say("\n== training on all of labeled.csv, prediction (one process, tokenisation included)")
    started = time.perf_counter()
    baseline = Baseline(messages, labels)
    baseline_train = time.perf_counter() - started
    baseline_rate, baseline_single = throughput(baseline.decide, messages)
    started = time.perf_counter()
    classifier = classifier_train(messages=messages, labels=labels, unlabeled=pool)
    ours_train = time.perf_counter() - started
    ours_rate, ours_single = throughput(classifier.predict_proba, messages)
    blob = classifier.to_bytes()
    started = time.perf_counter()
    Classifier.from_bytes(blob)
    load_seconds = time.perf_counter() - started
    speed = f"{baseline_rate:,.0f} messages/s, one message {baseline_single:.2f} ms"
    say(f"   baseline: train {baseline_train:.1f} s, {speed}")
    say(
        f"   ours:     train {ours_train:.1f} s (with {len(pool)} unlabelled), {ours_rate:,.0f} messages/s, "
        f"one message {ours_single:.2f} ms; stored model {len(blob) / 1e6:.1f} MB, loads in {load_seconds:.2f} s"
    )

    large: dict[str, float] = {}
    if args.large > 0:
        rng = np.random.default_rng(0)
        guessed = [classifier.labels[i] for i in classifier.predict_proba(pool).argmax(axis=1)] if pool else []
        texts, names = [*messages, *pool], [*labels, *guessed]
        big, big_labels = list(texts), list(names)
        while len(big) < args.large:
            i = len(big) % len(texts)
            big.append(sentences_shuffled(big[len(big) - len(texts)], rng))
            big_labels.append(names[i])
        big, big_labels = big[: args.large], big_labels[: args.large]
        started = time.perf_counter()
        model = classifier_train(messages=big, labels=big_labels)
        large_train = time.perf_counter() - started
        large_blob = model.to_bytes()
        started = time.perf_counter()
        Classifier.from_bytes(large_blob)
        large = {"messages": len(big), "train_seconds": round(large_train, 1), "model_bytes": len(large_blob),
                 "load_seconds": round(time.perf_counter() - started, 2)}  # fmt: skip
        say(
            f"   {len(big):,} training messages ({len(set(big_labels))} categories; labels of the unlabelled ones "
            f"guessed, timing only): train {large_train:.1f} s, stored model {len(large_blob) / 1e6:.1f} MB, "
            f"loads in {large['load_seconds']:.2f} s"
        )

    summary = {
        "bench": "routing",
        "when": when,
        "machine": machine,
        "seeds": args.seeds,
        "baseline": {k: round(statistics.mean(v), 4) for k, v in results["baseline"].items()}
        | {"train_seconds": round(baseline_train, 2), "messages_per_second": round(baseline_rate)},
        "ours": {k: round(statistics.mean(v), 4) for k, v in results["ours"].items()}
        | {
            "macro_f1_sd": round(statistics.stdev(results["ours"]["macro_f1"]), 4) if args.seeds > 1 else 0.0,
            "accuracy_at_70_sd": round(statistics.stdev(results["ours"]["accuracy_at_70"]), 4)
            if args.seeds > 1
            else 0.0,
            "train_seconds": round(ours_train, 2),
            "messages_per_second": round(ours_rate),
            "model_bytes": len(blob),
            "load_seconds": round(load_seconds, 2),
        },
        "cv_seconds": {k: round(v, 1) for k, v in cv_seconds.items()},
        "large": large,
    }
    say(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
