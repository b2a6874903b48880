"""Fixtures the window tests share: a small demo school, written once per module."""

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


@pytest.fixture
def opened(demo_path):
    """The demo school, open for one test."""
    database = open_database(demo_path)
    yield database
    database.close()
