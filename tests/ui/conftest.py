"""Fixtures the window tests share: a small demo school, written once per module, and the
encrypted test school (``school_fixtures``), copied fresh for each test."""

import pytest

from flexidesk.store import close_database, open_database


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    """A small plain demo school, written once per test module."""
    from flexidesk import demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    demo.seed_demo(path, pupils=60, encrypted=False)
    close_database()
    return path


@pytest.fixture(scope="module")
def school_template(tmp_path_factory):
    """The encrypted test school, written once per module (scrypt makes it slow to write)."""
    from .school_fixtures import make_school

    return make_school(tmp_path_factory.mktemp("template") / "school.db")


@pytest.fixture
def school_copy(school_template, tmp_path):
    """A copy of the test school for one test, in its own data folder."""
    from .school_fixtures import copy_school

    return copy_school(school_template, tmp_path / "data" / "school.db")


@pytest.fixture
def opened(demo_path):
    """The demo school, open for one test."""
    database = open_database(demo_path)
    yield database
    database.close()


@pytest.fixture
def providers_tab(qtbot, pastoral):
    """The Providers tab with Hilltop chosen and Zara's placement selected: (tab, world)."""
    from flexidesk.ui.providers.tab import ProvidersTab
    from tests.ui.tab_data import make_providers, show

    world = make_providers(None)
    tab = show(qtbot, ProvidersTab(pastoral))
    tab.table.select_row(0)  # Hilltop: Zara's placement
    tree = tab.panel.placements
    tree.setCurrentItem(tree.topLevelItem(0))
    return tab, world
