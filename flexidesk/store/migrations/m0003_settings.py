"""Schema version 3: the school's settings as key/value rows (auto-lock minutes and the like)."""

VERSION = 3

STATEMENTS = (
    'CREATE TABLE "setting" ("id" INTEGER NOT NULL PRIMARY KEY, "key" TEXT NOT NULL, '
    '"value" TEXT NOT NULL)',
    'CREATE UNIQUE INDEX "setting_key" ON "setting" ("key")',
)


def up(database) -> None:
    """Add the settings table."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
