"""Schema version 12: who signs for the school is a staff account; internal notes reach a
letter only when ticked; a decision recorded late keeps the reason."""

VERSION = 12

#: (table, column, its definition).
COLUMNS = (
    # The party who signs for the school is a staff account that may sign, not typed words.
    ("agreement_party", "staff_id",
     'INTEGER REFERENCES "staff_user" ("id") ON DELETE SET NULL'),
    # The governing-body question's "how, or why not" notes go into a letter only if ticked.
    ("flexi_request", "needs_met_in_letter", "INTEGER NOT NULL DEFAULT 0"),
    # Why a decision was recorded long after the day it was made.
    ("flexi_decision", "late_entry_reason", "TEXT NOT NULL DEFAULT ''"),
)

#: An agreement drafted before this version named its school party by typing: the staff
#: account of that name, or else (signing as the Headteacher) the first Headteacher's.
_LINK_SCHOOL_PARTIES = (
    'UPDATE "agreement_party" SET "staff_id" = COALESCE('
    '(SELECT s."id" FROM "staff_user" s WHERE s."active" {same_school}'
    ' AND lower(s."display_name") = lower("agreement_party"."name") ORDER BY s."id" LIMIT 1),'
    ' CASE WHEN "agreement_party"."capacity" = \'headteacher\' THEN'
    ' (SELECT s."id" FROM "staff_user" s WHERE s."active" {same_school}'
    ' AND s."role" = \'headteacher\' ORDER BY s."id" LIMIT 1) END)'
    ' WHERE "staff_id" IS NULL AND "capacity" IN (\'headteacher\', \'signatory\')')


def up(database) -> None:
    """Add the columns, and link the school's parties of agreements already drafted.

    A file whose version number was set back by hand has the columns already: running the
    step again adds nothing twice."""
    for table, column, definition in COLUMNS:
        present = {row[1] for row in database.execute_sql(f'PRAGMA table_info("{table}")')}
        if column not in present:
            database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {definition}')
    database.execute_sql(_LINK_SCHOOL_PARTIES.format(same_school=""))


def server_up(database) -> None:
    """The same link on a trust's server, within each school."""
    database.execute_sql(_LINK_SCHOOL_PARTIES.format(
        same_school='AND s."school_id" = "agreement_party"."school_id"'))
