"""Full-text index over the segmented catalogue text: FTS5 on SQLite, a stored tsvector with a GIN index on
PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE servicehall_search_fts USING fts5("
    "body, content='servicehall_searchentry', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER servicehall_search_ai AFTER INSERT ON servicehall_searchentry BEGIN "
    "INSERT INTO servicehall_search_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER servicehall_search_ad AFTER DELETE ON servicehall_searchentry BEGIN "
    "INSERT INTO servicehall_search_fts(servicehall_search_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER servicehall_search_au AFTER UPDATE ON servicehall_searchentry BEGIN "
    "INSERT INTO servicehall_search_fts(servicehall_search_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO servicehall_search_fts(rowid, body) VALUES (new.id, new.body); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS servicehall_search_au",
    "DROP TRIGGER IF EXISTS servicehall_search_ad",
    "DROP TRIGGER IF EXISTS servicehall_search_ai",
    "DROP TABLE IF EXISTS servicehall_search_fts",
]
# A stored vector: ranking reads it instead of re-parsing every matching body.
POSTGRES_FORWARD = [
    "ALTER TABLE servicehall_searchentry ADD COLUMN vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED",
    "CREATE INDEX servicehall_search_vector ON servicehall_searchentry USING gin (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS servicehall_search_vector",
    "ALTER TABLE servicehall_searchentry DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("servicehall", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
