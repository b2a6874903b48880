"""The school's details: only the Headteacher edits them, each change is audited, and the
next letter prints them."""

import dataclasses
import datetime as dt
import io
import json

import pytest

from flexidesk.documents.render import build_params, render
from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.policy.school.profile import details, set_logo, update_details
from flexidesk.store.models import AuditEntry, School
from tests.unit.documents import flexi_data as fd
from tests.unit.documents.flexi_data import pdf_text


def _png(size=(2400, 1200)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", size, (20, 60, 120, 255)).save(out, "PNG")
    return out.getvalue()


def _last_audit():
    return AuditEntry.select().order_by(AuditEntry.id.desc()).first()


def test_the_next_letter_prints_the_new_name_and_signatory(head):
    fd.dress_school()
    pupil, mum, dad = fd.family()
    request = fd.declined_request(head, pupil, [mum, dad])
    changed = dataclasses.replace(details(), name="Kestrel Vale Primary",
                                  letter_signatory="Mrs Imogen Farrow",
                                  signatory_title="Acting Headteacher",
                                  phone="01632 960 999")
    update_details(head, changed)
    entry = _last_audit()
    assert (entry.action, entry.username) == ("school.edit", "head")
    assert json.loads(entry.before)["name"] == "Brookfield Test Primary"
    assert json.loads(entry.after)["letter_signatory"] == "Mrs Imogen Farrow"
    params = build_params(head, "flexi_decision", request_id=request.id,
                          letter_date=dt.date(2026, 11, 20))
    text = pdf_text(render("flexi_decision", params))
    assert "Kestrel Vale Primary" in text and "Brookfield Test Primary" not in text
    assert "01632 960 999" in text
    # The new signatory signs the school's letters; the Head's own decision the Head signs.
    assert params["school"]["signatory"] == "Mrs Imogen Farrow"
    assert params["school"]["signatory_title"] == "Acting Headteacher"
    assert "Yours sincerely, Ms Ada Quill Headteacher" in text and "Imogen" not in text


def test_only_the_headteacher_edits_the_details(pastoral, office):
    for actor in (pastoral, office):
        with pytest.raises(PermissionDenied):
            update_details(actor, dataclasses.replace(details(), name="Taken Over Primary"))
    assert School.get().name == "Brookfield Test Primary"


@pytest.mark.parametrize("change, message", [
    (dict(name=""), "school's name is needed"),
    (dict(name="x" * 5000), "too long"),
    (dict(letter_signatory="Ms Ada\nQuill"), "one line"),
    (dict(email="office at school"), "@"),
    (dict(nation="FRA"), "England, Wales"),
    (dict(address="\n".join(["a line"] * 9)), "six lines"),
])
def test_nonsense_details_are_refused_and_nothing_changes(head, change, message):
    before = AuditEntry.select().count()
    with pytest.raises(PolicyError, match=message):
        update_details(head, dataclasses.replace(details(), **change))
    assert School.get().name == "Brookfield Test Primary"
    assert AuditEntry.select().count() == before


def test_a_logo_is_stored_at_print_size_and_audited_by_fingerprint(head):
    from PIL import Image

    assert set_logo(head, _png()) is True
    with Image.open(io.BytesIO(School.get().logo)) as image:
        assert image.format == "JPEG" and max(image.size) == 600
    entry = _last_audit()
    assert entry.action == "school.logo" and len(entry.after) < 100
    with pytest.raises(PolicyError, match="not a picture"):
        set_logo(head, b"<html>not a logo</html>")
    assert School.get().logo is not None  # the old logo stays
    assert set_logo(head, None) is False and School.get().logo is None
