"""Chinese word segmentation with jieba: exact words for models, search-mode words for full-text indexes."""

import logging
import re

import jieba

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"\w", re.UNICODE)
# Function words that carry no topic in citizens' messages.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 是 在 有 我 我们 你 你们 他 她 它 他们 这 那 这个 "  # noqa: SIM905
    "那个 这些 那些 都 也 就 还 又 很 把 被 给 让 对 从 向 到 为 为了 "
    "因为 所以 但 但是 而 而且 并 并且 如果 虽然 可以 能 会 要 想 已经 没有 "
    "不 没 吗 呢 吧 啊 呀 您好 你好 谢谢 请问 一下 一个 一些 什么 怎么 如何 "
    "哪里 多少 几 个 之 其 等".split()
)


def words(text: str, *, drop_stopwords: bool = True) -> list[str]:
    """The words of a text in jieba's exact mode, lower-cased, without punctuation and (by default) stopwords."""
    found = [word.lower() for word in jieba.lcut(text, HMM=True) if _WORD.search(word)]
    if drop_stopwords:
        return [word for word in found if word not in STOPWORDS]
    return found


def text_segment(text: str) -> list[str]:
    """Search words of a text: jieba's search-mode segmentation, lower-cased, without punctuation."""
    return [word.lower() for word in jieba.lcut_for_search(text) if _WORD.search(word) and word.strip()]
