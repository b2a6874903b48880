"""How the Flexi requests tab words and colours a request: the list's columns and deadline
text, the summary line and the heading as rich text (the details pane is ``details``). No
widgets here, and every text a person typed is escaped before it reaches the markup."""

from __future__ import annotations

import datetime as dt
import html

from flexidesk.i18n import N_, _, format_date, ngettext
from flexidesk.policy.flexi import CLOSED_STAGES, RequestRow
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
