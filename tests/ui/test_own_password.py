"""Tools > Change my password: typed as a person would, refused with the reason, then saved."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from flexidesk.policy.records.signin import SignInFailed, sign_in
from flexidesk.store import close_database
from flexidesk.ui.admin_menus import install_menus
from flexidesk.ui.dialogs.own_password import OwnPasswordDialog
from flexidesk.ui.reports.governors_window import window_for

from .modal import Modal
from .school_fixtures import PASSWORD, copy_school, make_school


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_school(tmp_path_factory.mktemp("template") / "school.db")


@pytest.fixture
def school(template, tmp_path):
    return copy_school(template, tmp_path / "data" / "school.db")


def _type(qtbot, dialog, current, new, again=None):
    for box, text in ((dialog.current, current), (dialog.new, new),
                      (dialog.again, new if again is None else again)):
        box.clear()
        qtbot.keyClicks(box, text)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("username", ["clind", "dokafor"])  # staff, and a governor
def test_change_my_password_from_the_tools_menu(qtbot, school, username):
    database, actor = sign_in(school, username, PASSWORD)
    window = window_for(actor, database)
    qtbot.addWidget(window)
    install_menus(window, actor, database)
    entry = window.findChild(QAction, "ownPasswordAction")
    assert entry is not None and window.findChild(QAction, "publishGovernorsAction") is None

    def weak_then_good(dialog):
        assert isinstance(dialog, OwnPasswordDialog)
        _type(qtbot, dialog, PASSWORD, "Password1!")
        assert "capitals, digits or symbols added" in dialog.error_label.text()
        assert dialog.isVisible()
        _type(qtbot, dialog, "not my password", "sunlit harbour bells")
        assert "not right" in dialog.error_label.text()
        _type(qtbot, dialog, PASSWORD, "sunlit harbour bells")
        assert not dialog.isVisible()

    modal = Modal(qtbot)
    modal.expect(weak_then_good)
    try:
        entry.trigger()
    finally:
        modal._timer.stop()
    if modal.errors:
        raise modal.errors[0]
    close_database()
    with pytest.raises(SignInFailed):
        sign_in(school, username, PASSWORD)
    _opened, again = sign_in(school, username, "sunlit harbour bells")
    assert again.role == actor.role
