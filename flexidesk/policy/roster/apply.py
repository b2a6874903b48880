"""Writing an import's plan: set-based inserts and updates, one summary audit row and one a pupil.

Called only from inside ``mis_import.import_pupils`` (its one transaction). 40,000 pupils
are a few bulk statements, not 40,000 round trips through the ORM.
"""

from __future__ import annotations

import datetime as dt

from flexidesk.policy.records.access import Actor, action
from flexidesk.policy.roster.columns import PUPIL_COLUMNS, stored_form
from flexidesk.store import audit
from flexidesk.store.database import db

#: Ids an UPDATE ... IN (...) carries: well within SQLite's limit on bound values.
CHUNK = 1500


def _json(values: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def _new_row(upn: str, values: dict, today: dt.date, now: str) -> tuple:
    full = {"preferred_name": None, "class_name": "", "sen_support": False, "ehc_plan": False,
            "pupil_premium": False, "looked_after": False, "eal": False, "gender": "",
            "on_roll_date": today, "left_date": None, **values}
    return (upn, *(stored_form(full[name]) for name in PUPIL_COLUMNS), now)


def _sql(text: str) -> str:
    """The statement as the open database speaks it: a server marks parameters with %s and
    takes the larger of two dates with GREATEST, where SQLite has ? and max()."""
    if db.obj.param == "?":
        return text
    return text.replace("?", "%s").replace("max(", "GREATEST(")


@action("pupil.import")
def apply_pupil_plan(actor: Actor, plan, today: dt.date, encoding: str) -> None:
    """Write ``plan`` (a PupilPlan) and its audit rows, inside the caller's transaction.

    An action in its own right: whoever calls it, the role is checked here too, so a role
    that may not import pupils (a governor) adds none."""
    now = str(dt.datetime.now().replace(microsecond=0))  # as Peewee writes a DateTimeField
    columns = ("upn", *PUPIL_COLUMNS, "created_at")
    rows = [_new_row(r.upn, r.values, today, now) for r in plan.added]
    # executemany, not Model.insert_many: building the SQL of 40,000 rows in Peewee costs
    # seconds; the values are already in their stored form (see stored_form).
    db.cursor().executemany(_sql(
        f"INSERT INTO pupil ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"),
        rows)
    ids: dict[str, int] = {}
    if plan.added:
        added = {r.upn for r in plan.added}
        ids = {upn: pupil_id for upn, pupil_id in db.execute_sql(
            "SELECT upn, id FROM pupil").fetchall() if upn in added}
    entries: list[tuple[str, str, int | None, int | None, dict | None, dict | None]] = [
        ("pupil.import.add", "pupil", ids.get(r.upn), ids.get(r.upn), None,
                {"upn": r.upn, **_json(r.values)}) for r in plan.added]

    for pupil_id, record, changes in plan.updated:
        changes = dict(changes)
        if "left_date" in changes and changes["left_date"] is None and record.left:
            changes["left_date"] = today
        assignments = ", ".join(f"{name} = ?" for name in changes)  # names from PUPIL_COLUMNS
        params = [stored_form(v) for v in changes.values()]
        if "left_date" in changes and changes["left_date"] is not None:
            # A leaving date is never before the day the child joined (the schema insists).
            assignments = assignments.replace("left_date = ?",
                                              "left_date = max(?, on_roll_date)")
        db.execute_sql(_sql(f"UPDATE pupil SET {assignments} WHERE id = ?"), (*params, pupil_id))
        entries.append(("pupil.import.update", "pupil", pupil_id, pupil_id, None,
                        {"upn": record.upn, **_json(changes)}))

    left_ids = [pupil_id for pupil_id, _name in plan.left]
    for start in range(0, len(left_ids), CHUNK):
        chunk = left_ids[start:start + CHUNK]
        marks = ", ".join("?" * len(chunk))
        db.execute_sql(_sql(f"UPDATE pupil SET left_date = max(?, on_roll_date) "
                            f"WHERE id IN ({marks}) AND left_date IS NULL"),
                       (stored_form(today), *chunk))
    entries.extend(("pupil.import.left", "pupil", pupil_id, pupil_id, None,
                    {"left_date": today.isoformat()}) for pupil_id in left_ids)

    audit.record(actor.username, "pupil.import", "pupil", None, after={
        "added": len(plan.added), "updated": len(plan.updated), "left": len(plan.left),
        "unchanged": plan.unchanged, "encoding": encoding, "partial": plan.partial})
    audit.record_many(actor.username, entries)

