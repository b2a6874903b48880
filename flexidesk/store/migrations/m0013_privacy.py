"""Schema version 13: free text checked for the governors, and the Headteacher's decisions on
each passage of a subject access pack.

The server gains both tables from the models (``store.engines``), each school's rows behind
its row-level security as every school table is; no data changes, so no ``server_up``.
Running the step again (a file whose schema number was set back by hand) changes nothing.
"""

VERSION = 13

STATEMENTS = (
    # Free text (a reason for an override, say) reaches the governors only once checked.
    'CREATE TABLE IF NOT EXISTS "released_text" ("id" INTEGER NOT NULL PRIMARY KEY, "source" TEXT NOT NULL, '
    '"record_id" INTEGER NOT NULL, "text_sha256" TEXT NOT NULL, "wording" TEXT NOT NULL, '
    '"checked_by" TEXT NOT NULL, "checked_at" TEXT NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "released_text_source_record_id" ON "released_text" '
    '("source", "record_id")',
    # Keep or redact, for each passage naming someone else or written as an internal note.
    'CREATE TABLE IF NOT EXISTS "sar_passage_decision" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"request_id" INTEGER NOT NULL, "passage" TEXT NOT NULL, "text_sha256" TEXT NOT NULL, '
    '"decision" TEXT NOT NULL CHECK (decision IN (\'keep\', \'redact\')), '
    '"reason" TEXT NOT NULL, "decided_by" TEXT NOT NULL, "decided_at" TEXT NOT NULL, '
    'FOREIGN KEY ("request_id") REFERENCES "subject_access_request" ("id") ON DELETE CASCADE)',
    'CREATE INDEX IF NOT EXISTS "sar_passage_decision_request_id" ON "sar_passage_decision" ("request_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "sar_passage_decision_request_id_passage" ON "sar_passage_decision" '
    '("request_id", "passage")',
)


def up(database) -> None:
    """Add the two tables."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
