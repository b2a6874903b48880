"""Schema version 4: term dates, who may see a confidential intervention, how interventions run."""

VERSION = 4

STATEMENTS = (
    'CREATE TABLE "term" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, '
    '"start_date" DATE NOT NULL, "end_date" DATE NOT NULL, CHECK (end_date >= start_date))',
    'CREATE UNIQUE INDEX "term_start_date" ON "term" ("start_date")',
    'CREATE TABLE "intervention_staff" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"intervention_id" INTEGER NOT NULL, "staff_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("intervention_id") REFERENCES "intervention" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("staff_id") REFERENCES "staff_user" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "intervention_staff_intervention_id" ON "intervention_staff" '
    '("intervention_id")',
    'CREATE INDEX "intervention_staff_staff_id" ON "intervention_staff" ("staff_id")',
    'CREATE UNIQUE INDEX "intervention_staff_intervention_id_staff_id" ON "intervention_staff" '
    '("intervention_id", "staff_id")',
    'ALTER TABLE "intervention" ADD COLUMN "sessions_per_week" INTEGER NOT NULL DEFAULT 1 '
    'CHECK (sessions_per_week BETWEEN 0 AND 20)',
    'ALTER TABLE "intervention" ADD COLUMN "session_minutes" INTEGER NOT NULL DEFAULT 60 '
    'CHECK (session_minutes BETWEEN 0 AND 480)',
    'ALTER TABLE "intervention" ADD COLUMN "capacity" INTEGER '
    'CHECK (capacity IS NULL OR capacity >= 1)',
    'ALTER TABLE "intervention" ADD COLUMN "cost_per_session_pence" INTEGER NOT NULL DEFAULT 0 '
    'CHECK (cost_per_session_pence >= 0)',
    # Existing interventions become one weekly session of their old weekly minutes.
    'UPDATE "intervention" SET "session_minutes" = min("minutes_per_week", 480)',
)


def up(database) -> None:
    """Add term dates, named staff of confidential interventions and the sessions' shape."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
