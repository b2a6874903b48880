"""Schema version 7: Forest School sessions and who attended; each intervention's budget; whether and how the family was told of a review."""

VERSION = 7

STATEMENTS = (
    'CREATE TABLE "forest_session" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"session_date" DATE NOT NULL, "group_name" TEXT NOT NULL, "led_by" TEXT NOT NULL, '
    '"notes" TEXT NOT NULL, "created_at" DATETIME NOT NULL)',
    'CREATE INDEX "forest_session_session_date" ON "forest_session" ("session_date")',
    'CREATE TABLE "forest_attendance" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"session_id" INTEGER NOT NULL, "pupil_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("session_id") REFERENCES "forest_session" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "forest_attendance_session_id" ON "forest_attendance" ("session_id")',
    'CREATE INDEX "forest_attendance_pupil_id" ON "forest_attendance" ("pupil_id")',
    'CREATE UNIQUE INDEX "forest_attendance_session_id_pupil_id" ON "forest_attendance" '
    '("session_id", "pupil_id")',
    'ALTER TABLE "intervention" ADD COLUMN "budget_per_term_pence" INTEGER '
    'CHECK (budget_per_term_pence IS NULL OR budget_per_term_pence >= 0)',
    'ALTER TABLE "enrolment_review" ADD COLUMN "family_told_on" DATE',
    'ALTER TABLE "enrolment_review" ADD COLUMN "family_told_how" TEXT NOT NULL DEFAULT \'\'',
)


def up(database) -> None:
    """Add Forest School, intervention budgets and places, and the family's hearing of reviews."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
