"""Alternative provision on paper: the placement agreement, the family's review letter, the AP register.

Same letterhead, stylesheet and page templates as the flexi letters. Every read goes through
the policy layer with the actor, so printing a child's placement is a recorded view.
"""

from __future__ import annotations

import base64
import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from flexidesk.documents.flexi_letters import (
    _bullets,
    _closing,
    _details_table,
    addressees,
    letter_adults,
    school_params,
)
from flexidesk.documents.styles import RULE, TINT, stylesheet
from flexidesk.documents.templates import BODY_WIDTH, Letterhead, PageSetup, build_pdf
from flexidesk.documents.wording import text
from flexidesk.i18n import _, format_date, format_long_date, format_money
from flexidesk.policy.providers import ProviderPlacementLine, ap_register, placement_line
from flexidesk.policy.records.access import Actor, PolicyError, require
from flexidesk.policy.vocabulary import (
    ATTENDANCE_CODE_LABELS,
    ATTENDANCE_CODE_WHEN,
    DAY_LABELS,
    SCORE_LABELS,
)
from flexidesk.store.models import PlacementReview


def _letterhead(school: dict) -> Letterhead:
    return Letterhead(name=school["name"], address_lines=school["address_lines"],
                      phone=school["phone"], email=school["email"], website=school["website"],
                      logo=base64.b64decode(school["logo"]) if school.get("logo") else None)


def _placement(actor: Actor, placement_id: int, today: dt.date
               ) -> tuple[str, ProviderPlacementLine]:
    """The provider's name and the placement, read for ``actor`` (who may print documents)."""
    require(actor, "document.print")
    return placement_line(actor, placement_id, today)


def schedule_table(sessions: str, sheet) -> Table:
    """Monday to Friday by morning and afternoon, each cell 'Provider' or 'School'."""
    chosen = set(sessions.split(","))
    days = ("mon", "tue", "wed", "thu", "fri")
    rows = [[Paragraph("", sheet["CellHead"])]
            + [Paragraph(_(DAY_LABELS[d]), sheet["CellHeadCentre"]) for d in days]]
    styles = [("GRID", (0, 0), (-1, -1), 0.6, RULE), ("BACKGROUND", (0, 0), (-1, 0), TINT),
              ("BACKGROUND", (0, 0), (0, -1), TINT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for r, (part, label) in enumerate((("am", _("Morning")), ("pm", _("Afternoon"))), start=1):
        row = [Paragraph(label, sheet["CellHead"])]
        for c, day in enumerate(days, start=1):
            at_provider = f"{day}_{part}" in chosen
            row.append(Paragraph(_("<b>Provider</b>") if at_provider else _("School"),
                                 sheet["CellCentre"]))
            if at_provider:
                styles.append(("BACKGROUND", (c, r), (c, r), TINT))
        rows.append(row)
    first = 26 * mm
    return Table(rows, colWidths=[first] + [(BODY_WIDTH - first) / 5] * 5,
                 style=TableStyle(styles), hAlign="LEFT")


def _signatures(parties: list[str], sheet) -> list[Flowable]:
    out = []
    for party in parties:
        table = Table([[Paragraph(_("For"), sheet["CellHead"]), Paragraph(text(party),
                                                                          sheet["Cell"])],
                       [Paragraph(_("Signed"), sheet["CellHead"]), Paragraph("_" * 40,
                                                                             sheet["Cell"])],
                       [Paragraph(_("Date"), sheet["CellHead"]), Paragraph("_" * 20,
                                                                           sheet["Cell"])]],
                      colWidths=[24 * mm, BODY_WIDTH - 24 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, RULE),
                                   ("TOPPADDING", (0, 1), (-1, 1), 14)]))
        out += [KeepTogether([table]), Spacer(1, 3 * mm)]
    return out


def placement_agreement(actor: Actor, placement_id: int, today: dt.date) -> bytes:
    """The agreement between the school and the provider for one child's placement."""
    provider, p = _placement(actor, placement_id, today)
    school = school_params()
    sheet = stylesheet()
    body = sheet["BodyText"]
    setup = PageSetup(letterhead=_letterhead(school), title=_("Placement agreement"),
                      header_text=_("Placement agreement for {child}").format(child=p.pupil))
    review_dates = [format_long_date(p.next_review)] if p.next_review else []
    funding = "<br/>".join(f"{text(s)}: {format_money(pence)}" for s, pence in p.funding)
    story: list[Flowable] = [
        Paragraph(_("Alternative provision placement agreement"), sheet["Title"]),
        Paragraph(_("This agreement is between {school} and {provider}. The child stays on "
                    "the school's roll throughout, and the school keeps oversight of the "
                    "placement.").format(school=text(school["name"]),
                                         provider=text(provider)), body),
        _details_table([
            (_("Child"), text(p.pupil)),
            (_("Provider"), text(provider)),
            (_("Sites"), text("\n".join(p.sites)) or _("none recorded")),
            (_("Dates"), _("From {start} to {end}").format(
                start=format_long_date(p.start_date),
                end=format_long_date(p.planned_end_date) or _("a date to be agreed"))),
            (_("Hours"), text(p.hours)),
            (_("Attendance code"), text(_(ATTENDANCE_CODE_LABELS[p.attendance_code]))),
            (_("Cost per session"), _("{total} in total").format(
                total=format_money(p.cost_pence)) + (f"<br/>{funding}" if funding else "")),
            (_("Family agreed"), format_long_date(p.family_agreed_on) or "—"),
            (_("Local authority told"), format_long_date(p.la_notified_on) or "—"),
        ], sheet, 40 * mm),
        Spacer(1, 3 * mm),
        KeepTogether([Paragraph(_("The weekly schedule"), sheet["Heading2"]),
                      schedule_table(p.sessions, sheet)]),
        Paragraph(_("Objectives"), sheet["Heading2"]),
        *_bullets([text(o) for o in p.objectives.splitlines() if o.strip()], sheet["Bullet"]),
        Paragraph(_("Returning to full-time school"), sheet["Heading2"]),
        Paragraph(text(p.return_plan), body),
    ]
    clauses = [
        (_("Safeguarding"), [
            _("The provider keeps the child safe under its child protection policy, which the "
              "school has seen. Any concern about the child is reported the same day to the "
              "school's designated safeguarding lead."),
            _("Everyone who works with the child has been vetted; the provider has confirmed "
              "its safeguarding checks in writing and tells the school at once of any "
              "allegation against a member of its staff.")]),
        (_("Daily attendance"), [
            _("{who} sends the child's attendance to the school every day the child is due.")
            .format(who=text(p.attendance_sender) or _("The provider")),
            _("If the child has not arrived, the provider telephones the school the same "
              "morning, so that the school can follow it up at once."),
            text(_(ATTENDANCE_CODE_WHEN[p.attendance_code]))]),
        (_("Reviews"), [
            _("The school and the provider review the placement at least every half term, "
              "and the school tells the family how it is going. The next review is due on "
              "{dates}.").format(dates=", ".join(review_dates) or _("a date to be agreed"))]),
    ]
    for number, (heading, paragraphs) in enumerate(clauses, start=1):
        story.append(KeepTogether([Paragraph(f"{number}. {heading}", sheet["ClauseHeading"])]
                                  + [Paragraph(t, sheet["Clause"]) for t in paragraphs]))
    story += [CondPageBreak(70 * mm), Paragraph(_("Signatures"), sheet["Heading1"])]
    story += _signatures([school["name"], provider], sheet)
    if p.policy_line:  # the version of our policy the placement was made under
        story.append(Paragraph(text(p.policy_line), sheet["Small"]))
    return build_pdf(setup, story)


def feedback_letter_family(actor: Actor, placement_id: int, today: dt.date) -> list[str]:
    """Who the family letter after a review is written to (none recorded: an empty list, and
    the letter would go to "Parent or carer" with no address)."""
    _provider, p = _placement(actor, placement_id, today)
    return [adult.full_name for adult in letter_adults(p.pupil_id)]


def family_feedback_letter(actor: Actor, placement_id: int, today: dt.date) -> bytes:
    """The letter telling the family how the placement's latest review went."""
    provider, p = _placement(actor, placement_id, today)
    review = (PlacementReview.select().where(PlacementReview.placement == placement_id)
              .order_by(PlacementReview.review_date.desc(), PlacementReview.id.desc()).first())
    if review is None:
        raise PolicyError(_("The placement has not been reviewed yet, so there is nothing to "
                            "tell the family."))
    school = school_params()
    family = addressees(letter_adults(p.pupil_id))
    sheet = stylesheet()
    body = sheet["BodyText"]
    setup = PageSetup(letterhead=_letterhead(school), title=_("Placement review"),
                      address_lines=family["address_lines"], date_text=format_long_date(today),
                      header_text=_("Placement review for {child}").format(child=p.pupil))
    story: list[Flowable] = [
        Paragraph(_("Dear {name},").format(name=text(family["salutation"] or _("Parent or "
                                                                              "carer"))), body),
        Paragraph(_("{child}: placement with {provider}").format(
            child=text(p.pupil), provider=text(provider)), sheet["Reference"]),
        Paragraph(_("We met {provider} on {date} to review {child}'s placement, as we do at "
                    "least every half term. This letter tells you what we found.").format(
            provider=text(provider), date=format_long_date(review.review_date),
            child=text(p.pupil)), body),
        _details_table([
            (_("How it is going"), text(_(SCORE_LABELS[review.score]))),
            (_("Attendance"), f"{review.attendance_percent}%"
             if review.attendance_percent is not None else _("not recorded")),
            (_("Next review"), format_long_date(p.next_review) or "—"),
        ], sheet, 40 * mm),
        Spacer(1, 3 * mm),
        Paragraph(_("The objectives we are working towards"), sheet["Heading2"]),
        *_bullets([text(o) for o in p.objectives.splitlines() if o.strip()], sheet["Bullet"]),
    ]
    if review.family_feedback:
        # What the school typed is what it told the family: labelled as that, never as a
        # conversation the family might not recognise.
        said = (_("What we told you on {date}").format(
                    date=format_long_date(review.family_feedback_on))
                if review.family_feedback_on else _("What we told you"))
        story += [Paragraph(text(said), sheet["Heading2"]),
                  Paragraph(text(review.family_feedback), body)]
    signatory = [text(school["signatory"]), text(school["signatory_title"])]
    story += _closing([_("If you would like to talk about the placement, please contact the "
                         "school office and we will arrange a time.")],
                      signatory, _("Yours sincerely,"), sheet)
    return build_pdf(setup, story)


def ap_register_report(actor: Actor, today: dt.date) -> bytes:
    """Every current placement, its provider's state, the next review and any override."""
    lines = ap_register(actor, today)
    school = school_params()
    sheet = stylesheet()
    setup = PageSetup(letterhead=_letterhead(school), title=_("Alternative provision register"),
                      header_text=format_date(today))
    head = [_("Child"), _("Provider and its state"), _("Started"), _("Hours"), _("Code"),
            _("Next review"), _("Override or alert")]
    rows = [[Paragraph(h, sheet["CellHead"]) for h in head]]
    for line in lines:
        provider = f"<b>{text(line.provider)}</b><br/>{text(line.state)}"
        if line.state_reason:
            provider += f"<br/>{text(line.state_reason)}"
        notes = []
        if line.override:
            notes.append(_("Override: {reason}").format(reason=text(line.override)))
        if line.alert:
            notes.append(f"<b>{text(line.alert)}</b>")
        overdue = line.next_review is not None and line.next_review < today
        rows.append([Paragraph(text(line.pupil), sheet["Cell"]),
                     Paragraph(provider, sheet["Cell"]),
                     Paragraph(format_date(line.start_date), sheet["Cell"]),
                     Paragraph(f"{line.hours:g}", sheet["Cell"]),
                     Paragraph(line.attendance_code, sheet["Cell"]),
                     Paragraph(format_date(line.next_review)
                               + (_(" (overdue)") if overdue else ""), sheet["Cell"]),
                     Paragraph("<br/>".join(notes), sheet["Cell"])])
    widths = [28 * mm, 44 * mm, 20 * mm, 14 * mm, 14 * mm, 22 * mm]
    table = Table(rows, colWidths=widths + [BODY_WIDTH - sum(widths)], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), TINT),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)]))
    story: list[Flowable] = [
        Paragraph(_("Alternative provision register"), sheet["Title"]),
        Paragraph(_("Every placement running or planned on {date}: {n} in all.").format(
            date=format_long_date(today), n=len(lines)), sheet["BodyText"]),
        table if lines else Paragraph(_("No child is placed."), sheet["BodyText"]),
    ]
    return build_pdf(setup, story)
