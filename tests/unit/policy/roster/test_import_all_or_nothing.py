"""The pupil import is one transaction: a disk that fills half-way through leaves nothing written."""

import sqlite3

import pytest

from flexidesk.store import audit
from flexidesk.store.errors import DiskFull
from flexidesk.store.models import AuditEntry, Pupil
from tests.unit.policy.roster.test_pupils import TODAY, csv_bytes, make_upn, parsed


def _disk_full(*_args, **_kwargs):
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorname = "SQLITE_FULL"
    raise full


def test_a_disk_that_fills_mid_import_leaves_the_roll_and_the_log_as_they_were(head,
                                                                              monkeypatch):
    from flexidesk.policy.roster.pupils import import_pupils

    first = csv_bytes(*(f"{make_upn(n)},Ashby,Child{n},2019-02-03,Year 2,2B" for n in range(1, 4)))
    import_pupils(head, parsed(first), TODAY)
    roll = sorted(Pupil.select(Pupil.upn, Pupil.year_group, Pupil.left_date).tuples())
    log = AuditEntry.select().count()
    # The second export adds 40, moves one child up a year and leaves one out (left): every
    # kind of write has happened when the disk fills, at the last step (the audit rows).
    second = csv_bytes(f"{make_upn(1)},Ashby,Child1,2019-02-03,Year 3,3B",
                       f"{make_upn(2)},Ashby,Child2,2019-02-03,Year 2,2B",
                       *(f"{make_upn(n)},Birch,New{n},2019-02-03,Year 1,1A"
                         for n in range(10, 50)))
    monkeypatch.setattr(audit, "record_many", _disk_full)
    with pytest.raises(DiskFull, match="nothing already saved is lost"):
        import_pupils(head, parsed(second), TODAY)
    assert sorted(Pupil.select(Pupil.upn, Pupil.year_group, Pupil.left_date).tuples()) == roll
    assert AuditEntry.select().count() == log
    assert audit.verify_chain().ok
