"""What a placement agreement states, read through the actor: the child, the contacts, the checks
actually held, the costs per session and in total; and the agreement's own details.

Nothing is invented here: a fact the record lacks is returned empty, and the document says
it is not recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexidesk.i18n import _
from flexidesk.policy.providers.read import (
    ChecklistLine,
    ProviderPlacementLine,
    checklist_lines,
    placement_line,
)
from flexidesk.policy.records.access import Actor, PolicyError, action, update, viewed
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.policy.text import NAME, PARAGRAPH, bounded
from flexidesk.store.models import Placement, PupilAdult, School

#: The checks whose being held lets the agreement say what it says about safeguarding.
SAFEGUARDING_CHECKS = ("child_protection", "staff_vetting", "safeguarding_confirmation",
                       "risk_assessments")


@dataclass(frozen=True)
class Contact:
    """Someone to call: their name, how they are related or what they do, their telephone."""

    name: str
    role: str
    phone: str


@dataclass(frozen=True)
class AgreementFacts:
    """Everything an AP placement agreement states about one placement."""

    placement_id: int
    pupil_id: int
    placement: ProviderPlacementLine  # the terms as the Providers tab shows them
    legal_name: str
    known_as: str
    date_of_birth: dt.date
    year_group: int
    upn: str
    sen_support: bool
    ehc_plan: bool
    looked_after: bool
    medical_needs: str
    provider: str
    provider_contact: str
    provider_phone: str
    key_worker: str
    key_worker_phone: str
    dsl_name: str
    dsl_phone: str
    emergency: tuple[Contact, ...]
    parents: tuple[Contact, ...]  # those who receive letters: they sign for the family
    held: tuple[str, ...]  # codes of the checks held and in date (or not applicable)
    outstanding: tuple[ChecklistLine, ...]  # missing or lapsed, with their labels
    override: str
    continue_reason: str
    transport: str
    english_maths: str
    notice_weeks: int | None
    max_weeks: int | None
    risk_assessed_on: dt.date | None
    sessions_in_total: int | None  # on school days from start to planned end; None: no end


def sessions_between(sessions: str, start: dt.date, end: dt.date | None) -> int | None:
    """How many of the week's sessions fall on school working days from ``start`` to ``end``
    (both included): None with no end, since then there is no total to state."""
    if end is None:
        return None
    codes = [code for code in sessions.split(",") if code]
    per_day = {day: sum(1 for code in codes if code.startswith(day))
               for day in ("mon", "tue", "wed", "thu", "fri")}
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    calendar, day, count = school_calendar(), start, 0
    while day <= end:
        if calendar.is_working_day(day):
            count += per_day.get(names[day.weekday()], 0)
        day += dt.timedelta(days=1)
    return count


def _contacts(pupil_id: int, *, letters_only: bool) -> tuple[Contact, ...]:
    query = PupilAdult.select().where(PupilAdult.pupil == pupil_id)
    if letters_only:
        query = query.where(PupilAdult.receives_letters == True)  # noqa: E712
    return tuple(Contact(link.adult.full_name, link.relationship or "", link.adult.phone or "")
                 for link in query.order_by(PupilAdult.priority, PupilAdult.id))


def agreement_facts(actor: Actor, placement_id: int, today: dt.date) -> AgreementFacts:
    """The placement's agreement as the record holds it (the view of the child is recorded,
    and of no other child placed with the provider)."""
    placement = Placement.get_or_none(Placement.id == placement_id)
    if placement is None:
        raise PolicyError(_("This placement could not be found. It may have been removed."))
    provider_name, line = placement_line(actor, placement_id, today)
    checklist = checklist_lines(actor, placement.provider_id, today)
    provider, pupil = placement.provider, placement.pupil
    school = School.select().first()
    held = tuple(c.code for c in checklist
                 if c.problem in (None, "expiring") and c.status in ("held", "not_applicable"))
    outstanding = tuple(c for c in checklist if c.problem in ("missing", "expired"))
    return AgreementFacts(
        placement_id=placement.id, pupil_id=pupil.id, placement=line,
        legal_name=pupil.legal_name, known_as=pupil.known_as,
        date_of_birth=pupil.date_of_birth, year_group=pupil.year_group, upn=pupil.upn,
        sen_support=pupil.sen_support, ehc_plan=pupil.ehc_plan, looked_after=pupil.looked_after,
        medical_needs=placement.medical_needs, provider=provider_name,
        provider_contact=provider.contact_name, provider_phone=provider.phone,
        key_worker=placement.key_worker, key_worker_phone=placement.key_worker_phone,
        dsl_name=school.dsl_name if school else "", dsl_phone=school.dsl_phone if school else "",
        emergency=tuple(c for c in _contacts(pupil.id, letters_only=False) if c.phone),
        parents=_contacts(pupil.id, letters_only=True), held=held, outstanding=outstanding,
        override=placement.override_justification, continue_reason=placement.continue_reason,
        transport=placement.transport, english_maths=placement.english_maths,
        notice_weeks=placement.notice_weeks, max_weeks=placement.max_weeks,
        risk_assessed_on=placement.risk_assessed_on,
        sessions_in_total=sessions_between(placement.sessions, placement.start_date,
                                           placement.planned_end_date))


@dataclass(frozen=True)
class AgreementDetails:
    """What the agreement-details form shows: the agreement's own facts as recorded."""

    key_worker: str = ""
    key_worker_phone: str = ""
    transport: str = ""
    medical_needs: str = ""
    english_maths: str = ""
    notice_weeks: int | None = None
    risk_assessed_on: dt.date | None = None


def agreement_details(actor: Actor, placement_id: int) -> AgreementDetails:
    """The placement's agreement details as recorded (the view of the child's is recorded)."""
    placement = Placement.get_or_none(Placement.id == placement_id)
    if placement is None:
        raise PolicyError(_("This placement could not be found. It may have been removed."))
    viewed(actor, "placement_agreement_details", placement.pupil_id, placement.id,
           permission="provider.view")
    return AgreementDetails(placement.key_worker, placement.key_worker_phone,
                            placement.transport, placement.medical_needs,
                            placement.english_maths, placement.notice_weeks,
                            placement.risk_assessed_on)


@action("placement.edit")
def set_agreement_details(actor: Actor, placement_id: int, *, key_worker: str,
                          key_worker_phone: str, transport: str, medical_needs: str,
                          english_maths: str, notice_weeks: int | None,
                          risk_assessed_on: dt.date | None,
                          today: dt.date | None = None) -> Placement:
    """Record what the placement agreement names beyond the commission: the provider's key
    worker, transport, medical needs, English and maths, notice and the risk assessment."""
    today = today or dt.date.today()
    placement = Placement.get_or_none(Placement.id == placement_id)
    if placement is None:
        raise PolicyError(_("This placement could not be found. It may have been removed."))
    if notice_weeks is not None and not 0 <= notice_weeks <= 26:
        raise PolicyError(_("The notice to end a placement is from 0 to 26 weeks."))
    if risk_assessed_on is not None and risk_assessed_on > today:
        raise PolicyError(_("The risk assessment cannot be dated in the future."))
    return update(
        actor, "placement.agreement_details", placement, pupil_id=placement.pupil_id,
        key_worker=bounded(key_worker, _("Key worker"), NAME, single_line=True),
        key_worker_phone=bounded(key_worker_phone, _("Key worker's telephone"), NAME,
                                 single_line=True),
        transport=bounded(transport, _("Transport"), PARAGRAPH),
        medical_needs=bounded(medical_needs, _("Medical needs"), PARAGRAPH),
        english_maths=bounded(english_maths, _("English and maths"), PARAGRAPH),
        notice_weeks=notice_weeks, risk_assessed_on=risk_assessed_on)
