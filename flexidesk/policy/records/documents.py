"""The record of every document the school issues: what, when, by whom, and a hash of the PDF.

Rendering lives in ``flexidesk.documents`` (policy may not import it). Every document takes
one way out: the window renders it, shows the preview, and each print or save made there is
recorded here (``record_copy``); a letter with an Issue step is recorded as issued when the
user presses Issue (``record_issue``). The parameters are kept as JSON so a reprint rebuilds
the very same PDF, whose hash then matches the one stored at issue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, PolicyError, action, create
from flexidesk.store import audit
from flexidesk.store.models import FlexiRequest, IssuedDocument, Placement, Pupil


def pdf_sha256(pdf: bytes) -> str:
    """The hex SHA-256 of a PDF's bytes, as stored on the issued-document record."""
    return hashlib.sha256(pdf).hexdigest()


def params_json(params: dict) -> str:
    """The stored form of a document's parameters: stable key order, so equal params match."""
    try:
        return json.dumps(params, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        # A programming slip (a date object left in the params), not the user's fault.
        raise ValueError(f"document params are not JSON-serialisable: {exc}") from exc


def _pupil_of(pupil_id, request_id, placement_id) -> int | None:
    """The child a document is about, taken from whichever record it belongs to."""
    if pupil_id is not None:
        if Pupil.get_or_none(Pupil.id == pupil_id) is None:
            raise PolicyError(_("The child this document is about could not be found."))
        return pupil_id
    if request_id is not None:
        request = FlexiRequest.get_or_none(FlexiRequest.id == request_id)
        return request.pupil_id if request else None
    if placement_id is not None:
        placement = Placement.get_or_none(Placement.id == placement_id)
        return placement.pupil_id if placement else None
    return None


#: Documents with no Issue step of their own: the first copy that leaves FlexiDesk (printed,
#: or saved as a file) is their issue. Every other kind is issued by its own action.
ISSUED_BY_COPY = frozenset({"ap_placement_agreement", "ap_feedback_letter", "ap_register"})

#: How a copy leaves FlexiDesk, and the audit action that records it.
COPY_ACTIONS = {"print": "document.print", "save": "document.save"}


@dataclass(frozen=True)
class Paper:
    """A document rendered and shown in the preview: what it is, its bytes, and whose it is."""

    kind: str
    title: str
    pdf: bytes = field(repr=False)
    params: dict
    document_date: dt.date
    pupil_id: int | None = None
    request_id: int | None = None
    placement_id: int | None = None


@action("document.issue")
def record_issue(actor: Actor, kind: str, title: str, pdf: bytes, params: dict, *,
                 document_date: dt.date, pupil_id: int | None = None,
                 request_id: int | None = None,
                 placement_id: int | None = None) -> IssuedDocument:
    """Record that a document was issued: its hash, the params to rebuild it, and an audit row."""
    return _issue(actor, Paper(kind, title, pdf, params, document_date, pupil_id, request_id,
                               placement_id))


def _issue(actor: Actor, paper: Paper) -> IssuedDocument:
    """The issued record and its audit row (inside an action that checked the role)."""
    kind, title, pdf, params = paper.kind, paper.title, paper.pdf, paper.params
    document_date = paper.document_date
    request_id, placement_id = paper.request_id, paper.placement_id
    if not pdf:
        raise PolicyError(_("The document is empty, so it cannot be issued. Please preview it "
                            "again."))
    if not (title or "").strip():
        raise PolicyError(_("The document needs a title before it is issued."))
    if request_id is not None and FlexiRequest.get_or_none(FlexiRequest.id == request_id) is None:
        raise PolicyError(_("The request this document belongs to could not be found."))
    if placement_id is not None and Placement.get_or_none(Placement.id == placement_id) is None:
        raise PolicyError(_("The placement this document belongs to could not be found."))
    child = _pupil_of(paper.pupil_id, request_id, placement_id)
    return create(actor, "document.issue", IssuedDocument, pupil_id=child, kind=kind,
                  title=title.strip(), pupil=child, request=request_id,
                  placement=placement_id, document_date=document_date,
                  issued_by=actor.username, sha256=pdf_sha256(pdf),
                  params=params_json(params))


@action("document.print")
def record_copy(actor: Actor, paper: Paper, how: str, *, path: str = "") -> IssuedDocument | None:
    """Record that a copy of ``paper`` left FlexiDesk: printed, or saved as a PDF file.

    A kind in ISSUED_BY_COPY is issued by its first copy: one IssuedDocument for identical
    bytes, and each copy an audit row against it (returned). Any other kind is still waiting
    for its Issue button: the copy is an audit row for the child carrying the PDF's hash,
    which the issued record carries too if it is issued (None is returned). Call it once
    the copy exists: a print whose dialog was cancelled is no copy, and records nothing.
    """
    if how not in COPY_ACTIONS:
        raise ValueError(f"not a way out of FlexiDesk: {how}")
    sha = pdf_sha256(paper.pdf)
    after: dict[str, str | bool] = {"kind": paper.kind, "sha256": sha}
    if path:
        after["file"] = path
    document = None
    if paper.kind in ISSUED_BY_COPY:
        document = (IssuedDocument.select().where(
            (IssuedDocument.kind == paper.kind) & (IssuedDocument.sha256 == sha)
            & (IssuedDocument.placement == paper.placement_id)
            & (IssuedDocument.pupil == _pupil_of(paper.pupil_id, None, paper.placement_id)))
            .first()) or _issue(actor, paper)
        pupil_id = document.pupil_id
    else:
        if not paper.pdf:
            raise PolicyError(_("The document is empty. Please preview it again."))
        pupil_id = _pupil_of(paper.pupil_id, paper.request_id, paper.placement_id)
        after["issued"] = False
    audit.record(actor.username, COPY_ACTIONS[how], IssuedDocument._meta.table_name,
                 document.id if document else None, pupil_id=pupil_id, after=after)
    return document


@action("document.print")
def reprinted(actor: Actor, issued_id: int, pdf: bytes | None = None) -> IssuedDocument:
    """Audit a reprint of an issued document; with the rebuilt PDF, check it matches the original.

    The hash check guards the promise that a reprint is the document the family received.
    """
    document = IssuedDocument.get_or_none(IssuedDocument.id == issued_id)
    if document is None:
        raise PolicyError(_("This document could not be found. It may have been removed."))
    if pdf is not None and pdf_sha256(pdf) != document.sha256:
        raise PolicyError(_("The reprint would not match the document that was issued, so it "
                            "was stopped. Please tell the person who looks after FlexiDesk."))
    audit.record(actor.username, "document.print", IssuedDocument._meta.table_name, document.id,
                 pupil_id=document.pupil_id,
                 after={"kind": document.kind, "sha256": document.sha256})
    return document
