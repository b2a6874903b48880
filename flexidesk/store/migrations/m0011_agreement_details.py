"""Schema version 11: what a signable AP placement agreement names that the record lacked.

The school's designated safeguarding lead and how to reach them; for each placement, the
provider's key worker, transport, the child's medical needs the provider must know, how
English and maths are covered, the notice either side gives to end it, and the day the
child's own risk assessment was done. A server gains these columns from the models.
"""

VERSION = 11

STATEMENTS = (
    'ALTER TABLE "school" ADD COLUMN "dsl_name" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "school" ADD COLUMN "dsl_phone" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "placement" ADD COLUMN "key_worker" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "placement" ADD COLUMN "key_worker_phone" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "placement" ADD COLUMN "transport" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "placement" ADD COLUMN "medical_needs" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "placement" ADD COLUMN "english_maths" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "placement" ADD COLUMN "notice_weeks" INTEGER '
    'CHECK (notice_weeks IS NULL OR notice_weeks BETWEEN 0 AND 26)',
    'ALTER TABLE "placement" ADD COLUMN "risk_assessed_on" DATE',
)


def up(database) -> None:
    """Add the agreement's columns."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
