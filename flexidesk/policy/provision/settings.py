"""The provision map's school settings: each intervention's places and budget, the rhythm of
contact with families, and the Forest School weekly aim.

The rhythm and the aim are rules of our policy (Tools > Our policy, Provision map): they are
read from the version in force. The two setters below keep the school's numbers for the
built-in default only, before the governing body has adopted a policy of the school's own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexidesk.i18n import _
from flexidesk.policy.ourpolicy import in_force, latest_adopted
from flexidesk.policy.ourpolicy.rules import DEFAULT_POLICY
from flexidesk.policy.ourpolicy.school_default import CONTACT_WEEKS_KEY, FOREST_AIM_KEY
from flexidesk.policy.records.access import Actor, PolicyError, action, create, update
from flexidesk.store.models import Intervention, Setting

__all__ = ["CONTACT_WEEKS_DEFAULT", "CONTACT_WEEKS_KEY", "FOREST_AIM_DEFAULT", "FOREST_AIM_KEY",
           "PlacesAndBudget", "contact_weeks", "forest_aim_percent", "places_and_budgets",
           "set_contact_weeks", "set_forest_aim", "set_places_and_budget"]

CONTACT_WEEKS_DEFAULT: int = DEFAULT_POLICY["provision"]["contact_weeks"]
FOREST_AIM_DEFAULT: int = DEFAULT_POLICY["provision"]["forest_aim_percent"]


def contact_weeks(on: dt.date | None = None) -> int:
    """How many weeks may pass without contact with the family of a child with provision,
    under the policy in force on ``on`` (today by default)."""
    return in_force(on or dt.date.today()).contact_weeks


def forest_aim_percent(on: dt.date | None = None) -> int:
    """The share of children on roll the school aims to give a Forest School session weekly,
    under the policy in force on ``on`` (today by default)."""
    return in_force(on or dt.date.today()).forest_aim_percent


def _store(actor: Actor, key: str, value: int) -> None:
    if latest_adopted().version_id is not None:
        raise PolicyError(_("The school's own policy sets this now. Please change it under "
                            "Tools > Our policy, Provision map."))
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        create(actor, "setting.add", Setting, key=key, value=str(value))
    else:
        update(actor, "setting.edit", row, value=str(value))


@action("provision.catalogue")
def set_contact_weeks(actor: Actor, weeks: int) -> int:
    """Set the family-contact rhythm in weeks (1 to 52); audited."""
    if not isinstance(weeks, int) or not 1 <= weeks <= 52:
        raise PolicyError(_("Contact with families can be expected every 1 to 52 weeks."))
    _store(actor, CONTACT_WEEKS_KEY, weeks)
    return weeks


@action("provision.catalogue")
def set_forest_aim(actor: Actor, percent: int) -> int:
    """Set the Forest School weekly aim as a share of children on roll (1 to 100); audited."""
    if not isinstance(percent, int) or not 1 <= percent <= 100:
        raise PolicyError(_("The weekly aim is a share of children from 1% to 100%."))
    _store(actor, FOREST_AIM_KEY, percent)
    return percent


@action("provision.catalogue")
def set_places_and_budget(actor: Actor, intervention_id: int, *, capacity: int | None,
                          budget_per_term_pence: int | None) -> Intervention:
    """Set how many places an intervention has and what it may spend a term (None: not set)."""
    intervention = Intervention.get_or_none(Intervention.id == intervention_id)
    if intervention is None:
        raise PolicyError(_("This intervention could not be found."))
    if capacity is not None and not 1 <= capacity <= 1000:
        raise PolicyError(_("Places must be between 1 and 1,000."))
    if budget_per_term_pence is not None and not 0 <= budget_per_term_pence <= 100_000_000:
        raise PolicyError(_("The budget must be between £0 and £1,000,000 a term."))
    return update(actor, "intervention.budget", intervention, capacity=capacity,
                  budget_per_term_pence=budget_per_term_pence)


@dataclass(frozen=True)
class PlacesAndBudget:
    """One running intervention's places and termly budget, as the settings form shows them."""

    id: int
    name: str
    capacity: int | None
    budget_per_term_pence: int | None


def places_and_budgets() -> list[PlacesAndBudget]:
    """Every intervention still offered, in the catalogue's order (no child's data here)."""
    return [PlacesAndBudget(i.id, i.name, i.capacity, i.budget_per_term_pence)
            for i in Intervention.select().where(Intervention.active)
            .order_by(Intervention.sort_order, Intervention.name)]
