"""The Tools menu entries: data protection (audit, subject access, retention, staff, reports)
and the school's own set-up (details, calendar, interventions)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from flexidesk.i18n import _
from flexidesk.policy.records.access import GOVERNOR, Actor, can


class ReportsDialog(QDialog):
    """The governors' reports in a window, for the Headteacher and Pastoral Lead."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        from flexidesk.ui.reports.page import ReportsPage

        self.setWindowTitle(_("Reports for governors"))
        self.resize(980, 720)
        self.page = ReportsPage(actor, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)


def _open(window: QWidget, factory: Callable[[], QDialog]) -> None:
    dialog = factory()
    dialog.exec()
    dialog.deleteLater()


def _dialog(module: str, name: str, actor: Actor, window: QWidget) -> Callable[[], QDialog]:
    """A factory for dialog ``name`` of ``module``, imported when first opened (some, like
    subject access, bring ReportLab with them: no reason to load that at every sign-in)."""

    def make() -> QDialog:
        return getattr(importlib.import_module(module), name)(actor, window)

    return make


def install_menus(window, actor: Actor, database=None) -> list[QAction]:
    """Add the data-protection dialogs to ``window.menus['tools']``, only those the role may use
    (and, on a laptop's school with a key file, changing one's password and publishing the
    governors' report)."""
    entries = (
        ("audit.view", "auditLogAction", _("&Audit log..."), "Ctrl+Shift+A",
         _dialog("flexidesk.ui.dialogs.audit_viewer", "AuditViewerDialog", actor, window)),
        ("sar.export", "subjectAccessAction", _("&Subject access..."), "",
         _dialog("flexidesk.ui.dialogs.subject_access", "SubjectAccessDialog", actor, window)),
        ("retention.destroy", "retentionAction", _("&Retention..."), "",
         _dialog("flexidesk.ui.dialogs.retention", "RetentionDialog", actor, window)),
        ("staff.manage", "staffAction", _("Staff and pass&words..."), "",
         _dialog("flexidesk.ui.dialogs.staff", "StaffDialog", actor, window)),
        ("school.edit", "schoolDetailsAction", _("School &details…"), "",
         _dialog("flexidesk.ui.school.details", "SchoolDetailsDialog", actor, window)),
        ("closures.edit", "schoolCalendarAction", _("School &calendar…"), "",
         _dialog("flexidesk.ui.school.calendar", "CalendarDialog", actor, window)),
        ("provision.catalogue", "interventionsAction", _("&Interventions…"), "",
         _dialog("flexidesk.ui.school.catalogue", "InterventionsDialog", actor, window)),
    )
    menu = window.menus["tools"]
    actions: list[QAction] = []
    for permission, name, title, shortcut, factory in entries:
        if not can(actor, permission):
            continue
        act = QAction(title, window)
        act.setObjectName(name)
        if shortcut:
            act.setShortcut(QKeySequence(_(shortcut)))
        act.triggered.connect(lambda _checked=False, f=factory: _open(window, f))
        menu.addAction(act)
        actions.append(act)
    # A governor's whole window is the reports page; others open it from the menu.
    if can(actor, "report.anonymised") and actor.role != GOVERNOR:
        if actions:
            menu.addSeparator()
        act = QAction(_("Reports for &governors..."), window)
        act.setObjectName("reportsAction")
        act.triggered.connect(lambda _checked=False: _open(window, lambda: ReportsDialog(actor,
                                                                                          window)))
        menu.addAction(act)
        actions.append(act)
    actions += _laptop_entries(window, actor, database)
    return actions


def _laptop_entries(window, actor: Actor, database) -> list[QAction]:
    """Entries that only a school with a key file has: one's own password, and the
    Headteacher publishing the governors' report to its file."""
    from flexidesk.store.keyslots import keyfile_path

    path = getattr(database, "path", None)
    if path is None or not keyfile_path(path).exists():
        return []
    menu = window.menus["tools"]
    menu.addSeparator()
    actions: list[QAction] = []
    if can(actor, "self.preferences"):
        act = QAction(_("Change my &password…"), window)
        act.setObjectName("ownPasswordAction")

        def change_password() -> None:
            from flexidesk.ui.dialogs.own_password import OwnPasswordDialog

            _open(window, lambda: OwnPasswordDialog(actor, path, window))

        act.triggered.connect(lambda _checked=False: change_password())
        menu.addAction(act)
        actions.append(act)
    if can(actor, "school.edit") and actor.role != GOVERNOR:
        act = QAction(_("P&ublish the governors' report"), window)
        act.setObjectName("publishGovernorsAction")
        act.setStatusTip(_("Write the governors' report to the file governors open with their "
                           "own key"))
        act.triggered.connect(lambda _checked=False: publish_governors(window, actor))
        menu.addAction(act)
        actions.append(act)
    return actions


def publish_governors(window, actor: Actor) -> bool:
    """Tools > Publish the governors' report: written now, said in the status bar."""
    from PySide6.QtWidgets import QMessageBox

    from flexidesk.policy.errors import PolicyError
    from flexidesk.policy.records.governors import publish

    try:
        path = publish(actor)
    except PolicyError as exc:
        QMessageBox.warning(window, _("FlexiDesk"), str(exc))
        return False
    window.statusBar().showMessage(_("The governors' report is published: governors see it "
                                     "when they next sign in ({path}).").format(path=path.name),
                                   10000)
    return True
