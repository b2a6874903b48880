"""Free text for the governors: nothing typed about a child reaches their report unchecked.

The governors' report is anonymised, but some of its rows carry what the Headteacher wrote
(why flexi-schooling was agreed against the governing body's rule, why a child was placed
before a provider's checks were complete), and that text can name the child ("Yusuf's
mother asked..."). So the report shows such text only once the Headteacher has read it and
released it, as written or reworded, and only while it still names nobody on roll: the
release refuses a wording with the name of any child or adult the school holds, and the
report checks again when it is made (a child who joined since may share a word with it).
A text edited after its release is held back until it is checked again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from flexidesk.i18n import N_, _, format_date
from flexidesk.policy.records.access import (
    Actor,
    PolicyError,
    action,
    create,
    require,
    transaction,
    update,
    viewed,
)
from flexidesk.policy.records.names import NameFinder, NameHit, names_on_roll
from flexidesk.policy.text import PARAGRAPH, bounded
from flexidesk.store.models import (
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    Placement,
    Provider,
    ReleasedText,
)
from flexidesk.store.query import as_tuples

AGREEMENT = "flexi_request.agree_justification"
OVERRIDE = "placement.override_justification"
MEETING = "flexi_meeting.head_absent_reason"

#: What each kind of free text is, as the Headteacher reads it when checking.
SOURCE_LABELS = {
    AGREEMENT: N_("Why flexi-schooling was agreed although needs could be met in school"),
    OVERRIDE: N_("Why a child was placed before the provider's checks were complete"),
    MEETING: N_("Why the Headteacher was not at a flexi-schooling meeting"),
}

#: What the report shows in place of a text nobody has checked yet.
NOT_CHECKED = N_("(reason not shown: the Headteacher has not yet checked it for this report)")
NAMES_SOMEONE = N_("(reason not shown: it matches the name of someone on roll; the Headteacher "
                   "needs to check it again)")


def sha256(text: str) -> str:
    """The fingerprint of a text as checked."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def names_refusal(hits: list[NameHit]) -> str:
    """The plain refusal for a wording that names people on roll."""
    words = ", ".join(dict.fromkeys(f"\u201c{h.found}\u201d" for h in hits))
    return _("This wording contains {words}, the name of someone on the school's roll. The "
             "governors' report names nobody: please write it without names (\u201cthe child\u201d, "
             "\u201ca parent\u201d).").format(words=words)


def check_names(text: str, finder: NameFinder | None = None) -> None:
    """Refuse ``text`` (PolicyError) if it names any child or adult on roll."""
    hits = (finder or names_on_roll()).find(text)
    if hits:
        raise PolicyError(names_refusal(hits))


# --- which free texts the report carries ---------------------------------------------------


def rule_agreements(since: dt.date, today: dt.date) -> list[tuple[int, dt.date]]:
    """(request id, decided on) of each agreement made against the governing body's rule."""
    return list(as_tuples(FlexiRequest.select(FlexiRequest.id, FlexiDecision.decided_on)
                .join(FlexiDecision)
                .where((FlexiRequest.needs_met_in_school == True)  # noqa: E712
                       & (FlexiDecision.outcome == "agreed")
                       & FlexiDecision.decided_on.between(since, today))
                .order_by(FlexiDecision.decided_on)))


def override_placements(start: dt.date, end: dt.date) -> list[Placement]:
    """Placements begun between ``start`` and ``end`` with the Headteacher's override."""
    return list(Placement.select(Placement, Provider).join(Provider)
                .where((Placement.override_justification != "")
                       & Placement.start_date.between(start, end))
                .order_by(Placement.start_date))


def meetings_without_head(since: dt.date, today: dt.date) -> list[FlexiMeeting]:
    """Flexi meetings held between ``since`` and ``today`` without the Headteacher, with a
    reason written."""
    return list(FlexiMeeting.select()
                .where(FlexiMeeting.held & (FlexiMeeting.head_present == False)  # noqa: E712
                       & (FlexiMeeting.head_absent_reason != "")
                       & FlexiMeeting.meeting_date.between(since, today))
                .order_by(FlexiMeeting.meeting_date))


def governor_wording(source: str, record_id: int, text: str,
                     finder: Callable[[], NameFinder]) -> tuple[str, bool]:
    """What the governors read for one free text, and whether it is a checked wording.

    ``finder`` gives the names on roll (built once, on first need, by the caller)."""
    if not text.strip():
        return "", True
    row = ReleasedText.get_or_none((ReleasedText.source == source)
                                   & (ReleasedText.record_id == record_id))
    if row is None or row.text_sha256 != sha256(text):
        return _(NOT_CHECKED), False
    if finder().find(row.wording):
        return _(NAMES_SOMEONE), False
    return row.wording, True


# --- the Headteacher's check --------------------------------------------------------------


@dataclass(frozen=True)
class FreeText:
    """One text the report would carry, as the Headteacher checks it."""

    source: str
    record_id: int
    pupil_id: int
    when: dt.date
    context: str  # what it is about, without the child's name ("Riverside Farm, from 2 Oct")
    text: str  # as written
    wording: str  # as released, or "" when not (or no longer) released
    checked_by: str = ""

    @property
    def label(self) -> str:
        return _(SOURCE_LABELS[self.source])

    @property
    def released(self) -> bool:
        return bool(self.wording)


def texts_to_check(actor: Actor, since: dt.date, today: dt.date) -> list[FreeText]:
    """Every free text the governors' report for the period would carry, with its release
    (permission "report.release"); reading them is a recorded view of each child's record."""
    require(actor, "report.release")
    found: list[FreeText] = []
    finder = names_on_roll()
    for request_id, decided in rule_agreements(since, today):
        request = FlexiRequest.get_by_id(request_id)
        found.append(_free_text(AGREEMENT, request.id, request.pupil_id, decided,
                                _("Flexi-schooling agreed on {date}").format(
                                    date=format_date(decided)),
                                request.agree_justification, finder))
    for placement in override_placements(since, today):
        found.append(_free_text(OVERRIDE, placement.id, placement.pupil_id,
                                placement.start_date,
                                _("{provider}, from {date}").format(
                                    provider=placement.provider.name,
                                    date=format_date(placement.start_date)),
                                placement.override_justification, finder))
    for meeting in meetings_without_head(since, today):
        found.append(_free_text(MEETING, meeting.id, meeting.request.pupil_id,
                                meeting.meeting_date,
                                _("Flexi-schooling meeting on {date}").format(
                                    date=format_date(meeting.meeting_date)),
                                meeting.head_absent_reason, finder))
    with transaction():
        for pupil_id in sorted({f.pupil_id for f in found}):
            viewed(actor, "governor_text", pupil_id, permission="report.release")
    return found


def _free_text(source: str, record_id: int, pupil_id: int, when: dt.date, context: str,
               text: str, finder: NameFinder) -> FreeText:
    row = ReleasedText.get_or_none((ReleasedText.source == source)
                                   & (ReleasedText.record_id == record_id))
    current = row is not None and row.text_sha256 == sha256(text) and not finder.find(row.wording)
    return FreeText(source, record_id, pupil_id, when, context, text,
                    row.wording if current and row else "", row.checked_by if row else "")


def _source_text(source: str, record_id: int) -> tuple[str, int]:
    if source == AGREEMENT:
        request = FlexiRequest.get_or_none(FlexiRequest.id == record_id)
        if request is not None:
            return request.agree_justification, request.pupil_id
    elif source == OVERRIDE:
        placement = Placement.get_or_none(Placement.id == record_id)
        if placement is not None:
            return placement.override_justification, placement.pupil_id
    elif source == MEETING:
        meeting = FlexiMeeting.get_or_none(FlexiMeeting.id == record_id)
        if meeting is not None:
            return meeting.head_absent_reason, meeting.request.pupil_id
    raise PolicyError(_("That reason could not be found. It may have been removed."))


@action("report.release")
def release_text(actor: Actor, source: str, record_id: int, wording: str) -> ReleasedText:
    """Release ``wording`` (the text as written, or reworded) for the governors' report.

    Refused while it names any child or adult on roll; audited on the child's record."""
    wording = bounded(wording, _("The wording for the governors"), PARAGRAPH)
    if not wording:
        raise PolicyError(_("Please write what the governors should read."))
    check_names(wording)
    text, pupil_id = _source_text(source, record_id)
    fields = dict(text_sha256=sha256(text), wording=wording, checked_by=actor.username,
                  checked_at=dt.datetime.now().isoformat(timespec="seconds"))
    row = ReleasedText.get_or_none((ReleasedText.source == source)
                                   & (ReleasedText.record_id == record_id))
    if row is None:
        return create(actor, "report.release", ReleasedText, pupil_id=pupil_id, source=source,
                      record_id=record_id, **fields)
    return update(actor, "report.release", row, pupil_id=pupil_id, **fields)
