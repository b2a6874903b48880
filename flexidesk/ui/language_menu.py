"""View > Language (each user's own) and Tools > Letters to families (the school's choice)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from flexidesk.i18n import _, current_locale
from flexidesk.policy.records.access import Actor, PolicyError, can
from flexidesk.policy.school.preferences import (
    LANGUAGES,
    LETTER_LANGUAGES,
    letter_language,
    set_letter_language,
    set_user_language,
    user_language,
)


def _choices(menu: QMenu, window: QMainWindow, name: str, options: dict[str, str],
             current: str, choose) -> QActionGroup:
    """One checkable, exclusive action per option; choosing one calls ``choose(code)``."""
    group = QActionGroup(window)
    group.setExclusive(True)
    for code, label in options.items():
        act = QAction(_(label), window)
        act.setObjectName(f"{name}_{code.replace('+', '_')}")
        act.setCheckable(True)
        act.setChecked(code == current)
        act.triggered.connect(lambda _checked=False, c=code: choose(c))
        group.addAction(act)
        menu.addAction(act)
    return group


def _saved(window: QMainWindow, policy_action, actor: Actor, code: str) -> bool:
    """Run the policy action; a refusal is shown, and False returned."""
    try:
        policy_action(actor, code)
    except PolicyError as refusal:
        QMessageBox.warning(window, _("FlexiDesk"), str(refusal))
        return False
    return True


def install_language_menus(window: QMainWindow, actor: Actor) -> list[QMenu]:
    """Add the language choices to ``window.menus`` (only those the role may change)."""
    added = []
    language = _("&Language")
    # The session's window (a QMainWindow to the type checker) is a MainWindow, with menus.
    interface = window.menus["view"].addMenu(language)  # type: ignore[attr-defined]
    interface.setObjectName("languageMenu")
    mine = user_language(actor) or current_locale().split("_")[0]

    def choose_interface(code: str) -> None:
        if not _saved(window, set_user_language, actor, code):
            return
        QMessageBox.information(window, _("FlexiDesk"), _(
            "FlexiDesk will be in {language} from the next time you open it.").format(
                language=_(LANGUAGES[code])))

    _choices(interface, window, "language", LANGUAGES, mine, choose_interface)
    added.append(interface)
    if can(actor, "school.edit"):
        letters = window.menus["tools"].addMenu(  # type: ignore[attr-defined]  # as above
            _("Letters to &families in"))
        letters.setObjectName("letterLanguageMenu")

        def choose_letters(code: str) -> None:
            if not _saved(window, set_letter_language, actor, code):
                return
            window.statusBar().showMessage(_("New letters will be written in: {language}.")
                                           .format(language=_(LETTER_LANGUAGES[code])), 8000)

        _choices(letters, window, "letters", LETTER_LANGUAGES, letter_language(), choose_letters)
        added.append(letters)
    return added
