"""Schema version 8: flexi rules: notice given, who met the family, notes meant for the letter."""

VERSION = 8

STATEMENTS = (
    # When notice was given, and the Headteacher's reason when it is shorter than agreed.
    'ALTER TABLE "flexi_request" ADD COLUMN "notice_given_on" DATE',
    'ALTER TABLE "flexi_request" ADD COLUMN "short_notice_reason" TEXT NOT NULL DEFAULT \'\'',
    # Whether the Headteacher (or their named deputy) was at the meeting, and why not.
    'ALTER TABLE "flexi_meeting" ADD COLUMN "head_present" INTEGER',
    'ALTER TABLE "flexi_meeting" ADD COLUMN "head_absent_reason" TEXT NOT NULL DEFAULT \'\'',
    # A consideration's note stays private unless ticked for the letter.
    'ALTER TABLE "factor_assessment" ADD COLUMN "in_letter" INTEGER NOT NULL DEFAULT 0',
)


def up(database) -> None:
    """Add the flexi rules' columns."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
