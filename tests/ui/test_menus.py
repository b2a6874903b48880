"""The window as FlexiDesk builds it: each menu's Alt letters its own, Lock now before Quit,
the Help menu in Welsh, and a title that names FlexiDesk once."""

import pytest
import shiboken6

from flexidesk.i18n import current_locale, set_locale
from flexidesk.ui.admin_menus import install_menus
from flexidesk.ui.backup_tasks import install_backup_menu
from flexidesk.ui.language_menu import install_language_menus

from .school_fixtures import make_school, start_session
from .test_accessibility import clashing_mnemonics, mnemonic


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_school(tmp_path_factory.mktemp("template") / "school.db")


@pytest.fixture(params=["en_GB", "cy_GB"])
def built(request, qtbot, template, tmp_path):
    """The head's window with every menu FlexiDesk adds to it, in English or Welsh."""
    set_locale(request.param)
    session = start_session(template, tmp_path / "data" / "school.db")
    window, database, actor = session.window, session.database, session.actor
    install_menus(window, actor)
    install_language_menus(window, actor)
    install_backup_menu(window, lambda: (database, actor))
    window.show()
    yield window
    session.idle.stop()
    if shiboken6.isValid(window):
        window.close()
        window.deleteLater()


def test_each_menu_gives_each_entry_its_own_alt_letter(built):
    clashes = []
    for name, menu in built.menus.items():
        claims: dict[str, list[str]] = {}
        for action in menu.actions():
            if not action.isSeparator() and (key := mnemonic(action.text())) is not None:
                claims.setdefault(key, []).append(action.text())
        clashes += [f"{name}: Alt+{key} {texts}" for key, texts in claims.items()
                    if len(texts) > 1]
    assert not clashes


def test_the_menus_and_tabs_claim_no_letter_twice(built):
    for index in range(built.tabs.count()):
        built.tabs.setCurrentIndex(index)
        assert not clashing_mnemonics(built)


def test_lock_now_comes_just_before_quit(built):
    names = [a.objectName() for a in built.menus["file"].actions()]
    assert names[-2:] == ["lockAction", "quitAction"]


def test_the_help_menu_speaks_the_interface_language(built):
    title = built.menus["help"].title().replace("&", "")
    assert title == {"en_GB": "Help", "cy_GB": "Cymorth"}[current_locale()]


def test_the_title_names_flexidesk_once(built, qapp):
    """Qt writes the application's name after the title (" — FlexiDesk") unless the title
    already ends with it; either way FlexiDesk is named once."""
    title = built.windowTitle()
    shown = title if title.endswith("FlexiDesk") else f"{title} — FlexiDesk"
    assert shown.count("FlexiDesk") == 1 and "Larkspur Test Primary" in shown


def test_the_tabs_read_as_written_in_each_language(built):
    """The Providers tab is 'Darparwyr' in Welsh: no mutation with nothing to cause it."""
    tabs = [built.tabs.tabText(i).replace("&", "") for i in range(built.tabs.count())]
    assert tabs == {"en_GB": ["Today", "Provision map", "Providers", "Flexi requests"],
                    "cy_GB": ["Heddiw", "Map darpariaeth", "Darparwyr",
                              "Ceisiadau addysg hyblyg"]}[current_locale()]
