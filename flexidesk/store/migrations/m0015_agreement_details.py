"""Schema version 15: what a signable AP placement agreement names that the record lacked.

The school's designated safeguarding lead and how to reach them; for each placement, the
provider's key worker, transport, the child's medical needs the provider must know, how
English and maths are covered, the notice either side gives to end it, and the day the
child's own risk assessment was done. A server gains these columns from the models.
"""

VERSION = 15

#: (table, column, its definition). A column already there is left as it is, so that a
#: file whose schema number was set back (by hand, or an attack the audit check catches)
#: still opens.
COLUMNS = (
    ("school", "dsl_name", "TEXT NOT NULL DEFAULT ''"),
    ("school", "dsl_phone", "TEXT NOT NULL DEFAULT ''"),
    ("placement", "key_worker", "TEXT NOT NULL DEFAULT ''"),
    ("placement", "key_worker_phone", "TEXT NOT NULL DEFAULT ''"),
    ("placement", "transport", "TEXT NOT NULL DEFAULT ''"),
    ("placement", "medical_needs", "TEXT NOT NULL DEFAULT ''"),
    ("placement", "english_maths", "TEXT NOT NULL DEFAULT ''"),
    ("placement", "notice_weeks",
     "INTEGER CHECK (notice_weeks IS NULL OR notice_weeks BETWEEN 0 AND 26)"),
    ("placement", "risk_assessed_on", "DATE"),
)


def up(database) -> None:
    """Add the agreement's columns."""
    for table, column, definition in COLUMNS:
        present = {row[1] for row in database.execute_sql(f'PRAGMA table_info("{table}")')}
        if column not in present:
            database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {definition}')
