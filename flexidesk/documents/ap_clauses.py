"""The clauses of the AP placement agreement, each built from what the record holds.

Safeguarding says only what the checks held bear out; anything missing is named as missing
("Not recorded: ... to be agreed before anyone signs"), never filled in.
"""

from __future__ import annotations

import datetime as dt

from flexidesk.documents import wording
from flexidesk.documents.params import relationship_words
from flexidesk.i18n import format_date
from flexidesk.i18n.welsh import gettext as _
from flexidesk.i18n.welsh import ngettext
from flexidesk.policy.vocabulary import ATTENDANCE_CODE_WHEN

Clause = tuple[str, list[str], list[str], list[str]]  # heading, paragraphs, points, after


def missing(what: str) -> str:
    """The words for a fact the record lacks: said, so that it is settled before signing."""
    return _("<i>Not recorded:</i> {what}. To be agreed before anyone signs.").format(
        what=what)


def _person(name: str, phone: str, what: str) -> str:
    if not name:
        return missing(what)
    return f"{wording.text(name)}, {wording.text(phone)}" if phone else wording.text(name)


def contacts(p: dict) -> list[tuple[str, str]]:
    """Who to call: the school's safeguarding lead, the provider's key worker and contact,
    and the child's emergency contacts."""
    school, provider = p["school"], p["provider"]
    emergency = [_("{name} ({relationship}), {phone}").format(
        name=wording.text(c["name"]),
        relationship=wording.text(relationship_words(c["relationship"])),
        phone=wording.text(c["phone"])) for c in p.get("emergency", [])]
    rows = [
        (_("School's designated safeguarding lead"),
         _person(school.get("dsl_name", ""), school.get("dsl_phone", ""),
                 _("the school's designated safeguarding lead"))),
        (_("Provider's key worker"),
         _person(provider.get("key_worker", ""), provider.get("key_worker_phone", ""),
                 _("the provider's key worker for the child"))),
    ]
    if provider.get("contact") or provider.get("phone"):
        rows.append((_("Provider's office"), _person(provider.get("contact") or "",
                                                     provider.get("phone", ""), "")
                     if provider.get("contact") else wording.text(provider["phone"])))
    rows.append((_("Emergency contacts"), "<br/>".join(emergency) or missing(
        _("an emergency contact with a telephone number"))))
    return rows


def _safeguarding(p: dict) -> Clause:
    held = set(p["checks"]["held"])
    dsl = wording.text(p["school"].get("dsl_name")) or _("the school's designated "
                                                         "safeguarding lead")
    lines = []
    if "child_protection" in held:
        lines.append(_("The school has seen the provider's child protection policy and "
                       "allegations procedure, and the provider keeps the child safe under "
                       "it."))
    else:
        lines.append(_("The school has not yet seen the provider's child protection policy "
                       "and allegations procedure."))
    vetted, confirmed = "staff_vetting" in held, "safeguarding_confirmation" in held
    if vetted and confirmed:
        lines.append(_("The school has seen the provider's record of the checks on its staff, "
                       "and the provider has confirmed in writing that everyone who works "
                       "with the child has been checked."))
    elif vetted:
        lines.append(_("The school has seen the provider's record of the checks on its staff, "
                       "but the provider has not yet confirmed its safeguarding checks in "
                       "writing."))
    elif confirmed:
        lines.append(_("The provider has confirmed its safeguarding checks in writing, but "
                       "the school has not yet seen its record of the checks on its staff."))
    else:
        lines.append(_("The school does not yet hold evidence that the adults who work with "
                       "the child have been checked."))
    lines.append(_("Any concern about the child is reported the same day to {dsl}, and any "
                   "allegation against a member of the provider's staff at once.").format(
        dsl=dsl))
    outstanding = []
    for check in p["checks"]["outstanding"]:
        label = wording.text(_(check["label"]))
        if check["problem"] == "expired" and check.get("due"):
            outstanding.append(_("{item}: expired on {date}").format(
                item=label, date=format_date(dt.date.fromisoformat(check["due"]))))
        elif check["problem"] == "expired":
            outstanding.append(_("{item}: expired").format(item=label))
        else:
            outstanding.append(_("{item}: not held").format(item=label))
    if outstanding:
        lines.append(ngettext("One check at the provider is outstanding:",
                              "{n} checks at the provider are outstanding:",
                              len(outstanding)).format(n=len(outstanding)))
    after = []
    if p.get("override"):
        after.append(_("The Headteacher placed the child before these checks were "
                             "complete, for this reason: {reason}").format(
            reason=wording.text(p["override"])))
    if p.get("continue_reason"):
        after.append(_("The Headteacher's reason for the placement continuing although "
                             "a check has lapsed: {reason}").format(
            reason=wording.text(p["continue_reason"])))
    return _("Safeguarding"), lines, outstanding, after


def _sharing(p: dict) -> Clause:
    pl, held = p["placement"], set(p["checks"]["held"])
    lines = [_("The school shares with the provider only what it needs to keep the child safe "
               "and to teach them, and the provider keeps it securely and shares it with no "
               "one else without the school's agreement.")]
    if "data_protection" not in held:
        lines.append(_("The school does not yet hold the provider's data protection policy."))
    if pl.get("risk_assessed_on"):
        lines.append(_("The child's own risk assessment for this placement was completed on "
                       "{date}; it is looked at again at each review.").format(
            date=wording.long_date(pl["risk_assessed_on"])))
    else:
        lines.append(missing(_("the child's own risk assessment, done before the first "
                               "session")))
    if "risk_assessments" not in held:
        lines.append(_("The school does not yet hold the provider's own risk assessments."))
    return _("Information sharing and risk assessment"), lines, [], []


def clauses(p: dict) -> list[Clause]:
    """Every clause, in order."""
    pl = p["placement"]
    sender = wording.text(pl.get("attendance_sender")) or _("The provider")
    english = wording.text(pl.get("english_maths")) or missing(
        _("how the child keeps up English and maths"))
    review = wording.long_date(pl.get("next_review")) or _("a date to be agreed")
    notice = pl.get("notice_weeks")
    if notice is None:
        ending = missing(_("the notice either side gives to end the placement"))
    elif notice == 0:
        ending = _("The school or the provider may end the placement at any time by telling "
                   "the other in writing.")
    else:
        ending = ngettext(
            "The school or the provider may end the placement by giving {n} week's notice in "
            "writing.", "The school or the provider may end the placement by giving {n} "
            "weeks' notice in writing.", notice).format(n=notice)
    end = wording.long_date(pl.get("planned_end_date"))
    return [
        _safeguarding(p),
        _sharing(p),
        (_("Attendance and absence"), [
            _("{who} sends the child's attendance to the school every day the child is due.")
            .format(who=sender),
            _("If the child has not arrived, the provider telephones the school the same "
              "morning, so that the school can follow it up at once."),
            _(ATTENDANCE_CODE_WHEN[pl["attendance_code"]])], [], []),
        (_("Behaviour and exclusion"), [
            _("The provider cannot exclude the child. If it has serious concerns about the "
              "child's behaviour, it tells the school the same day, and only the Headteacher "
              "decides what happens next, under the school's own behaviour policy.")], [], []),
        (_("English, maths and progress"), [
            english,
            _("Before each review the provider reports in writing how the child is getting "
              "on against each objective, and the school tells the family how it is "
              "going.")], [], []),
        (_("Reviews"), [
            _("The school and the provider review the placement at least every half term, "
              "and the school tells the family how it is going. The next review is due on "
              "{date}.").format(date=review)], [], []),
        (_("How the placement ends"), [
            (_("The placement ends on {date}, or sooner if its objectives are met.").format(
                date=end) if end else missing(_("the planned end date"))),
            ending,
            _("The school may end the placement at once if the child's safety requires it. "
              "When it ends, the school looks at each objective with the family and the "
              "child returns to school full time.")], [], []),
    ]
