"""How the subject access pack words what is stored: a label for every field, codes and dates in
words, money as money, and each audit action as a sentence, never a raw name such as
"cost_pence" or "flexi.consider.factor". Every label is translated where it is shown, so the
Welsh pack reads in Welsh."""

from __future__ import annotations

import datetime as dt
import json

from flexidesk.i18n import N_, _, format_date, format_datetime, format_money, format_time

#: How each stored field reads on paper. A field not listed here is not printed at all
#: (``test_every_field_has_a_label`` keeps the list whole).
FIELD_LABELS: dict[str, str] = {
    "upn": N_("Unique pupil number"),
    "legal_first_name": N_("First name (legal)"),
    "legal_last_name": N_("Surname (legal)"),
    "preferred_name": N_("Preferred name"),
    "date_of_birth": N_("Date of birth"),
    "year_group": N_("Year group"),
    "class_name": N_("Class"),
    "sen_support": N_("Special educational needs support"),
    "ehc_plan": N_("Education, health and care plan"),
    "looked_after": N_("Looked after"),
    "pupil_premium": N_("Pupil premium"),
    "eal": N_("English as an additional language"),
    "gender": N_("Gender"),
    "on_roll_date": N_("On roll from"),
    "left_date": N_("Left on"),
    "created_at": N_("Record made"),
    "title": N_("Title"),
    "first_name": N_("First name"),
    "last_name": N_("Surname"),
    "phone": N_("Telephone"),
    "email": N_("Email"),
    "address": N_("Address"),
    "postcode": N_("Postcode"),
    "mis_ref": N_("Reference in the school's records system"),
    "relationship": N_("Relationship to the child"),
    "parental_responsibility": N_("Parental responsibility"),
    "lives_with": N_("Lives with the child"),
    "receives_letters": N_("Receives letters"),
    "priority": N_("Order of contact"),
    "intervention": N_("Intervention"),
    "start_date": N_("Started"),
    "end_date": N_("Ended"),
    "target": N_("Target"),
    "entry_data": N_("Starting point"),
    "exit_data": N_("End point"),
    "staff": N_("Staff"),
    "confidential": N_("Confidential"),
    "planned_end_date": N_("Planned end"),
    "next_review_date": N_("Next review"),
    "review_date": N_("Reviewed on"),
    "score": N_("Outcome (-2 to +2)"),
    "notes": N_("Notes"),
    "reviewed_by": N_("Reviewed by"),
    "family_told_on": N_("Family told on"),
    "family_told_how": N_("How the family was told"),
    "contact_at": N_("When"),
    "method": N_("How"),
    "summary": N_("Summary"),
    "provider": N_("Provider"),
    "site": N_("Site"),
    "status": N_("Status"),
    "objectives": N_("Objectives"),
    "return_plan": N_("Plan to return"),
    "sessions": N_("Sessions"),
    "attendance_code": N_("Attendance code"),
    "attendance_reporting": N_("How attendance is reported"),
    "cost_pence": N_("Cost"),
    "funding_stream": N_("Funding"),
    "la_notified_on": N_("Local authority told"),
    "override_justification": N_("Why placed before all checks were held"),
    "checks_due_on": N_("Provider's missing checks due by"),
    "primary_reason": N_("Main reason for the placement"),
    "late_entry_reason": N_("Why the decision was recorded late"),
    "needs_met_in_letter": N_("The letter says needs can be met in school"),
    "max_weeks": N_("Longest it may run (weeks)"),
    "family_agreed_on": N_("Family agreed on"),
    "family_agreed_in_writing": N_("Family agreed in writing"),
    "attendance_sender": N_("Who reports attendance"),
    # What a placement agreement names (the letters branch's agreement details).
    "key_worker": N_("Provider's key worker"),
    "key_worker_phone": N_("Key worker's telephone"),
    "transport": N_("Transport"),
    "medical_needs": N_("Medical needs"),
    "english_maths": N_("English and maths"),
    "risk_assessed_on": N_("Risk assessment done on"),
    "outcomes": N_("Outcome against each objective"),
    "next_destination": N_("Where the child went next"),
    "continue_reason": N_("Why it continued after a check lapsed"),
    "continue_on": N_("Continued from"),
    "attendance_percent": N_("Attendance %"),
    "family_feedback_on": N_("Family told on"),
    "family_feedback": N_("What the family was told"),
    "received_on": N_("Received"),
    "requested_sessions": N_("Sessions asked for at home"),
    "reasons": N_("Reasons"),
    "stage": N_("Stage"),
    "needs_met_in_school": N_("Needs can be met in school"),
    "needs_met_notes": N_("Notes on meeting needs"),
    "agree_justification": N_("Why agreed"),
    "withdrawn_on": N_("Withdrawn"),
    "ended_on": N_("Ended"),
    "end_reason": N_("Why it ended"),
    "notice_weeks": N_("Notice (weeks)"),
    "notice_given_on": N_("Notice given on"),
    "short_notice_reason": N_("Why the notice was shorter"),
    "meeting_date": N_("Meeting date"),
    "meeting_time": N_("Time"),
    "place": N_("Place"),
    "held": N_("Held"),
    "attendees": N_("Present"),
    "head_present": N_("Headteacher present"),
    "head_absent_reason": N_("Why the Headteacher was not present"),
    "factor": N_("Consideration"),
    "rating": N_("Weighing"),
    "note": N_("Note"),
    "in_letter": N_("Told to the family in the letter"),
    "outcome": N_("Outcome"),
    "decided_on": N_("Decided"),
    "due_on": N_("Due"),
    "decided_by": N_("Decided by"),
    "home_sessions": N_("Sessions at home"),
    "review_interval_weeks": N_("Review every (weeks)"),
    "first_review_date": N_("First review"),
    "home_educator": N_("Home educator"),
    "special_terms": N_("Special terms"),
    "drafted_on": N_("Drafted"),
    "active_from": N_("Running from"),
    "name": N_("Name"),
    "capacity": N_("Signs as"),
    "signed_on": N_("Signed"),
    "new_sessions": N_("New sessions"),
    "document_date": N_("Dated"),
    "issued_at": N_("Issued"),
    "issued_by": N_("Issued by"),
    "sha256": N_("Fingerprint (SHA-256)"),
    "requester": N_("Asked by"),
    "completed_on": N_("Answered on"),
}

#: Stored but not the family's information: record keys and the technical version counter.
SKIP = frozenset({"id", "pupil", "adult", "enrolment", "placement", "request", "agreement",
                  "kind", "version"})
#: Nested lists each section prints under its own subheadings.
NESTED = frozenset({"reviews", "meetings", "factors", "decisions", "agreements", "parties",
                    "alternatives", "adults"})

METHOD_LABELS = {"phone": N_("Phone call"), "email": N_("Email"), "meeting": N_("Meeting"),
                 "letter": N_("Letter"), "text": N_("Text message"), "other": N_("Other")}
GENDER_LABELS = {"F": N_("Female"), "M": N_("Male")}
#: The relationships MIS exports most often write (others print as written).
RELATIONSHIP_LABELS = {"parent": N_("Parent"), "mother": N_("Mother"), "father": N_("Father"),
                       "carer": N_("Carer"), "guardian": N_("Guardian"),
                       "foster carer": N_("Foster carer"), "other": N_("Other")}
STATUS_LABELS = {"planned": N_("Planned"), "active": N_("Running"), "ended": N_("Ended"),
                 "cancelled": N_("Cancelled")}
WITHHELD_LABELS = {
    "other_person": N_("[Withheld: information about another person]"),
    "serious_harm": N_("[Withheld: disclosing it would be likely to cause serious harm]"),
    "legal": N_("[Withheld: legal advice, or about legal proceedings]"),
}


def _code_labels() -> dict[str, dict]:
    from flexidesk.documents.wording import CAPACITY_LABELS
    from flexidesk.policy import vocabulary as v

    return {"stage": v.STAGE_LABELS, "factor": v.FACTORS, "rating": v.RATING_LABELS,
            "outcome": {**v.OUTCOME_LABELS, **v.REVIEW_OUTCOME_LABELS},
            "end_reason": v.END_REASON_LABELS, "year_group": v.YEAR_LABELS,
            "score": v.SCORE_LABELS, "status": STATUS_LABELS, "method": METHOD_LABELS,
            "family_told_how": METHOD_LABELS, "gender": GENDER_LABELS,
            "attendance_code": v.ATTENDANCE_CODE_LABELS, "capacity": CAPACITY_LABELS}


def label(field: str) -> str:
    """A field's name on paper."""
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field.replace("_", " ").capitalize()


def _outcomes(value: str) -> str:
    try:
        items = json.loads(value)
    except ValueError:
        return value
    if not isinstance(items, list):
        return value
    lines = []
    for item in items:
        if isinstance(item, dict):
            lines.append(": ".join(str(v) for v in item.values() if v not in (None, "")))
        else:
            lines.append(str(item))
    return "\n".join(lines) or "\u2014"


def value_text(value, field: str = "") -> str:
    """A stored value as a reader expects it: codes and dates in words, yes/no, money as money,
    blanks as a dash, a redacted passage as why it was withheld."""
    if isinstance(value, dict) and "withheld" in value:
        return _(WITHHELD_LABELS.get(value["withheld"], WITHHELD_LABELS["other_person"]))
    if value is None or value == "":
        return "\u2014"
    labels = _code_labels().get(field)
    if labels and value in labels:
        return _(labels[value])
    if field == "intervention" and isinstance(value, str):
        return _(value)  # the catalogue's own names have their Welsh ("Grŵp Meithrin")
    if field == "cost_pence" and isinstance(value, int):
        return format_money(value)
    if field == "relationship" and isinstance(value, str):
        known = RELATIONSHIP_LABELS.get(value.strip().casefold())
        return _(known) if known else value[:1].upper() + value[1:]
    if field == "outcomes" and isinstance(value, str):
        return _outcomes(value)
    if field in ("sessions", "requested_sessions", "home_sessions", "new_sessions"):
        from flexidesk.policy.vocabulary import describe_sessions

        return describe_sessions(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value) or "\u2014"
    if isinstance(value, str) and len(value) in (5, 8) and value[2:3] == ":":
        try:
            return format_time(dt.time.fromisoformat(value))
        except ValueError:
            pass
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            if len(value) == 10:
                return format_date(dt.date.fromisoformat(value))
            moment = dt.datetime.fromisoformat(value.replace(" ", "T"))
            return format_datetime(moment, "d MMM y, HH:mm")
        except ValueError:
            pass
    return str(value)


#: Each audit action in words (what the family reads in "who has looked at the records").
ACTION_LABELS: dict[str, str] = {
    "view.pupil": N_("Opened the child's page"),
    "view.pupil_details": N_("Opened the child's details"),
    "view.pupil_adults": N_("Opened the family's details"),
    "view.adults": N_("Opened the family's details"),
    "view.adult_list": N_("Opened the family's details"),
    "view.flexi_request": N_("Opened the flexi-schooling request"),
    "view.provider": N_("Opened a provider's page, which lists the child"),
    "view.ap_register": N_("Opened the alternative provision register"),
    "view.subject_access": N_("Gathered the records for a subject access request"),
    "view.governor_text": N_("Checked a reason before it went in the governors' report"),
    "view.calendar": N_("Exported the school calendar"),
    "document.print": N_("Printed a document"),
    "document.issue": N_("Issued a document"),
    "pupil.add": N_("Added the child's record"),
    "pupil.edit": N_("Changed the child's details"),
    "pupil.left": N_("Recorded that the child left the school"),
    "pupil.import": N_("Brought the child's details in from the school's records system"),
    "pupil.adult.link": N_("Linked a family member to the child"),
    "pupil.adult.unlink": N_("Unlinked a family member from the child"),
    "pupil.adult.import": N_("Brought the family's details in from the school's records system"),
    "adult.add": N_("Added a family member"),
    "adult.edit": N_("Changed a family member's details"),
    "adult.import": N_("Brought a family member's details in from the school's records system"),
    "enrolment.create": N_("Started support in school"),
    "enrolment.end": N_("Ended support in school"),
    "enrolment.next_review": N_("Set the next review of support in school"),
    "review.create": N_("Recorded a review of support in school"),
    "review.family_told": N_("Recorded how the family was told of a review"),
    "contact.create": N_("Recorded a contact with the family"),
    "placement.create": N_("Arranged an alternative provision placement"),
    "placement.override": N_("Placed the child before all the provider's checks were held"),
    "placement.continue": N_("Continued a placement after a check lapsed"),
    "placement.end": N_("Ended an alternative provision placement"),
    "placement.next_review": N_("Set the next review of a placement"),
    "placement.agreement_details": N_("Recorded what a placement agreement names"),
    "placement_funding.create": N_("Recorded how a placement is funded"),
    "placement_site.create": N_("Recorded where a placement takes place"),
    "placement_review.create": N_("Recorded a review of a placement"),
    "placement_review.family_feedback": N_("Recorded what the family was told after a review"),
    "flexi.receive": N_("Recorded a flexi-schooling request"),
    "flexi.receive.adult": N_("Recorded who made the flexi-schooling request"),
    "flexi.meeting.arrange": N_("Arranged the meeting about flexi-schooling"),
    "flexi.meeting.rearrange": N_("Moved the meeting about flexi-schooling"),
    "flexi.meeting.held": N_("Recorded the meeting about flexi-schooling"),
    "flexi.consider.factor": N_("Weighed one of the considerations"),
    "flexi.consider.alternative": N_("Noted other provision that could meet the child's needs"),
    "flexi.considerations": N_("Recorded whether needs can be met in school"),
    "flexi.decide": N_("Decided the flexi-schooling request"),
    "flexi.la_notified": N_("Recorded that the local authority was told"),
    "flexi.agreement.draft": N_("Drafted the flexi-schooling agreement"),
    "flexi.agreement.redraft": N_("Redrafted the flexi-schooling agreement"),
    "flexi.agreement.sessions": N_("Changed the sessions in the flexi-schooling agreement"),
    "flexi.agreement.party": N_("Added a party to the flexi-schooling agreement"),
    "flexi.agreement.sign": N_("Recorded a signature on the flexi-schooling agreement"),
    "flexi.agreement.active": N_("Started the flexi-schooling arrangement"),
    "flexi.review": N_("Reviewed the flexi-schooling arrangement"),
    "forest.session": N_("Recorded a Forest School session"),
    "sar.request": N_("Recorded a subject access request"),
    "sar.complete": N_("Marked a subject access request answered"),
    "sar.decide": N_("Decided whether a passage is disclosed in a subject access reply"),
    "export.subject_access": N_("Exported the records for a subject access request"),
    "report.release": N_("Released a reason for the governors' report"),
    "calendar.export": N_("Exported the school calendar"),
}
_VERBS = {"view": N_("Opened the records"), "create": N_("Added to the records"),
          "add": N_("Added to the records"), "edit": N_("Changed the records"),
          "update": N_("Changed the records"), "delete": N_("Removed from the records"),
          "remove": N_("Removed from the records"), "print": N_("Printed a document"),
          "issue": N_("Issued a document"), "export": N_("Exported the records")}


def action_text(action: str) -> str:
    """An audit action as a sentence ('flexi.consider.factor' -> 'Weighed one of the
    considerations'); an action not listed reads by its verb, never by its code."""
    if action in ACTION_LABELS:
        return _(ACTION_LABELS[action])
    for part in (action.split(".")[0], action.rsplit(".", 1)[-1]):
        if part in _VERBS:
            return _(_VERBS[part])
    return _("Worked on the records")
