"""Near-duplicate appeals: a new appeal against the open ones, by words, place and time.

Text similarity is the cosine of binary word vectors (jieba words, `segmentation.words`) weighted by inverse
document frequency computed over the candidates of this call, so words every appeal uses (问题, 小区, 反映) count
little and the words of this complaint (搅拌站, 捆绑, 车位) count a lot. The words and place mentions of a text are
computed once per process and cached by text; one call is then a few numpy operations over the candidates.

    score = min(1, cosine / FULL_MATCH_COSINE) x place factor x time factor

The place factor is 1 when both appeals are at one place (the same division code or address, one code inside the
other, or, without codes, a place named in both texts: 魅力之城 for 魅力之城小区), PLACE_DIFFERENT when both are
placed and differ (different codes and no place named in both; different places named; different districts named),
and PLACE_UNKNOWN otherwise. The time factor falls linearly from 1 to 1 - TIME_WEIGHT across the window. Appeals
outside the window are never returned; the place and time factors only ever lower the text score.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from zhizhi.textmining.places import place_core, place_is_division, place_is_named, place_mentions
from zhizhi.textmining.segmentation import words

FULL_MATCH_COSINE = 0.6  # reworded complaints about one problem reach 0.2-0.4, copies 0.6 and more
PLACE_UNKNOWN = 0.8
PLACE_DIFFERENT = 0.5
TIME_WEIGHT = 0.2
DEFAULT_THRESHOLD = 0.25
_CACHE_SIZE = 20_000

# Word ids shared by every cached text of this process; ids are only compared within one call.
_VOCABULARY: dict[str, int] = {}


@dataclass(frozen=True)
class AppealText:
    """What duplicate detection needs of an appeal."""

    key: int  # appeal id
    text: str  # subject + detail
    place: str  # division code or address ("" when unknown)
    at: datetime.datetime


@dataclass(frozen=True)
class _Features:
    word_ids: npt.NDArray[np.int64]  # unique, sorted
    places: frozenset[str]  # cores of the specific places named in the text (魅力之城, 滨河苑)
    divisions: frozenset[str]  # districts named in the text (A3区)


@lru_cache(maxsize=_CACHE_SIZE)
def _features(text: str) -> _Features:
    ids = {_VOCABULARY.setdefault(word, len(_VOCABULARY)) for word in words(text)}
    mentions = place_mentions(text)
    return _Features(
        word_ids=np.array(sorted(ids), dtype=np.int64),
        places=frozenset(place_core(m) for m in mentions if not place_is_division(m) and place_is_named(m)),
        divisions=frozenset(m for m in mentions if place_is_division(m)),
    )


def _same_place(a: AppealText, fa: _Features, b: AppealText, fb: _Features) -> bool | None:
    """True when both appeals are at one place, False when both name places and share none, None when unknown."""
    if a.place and b.place:
        if a.place == b.place or a.place.startswith(b.place) or b.place.startswith(a.place):
            return True
        return None if fa.places & fb.places else False  # codes differ; the texts may name one place on a border
    if fa.places and fb.places:
        return bool(fa.places & fb.places)
    counties_a = {d for d in fa.divisions if d[-1] in "区县"}
    counties_b = {d for d in fb.divisions if d[-1] in "区县"}
    if counties_a and counties_b and not counties_a & counties_b:
        return False  # no place inside, but different districts
    return None


def _place_factor(same: bool | None) -> float:
    if same is None:
        return PLACE_UNKNOWN
    return 1.0 if same else PLACE_DIFFERENT


def _cosines(new: _Features, others: Sequence[_Features]) -> npt.NDArray[np.float64]:
    """IDF-weighted cosine of `new` with each of `others`; the IDF comes from `others` and `new` together."""
    arrays = [f.word_ids for f in others]
    lengths = np.array([len(a) for a in arrays], dtype=np.int64)
    if not len(new.word_ids) or not lengths.sum():
        return np.zeros(len(others))
    flat = np.concatenate(arrays)
    size = int(max(flat.max(), new.word_ids.max())) + 1
    document_frequency = np.bincount(flat, minlength=size)
    document_frequency[new.word_ids] += 1
    documents = len(others) + 1
    idf_squared = (np.log((documents + 1) / (document_frequency + 1)) + 1.0) ** 2
    in_new = np.zeros(size, dtype=bool)
    in_new[new.word_ids] = True
    weights = idf_squared[flat]
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    nonempty = lengths > 0
    norms = np.zeros(len(others))
    shared = np.zeros(len(others))
    norms[nonempty] = np.add.reduceat(weights, starts[nonempty])
    shared[nonempty] = np.add.reduceat(weights * in_new[flat], starts[nonempty])
    new_norm = float(idf_squared[new.word_ids].sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        cosines = np.where(norms > 0, shared / np.sqrt(norms * new_norm), 0.0)
    return np.asarray(cosines, dtype=np.float64)


def duplicates_find(
    new: AppealText,
    candidates: Sequence[AppealText],
    *,
    window: datetime.timedelta = datetime.timedelta(days=14),
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
) -> list[tuple[int, float]]:
    """Likely duplicates of `new` among `candidates` within `window` of its time, as (key, score 0..1), best first."""
    near = [c for c in candidates if c.key != new.key and abs(c.at - new.at) <= window]
    if not near or limit <= 0:
        return []
    new_features = _features(new.text)
    features = [_features(c.text) for c in near]
    cosines = _cosines(new_features, features)
    seconds = window.total_seconds() or 1.0
    found: list[tuple[int, float]] = []
    for candidate, candidate_features, cosine in zip(near, features, cosines, strict=True):
        text = min(1.0, float(cosine) / FULL_MATCH_COSINE)
        if text < threshold:
            continue  # the place and time factors only lower a score
        nearness = 1.0 - TIME_WEIGHT * abs((candidate.at - new.at).total_seconds()) / seconds
        same = _same_place(new, new_features, candidate, candidate_features)
        score = text * _place_factor(same) * nearness
        if score >= threshold and math.isfinite(score):
            found.append((candidate.key, round(score, 4)))
    found.sort(key=lambda pair: (-pair[1], pair[0]))
    return found[:limit]
