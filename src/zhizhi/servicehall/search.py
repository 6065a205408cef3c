"""Chinese full-text search over the catalogue: jieba segments both sides; SQLite FTS5 or PostgreSQL full-text
matches the segmented words (migration 0002 builds the index)."""

from collections.abc import Iterable

from django.db import connection

from zhizhi.servicehall.models import SearchEntry, ServiceItem
from zhizhi.textmining.segmentation import text_segment

# Words a citizen types around what they want: 我要办, 怎么申请 … They match too much to be useful.
_STOPWORDS = frozenset(
    "的 了 和 与 及 或 我 我要 要 想 办 办理 怎么 怎样 如何 哪里 在哪 申请 需要 什么 吗 呢".split()  # noqa: SIM905
)
MAX_QUERY_CHARS = 100


def search_body(*, name: str, keywords: Iterable[str], other: Iterable[str]) -> str:
    """The segmented text stored for an item: the name counts three times, keywords twice, the rest once."""
    keyword_text = " ".join(keywords)
    parts = [name, name, name, keyword_text, keyword_text, *other]
    return " ".join(text_segment(" ".join(parts)))


def search_index_update(*, item: ServiceItem, body: str) -> None:
    """Store (or replace) an item's segmented search text."""
    SearchEntry.objects.update_or_create(item=item, defaults={"body": body})


def _query_words(query: str) -> list[str]:
    words = text_segment(query[:MAX_QUERY_CHARS])
    meaningful = [w for w in words if w not in _STOPWORDS]
    return list(dict.fromkeys(meaningful or words))


def _fts5_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _search_sqlite(words: list[str], *, match_all: bool, limit: int) -> list[int]:
    expression = (" AND " if match_all else " OR ").join(_fts5_phrase(w) for w in words)
    sql = (
        "SELECT e.item_id FROM servicehall_search_fts f JOIN servicehall_searchentry e ON e.id = f.rowid "
        "WHERE servicehall_search_fts MATCH %s ORDER BY bm25(servicehall_search_fts) LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, limit])
        return [row[0] for row in cursor.fetchall()]


def _search_postgres(words: list[str], *, match_all: bool, limit: int) -> list[int]:
    operator = " && " if match_all else " || "
    query = operator.join(["plainto_tsquery('simple', %s)"] * len(words))
    sql = (
        f"SELECT item_id FROM servicehall_searchentry, (SELECT {query}) AS q(query) "  # noqa: S608 - placeholders only
        "WHERE vector @@ q.query ORDER BY ts_rank(vector, q.query) DESC, item_id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*words, limit])
        return [row[0] for row in cursor.fetchall()]


def item_search(query: str, *, limit: int = 200) -> list[int]:
    """Ids of the items matching a Chinese query, best first: all words if any item has them all, else any word."""
    words = _query_words(query)
    if not words:
        return []
    search = _search_postgres if connection.vendor == "postgresql" else _search_sqlite
    found = search(words, match_all=True, limit=limit)
    if not found and len(words) > 1:
        found = search(words, match_all=False, limit=limit)
    return found
