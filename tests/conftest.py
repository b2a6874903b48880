"""Shared fixtures: Qt offscreen, a fresh database per test, a school with staff."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402

import pytest  # noqa: E402

from flexidesk.i18n import set_locale  # noqa: E402
from flexidesk.policy.records.access import Actor  # noqa: E402
from flexidesk.store import close_database, open_database  # noqa: E402
from flexidesk.store.models import School, StaffUser  # noqa: E402
from tests.clock import TODAY, travel_to  # noqa: E402


@pytest.fixture(autouse=True)
def _fixed_today():
    """Every test runs on the same ordinary school day (``tests/clock.py``), never the real one."""
    with travel_to(TODAY):
        yield


@pytest.fixture(autouse=True)
def _no_dialog_left_unanswered(request):
    """A window test whose dialog nobody answers fails, naming the dialog, instead of hanging.

    A modal dialog still open 20 seconds after it appeared (a confirmation that a test did not
    expect, say) is closed and the test fails. Tests answer their own dialogs within
    milliseconds; this only ends what would otherwise wait for ever.
    """
    if "qtbot" not in request.fixturenames:
        yield
        return
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tests.ui.modal import describe

    request.getfixturevalue("qapp")
    opened: dict[int, float] = {}
    stuck: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        first = opened.setdefault(id(dialog), time.monotonic())
        if time.monotonic() - first > 20:
            stuck.append(describe(dialog))
            dialog.close()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(250)
    yield
    timer.stop()
    if stuck:
        pytest.fail("a dialog opened that nothing answered: " + "; ".join(stuck))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Keep every test's data folder and locale to itself."""
    monkeypatch.setenv("FLEXIDESK_HOME", str(tmp_path / "home"))
    set_locale("en_GB")
    yield
    close_database()


@pytest.fixture
def database(tmp_path):
    """A fresh, migrated, plain database bound to the models."""
    database = open_database(tmp_path / "test.db", create=True)
    yield database
    database.close()


@pytest.fixture
def school(database):
    """A fictional school in England with one user of each role."""
    school = School.create(name="Brookfield Test Primary", headteacher_name="Ms Ada Quill",
                           address="1 Orchard Lane\nMillbridge", postcode="MB1 2CD",
                           nation="ENG", letter_signatory="Ms Ada Quill")
    for username, name, role in (("head", "Ada Quill", "headteacher"),
                                 ("pastoral", "Ben Marsh", "pastoral_lead"),
                                 ("office", "Cara Lind", "office"),
                                 ("governor", "Dev Okafor", "governor")):
        StaffUser.create(username=username, display_name=name, role=role)
    return school


def _actor(username):
    user = StaffUser.get(StaffUser.username == username)
    return Actor.from_user(user)


@pytest.fixture
def head(school):
    return _actor("head")


@pytest.fixture
def pastoral(school):
    return _actor("pastoral")


@pytest.fixture
def office(school):
    return _actor("office")


@pytest.fixture
def governor(school):
    return _actor("governor")


@pytest.fixture
def today():
    return dt.date(2026, 11, 27)
