"""Appeal routing classifier: which category a citizen's message belongs to, with calibrated probabilities.

Features. Each message gives four blocks of sublinear TF-IDF weights, each block scaled to unit length, then the whole
vector to unit length:
  - the characters and character pairs of the subject, and of the detail;
  - the words of jieba's dictionary (2 to 4 characters, no stopwords) that occur in the subject, and in the detail.
    These are jieba's full-mode words; they are found by hashing every 2-, 3- and 4-character window of the text and
    looking the hashes up in numpy, so no segmentation runs at prediction time (jieba's own segmenter handles about
    500 messages a second; this handles several thousand).
The vocabulary and the IDF weights are fitted on the labelled and the unlabelled messages together: the unlabelled
messages teach which n-grams are common and which are rare, and they give weight to words the labelled set has
seen once. Unlabelled messages whose text equals a labelled one are left out.

Models, trained on the labelled messages: a linear SVM (class weights balanced, so small categories are not
swallowed by big ones; its decision values through a softmax), a complement naive Bayes model, and a vote of the 10
most similar training messages (cosine on the rare features; each training message keeps its 50 strongest rare
features, so the stored model stays small and the vote fast). Their probabilities p are mixed 60:20:20, and the
mixture is calibrated as softmax(t * log p + b): one temperature t and a shift b per category (a standard normal
prior on each shift), fitted by log loss on out-of-fold predictions of an inner cross-validation, so that the top
probability is close to the chance that the top category is right. The shifts also correct the mixture's leaning
towards some categories (it is too quick to say 城乡建设), which moves a few answers and raises macro-F1.

Why this (5-fold CV on the 878 labelled messages of the public data set; macro-F1 / accuracy of the 70% most
confident): TF-IDF characters 1-3 + jieba words + LinearSVC, the reference, 0.84 / 0.93; balanced class weights
0.86; vocabulary and IDF fitted with the unlabelled messages 0.87; characters 1-2 + dictionary words instead of
segmented words 0.878 (3 seeds of scikit-learn's StratifiedKFold); then, on 6 seeds of this module's folds, the naive
Bayes mixture 0.879 / 0.955 and the vote of similar messages 0.880 / 0.960 (sd 0.004 / 0.003 between seeds; without
unlabelled messages 0.872 / 0.958 on 3 seeds); then the per-category shifts in the calibration 0.884 / 0.962 (sd
0.004 / 0.002 over 6 seeds, higher macro-F1 on every seed measured; the weakest seed 0.878 / 0.959). A temperature per
category instead of shifts gave 0.882 / 0.961. Curiously the same method scores about 0.005-0.01 higher at 70% on
StratifiedKFold splits than on this module's, for no reason found: differences that small are within what the
choice of split moves. Worse or no better by cross-validation, so left out: self-training with pseudo-labels
(0.82-0.87), EM naive Bayes, LSA features, per-category thresholds tuned for F1, subject weighted more, truncated
details, character trigrams, logistic regression, a learned log-linear mix. Nor did these, measured on the mixture
before the shifts (6 seeds, same folds; differences of 0.002 are what the SVM solver's random order alone moves):
more SVMs on other views (subject only, detail only, averaged with the one on all features) 0.882 / 0.960 against
0.880 / 0.960, at twice the SVM's training cost; a ridge classifier or logistic regression beside the SVM 0.880 /
0.962 and 0.878 / 0.959; a Crammer-Singer SVM alone 0.875 / 0.946 (the one-vs-rest SVM alone 0.877 / 0.947) and 20
times slower; NB-weighted SVM (NBSVM) 0.864 / 0.944; LSA of the labelled and unlabelled messages (truncated SVD,
100 dimensions, of features in 3 messages to 10% of them) appended to the features 0.876-0.852 / 0.940-0.931 alone,
0.875 / 0.962 in the mixture (3 seeds; 0.877 / 0.960 without), as its own SVM or similarity vote 0.812 / 0.905 and
0.757 / 0.875 alone and no gain in the mixture, and 15 s of SVD per training. The unlabelled messages come from
another mix of topics (many outside the labelled categories), so labels guessed for them teach wrong boundaries.

Cost on one core: about 4,000 messages a second predicted (2 ms for one message), 4 s to train on the 878 messages
with 9,900 unlabelled ones, about 30 s on 20,000 messages of 7 categories; the stored model is 4.4 MB, 20 MB for
20,000 messages. The SVM's weights (features x categories) dominate both: with 70 categories, 4,000 messages take
about 19 s and 25 MB, 20,000 messages about 100 s and 58 MB.

A trained classifier is numbers only (vocabulary hashes, IDF, weights, temperature and shifts); `to_bytes` writes
them with numpy's npz format, without pickle, so a stored model version cannot run code when it is loaded.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Hashes = npt.NDArray[np.uint64]

CHAR_LENGTHS = (1, 2)
WORD_LENGTHS = (2, 3, 4)
MIN_DOCUMENT_FREQUENCY = 2
SVM_C = 1.0
SVM_SCALE = 5.0  # decision values times this, through a softmax, before mixing
NB_ALPHA = 0.03
SVM_SHARE = 0.6  # shares of the three models in the mixture
NB_SHARE = 0.2
NEAR_SHARE = 0.2
NEIGHBOURS = 10
NEAR_RARE = 0.05  # features in more of the training messages than this share do not count for similarity
NEAR_RARE_MAX = 200  # ... nor those in more training messages than this (keeps the vote fast on large sets)
NEAR_KEEP = 50  # strongest rare features of a message that its similarity is computed on
CALIBRATION_FOLDS = 5
CALIBRATION_MESSAGES = 1000
DEFAULT_UNLABELED = ("unlabeled.csv", "public_messages.csv", "replies.csv")
FORMAT = "zhizhi-routing-classifier"
FORMAT_VERSION = 2  # 2 added the per-category shifts of the calibration; 1 is still read

_TEXT_LIMIT = 5000  # characters of a subject or detail that are read; longer texts are cut
_CHUNK = 2000  # messages featurised at once
_HASH_PRIME = np.uint64(0x100000001B3)
_HASH_START = 0xCBF29CE484222325
_ABSENT = -1e4  # score of a category a model never saw
_SPACE = re.compile(r"[\s\x00]+")
_NO_SPACE = re.compile(r"[\s\x00]+|_x000d_", re.IGNORECASE)
_VOCABULARY_ARRAYS = ("chars", "char_idf", "char_columns", "keys", "idf", "pair_columns", "word_columns")


@dataclass(frozen=True)
class Message:
    subject: str
    detail: str


@dataclass(frozen=True)
class ClassScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class CoveragePoint:
    coverage: float  # share of messages dispatched automatically: the most confident ones
    accuracy: float  # share of those whose top category is right
    threshold: float  # the lowest confidence among them


# -- text to numbers ---------------------------------------------------------------------------------------------


def _text_normal(text: str) -> str:
    """A text as the features read it: lower case, Excel's _x000D_ and runs of white space as one space."""
    return _SPACE.sub(" ", text[:_TEXT_LIMIT].lower().replace("_x000d_", " ")).strip()


def _message_key(message: Message) -> tuple[str, str]:
    """What makes two messages the same text: subject and detail without white space."""
    return _NO_SPACE.sub("", message.subject), _NO_SPACE.sub("", message.detail)


def _codes_hash(columns: Sequence[npt.NDArray[np.uint64]], n: int) -> Hashes:
    """The 64-bit hash of n-grams given as n arrays of code points (one per position in the n-gram)."""
    hashes = np.full(len(columns[0]), np.uint64(_HASH_START + n), dtype=np.uint64)
    for codes in columns:
        hashes = hashes * _HASH_PRIME + codes
    return hashes


def _text_codes(texts: Sequence[str]) -> tuple[Hashes, npt.NDArray[np.bool_], Ints]:
    """The code points of the texts one after another, 0 after each text; where the 0s are; whose each one is."""
    joined = "\x00".join(texts) + "\x00"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    boundary = codes == 0
    owner = np.cumsum(boundary, dtype=np.int64) - boundary
    return codes, boundary, owner


def _text_windows(
    codes: Hashes, boundary: npt.NDArray[np.bool_], owner: Ints, lengths: Iterable[int]
) -> tuple[Hashes, Ints]:
    """The hash of every window of the given lengths inside one text, and the index of its text."""
    hashes: list[Hashes] = []
    owners: list[Ints] = []
    for n in lengths:
        m = max(len(codes) - n + 1, 0)
        crosses = np.zeros(m, dtype=bool)
        for j in range(n):
            crosses |= boundary[j : j + m]
        inside = ~crosses
        hashes.append(_codes_hash([codes[j : j + m][inside] for j in range(n)], n))
        owners.append(owner[:m][inside])
    return np.concatenate(hashes), np.concatenate(owners)


@lru_cache(maxsize=1)
def _dictionary() -> Hashes:
    """Hashes of jieba's dictionary words of 2 to 4 characters, stopwords left out, sorted."""
    import jieba

    from zhizhi.textmining.segmentation import STOPWORDS

    jieba.dt.check_initialized()
    by_length: dict[int, list[str]] = {n: [] for n in WORD_LENGTHS}
    for word, frequency in jieba.dt.FREQ.items():
        word = word.lower()
        if frequency > 0 and len(word) in by_length and word not in STOPWORDS and "\x00" not in word:
            by_length[len(word)].append(word)
    found = []
    for n, words in by_length.items():
        if words:
            codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
            table = codes.reshape(-1, n)
            found.append(_codes_hash([table[:, j] for j in range(n)], n))
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.uint64)


def _positions(sorted_keys: Hashes, values: Hashes) -> Ints:
    """The position of each value among the sorted keys, -1 where it is not one of them."""
    if len(sorted_keys) == 0:
        return np.full(len(values), -1, dtype=np.int64)
    distinct, inverse = np.unique(values, return_inverse=True)  # sorted, distinct queries search fast
    position = np.searchsorted(sorted_keys, distinct).astype(np.int64)
    position[position == len(sorted_keys)] = 0
    position[sorted_keys[position] != distinct] = -1
    return position[inverse.ravel()]


def _text_frequency(values: Hashes, owners: Ints) -> tuple[Hashes, Ints]:
    """The distinct values and the number of texts that have each."""
    order = np.lexsort((owners, values))
    values, owners = values[order], owners[order]
    first = np.ones(len(values), dtype=bool)
    first[1:] = (values[1:] != values[:-1]) | (owners[1:] != owners[:-1])
    distinct, counts = np.unique(values[first], return_counts=True)
    return distinct, counts.astype(np.int64)


def _frequency_merge(found: Sequence[tuple[Hashes, Ints]]) -> tuple[Hashes, Floats]:
    """Sum the text counts of values found in several chunks."""
    if not found:
        return np.zeros(0, dtype=np.uint64), np.zeros(0)
    values, inverse = np.unique(np.concatenate([v for v, _c in found]), return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=np.concatenate([c for _v, c in found]), minlength=len(values))
    return values, counts.astype(np.float64)


@dataclass(frozen=True)
class _Vocabulary:
    """The features of one part of the messages (subject or detail): characters, and n-grams of 2 to 4 characters
    that are character pairs or dictionary words (a pair can be both), with their IDF and model columns."""

    part: str
    chars: Hashes  # sorted code points
    char_idf: npt.NDArray[np.float32]
    char_columns: Ints
    keys: Hashes  # sorted hashes of the n-grams
    idf: npt.NDArray[np.float32]
    pair_columns: Ints  # column of the n-gram as a character pair, -1 if it is not one
    word_columns: Ints  # column of the n-gram as a dictionary word, -1 if it is not one

    @cached_property
    def _char_table(self) -> Ints:
        """Position of each code point among `chars`, -1 if it is not one, for code points up to the largest."""
        table = np.full(int(self.chars[-1]) + 1 if len(self.chars) else 0, -1, dtype=np.int64)
        table[self.chars.astype(np.int64)] = np.arange(len(self.chars))
        return table

    def char_positions(self, codes: Hashes) -> Ints:
        """The position of each code point among `chars`, -1 where it is not one of them."""
        table = self._char_table
        inside = codes < len(table)
        position = np.full(len(codes), -1, dtype=np.int64)
        position[inside] = table[codes[inside].astype(np.int64)]
        return position

    def renumbered(self, renumber: Ints) -> _Vocabulary:
        """The same vocabulary with every model column c moved to renumber[c]."""

        def move(columns: Ints) -> Ints:
            return np.where(columns >= 0, renumber[np.maximum(columns, 0)], -1)

        return _Vocabulary(
            part=self.part,
            chars=self.chars,
            char_idf=self.char_idf,
            char_columns=move(self.char_columns),
            keys=self.keys,
            idf=self.idf,
            pair_columns=move(self.pair_columns),
            word_columns=move(self.word_columns),
        )


def _vocabulary_fit(*, part: str, texts: Sequence[str], first_column: int) -> _Vocabulary:
    """The characters, character pairs and dictionary words that occur in at least MIN_DOCUMENT_FREQUENCY texts,
    with the smoothed IDF of each; columns numbered from `first_column`: characters, pairs, words."""
    dictionary = _dictionary()
    chars_found, pairs_found, words_found = [], [], []
    for start in range(0, len(texts), _CHUNK):
        codes, boundary, owner = _text_codes(texts[start : start + _CHUNK])
        chars_found.append(_text_frequency(codes[~boundary], owner[~boundary]))
        pairs, pair_owners = _text_windows(codes, boundary, owner, [2])
        pairs_found.append(_text_frequency(pairs, pair_owners))
        grams, gram_owners = _text_windows(codes, boundary, owner, WORD_LENGTHS)
        is_word = _positions(dictionary, grams) >= 0
        words_found.append(_text_frequency(grams[is_word], gram_owners[is_word]))
    n = len(texts)

    def frequent(found: Sequence[tuple[Hashes, Ints]]) -> tuple[Hashes, Floats]:
        values, counts = _frequency_merge(found)
        keep = counts >= MIN_DOCUMENT_FREQUENCY
        return values[keep], counts[keep]

    def idf(counts: Floats) -> npt.NDArray[np.float32]:
        return (np.log((1 + n) / (1 + counts)) + 1).astype(np.float32)

    chars, char_counts = frequent(chars_found)
    pairs, pair_counts = frequent(pairs_found)
    words, word_counts = frequent(words_found)
    keys, where = np.unique(np.concatenate([pairs, words]), return_index=True)
    counts = np.concatenate([pair_counts, word_counts])[where]
    pair_at = _positions(keys, pairs)
    word_at = _positions(keys, words)
    pair_columns = np.full(len(keys), -1, dtype=np.int64)
    word_columns = np.full(len(keys), -1, dtype=np.int64)
    column = first_column + len(chars)
    pair_columns[pair_at] = column + np.arange(len(pairs))
    word_columns[word_at] = column + len(pairs) + np.arange(len(words))
    return _Vocabulary(
        part=part,
        chars=chars,
        char_idf=idf(char_counts),
        char_columns=first_column + np.arange(len(chars), dtype=np.int64),
        keys=keys,
        idf=idf(counts),
        pair_columns=pair_columns,
        word_columns=word_columns,
    )


def _vocabulary_width(vocabulary: _Vocabulary) -> int:
    """How many model columns a vocabulary numbers."""
    return len(vocabulary.chars) + int((vocabulary.pair_columns >= 0).sum() + (vocabulary.word_columns >= 0).sum())


def _counted(owners: Ints, positions: Ints, size: int) -> tuple[Ints, Ints, Floats]:
    """Rows, positions and 1 + log(count) of each distinct (row, position) among those found (position >= 0)."""
    found = positions >= 0
    pair, count = np.unique(owners[found] * max(size, 1) + positions[found], return_counts=True)
    row, position = np.divmod(pair, max(size, 1))
    return row, position, 1.0 + np.log(count)


def _features(
    vocabularies: Sequence[_Vocabulary], messages: Sequence[Message], width: int
) -> tuple[sp.csr_matrix, Floats]:
    """The model's feature rows of messages (columns below `width`) and each row's L1 mass over all columns.

    Four blocks (characters and pairs of the subject, of the detail; words of the subject, of the detail), each of
    unit length, then the whole row of unit length."""
    n = len(messages)
    blocks: list[tuple[Ints, Ints, Floats]] = []
    for vocabulary in vocabularies:
        codes, boundary, owner = _text_codes([_text_normal(getattr(m, vocabulary.part)) for m in messages])
        row, position, tf = _counted(
            owner[~boundary], vocabulary.char_positions(codes[~boundary]), len(vocabulary.chars)
        )
        char_block = (row, vocabulary.char_columns[position], tf * vocabulary.char_idf[position])
        grams, gram_owners = _text_windows(codes, boundary, owner, WORD_LENGTHS)
        row, position, tf = _counted(gram_owners, _positions(vocabulary.keys, grams), len(vocabulary.keys))
        value = tf * vocabulary.idf[position]
        pair = vocabulary.pair_columns[position]
        word = vocabulary.word_columns[position]
        is_pair, is_word = pair >= 0, word >= 0
        blocks.append(
            (
                np.concatenate([char_block[0], row[is_pair]]),
                np.concatenate([char_block[1], pair[is_pair]]),
                np.concatenate([char_block[2], value[is_pair]]),
            )
        )
        blocks.append((row[is_word], word[is_word], value[is_word]))
    filled = np.zeros(n)
    values = []
    for row, _column, value in blocks:
        norm = np.sqrt(np.bincount(row, weights=value * value, minlength=n))
        values.append(value / norm[row])
        filled[np.unique(row)] += 1
    row = np.concatenate([b[0] for b in blocks])
    column = np.concatenate([b[1] for b in blocks])
    value = np.concatenate(values) / np.sqrt(np.maximum(filled, 1))[row]
    mass = np.bincount(row, weights=value, minlength=n).astype(np.float64)
    used = column < width
    matrix = sp.csr_matrix((value[used], (row[used], column[used])), shape=(n, width))
    return matrix, mass


# -- the two models ----------------------------------------------------------------------------------------------


def _softmax(scores: Floats) -> Floats:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    result: Floats = exp / exp.sum(axis=1, keepdims=True)
    return result


@dataclass(frozen=True)
class _Weights:
    """A linear SVM, a complement naive Bayes model and the nearest training messages, over the same features."""

    svm: npt.NDArray[np.float32]  # features x categories
    svm_bias: Floats
    nb: sp.csr_matrix  # features x categories: the naive Bayes log-weights where a category has seen a feature
    nb_log_mass: Floats  # per category, times the row's L1 mass
    nb_bias: Floats  # 0, or _ABSENT for a category without training messages
    near_rare: npt.NDArray[np.float32]  # 1 for the features that neighbours are compared on, else 0
    near_messages: sp.csr_matrix  # training messages x features: each one's strongest rare features, unit length
    near_labels: Ints  # category index of each training message

    def mixture(self, matrix: sp.csr_matrix, mass: Floats) -> Floats:
        """Mixed, uncalibrated probabilities of the rows."""
        categories = len(self.svm_bias)
        svm = _softmax(SVM_SCALE * (np.asarray(matrix @ self.svm, dtype=np.float64) + self.svm_bias))
        joint = np.asarray((matrix @ self.nb).toarray(), dtype=np.float64)
        nb = _softmax(joint + mass[:, None] * self.nb_log_mass + self.nb_bias)
        # Nearest training messages: cosine on the rare features, the squared similarities of the NEIGHBOURS best
        # summed per category.
        similar = sp.csr_matrix(_near_rows(matrix, self.near_rare) @ self.near_messages.T)
        row = np.repeat(np.arange(similar.shape[0]), np.diff(similar.indptr))
        best = _rows_best(similar, NEIGHBOURS)
        votes = np.bincount(
            row[best] * categories + self.near_labels[similar.indices[best]],
            weights=similar.data[best] ** 2,
            minlength=similar.shape[0] * categories,
        ).reshape(-1, categories)
        votes = (votes + 1e-3) * (self.nb_bias == 0)
        near = votes / votes.sum(axis=1, keepdims=True)
        mixed: Floats = SVM_SHARE * svm + NB_SHARE * nb + NEAR_SHARE * near
        return mixed


def _rows_best(matrix: sp.csr_matrix, k: int) -> npt.NDArray[np.bool_]:
    """Which stored entries of a CSR matrix (values in 0..1) are among the k largest of their row."""
    row = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.argsort(row + 0.5 * (1 - np.clip(matrix.data, 0, 1)))  # by row, largest value first
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - matrix.indptr[row[order]]
    best: npt.NDArray[np.bool_] = rank < k
    return best


def _rows_unit(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """The rows scaled to unit length (empty rows stay empty)."""
    norm = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scaled: sp.csr_matrix = sp.csr_matrix(sp.diags(1 / np.where(norm > 0, norm, 1)) @ matrix)
    return scaled


def _near_rows(matrix: sp.csr_matrix, rare: npt.NDArray[np.float32]) -> sp.csr_matrix:
    """Rows as the similarity vote compares them: their NEAR_KEEP strongest rare features, of unit length."""
    kept = sp.csr_matrix(matrix.multiply(rare[None, :]))
    kept.eliminate_zeros()
    kept.data[~_rows_best(kept, NEAR_KEEP)] = 0
    kept.eliminate_zeros()
    return _rows_unit(kept)


def _near_fit(matrix: sp.csr_matrix, y: Ints) -> tuple[npt.NDArray[np.float32], sp.csr_matrix, Ints]:
    """What the vote of similar messages keeps: which features are rare (in at most NEAR_RARE of the training
    messages, and at most NEAR_RARE_MAX of them) and each training message's rows as `_near_rows` makes them."""
    frequency = np.asarray(matrix.getnnz(axis=0))
    limit = max(min(NEAR_RARE * matrix.shape[0], NEAR_RARE_MAX), 1)
    rare = (frequency <= limit).astype(np.float32)
    return rare, _near_rows(matrix, rare).astype(np.float32), y.astype(np.int64)


def _weights_fit(matrix: sp.csr_matrix, y: Ints, categories: int, total_width: int, seed: int) -> _Weights:
    """Train both models on feature rows and category indices (at least two categories present)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    present = np.unique(y)
    width = matrix.shape[1]
    svm = LinearSVC(C=SVM_C, class_weight="balanced", random_state=seed, max_iter=3000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a few hard examples; more iterations change nothing
        svm.fit(matrix, y)
    coefficients = np.asarray(svm.coef_, dtype=np.float64)
    intercepts = np.asarray(svm.intercept_, dtype=np.float64)
    if len(present) == 2:  # one decision function: half of it for each side
        coefficients = np.vstack([-coefficients[0], coefficients[0]]) / 2
        intercepts = np.array([-intercepts[0], intercepts[0]]) / 2
    weights = np.zeros((width, categories), dtype=np.float32)
    # Half precision (a relative error of 1/2000, far below what changes a ranking) halves the stored model; the
    # weights are rounded here so that a stored and loaded model predicts exactly what the trained one does.
    weights[:, present] = coefficients.T.astype(np.float16)
    bias = np.full(categories, _ABSENT)
    bias[present] = intercepts

    # Complement naive Bayes (as scikit-learn's ComplementNB, norm=False), written so that only the features a
    # category has seen need a weight: the rest differ between categories only through nb_log_mass.
    indicator = sp.csr_matrix((np.ones(len(y)), (np.arange(len(y)), y)), shape=(len(y), categories))
    by_category = (indicator.T @ matrix).tocsr()  # categories x features
    total = np.asarray(by_category.sum(axis=0), dtype=np.float64).ravel()
    complement_mass = total.sum() + NB_ALPHA * total_width - np.asarray(by_category.sum(axis=1)).ravel()
    coo = by_category.tocoo()
    delta = np.log(total[coo.col] + NB_ALPHA) - np.log(total[coo.col] + NB_ALPHA - coo.data)
    nb = sp.csr_matrix((delta, (coo.col, coo.row)), shape=(width, categories))
    nb_bias = np.full(categories, _ABSENT)
    nb_bias[present] = 0.0
    near_rare, near_messages, near_labels = _near_fit(matrix, y)
    return _Weights(
        svm=weights,
        svm_bias=bias,
        nb=nb,
        nb_log_mass=np.log(complement_mass),
        nb_bias=nb_bias,
        near_rare=near_rare,
        near_messages=near_messages,
        near_labels=near_labels,
    )


def _folds(y: Ints, folds: int, seed: int) -> Ints:
    """A fold for each example: every category spread evenly over the folds, in random order."""
    rng = np.random.default_rng(seed)
    assigned = np.zeros(len(y), dtype=np.int64)
    offset = 0
    for category in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == category))
        assigned[members] = (offset + np.arange(len(members))) % folds
        offset += len(members)
    return assigned


def _scales_fit(mixed: Floats, y: Ints) -> tuple[float, Floats]:
    """The temperature t and the per-category shifts b that make softmax(t * log p + b) best predict the true
    categories (lowest log loss, each shift with a standard normal prior); a category that is never the true one
    keeps shift 0."""
    from scipy.optimize import minimize

    logs = np.log(np.maximum(mixed, 1e-12))
    n, categories = logs.shape
    truth = np.zeros_like(logs)
    truth[np.arange(n), y] = 1
    free = np.isin(np.arange(categories), y)

    def loss(theta: Floats) -> tuple[float, Floats]:
        shift = np.where(free, theta[1:], 0.0)
        scores = theta[0] * logs + shift
        scores = scores - scores.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scores).sum(axis=1))
        error = np.exp(scores - log_norm[:, None]) - truth  # d loss / d scores, per message
        value = -(scores[np.arange(n), y] - log_norm).sum() + 0.5 * float(shift @ shift)
        gradient = np.concatenate([[float((error * logs).sum())], (error.sum(axis=0) + shift) * free])
        return float(value) / n, gradient / n

    start = np.concatenate([[1.0], np.zeros(categories)])
    bounds = [(0.05, 20.0)] + [(-5.0, 5.0)] * categories
    result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    return float(result.x[0]), np.where(free, result.x[1:], 0.0)


def _calibration_fit(
    matrix: sp.csr_matrix, mass: Floats, y: Ints, categories: int, total_width: int, seed: int
) -> tuple[float, Floats]:
    """The temperature and per-category shifts of the mixture, fitted on out-of-fold predictions of an inner
    cross-validation (only as many of its folds as it takes to predict CALIBRATION_MESSAGES messages)."""
    folds = min(CALIBRATION_FOLDS, len(y))
    if folds < 2:
        return 1.0, np.zeros(categories)
    assigned = _folds(y, folds, seed + 1)
    held: list[Floats] = []
    truth: list[Ints] = []
    for fold in range(min(folds, math.ceil(folds * CALIBRATION_MESSAGES / len(y)))):
        train, test = assigned != fold, assigned == fold
        if len(np.unique(y[train])) < 2 or not test.any():
            continue
        weights = _weights_fit(matrix[train], y[train], categories, total_width, seed)
        seen = np.isin(y[test], np.unique(y[train]))
        mixed = weights.mixture(matrix[test], mass[test])
        held.append(mixed[seen])
        truth.append(y[test][seen])
    if not held or sum(len(t) for t in truth) == 0:
        return 1.0, np.zeros(categories)
    return _scales_fit(np.vstack(held), np.concatenate(truth))


# -- the classifier ----------------------------------------------------------------------------------------------


class Classifier:
    """A trained router: probabilities of each category for messages."""

    labels: tuple[str, ...]

    def __init__(
        self,
        *,
        labels: tuple[str, ...],
        vocabularies: tuple[_Vocabulary, ...],
        weights: _Weights,
        temperature: float,
        shift: Floats | None = None,
    ) -> None:
        self.labels = labels
        self._vocabularies = vocabularies
        self._weights = weights
        self._temperature = temperature
        self._shift = np.zeros(len(labels)) if shift is None else np.asarray(shift, dtype=np.float64)

    def predict_proba(self, messages: Sequence[Message]) -> Floats:
        """Calibrated probability of each category (columns in `labels` order) for each message; rows sum to 1."""
        parts = [np.zeros((0, len(self.labels)))]
        width = self._weights.svm.shape[0]
        for start in range(0, len(messages), _CHUNK):
            matrix, mass = _features(self._vocabularies, messages[start : start + _CHUNK], width)
            mixed = self._weights.mixture(matrix, mass)
            parts.append(_softmax(self._temperature * np.log(np.maximum(mixed, 1e-12)) + self._shift))
        return np.vstack(parts)

    def rank(self, messages: Sequence[Message], *, k: int = 3) -> list[list[tuple[str, float]]]:
        """The k most probable categories of each message with their probabilities, best first."""
        probabilities = self.predict_proba(messages)
        order = np.argsort(-probabilities, axis=1, kind="stable")[:, : max(k, 0)]
        return [[(self.labels[j], float(probabilities[i, j])) for j in order[i]] for i in range(len(probabilities))]

    def to_bytes(self) -> bytes:
        """The classifier as bytes (numpy npz, no pickle), for storing a model version."""
        meta = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "labels": list(self.labels),
            "parts": [v.part for v in self._vocabularies],
            "temperature": self._temperature,
        }
        arrays: dict[str, Any] = {
            "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8),
            "svm": self._weights.svm.astype(np.float16),
            "svm_bias": self._weights.svm_bias,
            "shift": self._shift,
            "nb_data": self._weights.nb.data,
            "nb_indices": self._weights.nb.indices,
            "nb_indptr": self._weights.nb.indptr,
            "nb_log_mass": self._weights.nb_log_mass,
            "nb_bias": self._weights.nb_bias,
            "near_rare": np.flatnonzero(self._weights.near_rare).astype(np.int32),
            "near_data": self._weights.near_messages.data.astype(np.float32),
            "near_indices": self._weights.near_messages.indices.astype(np.int32),
            "near_indptr": self._weights.near_messages.indptr.astype(np.int64),
            "near_labels": self._weights.near_labels.astype(np.int32),
        }
        for vocabulary in self._vocabularies:
            for name in _VOCABULARY_ARRAYS:
                array = getattr(vocabulary, name)
                stored = array.astype(np.int32) if name.endswith("columns") else array
                arrays[f"{vocabulary.part}_{name}"] = stored
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Classifier:
        """A classifier from the bytes of `to_bytes`; ValueError if they are not one."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as stored:
                arrays = {name: stored[name] for name in stored.files}
            meta = json.loads(arrays["meta"].tobytes().decode())
        except (OSError, ValueError, KeyError, UnicodeDecodeError) as error:
            raise ValueError(f"not a stored routing classifier: {error}") from error
        if meta.get("format") != FORMAT or meta.get("version") not in (1, FORMAT_VERSION):
            raise ValueError(f"not a routing classifier of format {FORMAT} v{FORMAT_VERSION}")
        labels = tuple(str(label) for label in meta["labels"])
        svm = arrays["svm"].astype(np.float32)
        vocabularies = tuple(
            _Vocabulary(
                part=part,
                chars=arrays[f"{part}_chars"],
                char_idf=arrays[f"{part}_char_idf"],
                char_columns=arrays[f"{part}_char_columns"].astype(np.int64),
                keys=arrays[f"{part}_keys"],
                idf=arrays[f"{part}_idf"],
                pair_columns=arrays[f"{part}_pair_columns"].astype(np.int64),
                word_columns=arrays[f"{part}_word_columns"].astype(np.int64),
            )
            for part in meta["parts"]
        )
        width = svm.shape[0]
        nb = sp.csr_matrix((arrays["nb_data"], arrays["nb_indices"], arrays["nb_indptr"]), shape=(width, len(labels)))
        near_rare = np.zeros(width, dtype=np.float32)
        near_rare[arrays["near_rare"]] = 1
        weights = _Weights(
            svm=svm,
            svm_bias=arrays["svm_bias"],
            nb=nb,
            nb_log_mass=arrays["nb_log_mass"],
            nb_bias=arrays["nb_bias"],
            near_rare=near_rare,
            near_messages=sp.csr_matrix(
                (arrays["near_data"], arrays["near_indices"], arrays["near_indptr"]),
                shape=(len(arrays["near_labels"]), width),
            ),
            near_labels=arrays["near_labels"].astype(np.int64),
        )
        shift = arrays.get("shift")  # version 1 models have none
        return cls(
            labels=labels,
            vocabularies=vocabularies,
            weights=weights,
            temperature=float(meta["temperature"]),
            shift=None if shift is None else shift.astype(np.float64),
        )


def _pool_exclude(pool: Sequence[Message], *, exclude: Sequence[Message]) -> list[Message]:
    """The unlabelled messages without those whose text (or, for a detail of 20 characters or more, whose detail)
    equals one of `exclude`, and without repeats."""
    keys = {_message_key(m) for m in exclude}
    details = {detail for _subject, detail in keys if len(detail) >= 20}
    kept: list[Message] = []
    for message in pool:
        key = _message_key(message)
        if key in keys or key[1] in details:
            continue
        keys.add(key)
        kept.append(message)
    return kept


def classifier_train(
    *, messages: Sequence[Message], labels: Sequence[str], unlabeled: Sequence[Message] = (), seed: int = 0
) -> Classifier:
    """Train a router on labelled messages; unlabelled messages help fit the vocabulary and its IDF weights."""
    if len(messages) != len(labels):
        raise ValueError(f"{len(messages)} messages but {len(labels)} labels")
    categories = tuple(sorted(set(labels)))
    if len(categories) < 2:
        raise ValueError(f"a router needs at least two categories, the training messages have {len(categories)}")
    pool = _pool_exclude(unlabeled, exclude=messages)
    corpus = [*messages, *pool]
    provisional: list[_Vocabulary] = []
    total_width = 0
    for part in ("subject", "detail"):
        texts = [_text_normal(getattr(m, part)) for m in corpus]
        provisional.append(_vocabulary_fit(part=part, texts=texts, first_column=total_width))
        total_width += _vocabulary_width(provisional[-1])
    # Columns: first every feature that some training message has (the ones that get weights), then the rest,
    # which only count in the length of a message's vector.
    matrix, mass = _features(provisional, messages, total_width)
    seen = np.asarray(matrix.getnnz(axis=0)) > 0
    renumber = np.empty(total_width, dtype=np.int64)
    renumber[seen] = np.arange(int(seen.sum()))
    renumber[~seen] = int(seen.sum()) + np.arange(int((~seen).sum()))
    vocabularies = tuple(v.renumbered(renumber) for v in provisional)
    matrix = matrix[:, np.flatnonzero(seen)].tocsr()
    index = {label: i for i, label in enumerate(categories)}
    y = np.array([index[label] for label in labels], dtype=np.int64)
    temperature, shift = _calibration_fit(matrix, mass, y, len(categories), total_width, seed)
    weights = _weights_fit(matrix, y, len(categories), total_width, seed)
    return Classifier(
        labels=categories, vocabularies=vocabularies, weights=weights, temperature=temperature, shift=shift
    )


# -- evaluation --------------------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    macro_f1: float
    accuracy: float
    accuracy_at_70: float
    top3_accuracy: float
    per_class: dict[str, ClassScore]
    labels: tuple[str, ...]
    confusion: list[list[int]]  # rows true, columns predicted, in `labels` order
    coverage_curve: list[CoveragePoint]
    calibration_error: float | None = None  # expected calibration error of the top probability (10 bins)
    ranked: list[tuple[float, bool]] = field(default_factory=list, repr=False)  # confidence, right; most sure first

    def threshold_for_precision(self, target: float) -> float | None:
        """The lowest confidence threshold at which the messages dispatched automatically (confidence >= it) are
        right at least `target` of the time; None if no threshold reaches it."""
        if not self.ranked:
            return None
        confidence = np.array([c for c, _right in self.ranked])
        right = np.cumsum([r for _c, r in self.ranked])
        taken = np.arange(1, len(confidence) + 1)
        cut = np.ones(len(confidence), dtype=bool)  # a threshold can only fall between different confidences
        cut[:-1] = confidence[:-1] > confidence[1:]
        reached = np.flatnonzero(cut & (right >= target * taken - 1e-9))
        return float(confidence[reached[-1]]) if len(reached) else None

    def to_dict(self) -> dict[str, Any]:
        """The evaluation as JSON-safe values, with the thresholds for usual target precisions."""
        return {
            "macro_f1": self.macro_f1,
            "accuracy": self.accuracy,
            "accuracy_at_70": self.accuracy_at_70,
            "top3_accuracy": self.top3_accuracy,
            "calibration_error": self.calibration_error,
            "messages": len(self.ranked),
            "labels": list(self.labels),
            "per_class": {
                label: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "support": s.support}
                for label, s in self.per_class.items()
            },
            "confusion": [list(row) for row in self.confusion],
            "coverage_curve": [
                {"coverage": p.coverage, "accuracy": p.accuracy, "threshold": p.threshold} for p in self.coverage_curve
            ],
            "thresholds": {f"{t:.2f}": self.threshold_for_precision(t) for t in (0.9, 0.95, 0.97, 0.99)},
        }


def evaluation_build(
    *, labels: Sequence[str], truth: Sequence[str], scores: Floats, confidence: Floats | None = None
) -> Evaluation:
    """Score predictions: `scores` has a column per label (highest = predicted), `confidence` orders the messages
    for coverage (by default the top score, which is then taken to be a probability)."""
    if len(truth) == 0:
        raise ValueError("no messages to evaluate")
    if scores.shape != (len(truth), len(labels)):
        raise ValueError(f"scores have shape {scores.shape}, expected ({len(truth)}, {len(labels)})")
    names = tuple(labels) + tuple(sorted(set(truth) - set(labels)))
    index = {label: i for i, label in enumerate(names)}
    actual = np.array([index[label] for label in truth], dtype=np.int64)
    predicted = np.argmax(scores, axis=1)
    is_probability = confidence is None
    sure = np.max(scores, axis=1) if confidence is None else np.asarray(confidence, dtype=np.float64)
    right = predicted == actual
    n, k = len(actual), len(names)
    confusion = np.zeros((k, k), dtype=np.int64)
    np.add.at(confusion, (actual, predicted), 1)
    per_class: dict[str, ClassScore] = {}
    f1s = []
    for i, label in enumerate(names):
        hits, support, chosen = int(confusion[i, i]), int(confusion[i].sum()), int(confusion[:, i].sum())
        precision = hits / chosen if chosen else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = ClassScore(precision=precision, recall=recall, f1=f1, support=support)
        if support or chosen:
            f1s.append(f1)
    order = np.argsort(-sure, kind="stable")
    curve = []
    for tenth in range(1, 11):
        taken = max(1, round(n * tenth / 10))
        curve.append(
            CoveragePoint(
                coverage=tenth / 10,
                accuracy=float(right[order[:taken]].mean()),
                threshold=float(sure[order[taken - 1]]),
            )
        )
    top = np.argsort(-scores, axis=1, kind="stable")[:, :3]
    top3 = float(np.mean([actual[i] in top[i] for i in range(n)]))
    calibration = None
    if is_probability:
        bins = np.minimum((sure * 10).astype(np.int64), 9)
        calibration = float(
            sum(abs(right[bins == b].mean() - sure[bins == b].mean()) * (bins == b).sum() for b in np.unique(bins)) / n
        )
    return Evaluation(
        macro_f1=float(np.mean(f1s)),
        accuracy=float(right.mean()),
        accuracy_at_70=float(right[order[: max(1, round(n * 0.7))]].mean()),
        top3_accuracy=top3,
        per_class=per_class,
        labels=names,
        confusion=confusion.tolist(),
        coverage_curve=curve,
        calibration_error=calibration,
        ranked=[(float(sure[i]), bool(right[i])) for i in order],
    )


def classifier_evaluate(classifier: Classifier, *, messages: Sequence[Message], labels: Sequence[str]) -> Evaluation:
    """How well a trained router predicts the labels of messages it has not seen."""
    if len(messages) != len(labels):
        raise ValueError(f"{len(messages)} messages but {len(labels)} labels")
    return evaluation_build(labels=classifier.labels, truth=labels, scores=classifier.predict_proba(messages))


def classifier_cross_validate(
    *,
    messages: Sequence[Message],
    labels: Sequence[str],
    unlabeled: Sequence[Message] = (),
    folds: int = 5,
    seed: int = 0,
) -> Evaluation:
    """Stratified k-fold cross-validation: every message predicted by a router trained without its fold, pooled.
    Unlabelled messages equal to any labelled one are left out, so no test text enters training."""
    if len(messages) != len(labels):
        raise ValueError(f"{len(messages)} messages but {len(labels)} labels")
    if not 2 <= folds <= len(messages):
        raise ValueError(f"cannot make {folds} folds of {len(messages)} messages")
    names = tuple(sorted(set(labels)))
    index = {label: i for i, label in enumerate(names)}
    y = np.array([index[label] for label in labels], dtype=np.int64)
    pool = _pool_exclude(unlabeled, exclude=messages)
    assigned = _folds(y, folds, seed)
    probabilities = np.zeros((len(messages), len(names)))
    for fold in range(folds):
        train = np.flatnonzero(assigned != fold).tolist()
        test = np.flatnonzero(assigned == fold).tolist()
        if len(test) == 0:
            continue
        classifier = classifier_train(
            messages=[messages[i] for i in train], labels=[labels[i] for i in train], unlabeled=pool, seed=seed
        )
        columns = np.array([index[label] for label in classifier.labels], dtype=np.int64)
        probabilities[np.ix_(np.array(test, dtype=np.int64), columns)] = classifier.predict_proba(
            [messages[i] for i in test]
        )
    return evaluation_build(labels=names, truth=labels, scores=probabilities)


# -- files and reports -------------------------------------------------------------------------------------------


def messages_read_csv(path: Path) -> tuple[list[Message], list[str]]:
    """Messages (columns subject, detail) and, when the file has a label column, their labels."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        header = reader.fieldnames or []
        missing = [name for name in ("subject", "detail") if name not in header]
        if missing:
            raise ValueError(
                f"{path} has no column {', '.join(missing)}: a messages file needs subject and detail "
                f"(and label to train or score); its columns are {', '.join(header) or 'none'}"
            )
        has_label = "label" in header
        messages: list[Message] = []
        labels: list[str] = []
        for line, row in enumerate(reader, start=2):
            messages.append(Message(subject=row["subject"] or "", detail=row["detail"] or ""))
            if has_label:
                label = (row["label"] or "").strip()
                if not label:
                    raise ValueError(f"{path}, line {line}: the message has no label")
                labels.append(label)
    return messages, labels


def evaluation_report(evaluation: Evaluation, *, train_seconds: float, messages_per_second: float) -> str:
    """The evaluation as text for people: headline numbers, coverage curve, thresholds, per class, confusion."""
    e = evaluation
    lines = [
        f"messages evaluated     {len(e.ranked)}",
        f"macro-F1               {e.macro_f1:.4f}",
        f"accuracy               {e.accuracy:.4f}",
        f"accuracy at 70% most confident  {e.accuracy_at_70:.4f}",
        f"top-3 accuracy         {e.top3_accuracy:.4f}",
    ]
    if e.calibration_error is not None:
        lines.append(f"calibration error      {e.calibration_error:.4f} (mean |accuracy - top probability|, 10 bins)")
    lines += [
        f"training               {train_seconds:.1f} s",
        f"prediction             {messages_per_second:,.0f} messages/s (one process)",
        "",
        "coverage  accuracy  threshold   (the most confident share, dispatched automatically)",
    ]
    lines += [f"  {p.coverage:4.0%}    {p.accuracy:.4f}    {p.threshold:.4f}" for p in e.coverage_curve]
    lines.append("")
    for target in (0.9, 0.95, 0.97, 0.99):
        threshold = e.threshold_for_precision(target)
        if threshold is None:
            lines.append(f"precision {target:.0%}: no threshold reaches it")
        else:
            share = sum(1 for c, _right in e.ranked if c >= threshold) / len(e.ranked)
            lines.append(f"precision {target:.0%}: threshold {threshold:.4f}, dispatches {share:.0%} automatically")
    width = max(len(label) for label in e.labels) if e.labels else 5
    lines += ["", f"{'category':<{width}}  precision  recall     f1   support"]
    for label, s in e.per_class.items():
        lines.append(f"{label:<{width}}     {s.precision:.3f}   {s.recall:.3f}  {s.f1:.3f}   {s.support:>6}")
    lines += ["", "confusion (rows true, columns predicted, in the order above)"]
    lines += ["  " + " ".join(f"{count:>5}" for count in row) for row in e.confusion]
    return "\n".join(lines)


def _throughput(classifier: Classifier, messages: Sequence[Message], *, seconds: float = 1.0) -> float:
    """Messages a second that predict_proba handles in this process, on the messages repeated for >= `seconds`."""
    if not messages:
        return 0.0
    batch = list(messages) * max(1, math.ceil(1000 / len(messages)))
    classifier.predict_proba(batch[:50])  # warm up
    done = 0
    started = time.perf_counter()
    while True:
        classifier.predict_proba(batch)
        done += len(batch)
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return done / elapsed


def routing_evaluate(
    *, train: Path, test: Path, unlabeled: Sequence[Path] | None = None
) -> tuple[str, dict[str, float]]:
    """Train on one labelled file (and unlabelled messages), score another: a report and its headline numbers.

    Without `unlabeled`, the files unlabeled.csv, public_messages.csv and replies.csv beside `train` are used when
    they exist. Unlabelled messages equal to a training or a test message are left out.
    """
    messages, labels = messages_read_csv(train)
    test_messages, test_labels = messages_read_csv(test)
    for path, found in ((train, labels), (test, test_labels)):
        if not found:
            raise ValueError(f"{path} has no label column (or no messages)")
    paths = [train.parent / name for name in DEFAULT_UNLABELED] if unlabeled is None else list(unlabeled)
    pool_read = [m for path in paths if path.is_file() for m in messages_read_csv(path)[0]]
    pool = _pool_exclude(pool_read, exclude=[*messages, *test_messages])
    started = time.perf_counter()
    classifier = classifier_train(messages=messages, labels=labels, unlabeled=pool)
    train_seconds = time.perf_counter() - started
    evaluation = classifier_evaluate(classifier, messages=test_messages, labels=test_labels)
    speed = _throughput(classifier, test_messages)
    report = "\n".join(
        [
            f"training: {len(messages)} labelled messages from {train}, {len(pool)} unlabelled "
            f"({len(pool_read) - len(pool)} left out as copies of labelled or test messages or of each other)",
            f"test: {len(test_messages)} messages from {test}",
            "",
            evaluation_report(evaluation, train_seconds=train_seconds, messages_per_second=speed),
        ]
    )
    numbers = {
        "macro_f1": round(evaluation.macro_f1, 4),
        "accuracy": round(evaluation.accuracy, 4),
        "accuracy_at_70": round(evaluation.accuracy_at_70, 4),
        "top3_accuracy": round(evaluation.top3_accuracy, 4),
        "train_seconds": round(train_seconds, 2),
        "messages_per_second": round(speed, 1),
    }
    return report, numbers
