"""Recording issued documents: hash and params kept, audited, refused for roles without the right."""

import datetime as dt
import hashlib
import json

import pytest

from flexidesk.policy.records import documents
from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.store.models import AuditEntry, IssuedDocument, Pupil
from tests.engines import acting_as

PDF = b"%PDF-1.4 a fictional letter"


@pytest.fixture
def pupil(school):
    return Pupil.create(upn="T000000000009", legal_first_name="Marigold", legal_last_name="Pike",
                        date_of_birth=dt.date(2017, 5, 1), year_group=4,
                        on_roll_date=dt.date(2021, 9, 1))


def test_record_issue_stores_hash_params_and_audit(head, pupil):
    params = {"kind": "test", "letter_date": "2026-11-27", "child": "Marigold"}
    doc = documents.record_issue(head, "test", "A letter", PDF, params,
                                 document_date=dt.date(2026, 11, 27), pupil_id=pupil.id)
    saved = IssuedDocument.get_by_id(doc.id)
    assert saved.sha256 == hashlib.sha256(PDF).hexdigest()
    assert json.loads(saved.params) == params
    assert saved.issued_by == "head"
    assert saved.pupil_id == pupil.id
    assert saved.document_date == dt.date(2026, 11, 27)
    entry = AuditEntry.select().where(AuditEntry.action == "document.issue").get()
    assert entry.record_id == doc.id and entry.pupil_id == pupil.id and entry.username == "head"


def test_record_issue_refused_for_governor_and_office(governor, office, pupil):
    for actor in (governor, office):
        with pytest.raises(PermissionDenied):
            documents.record_issue(actor, "test", "A letter", PDF, {},
                                   document_date=dt.date(2026, 11, 27), pupil_id=pupil.id)
    assert IssuedDocument.select().count() == 0
    assert AuditEntry.select().where(AuditEntry.action == "document.issue").count() == 0


def test_empty_pdf_is_refused_plainly(head, pupil):
    with pytest.raises(PolicyError, match="empty"):
        documents.record_issue(head, "test", "A letter", b"", {},
                               document_date=dt.date(2026, 11, 27), pupil_id=pupil.id)


def test_reprint_is_audited_and_checked_against_the_hash(head, office, governor, pupil):
    doc = documents.record_issue(head, "test", "A letter", PDF, {},
                                 document_date=dt.date(2026, 11, 27), pupil_id=pupil.id)
    with acting_as("office"):
        documents.reprinted(office, doc.id, PDF)
    entry = AuditEntry.select().where(AuditEntry.action == "document.print").get()
    assert entry.username == "office" and entry.record_id == doc.id
    assert entry.pupil_id == pupil.id
    with pytest.raises(PolicyError, match="would not match"):
        documents.reprinted(head, doc.id, PDF + b" changed")
    with pytest.raises(PermissionDenied):
        documents.reprinted(governor, doc.id)
    assert AuditEntry.select().where(AuditEntry.action == "document.print").count() == 1
