"""Alternative provision on paper: the placement agreement, the family's review letter, the AP register.

Each is read once through the policy layer with the actor (printing a child's placement is
a recorded view) into plain params, then laid out from the params alone, like the flexi
letters: in the school's letter language, a copy for each household, reprintable byte for
byte from ``IssuedDocument.params``.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from flexidesk.documents import family, wording
from flexidesk.documents.ap_agreement import agreement_params, render_agreement
from flexidesk.documents.compose import Telling, render_document, signed_letter
from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.params import child_params, iso, school_params
from flexidesk.documents.pieces import bullets, details_table
from flexidesk.documents.provision_letter import SCORE_WORDS
from flexidesk.documents.styles import RULE, TINT
from flexidesk.documents.templates import BODY_WIDTH
from flexidesk.i18n import N_, current_locale, format_date, format_long_date
from flexidesk.i18n.welsh import gettext as _
from flexidesk.policy.providers import ap_register, placement_line
from flexidesk.policy.records.access import Actor, PolicyError, require
from flexidesk.policy.school.preferences import letter_language
from flexidesk.store.models import Placement, PlacementReview

AGREEMENT, FEEDBACK, REGISTER = "ap_placement_agreement", "ap_feedback_letter", "ap_register"
KINDS = (AGREEMENT, FEEDBACK, REGISTER)
FEEDBACK_TITLE = N_("Placement review")
REGISTER_TITLE = N_("Alternative provision register")


# --- the family's letter after a review -------------------------------------------------


def feedback_params(actor: Actor, placement_id: int, today: dt.date, *,
                    language: str | None = None) -> dict:
    """What the letter after the placement's latest review says, read now."""
    require(actor, "document.print")
    placement = Placement.get_or_none(Placement.id == placement_id)
    if placement is None:
        raise PolicyError(_("This placement could not be found. It may have been removed."))
    review = (PlacementReview.select().where(PlacementReview.placement == placement_id)
              .order_by(PlacementReview.review_date.desc(), PlacementReview.id.desc()).first())
    if review is None:
        raise PolicyError(_("The placement has not been reviewed yet, so there is nothing to "
                            "tell the family."))
    provider, line = placement_line(actor, placement_id, today)
    return {
        "kind": FEEDBACK, "placement_id": placement_id, "language": language or letter_language(),
        "letter_date": today.isoformat(), "school": school_params(),
        "child": child_params(placement.pupil),
        "family": family.family_params(family.letter_adults(placement.pupil_id)),
        "provider": provider,
        "review": {"date": iso(review.review_date), "score": review.score,
                   "attendance_percent": review.attendance_percent,
                   "family_feedback": review.family_feedback,
                   "family_feedback_on": iso(review.family_feedback_on)},
        "objectives": [o.strip() for o in line.objectives.splitlines() if o.strip()],
        "next_review": iso(line.next_review),
    }


def _feedback_story(p: dict, sheet) -> Telling:
    body = sheet["BodyText"]
    child, provider = wording.first(p), wording.text(p["provider"])
    review = p["review"]
    attendance = review.get("attendance_percent")
    story: list[Flowable] = [
        Paragraph(wording.salutation(p), body),
        Paragraph(_("{child}: placement with {provider}").format(
            child=wording.text(p["child"]["known_as"]), provider=provider), sheet["Reference"]),
        Paragraph(_("We met {provider} on {date} to review {child}'s placement, as we do at "
                    "least every half term. This letter tells you what we found.").format(
            provider=provider, date=wording.long_date(review["date"]), child=child), body),
        details_table([
            (_("How it is going"), _(SCORE_WORDS.get(review["score"], SCORE_WORDS[0]))),
            (_("Attendance"), f"{attendance}%" if attendance is not None
             else _("not recorded")),
            (_("Next review"), wording.long_date(p.get("next_review")) or _("not set yet")),
        ], sheet, 40 * mm),
        Spacer(1, 3 * mm),
        Paragraph(_("The objectives we are working towards"), sheet["Heading2"]),
        *bullets([wording.text(o) for o in p["objectives"]], sheet["Bullet"]),
    ]
    if review.get("family_feedback"):
        # What the school typed is what it told the family: labelled as that, never as a
        # conversation the family might not recognise.
        told_on = review.get("family_feedback_on")
        said = (_("What we told you on {date}").format(date=wording.long_date(told_on))
                if told_on else _("What we told you"))
        story += [Paragraph(wording.text(said), sheet["Heading2"]),
                  Paragraph(wording.text(review["family_feedback"]), body)]
    return signed_letter(p, story, [_("If you would like to talk about the placement, please "
                                      "contact the school office and we will arrange a "
                                      "time.")], FEEDBACK_TITLE)


def render_feedback(params: dict) -> bytes:
    """The family's letter from its params alone."""
    return render_document(params, FEEDBACK_TITLE, _feedback_story)


# --- the register (for staff, in the language of the screen) ----------------------------


def register_params(actor: Actor, today: dt.date) -> dict:
    """Every current placement, its provider's state, the next review and any override."""
    lines = ap_register(actor, today)
    return {
        "kind": REGISTER, "letter_date": today.isoformat(), "school": school_params(),
        "language": "cy" if current_locale().startswith("cy") else "en",
        "lines": [{"pupil": line.pupil, "provider": line.provider, "state": line.state,
                   "state_reason": line.state_reason, "start_date": iso(line.start_date),
                   "hours": line.hours, "code": line.attendance_code,
                   "next_review": iso(line.next_review), "override": line.override,
                   "alert": line.alert} for line in lines],
    }


def _register_story(p: dict, sheet) -> Telling:
    today = dt.date.fromisoformat(p["letter_date"])
    text = wording.text
    head = [_("Child"), _("Provider and its state"), _("Started"), _("Hours"), _("Code"),
            _("Next review"), _("Override or alert")]
    rows = [[Paragraph(h, sheet["CellHead"]) for h in head]]
    for line in p["lines"]:
        provider = f"<b>{text(line['provider'])}</b><br/>{text(line['state'])}"
        if line["state_reason"]:
            provider += f"<br/>{text(line['state_reason'])}"
        notes = []
        if line["override"]:
            notes.append(_("Override: {reason}").format(reason=text(line["override"])))
        if line["alert"]:
            notes.append(f"<b>{text(line['alert'])}</b>")
        review = dt.date.fromisoformat(line["next_review"]) if line["next_review"] else None
        overdue = review is not None and review < today
        rows.append([Paragraph(text(line["pupil"]), sheet["Cell"]),
                     Paragraph(provider, sheet["Cell"]),
                     Paragraph(format_date(dt.date.fromisoformat(line["start_date"])),
                               sheet["Cell"]),
                     Paragraph(f"{line['hours']:g}", sheet["Cell"]),
                     Paragraph(line["code"], sheet["Cell"]),
                     Paragraph(format_date(review) + (_(" (overdue)") if overdue else ""),
                               sheet["Cell"]),
                     Paragraph("<br/>".join(notes), sheet["Cell"])])
    widths = [28 * mm, 40 * mm, 20 * mm, 12 * mm, 12 * mm, 22 * mm]
    table = Table(rows, colWidths=widths + [BODY_WIDTH - sum(widths)], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), TINT),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)]))
    story: list[Flowable] = [
        Paragraph(_(REGISTER_TITLE), sheet["Title"]),
        Paragraph(_("Every placement running or planned on {date}: {n} in all.").format(
            date=format_long_date(today), n=len(p["lines"])), sheet["BodyText"]),
        table if p["lines"] else Paragraph(_("No child is placed."), sheet["BodyText"]),
    ]
    return Telling(body=story, header_text=format_date(today))


def render_register(params: dict) -> bytes:
    """The register from its params alone."""
    return render_document(params, REGISTER_TITLE, _register_story, letter=False)


# --- one way in -------------------------------------------------------------------------


def build_ap_params(actor: Actor, kind: str, *, placement_id: int | None = None,
                    today: dt.date | None = None, language: str | None = None) -> dict:
    """The params of AP document ``kind``, read now through ``actor``."""
    today = today or dt.date.today()
    if kind == AGREEMENT:
        assert placement_id is not None
        return agreement_params(actor, placement_id, today, language=language)
    if kind == FEEDBACK:
        assert placement_id is not None
        return feedback_params(actor, placement_id, today, language=language)
    if kind == REGISTER:
        return register_params(actor, today)
    raise ValueError(f"not an AP document: {kind}")


def render_ap(kind: str, params: dict) -> bytes:
    """The PDF of AP document ``kind`` from its params alone."""
    renderers = {AGREEMENT: render_agreement, FEEDBACK: render_feedback,
                 REGISTER: render_register}
    if kind not in renderers:
        raise ValueError(f"not an AP document: {kind}")
    return renderers[kind](params)


def placement_agreement(actor: Actor, placement_id: int, today: dt.date) -> bytes:
    """The agreement between the school, the provider and the family for one placement."""
    return render_agreement(agreement_params(actor, placement_id, today))


def family_feedback_letter(actor: Actor, placement_id: int, today: dt.date) -> bytes:
    """The letter telling the family how the placement's latest review went."""
    return render_feedback(feedback_params(actor, placement_id, today))


def feedback_letter_family(actor: Actor, placement_id: int, today: dt.date) -> list[str]:
    """Who the family letter after a review is written to (none recorded: an empty list, and
    the letter would go to "Parent or carer" with no address)."""
    _provider, line = placement_line(actor, placement_id, today)
    return [adult.full_name for adult in family.letter_adults(line.pupil_id)]


def ap_register_report(actor: Actor, today: dt.date) -> bytes:
    """Every current placement, its provider's state, the next review and any override."""
    return render_register(register_params(actor, today))
