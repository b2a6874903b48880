"""How the Flexi requests tab words and colours a request: the list's columns and deadline
text, the summary line, the heading and the details pane as rich text. No widgets here, and
every text a person typed is escaped before it reaches the markup."""

from __future__ import annotations

import datetime as dt
import html

from flexidesk.i18n import N_, _, format_date, format_time, ngettext
from flexidesk.policy.flexi import CLOSED_STAGES, RequestDetail, RequestRow
from flexidesk.policy.vocabulary import STAGE_LABELS
from flexidesk.ui.models.rows import LATE, Column, readable

MUTED_HEX = "#5f6770"

#: Filters above the list: "all", "open", then every stage.
FIXED_FILTERS = (("all", N_("All requests")), ("open", N_("Open requests")))


def late_hex() -> str:
    """The red for late things in rich text, readable on the palette in force."""
    return readable(LATE).name()


#: The action that completes each milestone (picking a waiting milestone focuses its button).
MILESTONE_ACTIONS = {
    "meeting_arranged": "arrange_meeting",
    "meeting_held": "record_meeting",
    "considered": "record_considerations",
    "decided": "decide",
    "letter_issued": "issue_decision_letter",
    "agreement_drafted": "draft_agreement",
    "active": "record_signature",
    "review": "review",
}


def is_open(row: RequestRow) -> bool:
    """Whether a request still needs something from the school (not closed, not declined)."""
    if row.stage in CLOSED_STAGES:
        return row.end_letter_owed  # the family is still owed the letter about the end
    return not (row.stage == "letter_issued" and row.outcome == "declined")


#: The widest the list starts: at a 1280-pixel window the timeline keeps every label.
LIST_MAX_WIDTH = 470


def due_text(row: RequestRow, *, short: bool = False) -> str:
    """The decision due date with working days left, or how late it is (short for the list).

    Once decided, the letter is the deadline; once running, the next review.
    """
    if row.review_overdue and row.next_review is not None:
        return _("Review overdue since {date}").format(date=format_date(row.next_review))
    if row.letter_late:
        return _("Letter late (due {date})").format(date=format_date(row.decision_due))
    if row.letter_owed:
        return _("Letter owed by {date}").format(date=format_date(row.decision_due))
    if row.decision_due is None:
        return ""
    when = format_date(row.decision_due)  # one date format across the list and the timeline
    if row.working_days_left is None:
        return format_date(row.decision_due)
    if row.overdue:
        late = -row.working_days_left
        if short:
            return _("{date} ({n} late)").format(
                date=when, n=ngettext("{n} day", "{n} days", late).format(n=late))
        return _("{date}: overdue by {n}").format(
            date=when, n=ngettext("{n} working day", "{n} working days", late).format(n=late))
    if row.working_days_left == 0:
        return _("{date} (today)").format(date=when) if short else \
            _("{date}: due today").format(date=when)
    left = row.working_days_left
    if short:
        return _("{date} ({n} left)").format(
            date=when, n=ngettext("{n} day", "{n} days", left).format(n=left))
    return _("{date}: {n} left").format(
        date=when, n=ngettext("{n} working day", "{n} working days", left).format(n=left))


def _stage_text(row: RequestRow) -> str:
    if row.stage == "letter_issued" and row.outcome:
        return _("Declined: letter sent") if row.outcome == "declined" else \
            _("Agreed: letter sent")
    return row.stage_label


def request_columns() -> list[Column]:
    """The list's columns (built at run time so their titles are translated)."""
    return [
        Column(_("Child"), lambda r: r.child, lambda r: r.child.casefold()),
        Column(_("Year"), lambda r: r.year_label, lambda r: r.year_label),
        Column(_("Stage"), _stage_text, lambda r: flexi_stage_order(r.stage)),
        Column(_("Received"), lambda r: format_date(r.received_on),
               lambda r: r.received_on),
        Column(_("Meeting"), lambda r: format_date(r.meeting_date) if r.meeting_date else "",
               lambda r: r.meeting_date),
        # Sorting on this column orders the rows by the date shown, undated last.
        Column(_("Decision due"), lambda r: due_text(r, short=True),
               lambda r: (_due_date(r) is None, _due_date(r) or dt.date.max),
               tooltip=lambda r: due_text(r) or _(
                   "A decision is due within five working days of the meeting.")),
    ]


def _due_date(row: RequestRow) -> dt.date | None:
    """The date the list's deadline column shows for ``row``."""
    if row.review_overdue:
        return row.next_review
    return row.decision_due


def needs_attention(row: RequestRow) -> bool:
    """A deadline passed: a decision, its letter, or a review of a running arrangement."""
    return row.overdue or row.letter_late or row.review_overdue


def flexi_stage_order(stage: str) -> int:
    """A stage's place in the journey, for sorting."""
    return list(STAGE_LABELS).index(stage) if stage in STAGE_LABELS else 99


def tone(row: RequestRow) -> str | None:
    """How the list colours a row: red when late, grey once closed."""
    if needs_attention(row):
        return "late"
    if not is_open(row):
        return "muted"
    return None


def _e(text) -> str:
    return html.escape(str(text or ""))


def _multiline(text: str) -> str:
    return "<br>".join(_e(line) for line in (text or "").splitlines())


def nothing_selected_html() -> str:
    """The heading when no request is selected."""
    return f"<span style='color:{MUTED_HEX}'>" + _e(_("No request selected")) + "</span>"


def heading_html(row: RequestRow) -> str:
    """The child, year and stage above the timeline (in red and bold when late)."""
    status = _e(_stage_text(row))
    late = (_("Decision overdue") if row.overdue else _("Decision letter late")
            if row.letter_late else _("Review overdue") if row.review_overdue else "")
    if late:
        status = f"<span style='color:{late_hex()}'><b>{_e(late)}</b></span>"
    return (f"<span style='font-size:13pt'><b>{_e(row.child)}</b></span> "
            f"&nbsp;{_e(row.year_label)} &nbsp;·&nbsp; {status}")


def summary_html(rows: list[RequestRow]) -> str:
    """The line under the list: decisions and letters late, reviews overdue, decisions due."""
    overdue = sum(1 for r in rows if r.overdue)
    waiting = sum(1 for r in rows if r.working_days_left is not None and not r.overdue)
    parts = []
    if overdue:
        parts.append(f"<span style='color:{late_hex()}'><b>" + _e(ngettext(
            "{n} decision overdue", "{n} decisions overdue", overdue).format(n=overdue))
            + "</b></span>")
    for count, one, many in (
            (sum(1 for r in rows if r.letter_late), N_("{n} decision letter late"),
             N_("{n} decision letters late")),
            (sum(1 for r in rows if r.review_overdue), N_("{n} review overdue"),
             N_("{n} reviews overdue"))):
        if count:
            parts.append(f"<span style='color:{late_hex()}'><b>"
                         + _e(ngettext(one, many, count).format(n=count)) + "</b></span>")
    if waiting:
        parts.append(_e(ngettext("{n} decision due soon", "{n} decisions due soon",
                                 waiting).format(n=waiting)))
    return " · ".join(parts) if parts else _e(_("No decisions waiting."))


def details_html(d: RequestDetail, row: RequestRow) -> str:
    """The details pane of one request, as rich text (every typed text escaped)."""
    parts: list[str] = []

    def section(title: str, rows: list[tuple[str, str]]) -> None:
        cells = "".join(
            f"<tr><td style='color:{MUTED_HEX}; padding-right:10px' valign='top'>{_e(k)}</td>"
            f"<td valign='top'>{v}</td></tr>" for k, v in rows if v)
        if cells:
            parts.append(f"<h4 style='margin-bottom:2px'>{_e(title)}</h4>"
                         f"<table cellspacing='0' cellpadding='1'>{cells}</table>")

    section(_("The request"), [
        (_("From"), _e(", ".join(name for _id, name in d.adults))),
        (_("Received"), _e(format_date(d.received_on))),
        (_("At home"), _e(d.requested_sessions_text)),
        (_("Reasons"), _multiline(d.reasons)),
    ])
    if d.meeting_date:
        when = format_date(d.meeting_date)
        if d.meeting_time:
            when += " " + format_time(d.meeting_time)
        section(_("Meeting held") if d.meeting_held else _("Meeting arranged"), [
            (_("When"), _e(when)),
            (_("Where"), _e(d.meeting_place)),
            (_("Who came"), _e(d.attendees)),
            (_("Notes"), _multiline(d.meeting_notes)),
        ])
    if d.due_on and not d.outcome and row.working_days_left is not None:
        colour = late_hex() if row.overdue else "inherit"
        label = _("Decision due")  # outside the f-string, where the extractor finds it
        parts.append(f"<p style='color:{colour}'><b>{_e(label)}:</b> "
                     f"{_e(due_text(row))}</p>")
    if d.factors:
        cells = "".join(
            f"<tr><td valign='top' style='padding-right:10px'>{_e(f.label)}</td>"
            f"<td valign='top' style='padding-right:10px; color:"
            f"{late_hex() if f.rating == 'serious_concern' else 'inherit'}'>"
            f"{_e(f.rating_label)}</td><td valign='top'>{_multiline(f.note)}</td></tr>"
            for f in d.factors)
        heading = _("The eight considerations")
        parts.append(f"<h4 style='margin-bottom:2px'>{_e(heading)}</h4>"
                     f"<table cellspacing='0' cellpadding='1'>{cells}</table>")
    if d.needs_met_in_school is not None:
        answer = _("Yes: the child's needs can be met in school or by provision the school "
                   "arranges.") if d.needs_met_in_school else \
            _("No: the child's needs cannot be met that way.")
        section(_("The governing body's question"), [
            (_("Answer"), _e(answer)),
            (_("Notes"), _multiline(d.needs_met_notes)),
            (_("Provision meant"), _e(", ".join(name for _k, _i, name in d.alternatives))),
        ])
    if d.outcome:
        late = d.due_on and d.decided_on and d.decided_on > d.due_on
        decided = _e(format_date(d.decided_on))
        if late:
            decided += (f" <span style='color:{late_hex()}'>"
                        + _e(_("(after the deadline of {date})").format(
                            date=format_date(d.due_on))) + "</span>")
        section(_("Decision"), [
            (_("Outcome"), f"<b>{_e(d.outcome_label)}</b>"),
            (_("Decided"), decided),
            (_("By"), _e(d.decided_by)),
            (_("Reasons"), _multiline(d.decision_reasons)),
            (_("Why agreed although needs can be met in school"),
             _multiline(d.agree_justification)),
        ])
    if d.agreement_id:
        unsigned, not_yet = _("not signed yet"), _("not yet")
        signatures = "<br>".join(
            _e(p.name) + f" <span style='color:{MUTED_HEX}'>(" + _e(p.capacity) + ")</span>: "
            + (_e(_("signed {date}").format(date=format_date(p.signed_on))) if p.signed_on
               else f"<i>{_e(unsigned)}</i>") for p in d.parties)
        section(_("Agreement"), [
            (_("Starts"), _e(format_date(d.start_date))),
            (_("Home sessions (code C)"), _e(d.home_sessions_text)),
            (_("Home educator"), _e(d.home_educator)),
            (_("Reviews"), _e(_("every {n} weeks").format(n=d.review_interval_weeks))),
            (_("Next review"), _e(format_date(d.next_review_date))
             if d.next_review_date else ""),
            (_("Notice"), _e(ngettext("{n} week", "{n} weeks", d.notice_weeks or 0)
                             .format(n=d.notice_weeks or 0))),
            (_("Signatures"), signatures),
            (_("Running since"), _e(format_date(d.active_from)) if d.active_from else ""),
            (_("Local authority told"), _e(format_date(d.la_notified_on))
             if d.la_notified_on else f"<i>{_e(not_yet)}</i>"),
            (_("Special terms"), _multiline(d.special_terms)),
        ])
    if d.reviews:
        section(_("Reviews"), [
            (format_date(r.review_date), _e(r.outcome_label) + (
                ": " + _multiline(r.notes) if r.notes else "")) for r in d.reviews])
    if d.end_reason:
        section(_("Closed"), [
            (_("How"), _e(d.end_reason_label)),
            (_("When"), _e(format_date(d.ended_on or d.withdrawn_on))),
            (_("Notice given"), _e(ngettext("{n} week", "{n} weeks", d.end_notice_weeks)
                                   .format(n=d.end_notice_weeks))
             if d.end_notice_weeks is not None else ""),
        ])
    if d.documents:
        section(_("Letters and documents"), [
            (format_date(doc.document_date), _e(doc.title)) for doc in d.documents])
    return "".join(parts)
