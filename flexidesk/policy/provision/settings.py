"""The provision map's school settings: each intervention's places and budget, the rhythm of
contact with families, and the Forest School weekly aim."""

from __future__ import annotations

from dataclasses import dataclass

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, PolicyError, action, create, update
from flexidesk.store.models import Intervention, Setting

CONTACT_WEEKS_KEY = "family_contact_weeks"
#: Every half term: a school's half term is six to seven weeks.
CONTACT_WEEKS_DEFAULT = 7
FOREST_AIM_KEY = "forest_weekly_aim_percent"
#: The policy aims for every child to have Forest School-type activities every week.
FOREST_AIM_DEFAULT = 100


def _number(key: str, default: int, low: int, high: int) -> int:
    row = Setting.get_or_none(Setting.key == key)
    try:
        value = int(row.value) if row is not None else default
    except ValueError:
        return default
    return min(max(value, low), high)


def contact_weeks() -> int:
    """How many weeks may pass without contact with the family of a child with provision."""
    return _number(CONTACT_WEEKS_KEY, CONTACT_WEEKS_DEFAULT, 1, 52)


def forest_aim_percent() -> int:
    """The share of children on roll the school aims to give a Forest School session weekly."""
    return _number(FOREST_AIM_KEY, FOREST_AIM_DEFAULT, 1, 100)


def _store(actor: Actor, key: str, value: int) -> None:
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
