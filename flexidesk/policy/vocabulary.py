"""The policy's fixed vocabulary: stages, the eight considerations, sessions, checklists, catalogue.

Codes are what the database stores; labels are marked with N_() and translated where shown.
"""

from __future__ import annotations

from flexidesk.i18n import N_, _
from flexidesk.store.models import SESSIONS

# --- flexi-schooling --------------------------------------------------------------------

STAGE_LABELS: dict[str, str] = {
    "received": N_("Request received"),
    "meeting_arranged": N_("Meeting arranged"),
    "meeting_held": N_("Meeting held"),
    "considered": N_("Considerations recorded"),
    "decided": N_("Decision made"),
    "letter_issued": N_("Decision letter sent"),
    "agreement_drafted": N_("Agreement drafted"),
    "active": N_("Arrangement running"),
    "ended": N_("Ended"),
    "withdrawn": N_("Withdrawn"),
}

#: The eight considerations the Headteacher weighs, in the policy's order.
FACTORS: dict[str, str] = {
    "provision": N_("What the school or its partner organisations can provide"),
    "continuity": N_("Continuity of teaching and learning between home and school"),
    "organisation": N_("School organisation and funding"),
    "resources": N_("School resources and staffing"),
    "discipline": N_("Discipline, morale and motivation of other children"),
    "peers": N_("Peer relationships and support"),
    "safeguarding": N_("Safeguarding"),
    "outcomes": N_("Educational outcomes for all"),
}

RATING_LABELS: dict[str, str] = {
    "supports": N_("Supports the request"),
    "neutral": N_("Neutral"),
    "concern": N_("A concern"),
    "serious_concern": N_("A serious concern"),
}

OUTCOME_LABELS = {"agreed": N_("Agreed"), "declined": N_("Declined")}

REVIEW_OUTCOME_LABELS = {
    "continue": N_("Continue as agreed"),
    "change": N_("Change the pattern"),
    "end": N_("End the arrangement"),
}

END_REASON_LABELS = {
    "review": N_("Ended at a review"),
    "notice_school": N_("Notice given by the school"),
    "notice_family": N_("Notice given by the family"),
    "withdrawn": N_("Withdrawn by the family"),
}

DAY_LABELS = {"mon": N_("Monday"), "tue": N_("Tuesday"), "wed": N_("Wednesday"),
              "thu": N_("Thursday"), "fri": N_("Friday")}
PART_LABELS = {"am": N_("morning"), "pm": N_("afternoon")}


def parse_sessions(text: str | None) -> list[str]:
    """Session codes from their stored comma-separated form, in week order; unknown codes dropped."""
    wanted = {s.strip() for s in (text or "").split(",") if s.strip()}
    return [s for s in SESSIONS if s in wanted]


def format_sessions(codes) -> str:
    """The stored form of a set of session codes (week order)."""
    wanted = set(codes)
    unknown = wanted - set(SESSIONS)
    if unknown:
        raise ValueError(f"unknown sessions: {', '.join(sorted(unknown))}")
    return ",".join(s for s in SESSIONS if s in wanted)


def describe_sessions(codes) -> str:
    """Sessions in words, e.g. 'Monday afternoon, Friday morning and afternoon'."""
    by_day: dict[str, list[str]] = {}
    for code in parse_sessions(",".join(codes) if not isinstance(codes, str) else codes):
        day, part = code.split("_")
        by_day.setdefault(day, []).append(part)
    parts = []
    for day, halves in by_day.items():
        if len(halves) == 2:
            parts.append(_("{day} (all day)").format(day=_(DAY_LABELS[day])))
        else:
            parts.append(f"{_(DAY_LABELS[day])} {_(PART_LABELS[halves[0]])}")
    return ", ".join(parts) if parts else _("none")


# --- alternative provision --------------------------------------------------------------

#: The due-diligence checklist the school holds on each provider (local-authority style).
CHECKLIST: dict[str, str] = {
    "la_approved_list": N_("On the local authority's approved list"),
    "ofsted_report": N_("Latest Ofsted report (where one applies)"),
    "independent_registration": N_("Registered as an independent school (where required)"),
    "staff_vetting": N_("Single central record: staff vetting and qualifications"),
    "safeguarding_confirmation": N_("Written confirmation of safeguarding checks"),
    "insurance": N_("Insurance certificates"),
    "risk_assessments": N_("Risk assessments"),
    "attendance": N_("Attendance policy and registers"),
    "health_safety": N_("Health and safety and off-site visits policies"),
    "behaviour": N_("Behaviour and anti-bullying policies"),
    "child_protection": N_("Child protection policy and allegations procedure"),
    "data_protection": N_("Data protection policy"),
}

#: The default re-check interval (months) of items held without an expiry date: even a
#: policy that never expires needs a fresh look once a year.
DEFAULT_RECHECK_MONTHS: dict[str, int] = {
    "staff_vetting": 12, "safeguarding_confirmation": 12, "risk_assessments": 12,
    "child_protection": 12,
}

#: The kinds of provider the register suggests (staff may type another).
PROVIDER_KINDS = (
    N_("Registered independent school"), N_("FE college"), N_("Unregistered provider"),
    N_("Tutor"), N_("Therapy service"), N_("Farm or outdoor learning"), N_("Sport or arts"),
    N_("Local-authority service"),
)

OFSTED_JUDGEMENTS = (
    N_("Outstanding"), N_("Good"), N_("Requires improvement"), N_("Inadequate"),
    N_("Not inspected"),
)

DD_STATUS_LABELS = {
    "missing": N_("Missing"),
    "requested": N_("Requested"),
    "held": N_("Held"),
    "expired": N_("Expired"),
    "not_applicable": N_("Not applicable"),
}

ATTENDANCE_CODE_LABELS = {
    "B": N_("B: approved off-site educational activity"),
    "D": N_("D: dual registered"),
    "K": N_("K: arranged by the local authority"),
    "C": N_("C: authorised leave (flexi-schooling home sessions)"),
}

#: The census's alternative-provision setting types, for a provider with no URN or UKPRN.
AP_SETTING_TYPE_LABELS = {
    "NFE": N_("NFE: non-maintained further education"),
    "OOT": N_("OOT: one-to-one tuition"),
    "WBP": N_("WBP: work-based placement"),
    "OTH": N_("OTH: other unregistered provider"),
}

#: The primary reason a placement is commissioned, as the census asks it: why the placement
#: was arranged, not what the child needs. The office enters the MIS's own code for it.
CENSUS_REASONS = {
    "behaviour": N_("To improve behaviour off site"),
    "suspension": N_("During a suspension"),
    "exclusion": N_("After a permanent exclusion"),
    "health": N_("Physical or mental health needs"),
    "awaiting_place": N_("Awaiting a school place"),
    "other": N_("Another reason"),
}

#: When each placement's attendance code applies.
ATTENDANCE_CODE_WHEN = {
    "B": N_("The child is on the school's roll only, and the provider's session is supervised "
            "by someone the school has approved."),
    "D": N_("The child is also registered at the provider (a registered school or pupil "
            "referral unit), which marks its own register for its sessions."),
    "K": N_("The local authority arranged the provision, and the provider tells the school "
            "of attendance for the local authority."),
}

# --- pastoral provision map -------------------------------------------------------------

#: The policy's interventions, seeded as the school's editable catalogue: (name, kind, minutes/week).
DEFAULT_CATALOGUE: tuple[tuple[str, str, int], ...] = (
    (N_("One-to-one sessions with the Pastoral Lead"), "individual", 30),
    (N_("Lego Therapy"), "group", 45),
    (N_("'Good to be Me' group"), "group", 45),
    (N_("P4C (Philosophy for Children)"), "group", 60),
    (N_("Buddies support"), "group", 30),
    (N_("Play Doh Club"), "group", 30),
    (N_("M21 Club"), "group", 45),
    (N_("Nurture Group"), "group", 120),
    (N_("Counselling"), "individual", 50),
    (N_("Games Club"), "group", 45),
    (N_("Forest School"), "group", 90),
)

SCORE_LABELS = {
    -2: N_("-2: much worse"),
    -1: N_("-1: a little worse"),
    0: N_("0: no change"),
    1: N_("+1: some benefit"),
    2: N_("+2: clear benefit"),
}

YEAR_LABELS = {0: N_("Reception"), 1: N_("Year 1"), 2: N_("Year 2"), 3: N_("Year 3"),
               4: N_("Year 4"), 5: N_("Year 5"), 6: N_("Year 6")}

#: How the family was told of a review's outcome.
TOLD_HOW_LABELS = {"phone": N_("By phone"), "email": N_("By email"),
                   "meeting": N_("At a meeting"), "letter": N_("By letter"),
                   "text": N_("By text message"), "other": N_("Another way")}
