"""The policy a school keeps before it adopts its own: FlexiDesk's built-in rules, with the
numbers the school had already set in the places that held them before (the Setting rows,
the intervention catalogue), so that nothing changes until the governing body adopts one."""

from __future__ import annotations

import copy
from typing import Any

from flexidesk.policy.ourpolicy.policy import DEFAULT, OurPolicy
from flexidesk.policy.ourpolicy.rules import DEFAULT_POLICY
from flexidesk.policy.vocabulary import CHECKLIST
from flexidesk.store.models import ChecklistTemplateItem, Intervention, School, Setting

#: Where the provision map's two numbers were kept before our policy held them.
CONTACT_WEEKS_KEY = "family_contact_weeks"
FOREST_AIM_KEY = "forest_weekly_aim_percent"


def _number(key: str, default: int, low: int, high: int) -> int:
    row = Setting.get_or_none(Setting.key == key)
    try:
        value = int(row.value) if row is not None else default
    except ValueError:
        return default
    return min(max(value, low), high)


def provision_before() -> dict[str, Any]:
    """The provision map's rules as the school set them before it had its own policy: the two
    numbers from their settings, each intervention's rhythm from the catalogue."""
    built_in = DEFAULT_POLICY["provision"]
    return {"contact_weeks": _number(CONTACT_WEEKS_KEY, built_in["contact_weeks"], 1, 52),
            "forest_aim_percent": _number(FOREST_AIM_KEY, built_in["forest_aim_percent"],
                                          1, 100),
            "review_weeks": review_weeks_of_catalogue()}


def review_weeks_of_catalogue() -> dict[str, int]:
    """Every intervention still offered, by name, with its catalogue review interval."""
    return {i.name: i.review_interval_weeks for i in Intervention.select(
        Intervention.name, Intervention.review_interval_weeks).where(Intervention.active)
        .order_by(Intervention.sort_order, Intervention.name)}


def checklist_before() -> list[dict[str, Any]]:
    """The due-diligence checklist as the school had edited it on the Providers tab (the
    built-in one if it never had)."""
    rows = list(ChecklistTemplateItem.select().order_by(ChecklistTemplateItem.position,
                                                        ChecklistTemplateItem.id))
    if not rows:
        return copy.deepcopy(DEFAULT_POLICY["ap"]["checklist"])
    return [{"code": r.code, "en": "" if r.label == CHECKLIST.get(r.code) else r.label,
             "cy": "", "recheck_months": r.recheck_months, "retired": not r.active}
            for r in rows]


def la_told_before() -> bool:
    """Whether the school said, in its details, that its local authority asks to be told."""
    school = School.select(School.la_notify_flexi).first()
    return bool(school and school.la_notify_flexi)


def school_default() -> OurPolicy:
    """The built-in policy with this school's own earlier settings in it."""
    body = copy.deepcopy(DEFAULT.body)
    body["provision"] = provision_before()
    body["ap"]["checklist"] = checklist_before()
    body["flexi"]["la_told"] = la_told_before()
    return OurPolicy(body)
