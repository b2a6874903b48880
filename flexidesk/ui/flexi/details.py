"""The Flexi tab's details pane: one request as rich text, section by section."""

from __future__ import annotations

import datetime as dt

from flexidesk.documents.wording import capacity_label
from flexidesk.i18n import _, format_date, format_time, ngettext
from flexidesk.policy.flexi import RequestDetail, RequestRow
from flexidesk.ui.flexi.present import MUTED_HEX, _e, _multiline, due_text, late_hex


def details_html(d: RequestDetail, row: RequestRow, today: dt.date) -> str:
    """The request's details as rich text: the request, meeting, considerations, decision,
    agreement, reviews, end and letters, each section only once it has something to say."""
    parts: list[str] = []

    def section(title: str, rows: list[tuple[str, str]]) -> None:
        cells = "".join(
            f"<tr><td style='color:{MUTED_HEX}; padding-right:10px' valign='top'>{_e(k)}</td>"
            f"<td valign='top'>{v}</td></tr>" for k, v in rows if v)
        if cells:
            parts.append(f"<h4 style='margin-bottom:2px'>{_e(title)}</h4>"
                         f"<table cellspacing='0' cellpadding='1'>{cells}</table>")

    if d.policy_line:  # which version of our policy the request runs under
        parts.append(f"<p style='color:{MUTED_HEX}'>{_e(d.policy_line)}</p>")
    section(_("The request"), [
        (_("From"), _e(", ".join(name for _id, name in d.adults))),
        (_("Received"), _e(format_date(d.received_on))),
        (_("At home"), _e(d.requested_sessions_text)),
        (_("Reasons"), _multiline(d.reasons)),
        # A new request after an earlier decision: what was decided before.
        (_("Earlier requests"), "<br>".join(_e(_(
            "{outcome} on {date} (request received {received})").format(
            outcome=e.outcome_label, date=format_date(e.decided_on),
            received=format_date(e.received_on))) for e in d.earlier)),
    ])
    if d.meeting_date:
        when = format_date(d.meeting_date)
        if d.meeting_time:
            when += " " + format_time(d.meeting_time)
        section(_("Meeting held") if d.meeting_held else _("Meeting arranged"), [
            (_("When"), _e(when)),
            (_("Where"), _e(d.meeting_place)),
            (_("Who came"), _e(d.attendees)),
            (_("Headteacher"), f"<span style='color:{late_hex()}'>" + _e(_(
                "Not at the meeting: {reason}").format(reason=d.head_absent_reason))
             + "</span>" if d.meeting_held and d.head_present is False else ""),
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
        heading = _("The eight considerations") if not d.policy_line else _("The considerations")
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
        letter = ""
        if d.letter_on:
            letter = _e(format_date(d.letter_on))
            if d.due_on and d.letter_on > d.due_on:
                letter += (f" <span style='color:{late_hex()}'>"
                           + _e(_("(after the deadline of {date})").format(
                               date=format_date(d.due_on))) + "</span>")
        section(_("Decision"), [
            (_("Outcome"), f"<b>{_e(d.outcome_label)}</b>"),
            (_("Decided"), decided),
            (_("Recorded late because"), _multiline(d.late_entry_reason)),
            (_("Letter sent"), letter),
            (_("By"), _e(d.decided_by)),
            (_("Reasons"), _multiline(d.decision_reasons)),
            (_("Why agreed although needs can be met in school"),
             _multiline(d.agree_justification)),
        ])
    if d.agreement_id:
        unsigned, not_yet = _("not signed yet"), _("not yet")
        signatures = "<br>".join(
            _e(p.name) + f" <span style='color:{MUTED_HEX}'>("
            + _e(capacity_label(p.capacity)) + ")</span>: "
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
            (_("Not running yet"), f"<span style='color:{late_hex()}'>"
             + _e(_("Everyone has signed, but {why}.").format(why=d.not_running_reason))
             + "</span>" if d.not_running_reason else ""),
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
        ending = d.ended_on is not None and d.ended_on > today
        section(_("Ending: the notice is running") if ending else _("Closed"), [
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
