"""The school's catalogue of interventions: add, edit, retire; who may see confidential ones;
and the senior leader who leads the provision map."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from flexidesk.i18n import _
from flexidesk.policy.records import access
from flexidesk.policy.records.access import HEAD, Actor, PermissionDenied, PolicyError, action, can
from flexidesk.policy.text import LINE, NAME, PARAGRAPH, bounded
from flexidesk.store.models import Enrolment, Intervention, InterventionStaff, Setting, StaffUser
from flexidesk.store.query import as_tuples

PROVISION_LEAD_KEY = "provision_map_lead"
COST_BASES = ("session", "term")
MAX_COST_PENCE = 10_000_000  # £100,000: more is a typing slip


@dataclass(frozen=True)
class InterventionForm:
    """What the catalogue editor saves for one intervention."""

    name: str
    kind: str = "group"
    description: str = ""
    staff_lead: str = ""
    sessions_per_week: int = 1
    session_minutes: int = 60
    capacity: int | None = None
    cost_pence: int = 0
    cost_basis: str = "term"  # 'session' or 'term'
    funding_stream: str = ""
    review_interval_weeks: int = 6
    confidential: bool = False
    named_staff: tuple[int, ...] = ()  # who may see it, when confidential


@dataclass(frozen=True)
class CatalogueLine:
    """An intervention as the catalogue editor lists it."""

    id: int
    form: InterventionForm
    active: bool
    current_children: int


def _form_of(i: Intervention, named: tuple[int, ...]) -> InterventionForm:
    per_session = i.cost_per_session_pence > 0
    return InterventionForm(
        name=i.name, kind=i.kind, description=i.description, staff_lead=i.staff_lead,
        sessions_per_week=i.sessions_per_week, session_minutes=i.session_minutes,
        capacity=i.capacity,
        cost_pence=i.cost_per_session_pence if per_session else i.cost_per_term_pence,
        cost_basis="session" if per_session else "term", funding_stream=i.funding_stream,
        review_interval_weeks=i.review_interval_weeks, confidential=i.confidential,
        named_staff=named)


def catalogue(actor: Actor) -> list[CatalogueLine]:
    """Every intervention, current and retired, in catalogue order, with how many children
    are in each now (no child is named)."""
    access.require(actor, "provision.view")
    named: dict[int, list[int]] = {}
    for link in InterventionStaff.select().order_by(InterventionStaff.id):
        named.setdefault(link.intervention_id, []).append(link.staff_id)
    counts = dict(as_tuples(Enrolment.select(Enrolment.intervention, fn.COUNT(Enrolment.id))
                  .where(Enrolment.end_date.is_null()).group_by(Enrolment.intervention)))
    barred = barred_interventions(actor)
    return [CatalogueLine(i.id, _form_of(i, tuple(named.get(i.id, ()))), i.active,
                          counts.get(i.id, 0))
            for i in Intervention.select().order_by(Intervention.sort_order, Intervention.name)
            if i.id not in barred]


def staff_choices() -> list[tuple[int, str]]:
    """The active staff who could be named on a confidential intervention (id, name)."""
    return [(u.id, u.display_name) for u in StaffUser.select().where(
        StaffUser.active & StaffUser.role.in_(("headteacher", "pastoral_lead")))
        .order_by(StaffUser.display_name)]


# --- who may see confidential provision ------------------------------------------------------


def barred_interventions(actor: Actor) -> frozenset[int]:
    """Confidential interventions this actor may not see.

    Without ``provision.confidential`` that is every confidential one. With it, an
    intervention that names its staff is seen only by them and by the Headteacher, who
    keeps oversight of all provision.
    """
    confidential = Intervention.select(Intervention.id).where(Intervention.confidential)
    if not can(actor, "provision.confidential"):
        return frozenset(i.id for i in confidential)
    if actor.role == HEAD:
        return frozenset()
    named: dict[int, set[int]] = {}
    for intervention_id, staff_id in (as_tuples(InterventionStaff
                                      .select(InterventionStaff.intervention,
                                              InterventionStaff.staff)
                                      .where(InterventionStaff.intervention.in_(confidential)))):
        named.setdefault(intervention_id, set()).add(staff_id)
    return frozenset(i for i, staff in named.items() if actor.user_id not in staff)


def may_see(actor: Actor, intervention_id: int, confidential: bool) -> bool:
    """Whether the actor may see provision in this intervention (``confidential``: the
    intervention or the enrolment is marked so)."""
    if not confidential:
        return True
    if not can(actor, "provision.confidential"):
        return False
    return intervention_id not in barred_interventions(actor)


# --- the write path ---------------------------------------------------------------------------


def _checked(form: InterventionForm, *, ignore_id: int | None = None) -> dict:
    name = bounded(form.name, _("Name"), NAME, required=True, single_line=True)
    clash = Intervention.select().where(Intervention.name == name)
    if ignore_id is not None:
        clash = clash.where(Intervention.id != ignore_id)
    if clash.exists():
        raise PolicyError(_("The catalogue already has {name}.").format(name=name))
    if form.kind not in ("group", "individual"):
        raise PolicyError(_("Say whether it is for a group or one child at a time."))
    if not 0 <= form.sessions_per_week <= 20:
        raise PolicyError(_("Sessions a week: from 0 to 20."))
    if not 0 <= form.session_minutes <= 480:
        raise PolicyError(_("A session lasts from 0 to 480 minutes."))
    if form.capacity is not None and not 1 <= form.capacity <= 500:
        raise PolicyError(_("Places: from 1 to 500, or leave it open."))
    if form.kind == "individual" and form.capacity not in (None, 1):
        raise PolicyError(_("Individual work has one child at a time; it cannot hold {n}.")
                          .format(n=form.capacity))
    if form.cost_basis not in COST_BASES or not 0 <= form.cost_pence <= MAX_COST_PENCE:
        raise PolicyError(_("The cost is from £0 to £100,000, per session or per term."))
    if not 1 <= form.review_interval_weeks <= 52:
        raise PolicyError(_("Reviews fall every 1 to 52 weeks."))
    known = {sid for sid, _n in staff_choices()}
    if form.confidential and set(form.named_staff) - known:
        raise PolicyError(_("Only the Headteacher and the pastoral staff can be named."))
    return dict(
        name=name, kind=form.kind,
        description=bounded(form.description, _("Description"), PARAGRAPH),
        staff_lead=bounded(form.staff_lead, _("Lead adult"), NAME, single_line=True),
        sessions_per_week=form.sessions_per_week, session_minutes=form.session_minutes,
        minutes_per_week=form.sessions_per_week * form.session_minutes,
        capacity=form.capacity,
        cost_per_session_pence=form.cost_pence if form.cost_basis == "session" else 0,
        cost_per_term_pence=form.cost_pence if form.cost_basis == "term" else 0,
        funding_stream=bounded(form.funding_stream, _("Funding stream"), LINE,
                               single_line=True),
        review_interval_weeks=form.review_interval_weeks, confidential=bool(form.confidential))


def _set_named(actor: Actor, intervention: Intervention, staff_ids) -> None:
    wanted = set(staff_ids) if intervention.confidential else set()
    for link in InterventionStaff.select().where(InterventionStaff.intervention == intervention):
        if link.staff_id not in wanted:
            access.delete(actor, "catalogue.unname", link)
        wanted.discard(link.staff_id)
    for staff_id in sorted(wanted):
        access.create(actor, "catalogue.name", InterventionStaff, intervention=intervention,
                      staff=staff_id)


@action("provision.catalogue")
def add_intervention(actor: Actor, form: InterventionForm) -> Intervention:
    """Add an intervention to the catalogue, last in order; offered for new provision at once."""
    values = _checked(form)
    last = Intervention.select(Intervention.sort_order).order_by(
        Intervention.sort_order.desc()).scalar() or 0
    intervention = access.create(actor, "catalogue.add", Intervention, sort_order=last + 1,
                                 **values)
    _set_named(actor, intervention, form.named_staff)
    return intervention


def _intervention(intervention_id: int) -> Intervention:
    intervention = Intervention.get_or_none(Intervention.id == intervention_id)
    if intervention is None:
        raise PolicyError(_("This intervention could not be found. It may have been removed."))
    return intervention


@action("provision.catalogue")
def edit_intervention(actor: Actor, intervention_id: int, form: InterventionForm) -> Intervention:
    """Change an intervention; children already in it keep their provision and history."""
    intervention = _intervention(intervention_id)
    if not may_see(actor, intervention.id, intervention.confidential):
        raise PermissionDenied(_("This provision is confidential."))
    values = _checked(form, ignore_id=intervention_id)
    changed = {k: v for k, v in values.items() if getattr(intervention, k) != v}
    if changed:
        access.update(actor, "catalogue.edit", intervention, **changed)
    _set_named(actor, intervention, form.named_staff)
    return intervention


@action("provision.catalogue")
def retire_intervention(actor: Actor, intervention_id: int, retired: bool = True) -> Intervention:
    """Retire an intervention (or bring it back): it keeps its history and the children in
    it now, but is no longer offered for new provision."""
    intervention = _intervention(intervention_id)
    if intervention.active == (not retired):
        return intervention
    return access.update(actor, "catalogue.retire" if retired else "catalogue.restore",
                         intervention, active=not retired)


# --- the provision map's lead --------------------------------------------------------------


def provision_lead() -> str:
    """The senior leader who leads the provision map ('' until named)."""
    row = Setting.get_or_none(Setting.key == PROVISION_LEAD_KEY)
    return row.value if row is not None else ""


@action("provision.catalogue")
def set_provision_lead(actor: Actor, name: str) -> str:
    """Name the member of the senior leadership team who leads the provision map; audited."""
    name = bounded(name, _("Provision map led by"), NAME, single_line=True)
    row = Setting.get_or_none(Setting.key == PROVISION_LEAD_KEY)
    if row is None:
        access.create(actor, "setting.add", Setting, key=PROVISION_LEAD_KEY, value=name)
    elif row.value != name:
        access.update(actor, "setting.edit", row, value=name)
    return name
