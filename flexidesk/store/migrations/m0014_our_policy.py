"""Schema version 14: our policy: the school's own versions of its rules, and the version
each flexi request, decision, agreement and AP placement was made under."""

VERSION = 14

STATEMENTS = (
    'CREATE TABLE "policy_version" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"number" INTEGER NOT NULL, "status" TEXT NOT NULL '
    "CHECK (status IN ('draft', 'adopted')), \"body\" TEXT NOT NULL, "
    '"adopted_on" DATE, "in_force_from" DATE, "next_review" DATE, '
    '"created_at" DATETIME NOT NULL, "created_by" INTEGER, "adopted_by" INTEGER, '
    "CHECK (status = 'draft' OR (adopted_on IS NOT NULL AND in_force_from IS NOT NULL)))",
    'CREATE UNIQUE INDEX "policy_version_number" ON "policy_version" ("number")',
    'CREATE INDEX "policy_version_in_force_from" ON "policy_version" ("in_force_from")',
)

#: Tables whose rows record the version they were made under (NULL: the built-in default).
VERSIONED = ("flexi_request", "flexi_decision", "flexi_agreement", "placement")


def up(database) -> None:
    """Add the versions' table and each record's version column (a file whose schema number
    was set back keeps what it already has)."""
    tables = {row[0] for row in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "policy_version" not in tables:
        for statement in STATEMENTS:
            database.execute_sql(statement)
    for table in VERSIONED:
        present = {row[1] for row in database.execute_sql(f'PRAGMA table_info("{table}")')}
        if "policy_version_id" not in present:
            database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "policy_version_id" INTEGER')
