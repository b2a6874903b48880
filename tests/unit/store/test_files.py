"""Files beside the database: written whole, owner-only, and never through a shared temporary."""

import threading

from flexidesk.store.files import atomic_write


def test_two_writers_of_one_file_never_trip_over_each_others_temporary_file(tmp_path):
    target = tmp_path / "school.db.audit-head"
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            for n in range(300):
                atomic_write(target, f"{name} {n}")
        except BaseException as exc:  # noqa: B036 - any failure is what the test looks for
            errors.append(exc)

    writers = [threading.Thread(target=write, args=(name,)) for name in ("window", "import")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert errors == []
    assert target.read_text() in ("window 299", "import 299")
    assert [p.name for p in tmp_path.iterdir()] == ["school.db.audit-head"]  # no temporaries


def test_a_file_written_over_one_anyone_could_read_is_owner_only(tmp_path):
    target = tmp_path / "calendar.ics"
    target.write_text("old")
    target.chmod(0o644)
    atomic_write(target, b"BEGIN:VCALENDAR")
    assert target.read_bytes() == b"BEGIN:VCALENDAR"
    assert target.stat().st_mode & 0o777 == 0o600
