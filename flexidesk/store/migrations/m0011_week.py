"""Schema version 11: the census's facts about a provider and a placement, and an override's follow-up.

A provider with no URN or UKPRN records its alternative-provision setting type for the school
census (NFE, OOT, WBP or OTH); a placement records the primary reason it was commissioned;
a placement made by the Headteacher's override records the day its missing checks are due.
"""

VERSION = 11

STATEMENTS = (
    'ALTER TABLE "provider" ADD COLUMN "ap_setting_type" TEXT NOT NULL DEFAULT \'\' '
    "CHECK (ap_setting_type IN ('', 'NFE', 'OOT', 'WBP', 'OTH'))",
    'ALTER TABLE "placement" ADD COLUMN "primary_reason" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "placement" ADD COLUMN "checks_due_on" DATE',
)


def up(database) -> None:
    """Add the census's columns and the override's follow-up date."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
