"""Schema version 6: what a pupil import brings that the roll lacked (EAL, gender), and MIS ids of adults."""

VERSION = 6

STATEMENTS = (
    'ALTER TABLE "pupil" ADD COLUMN "eal" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "pupil" ADD COLUMN "gender" TEXT NOT NULL DEFAULT \'\'',
    # The contact's id in the school's MIS: a re-import updates the same adult, not a twin.
    'ALTER TABLE "adult" ADD COLUMN "mis_ref" TEXT NOT NULL DEFAULT \'\'',
    'CREATE INDEX "adult_mis_ref" ON "adult" ("mis_ref")',
)


def up(database) -> None:
    """Add English as an additional language, gender and the adult's MIS id."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
