"""The subject access pack: every record held about one child as one readable PDF (and its JSON).

Built in memory from the plain data ``flexidesk.policy.records.rights.collect_subject_data``
returns, so it can be rendered in a worker thread without touching the database.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.styles import BOLD, FONT, RULE, TINT, stylesheet
from flexidesk.i18n import N_, _, format_date, format_datetime, format_long_date

Progress = Callable[[int, int], None]

#: How the stored field names read on paper; fields not listed are shown humanised.
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
    "on_roll_date": N_("On roll from"),
    "left_date": N_("Left on"),
    "created_at": N_("Record made"),
    "first_name": N_("First name"),
    "last_name": N_("Surname"),
    "parental_responsibility": N_("Parental responsibility"),
    "lives_with": N_("Lives with the child"),
    "receives_letters": N_("Receives letters"),
    "start_date": N_("Started"),
    "end_date": N_("Ended"),
    "planned_end_date": N_("Planned end"),
    "next_review_date": N_("Next review"),
    "review_date": N_("Reviewed on"),
    "score": N_("Outcome (-2 to +2)"),
    "notes": N_("Notes"),
    "reviewed_by": N_("Reviewed by"),
    "contact_at": N_("When"),
    "method": N_("How"),
    "summary": N_("Summary"),
    "staff": N_("Staff"),
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
    "meeting_date": N_("Meeting date"),
    "meeting_time": N_("Time"),
    "held": N_("Held"),
    "attendees": N_("Present"),
    "factor": N_("Consideration"),
    "rating": N_("Weighing"),
    "note": N_("Note"),
    "outcome": N_("Outcome"),
    "decided_on": N_("Decided"),
    "due_on": N_("Due"),
    "decided_by": N_("Decided by"),
    "home_sessions": N_("Sessions at home"),
    "attendance_code": N_("Attendance code"),
    "review_interval_weeks": N_("Review every (weeks)"),
    "first_review_date": N_("First review"),
    "home_educator": N_("Home educator"),
    "special_terms": N_("Special terms"),
    "la_notified_on": N_("Local authority told"),
    "drafted_on": N_("Drafted"),
    "active_from": N_("Running from"),
    "signed_on": N_("Signed"),
    "capacity": N_("As"),
    "objectives": N_("Objectives"),
    "return_plan": N_("Plan to return"),
    "sessions": N_("Sessions"),
    "attendance_reporting": N_("How attendance is reported"),
    "cost_pence": N_("Cost (pence)"),
    "funding_stream": N_("Funding"),
    "override_justification": N_("Why placed before all checks were held"),
    "attendance_percent": N_("Attendance %"),
    "family_feedback_on": N_("Family told on"),
    "family_feedback": N_("What the family was told"),
    "target": N_("Target"),
    "entry_data": N_("Starting point"),
    "exit_data": N_("End point"),
    "confidential": N_("Confidential"),
    "intervention": N_("Intervention"),
    "provider": N_("Provider"),
    "site": N_("Site"),
    "new_sessions": N_("New sessions"),
    "requester": N_("Asked by"),
    "completed_on": N_("Answered on"),
    "kind": N_("Kind"),
    "title": N_("Title"),
    "document_date": N_("Dated"),
    "issued_at": N_("Issued"),
    "issued_by": N_("Issued by"),
    "sha256": N_("Fingerprint (SHA-256)"),
}

_SKIP = {"id", "pupil", "adult", "enrolment", "placement", "request", "agreement"}
_NESTED = {"reviews", "meetings", "factors", "decisions", "agreements", "parties",
           "alternatives", "adults"}


def _pick(sheet, *names) -> ParagraphStyle:
    for name in names:
        if name in sheet:
            return sheet[name]
    return sheet["Normal"]


def label(field: str) -> str:
    """A field's name on paper."""
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field.replace("_", " ").capitalize()


def _code_labels() -> dict[str, dict]:
    from flexidesk.policy import vocabulary as v

    return {"stage": v.STAGE_LABELS, "factor": v.FACTORS, "rating": v.RATING_LABELS,
            "outcome": {**v.OUTCOME_LABELS, **v.REVIEW_OUTCOME_LABELS},
            "end_reason": v.END_REASON_LABELS, "year_group": v.YEAR_LABELS,
            "score": v.SCORE_LABELS}


def value_text(value, field: str = "") -> str:
    """A stored value as a reader expects it: codes and dates in words, yes/no, blanks as a dash."""
    if value is None or value == "":
        return "\u2014"
    labels = {**_code_labels(), "status": _STATUS}.get(field)
    if labels and value in labels:
        return _(labels[value])
    if field in ("sessions", "requested_sessions", "home_sessions", "new_sessions"):
        from flexidesk.policy.vocabulary import describe_sessions

        return describe_sessions(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value) or "\u2014"
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            if len(value) == 10:
                return format_date(dt.date.fromisoformat(value))
            return format_datetime(dt.datetime.fromisoformat(value.replace(" ", "T")))
        except ValueError:
            pass
    return str(value)


class Builder:
    """Turns the collected data into flowables with one set of styles."""

    def __init__(self):
        sheet = stylesheet()
        self.title = _pick(sheet, "Title", "Heading1")
        self.h1 = _pick(sheet, "Heading1", "Heading2")
        self.h2 = _pick(sheet, "Heading2")
        self.body = _pick(sheet, "BodyText", "Body", "Normal")
        self.small = ParagraphStyle("SarSmall", parent=self.body, fontSize=8.5, leading=10.5)
        self.key = ParagraphStyle("SarKey", parent=self.small, textColor=colors.HexColor("#444444"))
        self.sub = ParagraphStyle("SarSub", parent=self.small, fontName=BOLD,
                                  spaceBefore=4, spaceAfter=2)
        self.h1 = ParagraphStyle("SarH1", parent=self.h1, spaceBefore=10)

    def p(self, text: str, style=None) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style or self.body)

    def fields(self, record: dict) -> list:
        """A two-column table of a record's own fields (nested lists left for the caller)."""
        rows = [[self.p(label(k), self.key), self.p(value_text(v, k), self.small)]
                for k, v in record.items()
                if k not in _SKIP and k not in _NESTED and not k.endswith("_id")]
        if not rows:
            return []
        table = Table(rows, colWidths=[55 * mm, 115 * mm])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return [table]

    def grid(self, headers: list[str], rows: list[list[str]], widths: list[float]) -> list:
        """A table with a repeating header row."""
        if not rows:
            return [self.p(_("None recorded."), self.small)]
        data = [[self.p(h, self.key) for h in headers]]
        data += [[self.p(c, self.small) for c in row] for row in rows]
        table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), TINT),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return [table]

    def records(self, heading: str, items: list[dict], name: Callable[[dict], str],
                children: dict[str, str] | None = None) -> list:
        """A section of records, each with its fields and any nested lists under subheadings."""
        story = [self.p(heading, self.h1)]
        if not items:
            return story + [self.p(_("None recorded."), self.small)]
        for item in items:
            story.append(KeepTogether([self.p(name(item), self.h2), *self.fields(item)]))
            for key, title in (children or {}).items():
                nested = item.get(key) or []
                if not nested:
                    continue
                story.append(self.p(title, self.sub))
                for sub in nested:
                    if isinstance(sub, dict):
                        story += [*self.fields(sub), Spacer(1, 2 * mm)]
                    else:
                        story.append(self.p(value_text(sub), self.small))
            story.append(Spacer(1, 3 * mm))
        return story


_STATUS = {"planned": N_("Planned"), "active": N_("Running"), "ended": N_("Ended"),
           "cancelled": N_("Cancelled")}
_VERBS = {"view": N_("Opened"), "create": N_("Added"), "add": N_("Added"),
          "edit": N_("Changed"), "update": N_("Changed"), "delete": N_("Removed"),
          "remove": N_("Removed"), "print": N_("Printed"), "issue": N_("Issued"),
          "export": N_("Exported")}


def action_text(action: str) -> str:
    """An audit action in words, e.g. 'view.pupil' -> 'Opened: pupil (view.pupil)'."""
    head, _sep, rest = action.partition(".")
    verb = _VERBS.get(head) or _VERBS.get(rest.rsplit(".", 1)[-1])
    if verb is None:
        return action
    what = (rest if head in _VERBS else head).replace("_", " ").replace(".", " ")
    return f"{_(verb)}: {what} ({action})"


def _person(record: dict) -> str:
    return " ".join(str(record.get(k) or "") for k in ("title", "first_name", "last_name")).strip()


def render_subject_access(data: dict, school_name: str, progress: Progress | None = None) -> bytes:
    """The PDF pack for one child, in memory; ``progress(done, total)`` is called as it goes."""
    b = Builder()
    pupil = data["pupil"]
    name = f"{pupil.get('preferred_name') or pupil['legal_first_name']} {pupil['legal_last_name']}"
    generated = dt.datetime.fromisoformat(data["generated_at"])
    steps = 9
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, steps + 1)

    story = [
        b.p(_("Records held about {name}").format(name=name), b.title),
        b.p(_("{school}. Prepared on {date} by {who} in answer to a subject access request.")
            .format(school=school_name, date=format_long_date(generated.date()),
                    who=data.get("generated_by", ""))),
        Spacer(1, 2 * mm),
        b.p(_("This pack holds every record FlexiDesk keeps about the child: the child's "
              "details, family, support in school, contacts with the family, alternative "
              "provision, flexi-schooling requests, the documents issued, and a list of every "
              "time a member of staff opened or changed the child's records. Before it is "
              "sent, the Headteacher reads it through for information about other people or "
              "that the law allows the school to withhold."), b.small),
        Spacer(1, 4 * mm),
        b.p(_("About the child"), b.h1), *b.fields(pupil),
    ]
    step()
    story += b.records(_("Family and carers"), data["adults"], _person)
    step()
    story += b.records(_("Support in school"), data["enrolments"],
                       lambda e: _("{what}, from {start}").format(
                           what=e["intervention"], start=value_text(e["start_date"])),
                       {"reviews": _("Reviews")})
    step()
    story += [b.p(_("Contacts with the family"), b.h1), *b.grid(
        [_("When"), _("How"), _("Summary"), _("Staff")],
        [[value_text(c["contact_at"]), value_text(c["method"]), value_text(c["summary"]),
          value_text(c.get("staff"))] for c in data["family_contacts"]], [32, 18, 95, 25])]
    step()
    story += b.records(_("Alternative provision"), data["placements"],
                       lambda p: _("{provider}, from {start}").format(
                           provider=p["provider"], start=value_text(p["start_date"])),
                       {"reviews": _("Reviews with the provider")})
    step()
    story += b.records(_("Flexi-schooling requests"), data["flexi_requests"],
                       lambda r: _("Request received {date}").format(
                           date=value_text(r["received_on"])),
                       {"adults": _("Made by"), "meetings": _("Meetings"),
                        "factors": _("Considerations weighed"),
                        "alternatives": _("Other provision considered"),
                        "decisions": _("Decision"), "agreements": _("Agreement"),
                        "reviews": _("Reviews")})
    step()
    story += [b.p(_("Documents issued"), b.h1), *b.grid(
        [_("Dated"), _("Title"), _("Issued by"), _("Issued")],
        [[value_text(d["document_date"]), value_text(d["title"]), value_text(d["issued_by"]),
          value_text(d["issued_at"])] for d in data["issued_documents"]], [25, 85, 25, 35])]
    step()
    story += [b.p(_("Who has looked at or changed these records"), b.h1), *b.grid(
        [_("When"), _("Who"), _("What")],
        [[value_text(a["at"]), a["user"], action_text(a["action"])] for a in data["access_log"]],
        [40, 50, 80])]
    step()
    story += b.records(_("Subject access requests"), data["subject_access_requests"],
                       lambda r: _("Asked by {who} on {date}").format(
                           who=r["requester"], date=value_text(r["received_on"])))
    step()

    buffer = BytesIO()
    footer = _("Records held about {name} \u2014 {school}").format(name=name, school=school_name)

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(20 * mm, 10 * mm, footer)
        canvas.drawRightString(190 * mm, 10 * mm, _("Page {n}").format(n=doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm,
                            title=_("Records held about {name}").format(name=name),
                            author=school_name)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    if progress:
        progress(steps + 1, steps + 1)
    return buffer.getvalue()


def render_json(data: dict) -> bytes:
    """The same records as indented UTF-8 JSON."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False).encode("utf-8")
