"""Subject access: the one-month deadline, the request log, and every record held about one child.

The deadline counts the day of receipt as day 1, so one month runs to the day before the
same date next month (received 3 January, due 2 February). When next month has no such
date (received 30 or 31 January), the month ends first and the last day of that month
is the due date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from playhouse.shortcuts import model_to_dict

from flexidesk.i18n import _
from flexidesk.policy.records.access import (
    Actor,
    PolicyError,
    action,
    create,
    require,
    update,
    viewed,
    viewed_list,
)
from flexidesk.policy.text import LINE, NOTE, bounded
from flexidesk.store import audit
from flexidesk.store.models import (
    Adult,
    AuditEntry,
    Enrolment,
    FamilyContact,
    FlexiRequest,
    IssuedDocument,
    Placement,
    Pupil,
    PupilAdult,
    StaffUser,
    SubjectAccessRequest,
)
from flexidesk.store.query import as_tuples


def sar_due_date(received: dt.date) -> dt.date:
    """The last day to answer a request received on ``received`` (that day is day 1)."""
    year, month = (received.year + 1, 1) if received.month == 12 else (received.year,
                                                                          received.month + 1)
    last = calendar.monthrange(year, month)[1]
    if received.day > last:
        # No corresponding date next month: the month runs out on its last day.
        return dt.date(year, month, last)
    return dt.date(year, month, received.day) - dt.timedelta(days=1)


# --- the request log ---------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRow:
    """A request as the log shows it."""

    request: SubjectAccessRequest
    pupil_name: str
    days_left: int | None  # None once completed; negative when overdue

    @property
    def id(self) -> int:
        """The request's id (lets a table keep the selection across a refresh)."""
        return self.request.id

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    def status_text(self) -> str:
        """'Completed', 'Due today', '3 days left', '2 days overdue'."""
        from flexidesk.i18n import format_date, ngettext

        if self.days_left is None:
            return _("Completed {date}").format(date=format_date(self.request.completed_on))
        if self.days_left == 0:
            return _("Due today")
        if self.days_left > 0:
            return ngettext("{n} day left", "{n} days left", self.days_left).format(n=self.days_left)
        late = -self.days_left
        return ngettext("{n} day overdue", "{n} days overdue", late).format(n=late)


@action("sar.export")
def record_request(actor: Actor, *, pupil_id: int | None, requester: str,
                   received_on: dt.date, notes: str = "") -> SubjectAccessRequest:
    """Log a request received on ``received_on``; its due date is set by the one-month rule."""
    requester = bounded(requester, _("Who made the request"), LINE, single_line=True)
    notes = bounded(notes, _("Notes"), NOTE)
    if not requester:
        raise PolicyError(_("Please enter who made the request."))
    if received_on > dt.date.today():
        raise PolicyError(_("The date received cannot be in the future."))
    return create(actor, "sar.request", SubjectAccessRequest, pupil=pupil_id,
                  requester=requester, received_on=received_on,
                  due_on=sar_due_date(received_on), notes=notes)


@action("sar.export")
def complete_request(actor: Actor, request: SubjectAccessRequest,
                     completed_on: dt.date) -> SubjectAccessRequest:
    """Mark a request answered on ``completed_on``."""
    if completed_on < request.received_on:
        raise PolicyError(_("A request cannot be completed before it was received."))
    return update(actor, "sar.complete", request, completed_on=completed_on)


def list_requests(actor: Actor, today: dt.date) -> list[RequestRow]:
    """Every logged request, open ones first (soonest due), with days left; the read is
    recorded once for the list (docs/reads.md)."""
    require(actor, "sar.export")
    rows = []
    for req in SubjectAccessRequest.select().order_by(SubjectAccessRequest.due_on.desc()):
        pupil = Pupil.get_or_none(Pupil.id == req.pupil_id) if req.pupil_id else None
        days = None if req.completed_on else (req.due_on - today).days
        rows.append(RequestRow(req, pupil.known_as if pupil else _("(no child linked)"), days))
    rows.sort(key=lambda r: (r.days_left is None, r.days_left if r.days_left is not None else 0))
    viewed_list(actor, "subject_access_list", len(rows), permission="sar.export")
    return rows


# --- everything held about one child -----------------------------------------------------


def _plain(instance, *, drop: tuple[str, ...] = ()) -> dict:
    """A row's own columns as JSON-safe values (dates as ISO text)."""
    data = model_to_dict(instance, recurse=False)
    for key in drop:
        data.pop(key, None)
    for key, value in list(data.items()):
        if isinstance(value, dt.date | dt.time):
            data[key] = value.isoformat()
        elif isinstance(value, bytes):
            data[key] = f"<{len(value)} bytes>"
    return data


def _staff_names() -> dict[int | None, str]:  # looked up with optional keys
    return {u.id: u.display_name for u in StaffUser.select()}


def collect_subject_data(actor: Actor, pupil_id: int) -> dict:
    """Every record held about one child, as JSON-safe data (permission "sar.export").

    Reads only; call ``record_export`` once the files are written.
    """
    require(actor, "sar.export")
    pupil = Pupil.get_or_none(Pupil.id == pupil_id)
    if pupil is None:
        raise PolicyError(_("That child's record could not be found."))
    # Gathering a whole record is a view of it, even if no file is written in the end.
    viewed(actor, "subject_access", pupil_id, pupil_id, permission="sar.export")
    staff = _staff_names()
    adults = []
    for link in PupilAdult.select(PupilAdult, Adult).join(Adult).where(PupilAdult.pupil == pupil):
        entry = _plain(link.adult)
        entry.update(relationship=link.relationship,
                     parental_responsibility=link.parental_responsibility,
                     lives_with=link.lives_with, receives_letters=link.receives_letters)
        adults.append(entry)

    enrolments = []
    for enrol in Enrolment.select().where(Enrolment.pupil == pupil).order_by(Enrolment.start_date):
        entry = _plain(enrol)
        entry["intervention"] = enrol.intervention.name
        entry["reviews"] = [dict(_plain(r), reviewed_by=staff.get(r.reviewed_by_id, ""))
                            for r in sorted(enrol.reviews, key=lambda r: r.review_date)]
        enrolments.append(entry)

    contacts = [dict(_plain(c), staff=staff.get(c.staff_id, ""))
                for c in FamilyContact.select().where(FamilyContact.pupil == pupil)
                .order_by(FamilyContact.contact_at)]

    placements = []
    for placement in (Placement.select().where(Placement.pupil == pupil)
                      .order_by(Placement.start_date)):
        entry = _plain(placement)
        entry["provider"] = placement.provider.name
        entry["site"] = placement.site.name if placement.site else ""
        entry["reviews"] = [dict(_plain(r), reviewed_by=staff.get(r.reviewed_by_id, ""))
                            for r in sorted(placement.reviews, key=lambda r: r.review_date)]
        placements.append(entry)

    requests = []
    for req in (FlexiRequest.select().where(FlexiRequest.pupil == pupil)
                .order_by(FlexiRequest.received_on)):
        entry = _plain(req)
        entry["adults"] = [link.adult.full_name for link in req.adult_links]
        entry["meetings"] = [_plain(m) for m in sorted(req.meetings, key=lambda m: m.meeting_date)]
        entry["factors"] = [_plain(f) for f in req.factors]
        entry["alternatives"] = [
            (a.intervention.name if a.intervention else a.provider.name if a.provider else "")
            for a in req.alternatives]
        entry["decisions"] = [dict(_plain(d), decided_by=staff.get(d.decided_by_id, ""))
                              for d in req.decisions]
        entry["agreements"] = [dict(_plain(a), parties=[_plain(p) for p in a.parties])
                               for a in req.agreements]
        entry["reviews"] = [dict(_plain(r), reviewed_by=staff.get(r.reviewed_by_id, ""))
                            for r in sorted(req.reviews, key=lambda r: r.review_date)]
        requests.append(entry)

    names = {u.username: u.display_name for u in StaffUser.select()}
    documents = [dict(_plain(d, drop=("params",)), issued_by=names.get(d.issued_by, d.issued_by))
                 for d in IssuedDocument.select()
                 .where((IssuedDocument.pupil == pupil)
                        | IssuedDocument.request.in_([r["id"] for r in requests])
                        | IssuedDocument.placement.in_([p["id"] for p in placements]))
                 .order_by(IssuedDocument.issued_at)]

    access = [{"at": at, "user": names.get(username, username), "username": username,
               "action": act, "record": table or ""}
              for at, username, act, table in as_tuples(AuditEntry
              .select(AuditEntry.at, AuditEntry.username, AuditEntry.action, AuditEntry.table_name)
              .where(AuditEntry.pupil_id == pupil.id).order_by(AuditEntry.id))]

    return {
        "format": "flexidesk-subject-access/1",
        "generated_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "generated_by": actor.display_name or actor.username,
        "pupil": _plain(pupil),
        "adults": adults,
        "enrolments": enrolments,
        "family_contacts": contacts,
        "placements": placements,
        "flexi_requests": requests,
        "issued_documents": documents,
        "access_log": access,
        "subject_access_requests": [_plain(r) for r in SubjectAccessRequest.select()
                                    .where(SubjectAccessRequest.pupil == pupil)],
    }


@action("sar.export")
def record_export(actor: Actor, pupil_id: int, *, pdf_sha256: str, json_sha256: str,
                  request: SubjectAccessRequest | None = None,
                  completed_on: dt.date | None = None) -> None:
    """Audit a finished export (file hashes only), and complete the request it answers."""
    audit.record(actor.username, "export.subject_access", "pupil", pupil_id, pupil_id=pupil_id,
                 after={"pdf_sha256": pdf_sha256, "json_sha256": json_sha256,
                        "request_id": request.id if request else None})
    if request is not None and request.completed_on is None:
        update(actor, "sar.complete", request, completed_on=completed_on or dt.date.today())
