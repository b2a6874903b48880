"""Promise 3: copying yesterday's files back is said, on screen and by ``check``; and when the
insider also removes or edits this computer's memory (it is in his own settings), FlexiDesk at
least does not say "ok" while other evidence of the lost work remains beside the school."""

import datetime as dt
import io
import json
import shutil

import pytest

from flexidesk.cli import main
from flexidesk.policy.records.signin import sign_in
from flexidesk.policy.school import staff
from flexidesk.store import close_database, seen
from flexidesk.store.keyslots import KeySlots
from tests.attacks.laptop.insider import BEN_PW, HEAD_PW, read_keyfile, run_check
from tests.clock import TODAY, travel_to

THREE = ("", ".keys", ".audit-head")


def _copy_aside(path, folder, suffixes=THREE):
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in suffixes:
        shutil.copy2(f"{path}{suffix}", folder / f"{path.name}{suffix}")


def _put_back(folder, path, suffixes=THREE):
    for suffix in suffixes:
        shutil.copy2(folder / f"{path.name}{suffix}", f"{path}{suffix}")


def _a_day_of_work(path, monkeypatch, capsys):
    """A day's work, ending as the window ends one: with a backup (which also refreshes the
    governors' report)."""
    with travel_to(TODAY + dt.timedelta(days=1)):
        _db, head = sign_in(path, "tbrook", HEAD_PW)
        staff.add_user(head, username="eve", display_name="Eve Hart", role="office",
                       password="copper lantern field")
        close_database()
        monkeypatch.setattr("sys.stdin", io.StringIO(HEAD_PW + "\n"))
        assert main(["backup", "--db", str(path), "--user", "tbrook", "--password-stdin"]) == 0
        capsys.readouterr()


def _memory_file(path):
    return seen.seen_path(read_keyfile(path)["school_id"])


@pytest.fixture
def seen_once(school_path):
    sign_in(school_path, "tbrook", HEAD_PW)
    close_database()
    return school_path


def test_the_three_files_put_back_are_said_at_sign_in_and_by_check(seen_once, tmp_path,
                                                                   monkeypatch, capsys):
    _copy_aside(seen_once, tmp_path / "aside")
    _a_day_of_work(seen_once, monkeypatch, capsys)
    _put_back(tmp_path / "aside", seen_once)
    database, _ben = sign_in(seen_once, "ben", BEN_PW)
    assert any("this computer saw it reach entry" in w for w in database.warnings)
    close_database()
    code, out = run_check(monkeypatch, capsys, seen_once)
    assert code == 1 and "This computer: BEHIND" in out


@pytest.mark.parametrize("only", [".keys", ""])
def test_one_file_put_back_alone_is_said_by_check(seen_once, tmp_path, only, monkeypatch,
                                                  capsys):
    _copy_aside(seen_once, tmp_path / "aside")
    _a_day_of_work(seen_once, monkeypatch, capsys)
    _put_back(tmp_path / "aside", seen_once, (only,))
    code, out = run_check(monkeypatch, capsys, seen_once)
    assert code == 1, out


def test_the_sealed_head_put_back_alone_is_said_by_check(seen_once, tmp_path, monkeypatch,
                                                         capsys):
    _copy_aside(seen_once, tmp_path / "aside")
    _a_day_of_work(seen_once, monkeypatch, capsys)
    _put_back(tmp_path / "aside", seen_once, (".audit-head",))
    code, out = run_check(monkeypatch, capsys, seen_once)
    assert code == 1, out


@pytest.mark.parametrize("memory", ["deleted", "edited back"])
def test_put_back_with_the_memory_gone_is_not_called_ok_while_the_day_s_backup_remains(
        seen_once, tmp_path, memory, monkeypatch, capsys):
    _copy_aside(seen_once, tmp_path / "aside")
    remembered_then = _memory_file(seen_once).read_text()
    _a_day_of_work(seen_once, monkeypatch, capsys)
    _put_back(tmp_path / "aside", seen_once)
    if memory == "deleted":
        _memory_file(seen_once).unlink()
    else:
        _memory_file(seen_once).write_text(remembered_then)
    code, out = run_check(monkeypatch, capsys, seen_once)
    assert code == 1, out
    database, _ben = sign_in(seen_once, "ben", BEN_PW)
    assert database.warnings
    close_database()


def test_a_second_computer_that_saw_the_school_says_so_too(seen_once, tmp_path, monkeypatch,
                                                          capsys):
    # The Headteacher's own computer account (another settings folder) saw the day's work.
    _copy_aside(seen_once, tmp_path / "aside")
    second = tmp_path / "second-computer"
    monkeypatch.setenv("FLEXIDESK_HOME", str(second))
    _a_day_of_work(seen_once, monkeypatch, capsys)
    monkeypatch.setenv("FLEXIDESK_HOME", str(tmp_path / "home"))
    _put_back(tmp_path / "aside", seen_once)
    _memory_file(seen_once).unlink()  # the insider wipes the memory of his own account
    monkeypatch.setenv("FLEXIDESK_HOME", str(second))
    code, out = run_check(monkeypatch, capsys, seen_once)
    assert code == 1 and "This computer: BEHIND" in out
    assert json.loads(KeySlots.load(seen_once).path.read_text())["roster"]


@pytest.mark.parametrize("school_id", ["0123456789abcdef0123456789abcdef", "../../elsewhere"])
def test_put_back_under_another_school_id_is_not_a_new_school(seen_once, tmp_path, school_id,
                                                              monkeypatch, capsys):
    # This computer's memory is named by the key file's school id: the insider changes it, so
    # that the memory of this school is never found.
    _copy_aside(seen_once, tmp_path / "aside")
    _a_day_of_work(seen_once, monkeypatch, capsys)
    _put_back(tmp_path / "aside", seen_once)
    from tests.attacks.laptop.insider import edit_keyfile

    edit_keyfile(seen_once, lambda d: d.update(school_id=school_id))
    database, _head = sign_in(seen_once, "tbrook", HEAD_PW)
    assert database.warnings
    close_database()
    code, out = run_check(monkeypatch, capsys, seen_once)
    assert code == 1, out
