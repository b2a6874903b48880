"""Peewee models for the whole domain: school, people, provision map, providers, flexi requests, audit.

Constraints refuse nonsense at the database level too (an end before a start, a score
outside -2..+2, a duplicate UPN), so a bug above cannot store it. Enumerated values are
stored as short codes; their labels live in ``flexidesk.policy`` where they are translated.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from peewee import (
    SQL,
    BlobField,
    BooleanField,
    Check,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    NodeList,
    TextField,
    TimeField,
)

from flexidesk.store.codes import (  # noqa: F401 - the models' codes, also read from here
    AP_SETTING_TYPES,
    ATTENDANCE_CODES,
    CONTACT_METHODS,
    DD_STATUSES,
    FACTOR_RATINGS,
    FLEXI_END_REASONS,
    FLEXI_OUTCOMES,
    FLEXI_REVIEW_OUTCOMES,
    FLEXI_STAGES,
    NATIONS,
    PLACEMENT_STATUSES,
    ROLES,
    SESSIONS,
    YEAR_GROUPS,
)
from flexidesk.store.database import db

if TYPE_CHECKING:
    from typing import Any, overload

    from peewee import Field, ModelSelect

    class _Key:
        """What a type checker sees for ``id`` and ``<key>_id``: a column on the class, an
        int on a row."""

        @overload
        def __get__(self, row: None, owner: Any) -> Field: ...

        @overload
        def __get__(self, row: object, owner: Any) -> int: ...

        def __get__(self, row: Any, owner: Any) -> Any: ...

    class _OptionalKey:
        """An optional key: a column on the class, an int or None on a row."""

        @overload
        def __get__(self, row: None, owner: Any) -> Field: ...

        @overload
        def __get__(self, row: object, owner: Any) -> int | None: ...

        def __get__(self, row: Any, owner: Any) -> Any: ...


def _in(column: str, values) -> SQL | NodeList:
    quoted = ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values)
    return Check(f"{column} IN ({quoted})")


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(Model):
    """Owns the database binding for every table."""

    # Peewee adds these at run time; for a type checker, a row's id is an int and the
    # class's id a column (Pupil.id.in_(...)). Only the type checker sees this block.
    if TYPE_CHECKING:
        id = _Key()

    class Meta:
        database = db
        legacy_table_names = False


# --- school and people ------------------------------------------------------------------


def _family_name_first(text: str) -> bool:
    """Whether a name is in a script written family name first (Chinese, Japanese, Korean)."""
    return bool(text) and all(
        0x3040 <= ord(c) <= 0x30FF or 0x3400 <= ord(c) <= 0x4DBF or 0x4E00 <= ord(c) <= 0x9FFF
        or 0xF900 <= ord(c) <= 0xFAFF or 0xAC00 <= ord(c) <= 0xD7AF or c.isspace()
        for c in text)


def person_name(given: str, family: str) -> str:
    """A name in the order its own script writes it: "Zofia Nowak", but "王伟" (family name
    first, with no space) for a name written in Chinese, Japanese or Korean."""
    given, family = (given or "").strip(), (family or "").strip()
    if _family_name_first(given + family):
        return f"{family}{given}"
    return " ".join(p for p in (given, family) if p)


class School(BaseModel):
    """The school's profile (one row)."""

    name = TextField()
    address = TextField(default="")
    postcode = TextField(default="")
    phone = TextField(default="")
    email = TextField(default="")
    website = TextField(default="")
    headteacher_name = TextField()
    nation = TextField(default="ENG", constraints=[_in("nation", NATIONS)])
    locale = TextField(default="en_GB")
    logo = BlobField(null=True)
    letter_signatory = TextField(default="")
    signatory_title = TextField(default="Headteacher")
    local_authority = TextField(default="")
    la_notify_flexi = BooleanField(default=False)
    created_at = DateTimeField(default=_now)
    # The designated safeguarding lead an AP agreement names (schema version 15).
    dsl_name = TextField(default="")
    dsl_phone = TextField(default="")


class StaffUser(BaseModel):
    """A member of staff who signs in; the role decides what they may do."""

    username = TextField(unique=True)
    display_name = TextField()
    role = TextField(constraints=[_in("role", ROLES)])
    email = TextField(default="")
    active = BooleanField(default=True)
    created_at = DateTimeField(default=_now)


class Pupil(BaseModel):
    """A child on (or once on) the school's roll."""

    upn = TextField(unique=True, constraints=[Check("length(upn) = 13")])
    legal_first_name = TextField()
    legal_last_name = TextField()
    preferred_name = TextField(null=True)
    date_of_birth = DateField()
    year_group = IntegerField(constraints=[Check("year_group BETWEEN 0 AND 6")], index=True)
    class_name = TextField(default="")
    sen_support = BooleanField(default=False)
    ehc_plan = BooleanField(default=False)
    looked_after = BooleanField(default=False)
    pupil_premium = BooleanField(default=False)
    eal = BooleanField(default=False)  # English as an additional language (schema version 6)
    gender = TextField(default="")  # as the MIS exports it: F, M, ... (schema version 6)
    on_roll_date = DateField()
    left_date = DateField(null=True, constraints=[
        Check("left_date IS NULL OR left_date >= on_roll_date")])
    created_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("legal_last_name", "legal_first_name"), False),)

    @property
    def known_as(self) -> str:
        """The name staff use: preferred first name if any, with the surname (in the order
        the name's own script writes them)."""
        return person_name(self.preferred_name or self.legal_first_name, self.legal_last_name)

    @property
    def legal_name(self) -> str:
        """The legal first name and surname, in the order the name's script writes them."""
        return person_name(self.legal_first_name, self.legal_last_name)


class Adult(BaseModel):
    """An adult with parental responsibility or care of a child; letters go to their address."""

    title = TextField(default="")
    first_name = TextField()
    last_name = TextField()
    phone = TextField(default="")
    email = TextField(default="")
    address = TextField(default="")  # the letter address, lines separated by newlines
    postcode = TextField(default="")
    created_at = DateTimeField(default=_now)
    mis_ref = TextField(default="", index=True)  # the contact's id in the MIS (schema version 6)

    @property
    def full_name(self) -> str:
        """Title and name: "Mrs Hazel Ashby", "Mr 王伟" (family name first in Chinese)."""
        return " ".join(p for p in (self.title, person_name(self.first_name, self.last_name))
                        if p)


class PupilAdult(BaseModel):
    """Links a child to an adult: how related, and whether they hold parental responsibility."""

    if TYPE_CHECKING:  # the key itself, without a query
        pupil_id = _Key()
    pupil = ForeignKeyField(Pupil, backref="adult_links", on_delete="CASCADE")
    if TYPE_CHECKING:  # the key itself, without a query
        adult_id = _Key()
    adult = ForeignKeyField(Adult, backref="pupil_links", on_delete="CASCADE")
    relationship = TextField(default="parent")
    parental_responsibility = BooleanField(default=True)
    lives_with = BooleanField(default=True)
    receives_letters = BooleanField(default=True)
    priority = IntegerField(default=1)

    class Meta:
        indexes = ((("pupil", "adult"), True),)


class ClosureDay(BaseModel):
    """A day the school is shut (INSET, polling day...): not a working day."""

    date = DateField(unique=True)
    reason = TextField(default="")


# --- provision map ----------------------------------------------------------------------


class Intervention(BaseModel):
    """An in-school intervention in the school's catalogue (Lego Therapy, Nurture Group...)."""

    if TYPE_CHECKING:  # added by ``_add`` at the end of this module
        budget_per_term_pence = IntegerField(null=True)
    name = TextField(unique=True)
    kind = TextField(default="group", constraints=[_in("kind", ("group", "individual"))])
    description = TextField(default="")
    staff_lead = TextField(default="")
    minutes_per_week = IntegerField(default=60, constraints=[Check("minutes_per_week >= 0")])
    cost_per_term_pence = IntegerField(default=0, constraints=[Check("cost_per_term_pence >= 0")])
    funding_stream = TextField(default="School budget")
    review_interval_weeks = IntegerField(default=6, constraints=[
        Check("review_interval_weeks BETWEEN 1 AND 52")])
    confidential = BooleanField(default=False)
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)
    # schema version 4: how it runs, what it holds and costs (minutes_per_week stays their product)
    sessions_per_week = IntegerField(default=1, constraints=[
        Check("sessions_per_week BETWEEN 0 AND 20")])
    session_minutes = IntegerField(default=60, constraints=[
        Check("session_minutes BETWEEN 0 AND 480")])
    capacity = IntegerField(null=True, constraints=[Check("capacity IS NULL OR capacity >= 1")])
    cost_per_session_pence = IntegerField(default=0, constraints=[
        Check("cost_per_session_pence >= 0")])


class Enrolment(BaseModel):
    """A child in an intervention, from a start date, with a target and review dates."""

    if TYPE_CHECKING:  # the key itself, without a query; a backref
        pupil_id = _Key()
        reviews: ModelSelect[EnrolmentReview]
    pupil = ForeignKeyField(Pupil, backref="enrolments", on_delete="CASCADE")
    if TYPE_CHECKING:  # the key itself, without a query
        intervention_id = _Key()
    intervention = ForeignKeyField(Intervention, backref="enrolments", on_delete="RESTRICT")
    start_date = DateField()
    end_date = DateField(null=True, constraints=[
        Check("end_date IS NULL OR end_date >= start_date")])
    target = TextField(default="")
    entry_data = TextField(default="")
    exit_data = TextField(default="")
    staff = TextField(default="")
    confidential = BooleanField(default=False)
    next_review_date = DateField(null=True, index=True)
    created_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("pupil", "end_date"), False), (("intervention", "end_date"), False))


class EnrolmentReview(BaseModel):
    """A review of an intervention's benefit to the child, scored -2..+2."""

    if TYPE_CHECKING:  # the key itself, without a query; family_told_on: ``_add`` below
        enrolment_id = _Key()
        family_told_on = DateField(null=True)
        family_told_how = TextField(default="")
    enrolment = ForeignKeyField(Enrolment, backref="reviews", on_delete="CASCADE")
    review_date = DateField()
    score = IntegerField(constraints=[Check("score BETWEEN -2 AND 2")])
    notes = TextField(default="")
    if TYPE_CHECKING:  # the key itself, without a query
        reviewed_by_id = _OptionalKey()
    reviewed_by = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
    next_review_date = DateField(null=True)

    class Meta:
        indexes = ((("enrolment", "review_date"), False),)


# --- alternative provision --------------------------------------------------------------


class Provider(BaseModel):
    """An alternative-provision provider on the school's register."""

    if TYPE_CHECKING:  # added by ``_add`` at the end of this module
        ap_setting_type = TextField(default="")

    name = TextField(unique=True)
    provider_type = TextField(default="")
    address = TextField(default="")
    postcode = TextField(default="")
    contact_name = TextField(default="")
    phone = TextField(default="")
    email = TextField(default="")
    ofsted_urn = TextField(default="")
    la_approved = BooleanField(default=False)
    registered_school = BooleanField(default=False)
    registration_number = TextField(default="")
    notes = TextField(default="")
    active = BooleanField(default=True)
    created_at = DateTimeField(default=_now)
    # schema 4: the register's fuller record of a provider
    ukprn = TextField(default="")
    ofsted_judgement = TextField(default="")
    ofsted_date = DateField(null=True)
    offer = TextField(default="")
    costs = TextField(default="")


class ChecklistTemplateItem(BaseModel):
    """The school's own due-diligence checklist: one item it asks every provider for."""

    code = TextField(unique=True)
    label = TextField()
    recheck_months = IntegerField(null=True, constraints=[
        Check("recheck_months IS NULL OR recheck_months > 0")])
    position = IntegerField(default=0)
    active = BooleanField(default=True)


class ProviderSite(BaseModel):
    """Every site where a pupil may attend a provider."""

    if TYPE_CHECKING:  # the key itself, without a query; ``active``: ``_add`` (schema 16)
        provider_id = _Key()
        active = BooleanField(default=True)
    provider = ForeignKeyField(Provider, backref="sites", on_delete="CASCADE")
    name = TextField()
    address = TextField(default="")
    postcode = TextField(default="")


class DueDiligenceItem(BaseModel):
    """One checklist item held (or not) on a provider: evidence, checked when and by whom, expiry."""

    if TYPE_CHECKING:  # the key itself, without a query
        provider_id = _Key()
    provider = ForeignKeyField(Provider, backref="due_diligence", on_delete="CASCADE")
    item = TextField()  # a code from flexidesk.policy.vocabulary.CHECKLIST
    status = TextField(default="missing", constraints=[_in("status", DD_STATUSES)])
    evidence = TextField(default="")
    checked_on = DateField(null=True)
    if TYPE_CHECKING:  # the key itself, without a query
        checked_by_id = _OptionalKey()
    checked_by = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
    expires_on = DateField(null=True, index=True)

    class Meta:
        indexes = ((("provider", "item"), True),)


class Placement(BaseModel):
    """A child's placement with a provider: objectives, return plan, attendance code, reviews."""

    if TYPE_CHECKING:  # the key itself, without a query; a backref; columns added by ``_add``
        pupil_id = _Key()
        reviews: ModelSelect[PlacementReview]
        primary_reason = TextField(default="")
        checks_due_on = DateField(null=True)
        policy_version_id = IntegerField(null=True)
    pupil = ForeignKeyField(Pupil, backref="placements", on_delete="CASCADE")
    if TYPE_CHECKING:  # the key itself, without a query
        provider_id = _Key()
    provider = ForeignKeyField(Provider, backref="placements", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the key itself, without a query
        site_id = _OptionalKey()
    site = ForeignKeyField(ProviderSite, null=True, on_delete="SET NULL")
    status = TextField(default="planned", constraints=[_in("status", PLACEMENT_STATUSES)])
    start_date = DateField()
    planned_end_date = DateField(null=True, constraints=[
        Check("planned_end_date IS NULL OR planned_end_date >= start_date")])
    end_date = DateField(null=True, constraints=[
        Check("end_date IS NULL OR end_date >= start_date")])
    objectives = TextField(default="")
    return_plan = TextField(default="")
    sessions = TextField(default="")  # comma-separated SESSIONS codes
    attendance_code = TextField(default="B", constraints=[_in("attendance_code", ATTENDANCE_CODES)])
    attendance_reporting = TextField(default="")
    cost_pence = IntegerField(default=0, constraints=[Check("cost_pence >= 0")])
    funding_stream = TextField(default="")
    la_notified_on = DateField(null=True)
    override_justification = TextField(default="")  # Headteacher placing with a not-ready provider
    next_review_date = DateField(null=True, index=True)
    created_at = DateTimeField(default=_now)
    # schema 4: the commission's fuller terms, the end, and why it continues past a lapse
    max_weeks = IntegerField(null=True, constraints=[Check("max_weeks IS NULL OR max_weeks > 0")])
    family_agreed_on = DateField(null=True)
    attendance_sender = TextField(default="")
    outcomes = TextField(default="")  # JSON list: the outcome against each objective
    next_destination = TextField(default="")
    continue_reason = TextField(default="")  # the Headteacher's reason to go on past a lapse
    continue_on = DateField(null=True)
    version = IntegerField(default=1)  # optimistic locking (schema version 9)
    # What a signable agreement names (schema version 15).
    key_worker = TextField(default="")  # the provider's key worker for this child
    key_worker_phone = TextField(default="")
    transport = TextField(default="")  # how the child gets there and back, and who pays
    medical_needs = TextField(default="")  # what the provider must know of the child's health
    english_maths = TextField(default="")  # how English and maths are covered
    notice_weeks = IntegerField(null=True, constraints=[
        Check("notice_weeks IS NULL OR notice_weeks BETWEEN 0 AND 26")])
    risk_assessed_on = DateField(null=True)  # the child's own risk assessment

    class Meta:
        indexes = ((("provider", "status"), False), (("pupil", "status"), False))


class PlacementSite(BaseModel):
    """Every site the child may attend on a placement."""

    if TYPE_CHECKING:  # the keys themselves, without a query
        placement_id = _Key()
        site_id = _Key()
    placement = ForeignKeyField(Placement, backref="placement_sites", on_delete="CASCADE")
    site = ForeignKeyField(ProviderSite, on_delete="CASCADE")


class PlacementFunding(BaseModel):
    """Part of a placement's cost per session, paid from one funding stream."""

    if TYPE_CHECKING:  # the key itself, without a query
        placement_id = _Key()
    placement = ForeignKeyField(Placement, backref="funding", on_delete="CASCADE")
    stream = TextField()
    pence = IntegerField(constraints=[Check("pence >= 0")])


class PlacementReview(BaseModel):
    """The half-termly review of a placement with the provider, and the feedback to the family."""

    if TYPE_CHECKING:  # the key itself, without a query
        placement_id = _Key()
    placement = ForeignKeyField(Placement, backref="reviews", on_delete="CASCADE")
    review_date = DateField()
    score = IntegerField(constraints=[Check("score BETWEEN -2 AND 2")])
    attendance_percent = IntegerField(null=True, constraints=[
        Check("attendance_percent IS NULL OR attendance_percent BETWEEN 0 AND 100")])
    notes = TextField(default="")
    if TYPE_CHECKING:  # the key itself, without a query
        reviewed_by_id = _OptionalKey()
    reviewed_by = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
    family_feedback_on = DateField(null=True)
    family_feedback = TextField(default="")
    next_review_date = DateField(null=True)
    family_told_how = TextField(default="")  # schema 4: a CONTACT_METHODS code, or ''


class FamilyContact(BaseModel):
    """Any contact with a child's family; may refer to an enrolment or placement, need not."""

    if TYPE_CHECKING:  # the key itself, without a query
        pupil_id = _Key()
    pupil = ForeignKeyField(Pupil, backref="contacts", on_delete="CASCADE")
    if TYPE_CHECKING:  # the key itself, without a query
        adult_id = _OptionalKey()
    adult = ForeignKeyField(Adult, null=True, on_delete="SET NULL")
    if TYPE_CHECKING:  # the key itself, without a query
        enrolment_id = _OptionalKey()
    enrolment = ForeignKeyField(Enrolment, null=True, backref="contacts", on_delete="SET NULL")
    if TYPE_CHECKING:  # the key itself, without a query
        placement_id = _OptionalKey()
    placement = ForeignKeyField(Placement, null=True, backref="contacts", on_delete="SET NULL")
    contact_at = DateTimeField()
    method = TextField(default="phone", constraints=[_in("method", CONTACT_METHODS)])
    summary = TextField(default="")
    if TYPE_CHECKING:  # the key itself, without a query
        staff_id = _OptionalKey()
    staff = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("pupil", "contact_at"), False),)


# --- flexi-schooling --------------------------------------------------------------------


class FlexiRequest(BaseModel):
    """A family's request to flexi-school a child, carried through its stages."""

    if TYPE_CHECKING:  # the key itself, without a query; a backref
        pupil_id = _Key()
        adult_links: ModelSelect[FlexiRequestAdult]
        meetings: ModelSelect[FlexiMeeting]
        factors: ModelSelect[FactorAssessment]
        alternatives: ModelSelect[FlexiAlternative]
        decisions: ModelSelect[FlexiDecision]
        agreements: ModelSelect[FlexiAgreement]
        reviews: ModelSelect[FlexiReview]
        policy_version_id = IntegerField(null=True)  # added by ``_add`` (schema 14)
    pupil = ForeignKeyField(Pupil, backref="flexi_requests", on_delete="CASCADE")
    received_on = DateField()
    requested_sessions = TextField(default="")  # comma-separated SESSIONS codes at home
    reasons = TextField(default="")
    stage = TextField(default="received", index=True, constraints=[_in("stage", FLEXI_STAGES)])
    needs_met_in_school = BooleanField(null=True)  # the governing body's question
    needs_met_notes = TextField(default="")
    agree_justification = TextField(default="")
    withdrawn_on = DateField(null=True)
    ended_on = DateField(null=True)
    end_reason = TextField(null=True, constraints=[
        Check("end_reason IS NULL OR end_reason IN ('review', 'notice_school', "
              "'notice_family', 'withdrawn')")])
    notice_weeks = IntegerField(null=True)
    created_at = DateTimeField(default=_now)
    notice_given_on = DateField(null=True)  # ending with notice: the day it was given
    short_notice_reason = TextField(default="")  # the Headteacher's reason for less notice
    version = IntegerField(default=1)  # optimistic locking (schema version 9)
    needs_met_in_letter = BooleanField(default=False)  # its notes ticked for the letter (v11)

    class Meta:
        constraints = [SQL("CHECK (withdrawn_on IS NULL OR withdrawn_on >= received_on)"),
                       SQL("CHECK (ended_on IS NULL OR ended_on >= received_on)")]


class FlexiRequestAdult(BaseModel):
    """The adults making a request (letters are addressed to them)."""

    if TYPE_CHECKING:  # the key itself, without a query
        request_id = _Key()
    request = ForeignKeyField(FlexiRequest, backref="adult_links", on_delete="CASCADE")
    if TYPE_CHECKING:  # the key itself, without a query
        adult_id = _Key()
    adult = ForeignKeyField(Adult, on_delete="CASCADE")

    class Meta:
        indexes = ((("request", "adult"), True),)


class FlexiMeeting(BaseModel):
    """The meeting with the Headteacher: arranged, then held."""

    if TYPE_CHECKING:  # the key itself, without a query
        request_id = _Key()
    request = ForeignKeyField(FlexiRequest, backref="meetings", on_delete="CASCADE")
    meeting_date = DateField()
    meeting_time = TimeField(null=True)
    place = TextField(default="")
    held = BooleanField(default=False)
    attendees = TextField(default="")
    notes = TextField(default="")
    head_present = BooleanField(null=True)  # the Headteacher or their named deputy was there
    head_absent_reason = TextField(default="")


class FactorAssessment(BaseModel):
    """The Headteacher's weighing of one of the eight considerations."""

    if TYPE_CHECKING:  # the key itself, without a query
        request_id = _Key()
    request = ForeignKeyField(FlexiRequest, backref="factors", on_delete="CASCADE")
    factor = TextField()  # a code from flexidesk.policy.vocabulary.FACTORS
    rating = TextField(constraints=[_in("rating", FACTOR_RATINGS)])
    note = TextField(default="")
    in_letter = BooleanField(default=False)  # the note is private unless ticked for the letter

    class Meta:
        indexes = ((("request", "factor"), True),)


class FlexiAlternative(BaseModel):
    """Provision that could meet the child's needs instead: an intervention or a provider."""

    if TYPE_CHECKING:  # the key itself, without a query
        request_id = _Key()
    request = ForeignKeyField(FlexiRequest, backref="alternatives", on_delete="CASCADE")
    if TYPE_CHECKING:  # the key itself, without a query
        intervention_id = _OptionalKey()
    intervention = ForeignKeyField(Intervention, null=True, on_delete="CASCADE")
    if TYPE_CHECKING:  # the key itself, without a query
        provider_id = _OptionalKey()
    provider = ForeignKeyField(Provider, null=True, on_delete="CASCADE")

    class Meta:
        constraints = [SQL("CHECK ((intervention_id IS NULL) <> (provider_id IS NULL))")]


class FlexiDecision(BaseModel):
    """The Headteacher's decision, due within five working days of the meeting."""

    if TYPE_CHECKING:  # the key itself, without a query
        request_id = _Key()
    request = ForeignKeyField(FlexiRequest, backref="decisions", unique=True, on_delete="CASCADE")
    outcome = TextField(constraints=[_in("outcome", FLEXI_OUTCOMES)])
    decided_on = DateField()
    due_on = DateField()
    reasons = TextField(default="")
    if TYPE_CHECKING:  # the key itself, without a query
        decided_by_id = _OptionalKey()
    decided_by = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
    late_entry_reason = TextField(default="")  # recorded long after it was made: why (v11)


class FlexiAgreement(BaseModel):
    """The agreement for an agreed request: home sessions, dates, notice; active once all sign."""

    if TYPE_CHECKING:  # the key itself, without a query; a backref
        request_id = _Key()
        parties: ModelSelect[AgreementParty]
    request = ForeignKeyField(FlexiRequest, backref="agreements", unique=True, on_delete="CASCADE")
    start_date = DateField()
    home_sessions = TextField(default="")  # comma-separated SESSIONS codes, marked C
    attendance_code = TextField(default="C", constraints=[Check("attendance_code = 'C'")])
    review_interval_weeks = IntegerField(default=13, constraints=[
        Check("review_interval_weeks BETWEEN 1 AND 52")])
    first_review_date = DateField(null=True)
    notice_weeks = IntegerField(default=4, constraints=[Check("notice_weeks BETWEEN 0 AND 26")])
    home_educator = TextField(default="")
    special_terms = TextField(default="")
    la_notified_on = DateField(null=True)
    drafted_on = DateField()
    active_from = DateField(null=True)

    class Meta:
        constraints = [SQL("CHECK (first_review_date IS NULL OR first_review_date >= start_date)")]


class AgreementParty(BaseModel):
    """A party to an agreement and the date they signed it."""

    if TYPE_CHECKING:  # the key itself, without a query
        agreement_id = _Key()
    agreement = ForeignKeyField(FlexiAgreement, backref="parties", on_delete="CASCADE")
    name = TextField()
    capacity = TextField(default="parent")  # 'headteacher', 'parent', 'carer', 'pupil'...
    if TYPE_CHECKING:  # the key itself, without a query
        adult_id = _OptionalKey()
    adult = ForeignKeyField(Adult, null=True, on_delete="SET NULL")
    signed_on = DateField(null=True)
    if TYPE_CHECKING:  # the key itself, without a query
        staff_id = _OptionalKey()
    # Signs for the school: a staff account that may sign (schema version 12).
    staff = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")


class FlexiReview(BaseModel):
    """A review of a running arrangement: continue, change the pattern, or end."""

    if TYPE_CHECKING:  # the key itself, without a query
        request_id = _Key()
    request = ForeignKeyField(FlexiRequest, backref="reviews", on_delete="CASCADE")
    review_date = DateField()
    outcome = TextField(constraints=[_in("outcome", FLEXI_REVIEW_OUTCOMES)])
    new_sessions = TextField(default="")
    notes = TextField(default="")
    next_review_date = DateField(null=True)
    if TYPE_CHECKING:  # the key itself, without a query
        reviewed_by_id = _OptionalKey()
    reviewed_by = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")


# --- documents and audit ----------------------------------------------------------------


class IssuedDocument(BaseModel):
    """A document the school issued: what, when, by whom, its content hash and how to reprint it."""

    kind = TextField(index=True)
    title = TextField()
    if TYPE_CHECKING:  # the key itself, without a query
        pupil_id = _OptionalKey()
    pupil = ForeignKeyField(Pupil, null=True, backref="documents", on_delete="CASCADE")
    if TYPE_CHECKING:  # the key itself, without a query
        request_id = _OptionalKey()
    request = ForeignKeyField(FlexiRequest, null=True, backref="documents", on_delete="CASCADE")
    if TYPE_CHECKING:  # the key itself, without a query
        placement_id = _OptionalKey()
    placement = ForeignKeyField(Placement, null=True, backref="documents", on_delete="CASCADE")
    document_date = DateField()
    issued_at = DateTimeField(default=_now)
    issued_by = TextField()  # username; kept even if the account is removed
    sha256 = TextField()
    params = TextField(default="{}")  # JSON snapshot from which the PDF is rebuilt identically


class AuditEntry(BaseModel):
    """One append-only audit row, chained by hash to the row before (see store.audit)."""

    at = TextField()  # ISO 8601, seconds
    username = TextField()
    action = TextField(index=True)
    table_name = TextField(default="")
    record_id = IntegerField(null=True)
    pupil_id = IntegerField(null=True, index=True)
    before = TextField(null=True)
    after = TextField(null=True)
    prev_hash = TextField()
    hash = TextField(unique=True)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    School, StaffUser, Pupil, Adult, PupilAdult, ClosureDay,
    Intervention, Enrolment, EnrolmentReview,
    Provider, ProviderSite, DueDiligenceItem, Placement, PlacementReview, FamilyContact,
    FlexiRequest, FlexiRequestAdult, FlexiMeeting, FactorAssessment, FlexiAlternative,
    FlexiDecision, FlexiAgreement, AgreementParty, FlexiReview,
    IssuedDocument, AuditEntry,
)


# --- rights of the child and family (schema version 2) -----------------------------------


class SubjectAccessRequest(BaseModel):
    """A subject access request: due one month after receipt (the day of receipt is day 1)."""

    if TYPE_CHECKING:  # the key itself, without a query
        pupil_id = _OptionalKey()
    pupil = ForeignKeyField(Pupil, null=True, backref="access_requests", on_delete="SET NULL")
    requester = TextField()
    received_on = DateField()
    due_on = DateField()
    completed_on = DateField(null=True)
    notes = TextField(default="")

    class Meta:
        constraints = [SQL("CHECK (due_on >= received_on)")]


class RetentionRule(BaseModel):
    """How long a kind of record is kept before it is reviewed for deletion, and why."""

    record_kind = TextField(unique=True)
    years = IntegerField(constraints=[Check("years BETWEEN 0 AND 100")])
    counted_from = TextField(default="date_of_birth")  # or 'end_date', 'left_date', 'created'
    source = TextField(default="")


class DestructionLog(BaseModel):
    """What was destroyed under the retention rules; no personal data is kept here."""

    destroyed_at = TextField()
    record_kind = TextField()
    record_count = IntegerField()
    rule = TextField(default="")
    authorised_role = TextField(default="headteacher")


ALL_MODELS = ALL_MODELS + (SubjectAccessRequest, RetentionRule, DestructionLog)


# --- settings (schema version 3) -----------------------------------------------------------


class Setting(BaseModel):
    """One school-wide setting (e.g. ``auto_lock_minutes``); values are text, read by policy."""

    key = TextField(unique=True)
    value = TextField()


ALL_MODELS = ALL_MODELS + (Setting,)


# --- the school's own set-up (schema version 4) ---------------------------------------------


class Term(BaseModel):
    """A school term (or half term): the days between terms are school holidays."""

    name = TextField(default="")
    start_date = DateField(unique=True)
    end_date = DateField()

    class Meta:
        constraints = [SQL("CHECK (end_date >= start_date)")]


class InterventionStaff(BaseModel):
    """A member of staff named as allowed to see a confidential intervention."""

    if TYPE_CHECKING:  # the keys themselves, without a query
        intervention_id = _Key()
        staff_id = _Key()
    intervention = ForeignKeyField(Intervention, backref="named_staff", on_delete="CASCADE")
    staff = ForeignKeyField(StaffUser, on_delete="CASCADE")

    class Meta:
        indexes = ((("intervention", "staff"), True),)


ALL_MODELS = ALL_MODELS + (Term, InterventionStaff)

# --- alternative provision run end to end (schema version 5) --------------------------------

ALL_MODELS = ALL_MODELS + (ChecklistTemplateItem, PlacementSite, PlacementFunding)
# --- the provision map in depth (schema version 7) ------------------------------------------
# New columns on tables above are added to their models by ``_add`` (after the classes), so a
# merge with other branches' columns touches only these lines.


class ForestSession(BaseModel):
    """A Forest School session: its day and the class or group that went (who went: below)."""

    session_date = DateField(index=True)
    group_name = TextField()  # a class name, or a group's own name
    led_by = TextField(default="")
    notes = TextField(default="")
    created_at = DateTimeField(default=_now)


class ForestAttendance(BaseModel):
    """One child at one Forest School session."""

    session = ForeignKeyField(ForestSession, backref="attendance", on_delete="CASCADE")
    pupil = ForeignKeyField(Pupil, backref="forest_attendance", on_delete="CASCADE")

    class Meta:
        indexes = ((("session", "pupil"), True),)


def _add(model: type[BaseModel], name: str, field) -> None:
    """Add a column that a later migration gave an existing table."""
    model._meta.add_field(name, field)


# What each intervention may spend a term (set by the school); its places are ``capacity``.
_add(Intervention, "budget_per_term_pence", IntegerField(null=True, constraints=[
    Check("budget_per_term_pence IS NULL OR budget_per_term_pence >= 0")]))
# Whether, when and how the family was told the outcome of a review.
_add(EnrolmentReview, "family_told_on", DateField(null=True))
_add(EnrolmentReview, "family_told_how", TextField(default=""))  # a CONTACT_METHODS code

ALL_MODELS = ALL_MODELS + (ForestSession, ForestAttendance)

# --- a child's week and the census (schema version 11) ---------------------------------------
# The census's setting type, for a provider with neither URN nor UKPRN.
_add(Provider, "ap_setting_type", TextField(default="", constraints=[
    _in("ap_setting_type", ("",) + AP_SETTING_TYPES)]))
# Why the placement was commissioned (a CENSUS_REASONS code), and, for a placement made by the
# Headteacher's override, the day the provider's missing checks are due.
_add(Placement, "primary_reason", TextField(default=""))
_add(Placement, "checks_due_on", DateField(null=True))

# --- what governors and requesters receive is private (schema version 13) -------------------


class ReleasedText(BaseModel):
    """Free text a person checked before it may appear in the governors' report.

    ``source`` names the field ("placement.override_justification"); ``text_sha256`` is the
    field's text as it was checked, so an edit afterwards needs checking again. ``wording`` is
    what the governors read: the text itself, or the checker's rewording of it.
    """

    source = TextField()
    record_id = IntegerField()
    text_sha256 = TextField()
    wording = TextField()
    checked_by = TextField()
    checked_at = TextField()

    class Meta:
        indexes = ((("source", "record_id"), True),)


class SarPassageDecision(BaseModel):
    """The Headteacher's decision on one passage of a subject access pack: keep or redact.

    Kept with the request it answers; ``passage`` names the record and field
    ("family_contact:12:summary") and ``text_sha256`` the text decided on, so a passage
    edited since needs deciding again. The passage's text itself is not copied here.
    """

    if TYPE_CHECKING:  # the key itself, without a query
        request_id = _Key()
    request = ForeignKeyField(SubjectAccessRequest, backref="passage_decisions",
                              on_delete="CASCADE")
    passage = TextField()
    text_sha256 = TextField()
    decision = TextField(constraints=[Check("decision IN ('keep', 'redact')")])
    reason = TextField(default="")
    decided_by = TextField()
    decided_at = TextField()

    class Meta:
        indexes = ((("request", "passage"), True),)


ALL_MODELS = ALL_MODELS + (ReleasedText, SarPassageDecision)


# --- our policy: each school's own rules, versioned (schema version 14) ----------------------


class PolicyVersion(BaseModel):
    """One version of the school's own policy: its rules as JSON data (never code), a draft
    until the Headteacher records the governing body's adoption; in force from its start."""

    number = IntegerField(unique=True)
    status = TextField(default="draft", constraints=[_in("status", ("draft", "adopted"))])
    body = TextField()  # JSON, checked against flexidesk.policy.ourpolicy.rules on every write
    adopted_on = DateField(null=True)  # the governing body's meeting
    in_force_from = DateField(null=True, index=True)
    next_review = DateField(null=True)
    created_at = DateTimeField(default=_now)
    created_by = IntegerField(null=True)  # a staff account's id
    adopted_by = IntegerField(null=True)
    if TYPE_CHECKING:  # added by ``_add`` (schema 18)
        trust_version_id = IntegerField(null=True)

    class Meta:
        constraints = [SQL("CHECK (status = 'draft' OR (adopted_on IS NOT NULL "
                           "AND in_force_from IS NOT NULL))")]


ALL_MODELS = ALL_MODELS + (PolicyVersion,)
# The version of our policy each record was made under (None: the built-in default policy).
for _model in (FlexiRequest, FlexiDecision, FlexiAgreement, Placement):
    _add(_model, "policy_version_id", IntegerField(null=True))


# --- a trust's own policy, for each school to adopt (schema version 16) ----------------------


class TrustPolicyVersion(BaseModel):
    """A version of our policy the trust published for all its schools (on a trust's server;
    a laptop's file has none). A school adopts it as a version of its own, which records
    where it came from; the trust's version itself is never changed once published."""

    number = IntegerField(unique=True)
    body = TextField()  # JSON, checked against flexidesk.policy.ourpolicy.rules
    published_on = DateField()
    published_at = DateTimeField(default=_now)
    published_by = TextField(default="")  # the trust's team member's name, as shown


ALL_MODELS = ALL_MODELS + (TrustPolicyVersion,)
# The trust's version a school's version was adopted from (None: the school's own).
_add(PolicyVersion, "trust_version_id", IntegerField(null=True))
# --- the trust's shared tables kept intact (schema version 17) ------------------------------
# A site taken off a provider stays, retired, while an ended placement names it (its history).
_add(ProviderSite, "active", BooleanField(default=True))
# schema version 18: the family's agreement to a placement is recorded as given in writing
# (our policy may ask for it before a placement starts).
_add(Placement, "family_agreed_in_writing", BooleanField(default=False))
