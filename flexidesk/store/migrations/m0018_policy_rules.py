"""Schema version 18: rules that lived elsewhere join our policy (issue #24).

The provision map's family contact rhythm, Forest School aim and each intervention's review
rhythm (the Setting rows and the catalogue), and the due-diligence checklist the school
edited on the Providers tab, and whether the local authority is told of every flexi
arrangement (School details), are written into every version of our policy already saved, so that the version in force keeps exactly what the school had set. Each
placement also records whether the family's agreement was given in writing (a server gains
that column from the models); the versions' bodies change here and, school by school, on a
server.
"""

from __future__ import annotations

import json
from typing import Any

#: 17 once m0016 (another branch, not yet merged) is in; 16 until then so the steps run in order.
VERSION = 18

#: Where the two provision numbers were kept, and their built-in values.
_SETTINGS = (("contact_weeks", "family_contact_weeks", 7, 1, 52),
             ("forest_aim_percent", "forest_weekly_aim_percent", 100, 1, 100))


def _number(value: Any, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError):
        return default


def _rows(database, sql: str, school: int | None, where: str, order: str = "") -> list:
    """Rows of ``sql`` (its WHERE clause ``where``), within one school on a server."""
    order = f" ORDER BY {order}" if order else ""
    if school is None:
        return list(database.execute_sql(sql + (f" WHERE {where}" if where else "") + order))
    clause = f"{where} AND school_id = %s" if where else "school_id = %s"
    return list(database.execute_sql(f"{sql} WHERE {clause}{order}", (school,)))


def _provision(database, school: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, setting, default, low, high in _SETTINGS:
        rows = _rows(database, "SELECT value FROM setting", school, f"key = '{setting}'")
        out[key] = _number(rows[0][0], default, low, high) if rows else default
    out["review_weeks"] = {name: _number(weeks, 6, 1, 52) for name, weeks in _rows(
        database, "SELECT name, review_interval_weeks FROM intervention", school, "active",
        "sort_order, name")}
    return out


def _checklist(database, school: int | None) -> list[dict[str, Any]] | None:
    """The checklist as the school edited it on the Providers tab (None: never edited, and
    the version keeps the built-in one)."""
    rows = _rows(database, "SELECT code, label, recheck_months, active "
                 "FROM checklist_template_item", school, "", "position, id")
    if not rows:
        return None
    return [{"code": code, "en": label, "cy": "",
             "recheck_months": int(months) if months else None, "retired": not active}
            for code, label, months, active in rows]


def _la_told(database, school: int | None) -> bool:
    """Whether the school's details said its local authority asks to be told."""
    if school is None:
        rows = list(database.execute_sql("SELECT la_notify_flexi FROM school LIMIT 1"))
    else:
        rows = list(database.execute_sql("SELECT la_notify_flexi FROM school WHERE id = %s",
                                         (school,)))
    return bool(rows and rows[0][0])


def _fill(database, school: int | None, body: dict[str, Any]) -> dict[str, Any]:
    """``body`` with what it lacks from where the school kept it until now."""
    if "provision" not in body:
        body["provision"] = _provision(database, school)
    flexi = body.setdefault("flexi", {})
    if "la_told" not in flexi:
        flexi["la_told"] = _la_told(database, school)
    ap = body.setdefault("ap", {})
    if "checklist" not in ap:
        checklist = _checklist(database, school)
        if checklist is not None:
            ap["checklist"] = checklist
    return body


def _versions(database, school_column: bool) -> list:
    columns = "id, body, school_id" if school_column else "id, body, NULL"
    return list(database.execute_sql(f"SELECT {columns} FROM policy_version"))


def up(database) -> None:
    """Add the placement's written-agreement column; fill every saved version with the rules
    it lacks (a version that has them is left)."""
    present = {row[1] for row in database.execute_sql('PRAGMA table_info("placement")')}
    if "family_agreed_in_writing" not in present:
        database.execute_sql('ALTER TABLE "placement" ADD COLUMN "family_agreed_in_writing" '
                             "INTEGER NOT NULL DEFAULT 0")
    for version_id, text, _school in _versions(database, False):
        body = json.loads(text)
        filled = _fill(database, None, json.loads(text))
        if filled != body:
            database.execute_sql("UPDATE policy_version SET body = ? WHERE id = ?",
                                 (json.dumps(filled, ensure_ascii=False, sort_keys=True),
                                  version_id))


def server_up(database) -> None:
    """The same on a trust's server, each version from its own school's settings."""
    for version_id, text, school in _versions(database, True):
        body = json.loads(text)
        filled = _fill(database, school, json.loads(text))
        if filled != body:
            database.execute_sql("UPDATE policy_version SET body = %s WHERE id = %s",
                                 (json.dumps(filled, ensure_ascii=False, sort_keys=True),
                                  version_id))
