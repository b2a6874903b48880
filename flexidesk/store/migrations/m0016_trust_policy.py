"""Schema version 18 (16 on this branch until m0016 and m0017 are merged before it): a
trust's own versions of our policy, and, on each school's version, the trust's version it
was adopted from.

A laptop's file gains the empty table (its school imports a policy file instead); a server
gains the table and the column from the models, and its grants and row security when the
wall is put up again (``store.engines``): every school reads the trust's versions, the
trust's AP lead alone publishes them, and nobody changes one once published. No data
changes, so no ``server_up``.
"""

VERSION = 16

STATEMENTS = (
    'CREATE TABLE "trust_policy_version" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"number" INTEGER NOT NULL, "body" TEXT NOT NULL, "published_on" DATE NOT NULL, '
    '"published_at" DATETIME NOT NULL, "published_by" TEXT NOT NULL)',
    'CREATE UNIQUE INDEX "trust_policy_version_number" ON "trust_policy_version" ("number")',
)


def up(database) -> None:
    """Add the trust's versions and each school version's link to one (a file whose schema
    number was set back keeps what it already has)."""
    tables = {row[0] for row in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "trust_policy_version" not in tables:
        for statement in STATEMENTS:
            database.execute_sql(statement)
    present = {row[1] for row in database.execute_sql('PRAGMA table_info("policy_version")')}
    if "trust_version_id" not in present:
        database.execute_sql('ALTER TABLE "policy_version" ADD COLUMN "trust_version_id" INTEGER')
