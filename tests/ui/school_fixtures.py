"""An encrypted test school with one account per role and a child with an unusual name."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QPlainTextEdit, QTextEdit

from flexidesk.policy.records import access
from flexidesk.policy.records.access import action
from flexidesk.policy.school import staff
from flexidesk.policy.school.setup import NewSchool, create_school
from flexidesk.store import close_database
from flexidesk.store.models import Pupil

PASSWORD = "orchard lantern 42"
CHILD = ("Zephyrine", "Quillanthrope")
STAFF = (("bmarsh", "Ben Marsh", "pastoral_lead"), ("clind", "Cara Lind", "office"),
         ("dokafor", "Dev Okafor", "governor"))


@action("pupil.edit")
def _add_child(actor, first: str, last: str):
    return access.create(actor, "pupil.add", Pupil, upn="Z801200000001", legal_first_name=first,
                         legal_last_name=last, date_of_birth="2019-03-04", year_group=2,
                         class_name="Rowan", on_roll_date="2023-09-04")


def make_school(path: Path, *, demo: bool = False) -> Path:
    """Create the school at ``path`` (head 'whollis'), add staff and the child, close it."""
    database, head, _recovery = create_school(path, NewSchool(
        "Larkspur Test Primary", "Ms Wren Hollis", "ENG", "whollis", PASSWORD, PASSWORD),
        demo=demo)
    for username, display, role in STAFF:
        staff.add_user(head, username=username, display_name=display, role=role,
                       password=PASSWORD)
    _add_child(head, *CHILD)
    database.close()
    close_database()
    return path


def copy_school(template: Path, dest: Path) -> Path:
    """A fresh copy of a closed school (database and key file), quicker than making one."""
    dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    for suffix in ("", ".keys", ".audit-head", ".governors"):
        if Path(f"{template}{suffix}").exists():
            shutil.copy2(f"{template}{suffix}", f"{dest}{suffix}")
    return dest


def start_session(template: Path, dest: Path):
    """A copy of the school, signed in as its head at a FlexiDesk window, lock and all."""
    from flexidesk.policy.records.signin import sign_in
    from flexidesk.ui import opening
    from flexidesk.ui.lock import Session
    from flexidesk.ui.reports.governors_window import window_for

    db_path = copy_school(template, dest)
    database, actor = sign_in(db_path, "whollis", PASSWORD)
    names, demo = opening.sign_in_names(db_path)
    return Session(db_path, database, actor, window_for, names=names, demo=demo,
                   school_label="Larkspur Test Primary")


def shown_text(root) -> str:
    """Every piece of text a person could read in ``root``: labels, fields, table cells."""
    parts = [root.windowTitle()]
    for widget in root.findChildren(object):
        if not hasattr(widget, "isVisibleTo") or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, (QLabel, QLineEdit)):
            parts.append(widget.text())
        elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            parts += _cells(widget.model(), QModelIndex())
    return "\n".join(parts)


def _cells(model, parent) -> list[str]:
    """Every cell under ``parent``, nested rows (a tree's children) included."""
    found = []
    for row in range(model.rowCount(parent)):
        for col in range(model.columnCount(parent)):
            index = model.index(row, col, parent)
            value = index.data()
            if value is not None:
                found.append(str(value))
        found += _cells(model, model.index(row, 0, parent))
    return found


def gui_args(**kw) -> argparse.Namespace:
    """The command line ``ui.app.run_gui`` is given: no options, then ``kw``."""
    base = dict(db=None, demo=False, screenshot=None, user=None, password_stdin=False)
    return argparse.Namespace(**{**base, **kw})
