"""export-calendar: an RFC 5545 file parsed back with icalendar; stable UIDs, no child's name."""

import datetime as dt

from icalendar import Calendar

from flexidesk.store import close_database, open_database
from flexidesk.store.models import (
    AuditEntry,
    DueDiligenceItem,
    Enrolment,
    FlexiMeeting,
    FlexiRequest,
    Intervention,
    Provider,
    Pupil,
)
from tests.clock import TODAY
from tests.unit.commands import test_backup_restore_check as test_admin
from tests.unit.commands.test_backup_restore_check import as_user, run

school_db = test_admin.school_db  # the same encrypted school as the other admin commands



def _diary(db_path, key):
    open_database(db_path, key)
    pupil = Pupil.create(upn="C000000000001", legal_first_name="Marigold",
                         legal_last_name="Thackeray", date_of_birth=dt.date(2018, 1, 9),
                         year_group=3, on_roll_date=dt.date(2022, 9, 1))
    lego = Intervention.create(name="Lego Therapy")
    secret = Intervention.create(name="Counselling", confidential=True)
    Enrolment.create(pupil=pupil, intervention=lego, start_date=TODAY - dt.timedelta(days=30),
                     next_review_date=TODAY + dt.timedelta(days=5))
    Enrolment.create(pupil=pupil, intervention=secret, start_date=TODAY - dt.timedelta(days=30),
                     next_review_date=TODAY + dt.timedelta(days=6))
    request = FlexiRequest.create(pupil=pupil, received_on=TODAY, stage="meeting_arranged")
    FlexiMeeting.create(request=request, meeting_date=TODAY + dt.timedelta(days=2),
                        meeting_time=dt.time(15, 30), place="Headteacher's office")
    held = FlexiRequest.create(pupil=pupil, received_on=TODAY - dt.timedelta(days=9),
                               stage="meeting_held")
    FlexiMeeting.create(request=held, meeting_date=TODAY - dt.timedelta(days=1), held=True)
    farm = Provider.create(name="Thistle Farm Learning")
    DueDiligenceItem.create(provider=farm, item="insurance", status="held",
                            expires_on=TODAY + dt.timedelta(days=40))
    close_database()


def _export(monkeypatch, capsys, db_path, out, user="head", password="head-pw"):
    return run(monkeypatch, capsys, ["export-calendar", str(out), "--db", str(db_path),
                                     *as_user(user)], password)


def _events(path):
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_export_calendar_writes_events_parsed_back(school_db, monkeypatch, capsys, tmp_path):
    db_path, key = school_db
    _diary(db_path, key)
    out = tmp_path / "diary.ics"
    code, said, err = _export(monkeypatch, capsys, db_path, out)
    assert code == 0, err
    assert "5 events written" in said
    events = _events(out)
    summaries = {str(e["summary"]) for e in events.values()}
    assert "Flexi-schooling meeting: M.T., Year 3" in summaries
    assert "Review Lego Therapy: M.T., Year 3" in summaries
    assert "Flexi decision due: M.T., Year 3" in summaries
    assert "Insurance certificates expires: Thistle Farm Learning" in summaries
    meeting = next(e for e in events.values() if "meeting" in str(e["summary"]))
    start = meeting.decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (15, 30, "Europe/London")
    review = next(e for e in events.values() if "Lego" in str(e["summary"]))
    assert review.decoded("dtstart") == TODAY + dt.timedelta(days=5)  # an all-day entry
    # Calendars sync to phones: no child's name, in any part of the file.
    text = out.read_bytes()
    assert b"Marigold" not in text and b"Thackeray" not in text
    # Exporting again gives the same UIDs, so a re-import updates instead of duplicating.
    again = tmp_path / "again.ics"
    assert _export(monkeypatch, capsys, db_path, again)[0] == 0
    assert set(_events(again)) == set(events)
    open_database(db_path, key)
    assert AuditEntry.select().where(AuditEntry.action == "calendar.export").count() == 2
    close_database()


def test_office_calendar_has_no_provision_reviews_and_governor_gets_none(
        school_db, monkeypatch, capsys, tmp_path):
    db_path, key = school_db
    _diary(db_path, key)
    out = tmp_path / "office.ics"
    assert _export(monkeypatch, capsys, db_path, out, "office", "office-pw")[0] == 0
    summaries = {str(e["summary"]) for e in _events(out).values()}
    assert not any(s.startswith("Review ") for s in summaries)
    assert any("meeting" in s for s in summaries)
    code, _out, err = _export(monkeypatch, capsys, db_path, tmp_path / "gov.ics", "governor",
                              "gov-pw")
    assert code == 2 and "governors' report only" in err and not (tmp_path / "gov.ics").exists()


def test_head_calendar_keeps_confidential_provision(school_db, monkeypatch, capsys, tmp_path):
    db_path, key = school_db
    _diary(db_path, key)
    out = tmp_path / "head.ics"
    assert _export(monkeypatch, capsys, db_path, out)[0] == 0
    assert any("Counselling" in str(e["summary"]) for e in _events(out).values())


def test_no_address_or_adults_name_leaves_in_an_event_and_the_file_is_owner_only(
        school_db, monkeypatch, capsys, tmp_path):
    db_path, key = school_db
    _diary(db_path, key)
    open_database(db_path, key)
    meeting = FlexiMeeting.get(FlexiMeeting.held == False)  # noqa: E712
    meeting.place = "Home visit: Mrs Juno Hollis, 4 Kestrel Row, Millbridge MB2 7QT"
    meeting.save()
    close_database()
    out = tmp_path / "diary.ics"
    out.write_text("an older export anyone could read")
    out.chmod(0o644)
    code, _said, err = _export(monkeypatch, capsys, db_path, out)
    assert code == 0, err
    text = out.read_bytes()
    for private in (b"Juno", b"Hollis", b"Kestrel", b"MB2", b"LOCATION"):
        assert private not in text
    event = next(e for e in _events(out).values() if "meeting" in str(e["summary"]))
    assert str(event["description"]) == "Where it is held is recorded in FlexiDesk."
    assert out.stat().st_mode & 0o777 == 0o600  # children's data: as backups are
