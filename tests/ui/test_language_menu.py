"""Choosing a language: each user's own interface language, and the school's letters."""

from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from flexidesk.policy.school.preferences import letter_language, user_language
from flexidesk.store.models import AuditEntry
from flexidesk.ui.language_menu import install_language_menus


def _window(qtbot):
    window = QMainWindow()
    window.menus = {key: QMenu(key, window) for key in ("view", "tools")}
    qtbot.addWidget(window)
    return window


def test_a_user_chooses_welsh_for_themselves(qtbot, pastoral, head, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    window = _window(qtbot)
    menus = install_language_menus(window, pastoral)
    assert [m.objectName() for m in menus] == ["languageMenu"]  # letters are the head's
    welsh = window.findChild(type(menus[0].actions()[0]), "language_cy")
    welsh.trigger()
    assert user_language(pastoral) == "cy"
    assert user_language(head) is None  # nobody else's language changed
    assert "next time you open it" in told[0]
    assert AuditEntry.select().where(AuditEntry.username == "pastoral").count() == 1


def test_the_head_sets_the_schools_letters_to_bilingual(qtbot, head):
    window = _window(qtbot)
    install_language_menus(window, head)
    assert letter_language() == "en"
    bilingual = window.findChild(type(window.menus["tools"].actions()[0]), "letters_cy_en")
    bilingual.trigger()
    assert letter_language() == "cy+en"
    assert bilingual.isChecked()
    assert "Bilingual" in window.statusBar().currentMessage()
