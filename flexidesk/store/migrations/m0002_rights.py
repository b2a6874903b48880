"""Schema version 2: subject access requests, retention rules, destruction log; audit made append-only."""

VERSION = 2

STATEMENTS = (
    'CREATE TABLE "subject_access_request" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER, '
    '"requester" TEXT NOT NULL, "received_on" DATE NOT NULL, "due_on" DATE NOT NULL, '
    '"completed_on" DATE, "notes" TEXT NOT NULL, CHECK (due_on >= received_on), '
    'FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "subject_access_request_pupil_id" ON "subject_access_request" ("pupil_id")',
    'CREATE TABLE "retention_rule" ("id" INTEGER NOT NULL PRIMARY KEY, "record_kind" TEXT NOT NULL, '
    '"years" INTEGER NOT NULL CHECK (years BETWEEN 0 AND 100), "counted_from" TEXT NOT NULL, '
    '"source" TEXT NOT NULL)',
    'CREATE UNIQUE INDEX "retention_rule_record_kind" ON "retention_rule" ("record_kind")',
    'CREATE TABLE "destruction_log" ("id" INTEGER NOT NULL PRIMARY KEY, "destroyed_at" TEXT NOT NULL, '
    '"record_kind" TEXT NOT NULL, "record_count" INTEGER NOT NULL, "rule" TEXT NOT NULL, '
    '"authorised_role" TEXT NOT NULL)',
    # The audit log is append-only: the database itself refuses to change or remove a row.
    'CREATE TRIGGER "audit_entry_no_update" BEFORE UPDATE ON "audit_entry" '
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    'CREATE TRIGGER "audit_entry_no_delete" BEFORE DELETE ON "audit_entry" '
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
)


def up(database) -> None:
    """Add the tables for the rights of the child and family, and lock the audit log."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
