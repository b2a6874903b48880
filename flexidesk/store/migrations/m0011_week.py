"""Schema version 11: the census's facts about a provider and a placement, and an override's follow-up.

A provider with no URN or UKPRN records its alternative-provision setting type for the school
census (NFE, OOT, WBP or OTH); a placement records the primary reason it was commissioned;
a placement made by the Headteacher's override records the day its missing checks are due.
"""

VERSION = 11

#: (table, column, its definition)
COLUMNS = (
    ("provider", "ap_setting_type", "TEXT NOT NULL DEFAULT '' "
     "CHECK (ap_setting_type IN ('', 'NFE', 'OOT', 'WBP', 'OTH'))"),
    ("placement", "primary_reason", "TEXT NOT NULL DEFAULT ''"),
    ("placement", "checks_due_on", "DATE"),
)


def up(database) -> None:
    """Add the census's columns and the override's follow-up date (a file whose schema number
    was set back keeps the columns it already has: running the step again changes nothing)."""
    for table, column, definition in COLUMNS:
        present = {row[1] for row in database.execute_sql(f'PRAGMA table_info("{table}")')}
        if column not in present:
            database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {definition}')
