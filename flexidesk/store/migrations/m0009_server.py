"""Schema version 9: a version number on flexi requests and placements (two staff, one record)."""

VERSION = 9

STATEMENTS = (
    # Optimistic locking: each save adds one; a save of an older version is refused.
    'ALTER TABLE "flexi_request" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1',
    'ALTER TABLE "placement" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1',
)


def up(database) -> None:
    """Add the version counters."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
