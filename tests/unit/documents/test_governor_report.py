"""The governors' report on paper: the anonymised tables, no child named."""

import io

from pypdf import PdfReader

from flexidesk.documents.governor_report import render_report
from flexidesk.policy.reports import anonymised_report
from tests.rights_data import child_with_records


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_governors_report_pdf_names_no_child(governor, school, today):
    child_with_records()
    text = " ".join(_text(render_report(anonymised_report(governor, today))).split())
    assert "Reports for governors" in text and "fewer than 3" in text
    assert "Lego Therapy" in text and "Riverside Farm Learning" in text
    for personal in ("Tamsin", "Fernleigh", "A123456789012", "4 May 2017"):
        assert personal not in text


def test_governors_report_prints_the_audit_logs_fingerprint(governor, school, today):
    from flexidesk.store.audit_head import fingerprint, last_link
    from flexidesk.store.database import db

    child_with_records()
    expected = fingerprint(last_link(db.connection()))  # what `flexidesk check` prints
    text = " ".join(_text(render_report(anonymised_report(governor, today))).split())
    assert f"Audit log at printing: entry {expected}" in text
