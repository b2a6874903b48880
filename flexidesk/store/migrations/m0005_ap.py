"""Schema version 5: alternative provision run end to end (register, checklist, placements)."""

VERSION = 5

STATEMENTS = (
    'ALTER TABLE "provider" ADD COLUMN "ukprn" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "provider" ADD COLUMN "ofsted_judgement" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "provider" ADD COLUMN "ofsted_date" DATE',
    'ALTER TABLE "provider" ADD COLUMN "offer" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "provider" ADD COLUMN "costs" TEXT NOT NULL DEFAULT \'\'',
    'CREATE TABLE "checklist_template_item" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"code" TEXT NOT NULL, "label" TEXT NOT NULL, "recheck_months" INTEGER '
    'CHECK (recheck_months IS NULL OR recheck_months > 0), "position" INTEGER NOT NULL, '
    '"active" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX "checklist_template_item_code" ON "checklist_template_item" ("code")',
    'ALTER TABLE "placement" ADD COLUMN "max_weeks" INTEGER '
    'CHECK (max_weeks IS NULL OR max_weeks > 0)',
    'ALTER TABLE "placement" ADD COLUMN "family_agreed_on" DATE',
    'ALTER TABLE "placement" ADD COLUMN "attendance_sender" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "placement" ADD COLUMN "outcomes" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "placement" ADD COLUMN "next_destination" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "placement" ADD COLUMN "continue_reason" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "placement" ADD COLUMN "continue_on" DATE',
    'CREATE TABLE "placement_site" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"placement_id" INTEGER NOT NULL, "site_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("placement_id") REFERENCES "placement" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("site_id") REFERENCES "provider_site" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "placement_site_placement_id" ON "placement_site" ("placement_id")',
    'CREATE INDEX "placement_site_site_id" ON "placement_site" ("site_id")',
    'CREATE TABLE "placement_funding" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"placement_id" INTEGER NOT NULL, "stream" TEXT NOT NULL, '
    '"pence" INTEGER NOT NULL CHECK (pence >= 0), '
    'FOREIGN KEY ("placement_id") REFERENCES "placement" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "placement_funding_placement_id" ON "placement_funding" ("placement_id")',
    'ALTER TABLE "placement_review" ADD COLUMN "family_told_how" TEXT NOT NULL DEFAULT \'\'',
)


def up(database) -> None:
    """Add the register's fields, the school's checklist, and the placement's fuller terms."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
