"""Hotspots: many appeals about one problem at one place in one time window, ranked, named, with surge warnings.

Similarity of two appeals = word cosine x place similarity.
- Words: TF-IDF (sublinear, fitted on the appeals of this call) of the subject's jieba words and character pairs and,
  apart, of the detail's words, the two joined with SUBJECT_SHARE of the weight on the subject. The appeal's own place
  names are blanked out first, so the place does not count twice (搅拌站 and other bare objects stay: they are topic).
- Places: the `place` given, else the smallest specific places its subject names (伊景园 and 滨河苑) plus any place
  another subject of the batch names that occurs in its subject (A市魅力之城商铺 next to 魅力之城小区), else those of
  its detail. Place similarity: 1 for the same places (cosine over the place sets when several), PLACE_DIFFERENT
  when both name places and share none, PLACE_UNKNOWN when either names none. The same complaint at another 小区
  therefore stays apart, and an appeal that names no place joins on its words alone, at a discount.

The appeals of the current window are clustered by average linkage: two groups merge while the mean similarity between
their members is at least LINK_SIMILARITY. Average-linkage groups never cross the connected components of the graph
"similarity >= LINK_SIMILARITY", so those are found first from a sparse product and each component is clustered on its
own; memory grows with the square of the largest component (2,472 of the 4,326 messages of the bench data).

For a hotspot (a group of at least `min_size` appeals):
- size: its appeals; support: likes + repeat callers (callers with more than one appeal in it);
- count in earlier window k (k = 1 .. baseline_windows): appeals of that window whose mean similarity with the
  hotspot's members is at least LINK_SIMILARITY (they would have joined it); growth = (size - count_1) / (count_1 + 1);
- baseline: the mean count; surge when the baseline span holds any appeal at all, size >= min_size,
  size >= 2 x baseline and size > baseline + 3 x max(sd, sqrt(baseline), 1) (with a quiet baseline: at least 4);
- score = log2(1 + people) x (1 + 0.1 log2(1 + support)) x (1 + 0.25 log2(1 + max(growth, 0))), people being distinct
  callers (an appeal without a caller counts as one person): volume first, support and growth amplify it, and one
  citizen writing ten times does not outweigh ten citizens;
- keywords: the words of highest summed weight among those at least two of its appeals use; representative: the
  appeal with the highest mean similarity to the others; place: the place most of its appeals name (at least 30%).
"""

from __future__ import annotations

import datetime
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix, hstack
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from zhizhi.textmining.places import place_core, place_is_division, place_is_named, place_mentions
from zhizhi.textmining.segmentation import words

KNOWN_PLACE_LENGTH = 3  # place names looked up in other subjects have at least this many characters
SUBJECT_SHARE = 0.6  # of the squared length of the word part: subjects say what the problem is
PLACE_DIFFERENT = 0.05  # place similarity of two appeals naming different places
PLACE_UNKNOWN = 0.35  # … when one or both name none
LINK_SIMILARITY = 0.04
KEYWORDS = 5
_CHUNK = 1024  # rows of the similarity product held at once
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
_NOISE_WORD = re.compile(r"^(?:[a-z]{1,2}\d{0,3}|\d{1,2})$")  # a, a3 (anonymised divisions), 1, 12


@dataclass(frozen=True)
class HotspotInput:
    """One appeal as hotspot detection sees it."""

    key: int
    subject: str
    detail: str
    place: str  # division/community code, or "" (then places come from the text)
    at: datetime.datetime
    likes: int = 0
    caller: str = ""  # masked contact key, for repeat callers


@dataclass
class Hotspot:
    """A group of appeals about one problem at one place, with its ranking and surge figures."""

    keywords: list[str]
    subject: str  # the representative appeal's subject
    representative: int  # its key
    members: list[int]
    place: str
    size: int
    growth: float
    support: int
    score: float
    surge: bool
    baseline: float
    first_at: datetime.datetime
    last_at: datetime.datetime


@lru_cache(maxsize=50_000)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in words(text) if not _NOISE_WORD.match(w))


@lru_cache(maxsize=50_000)
def _mentions(text: str) -> tuple[str, ...]:
    return tuple(place_mentions(text))


def _named_places(text: str) -> list[str]:
    """The cores of the smallest specific places a text names (伊景园 and 滨河苑, not 伊景园滨河苑; 魅力之城)."""
    specific = [m for m in _mentions(text) if not place_is_division(m) and place_is_named(m)]
    smallest = [m for m in specific if not any(other != m and other in m for other in specific)]
    return sorted({place_core(m) for m in smallest})


def _places(items: Sequence[HotspotInput]) -> list[list[str]]:
    """The place keys of each appeal: its `place`, else the places its subject names, else those of its detail.

    A subject that names a place another subject of the batch names with a suffix (A市魅力之城商铺 next to
    魅力之城小区) gets that place too: names of at least KNOWN_PLACE_LENGTH characters are looked up as substrings.
    """
    known = {core for item in items for core in _named_places(item.subject) if len(core) >= KNOWN_PLACE_LENGTH}
    longest = max((len(core) for core in known), default=0)
    keys: list[list[str]] = []
    for item in items:
        if item.place:
            keys.append([item.place])
            continue
        found = set(_named_places(item.subject))
        subject = item.subject
        for size in range(KNOWN_PLACE_LENGTH, min(longest, len(subject)) + 1):
            pieces = (subject[i : i + size] for i in range(len(subject) - size + 1))
            found.update(piece for piece in pieces if piece in known)
        found = {key for key in found if not any(other != key and other in key for other in found)}
        keys.append(sorted(found) if found else _named_places(item.detail))
    return keys


@lru_cache(maxsize=50_000)
def _topic(text: str) -> str:
    """The text with the names of places and districts blanked out (搅拌站 and other bare objects stay)."""
    for mention in _mentions(text):  # longest first, so 伊景园滨河苑 goes before 伊景园
        if place_is_named(mention):
            text = text.replace(mention, "，")
    return text


def _blank(text: str, places: list[str]) -> str:
    """The text without its place names, those found by `place_mentions` and the place keys given."""
    text = _topic(text)
    for place in sorted(places, key=len, reverse=True):
        text = text.replace(place, "，")
    return text


def _subject_tokens(item: HotspotInput, places: list[str]) -> list[str]:
    """The words and character pairs of an appeal's subject, place names left out."""
    subject = _blank(item.subject, places)
    return list(_words(subject)) + [f"#{a}{b}" for a, b in itertools.pairwise(_NOT_CJK.sub("", subject))]


def _detail_tokens(item: HotspotInput, places: list[str]) -> list[str]:
    return list(_words(_blank(item.detail, places)))


def _place_label(items: Sequence[HotspotInput]) -> str:
    """The place most of a group's appeals name: a given place, else a specific mention, else a district; or ""."""
    enough = max(2, math.ceil(0.3 * len(items)))
    given = Counter(item.place for item in items if item.place)
    specific: Counter[str] = Counter()
    divisions: Counter[str] = Counter()
    for item in items:
        mentions = _mentions(item.subject) or _mentions(item.detail)
        specific.update({m for m in mentions if not place_is_division(m) and place_is_named(m)})
        divisions.update({m for m in mentions if place_is_division(m) and m[-1] in "区县"})
    for counts in (given, specific, divisions):
        # the most common; among equally common ones the longest (伊景园滨河苑 over 滨河苑)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
        if ranked and ranked[0][1] >= enough:
            return ranked[0][0]
    return ""


@dataclass(frozen=True)
class _Vectors:
    words: csr_matrix  # unit rows of TF-IDF word weights
    places: csr_matrix  # unit rows over place keys; empty rows for appeals that name no place
    known: npt.NDArray[np.bool_]  # whether the appeal names a place
    vocabulary: list[str]

    def place_factor(self, rows: npt.NDArray[np.int64], others: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """The place similarity of row pairs (rows[i], others[i])."""
        shared = np.asarray(self.places[rows].multiply(self.places[others]).sum(axis=1)).ravel()
        both = self.known[rows] & self.known[others]
        return np.where(both, PLACE_DIFFERENT + (1 - PLACE_DIFFERENT) * shared, PLACE_UNKNOWN)

    def similarity(self, rows: Sequence[int], others: Sequence[int]) -> npt.NDArray[np.float64]:
        """Dense word cosine x place similarity between two sets of rows."""
        word = (self.words[rows] @ self.words[others].T).toarray()
        shared = (self.places[rows] @ self.places[others].T).toarray()
        both = np.outer(self.known[rows], self.known[others])
        place = np.where(both, PLACE_DIFFERENT + (1 - PLACE_DIFFERENT) * shared, PLACE_UNKNOWN)
        return np.asarray(word * place, dtype=np.float64)


def _vectors(items: Sequence[HotspotInput]) -> _Vectors:
    places = _places(items)
    subject_vectorizer = TfidfVectorizer(analyzer=lambda tokens: tokens, sublinear_tf=True, norm="l2")
    subjects = subject_vectorizer.fit_transform(
        [_subject_tokens(item, keys) for item, keys in zip(items, places, strict=True)]
    )
    detail_vectorizer = TfidfVectorizer(analyzer=lambda tokens: tokens, sublinear_tf=True, norm="l2")
    details = detail_vectorizer.fit_transform(
        [_detail_tokens(item, keys) for item, keys in zip(items, places, strict=True)]
    )
    word_matrix = normalize(
        hstack([subjects * math.sqrt(SUBJECT_SHARE), details * math.sqrt(1 - SUBJECT_SHARE)]).tocsr()
    )
    place_index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, keys in enumerate(places):
        for key in keys:
            rows.append(row)
            cols.append(place_index.setdefault(key, len(place_index)))
    place_matrix = csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(items), max(1, len(place_index))), dtype=np.float64
    )
    vocabulary = [str(word) for word in subject_vectorizer.get_feature_names_out()]
    vocabulary += [str(word) for word in detail_vectorizer.get_feature_names_out()]
    return _Vectors(
        words=csr_matrix(word_matrix),
        places=normalize(place_matrix),
        known=np.array([bool(keys) for keys in places]),
        vocabulary=vocabulary,
    )


def _groups(vectors: _Vectors, n: int) -> list[list[int]]:
    """Average-linkage groups (mean similarity >= LINK_SIMILARITY) of the first n rows, each sorted."""
    if n == 0:
        return []
    words_here = vectors.words[:n]
    sources: list[npt.NDArray[np.int64]] = []
    targets: list[npt.NDArray[np.int64]] = []
    for start in range(0, n, _CHUNK):
        block = (words_here[start : start + _CHUNK] @ words_here.T).tocoo()
        keep = block.data >= LINK_SIMILARITY  # the place factor is at most 1: only these pairs can link
        row = block.row[keep].astype(np.int64) + start
        col = block.col[keep].astype(np.int64)
        linked = block.data[keep] * vectors.place_factor(row, col) >= LINK_SIMILARITY
        sources.append(row[linked])
        targets.append(col[linked])
    source = np.concatenate(sources)
    edges = csr_matrix((np.ones(len(source)), (source, np.concatenate(targets))), shape=(n, n))
    _count, labels = connected_components(edges, directed=False)
    components: dict[int, list[int]] = {}
    for row_index, label in enumerate(labels):
        components.setdefault(int(label), []).append(row_index)
    groups: list[list[int]] = []
    for members in components.values():
        if len(members) == 1:
            groups.append(members)
            continue
        distance = 1.0 - np.clip(vectors.similarity(members, members), 0.0, 1.0)
        tree = linkage(distance[np.triu_indices(len(members), k=1)], method="average")
        labels_here = fcluster(tree, t=1.0 - LINK_SIMILARITY + 1e-9, criterion="distance")
        by_label: dict[int, list[int]] = {}
        for row_index, label in zip(members, labels_here, strict=True):
            by_label.setdefault(int(label), []).append(row_index)
        groups.extend(by_label.values())
    groups = [sorted(group) for group in groups]
    groups.sort(key=lambda group: group[0])
    return groups


def _keywords(word_weights: npt.NDArray[np.float64], uses: npt.NDArray[np.int64], vocabulary: list[str]) -> list[str]:
    """The words with the highest summed weight among those used by at least two appeals of the group."""
    order = np.lexsort((np.arange(len(vocabulary)), -word_weights))
    chosen: list[str] = []
    for index in order:
        if word_weights[index] <= 0 or len(chosen) == KEYWORDS:
            break
        word = vocabulary[index]
        if uses[index] >= 2 and len(word) >= 2 and not word.startswith("#") and not any(word in o for o in chosen):
            chosen.append(word)
    return chosen


def _support(items: Sequence[HotspotInput]) -> int:
    """Likes plus repeat callers: people who called about this hotspot more than once."""
    calls = Counter(item.caller for item in items if item.caller)
    return sum(max(item.likes, 0) for item in items) + sum(1 for count in calls.values() if count > 1)


def _people(items: Sequence[HotspotInput]) -> int:
    """How many people raised it: distinct callers, each appeal without a caller counted as one person."""
    return len({item.caller for item in items if item.caller}) + sum(1 for item in items if not item.caller)


def _score(items: Sequence[HotspotInput], support: int, growth: float) -> float:
    volume = math.log2(1 + _people(items))
    return volume * (1 + 0.1 * math.log2(1 + support)) * (1 + 0.25 * math.log2(1 + max(growth, 0.0)))


def _surge(size: int, counts: list[int], *, min_size: int, has_history: bool) -> tuple[bool, float]:
    """Whether the current count stands far above its own baseline counts, and the baseline (their mean)."""
    if not counts:
        return False, 0.0
    mean = sum(counts) / len(counts)
    sd = math.sqrt(sum((c - mean) ** 2 for c in counts) / len(counts))
    spread = max(sd, math.sqrt(mean), 1.0)
    surge = has_history and size >= min_size and size >= 2 * mean and size > mean + 3 * spread
    return surge, mean


def hotspots_detect(
    items: Sequence[HotspotInput],
    *,
    now: datetime.datetime,
    window: datetime.timedelta | None = datetime.timedelta(days=7),
    baseline_windows: int = 8,
    min_size: int = 3,
    limit: int = 50,
) -> list[Hotspot]:
    """Hotspots among the appeals of the window (now - window, now], best first; window=None takes all items."""
    ordered = sorted(items, key=lambda item: (item.at, item.key))
    history: list[HotspotInput] = []
    if window is None:
        current = [item for item in ordered if item.at <= now]
        baseline_windows = 0
    else:
        start = now - window
        current = [item for item in ordered if start < item.at <= now]
        history_start = start - window * baseline_windows
        history = [item for item in ordered if history_start < item.at <= start]
    if len(current) < min_size:
        return []
    vectors = _vectors(current + history)
    history_rows = list(range(len(current), len(current) + len(history)))
    hotspots: list[Hotspot] = []
    for group in _groups(vectors, len(current)):
        if len(group) < min_size:
            continue
        members = [current[row] for row in group]
        among = vectors.similarity(group, group)
        closeness = (among.sum(axis=1) - among.diagonal()) / max(1, len(group) - 1)  # to the others
        representative = members[int(np.lexsort(([m.key for m in members], -closeness))[0])]
        counts = [0] * baseline_windows
        if history and window is not None:
            joins = vectors.similarity(history_rows, group).mean(axis=1) >= LINK_SIMILARITY
            for item, joined in zip(history, joins, strict=True):
                k = int((now - window - item.at) // window)  # 0: the window just before the current one
                if joined and 0 <= k < baseline_windows:
                    counts[k] += 1
        size = len(members)
        previous = counts[0] if counts else 0
        growth = (size - previous) / (previous + 1) if window is not None else 0.0
        surge, baseline = _surge(size, counts, min_size=min_size, has_history=bool(history))
        support = _support(members)
        word_part = vectors.words[group]
        hotspots.append(
            Hotspot(
                keywords=_keywords(
                    np.asarray(word_part.sum(axis=0)).ravel(),
                    np.asarray((word_part > 0).sum(axis=0)).ravel(),
                    vectors.vocabulary,
                ),
                subject=representative.subject,
                representative=representative.key,
                members=[m.key for m in members],
                place=_place_label(members),
                size=size,
                growth=round(growth, 3),
                support=support,
                score=round(_score(members, support, growth), 4),
                surge=surge,
                baseline=round(baseline, 3),
                first_at=members[0].at,
                last_at=members[-1].at,
            )
        )
    hotspots.sort(key=lambda h: (-h.score, -h.size, h.representative))
    return hotspots[:limit]
