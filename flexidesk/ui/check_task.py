"""File > Check the database: integrity checks and the audit log, in a worker thread.

The chain is walked row by row, which takes a while on years of entries, so it runs in a
QThreadPool worker on a connection of its own; the window keeps painting and the answer
comes back by signal. The audit check goes through ``audit_queries.verify``, which checks
the role and records that the log was checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from flexidesk.i18n import _
from flexidesk.policy.records import audit_queries
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.store.audit import ChainReport
from flexidesk.store.backup import integrity_problems
from flexidesk.store.database import FlexiDatabase, db
from flexidesk.store.errors import StoreError
from flexidesk.ui.tasks import run_task
from flexidesk.ui.widgets.progress import progress_dialog, show_message


@dataclass
class CheckResult:
    """What the checks found: file problems and the audit log's report."""

    file_problems: list[str] = field(default_factory=list)
    chain: ChainReport | None = None


def run_checks(actor: Actor, encrypted: bool) -> CheckResult:
    """The file's checks and the audit log's, on this (worker) thread's own connection."""
    try:
        result = CheckResult(integrity_problems(db.connection(), encrypted))
        result.chain = audit_queries.verify(actor)
        return result
    finally:
        db.close()  # peewee keeps one connection per thread: this thread's goes


def describe(result: CheckResult) -> tuple[QMessageBox.Icon, str]:
    """The answer in plain words, and whether it is good news."""
    lines = []
    if result.file_problems:
        lines.append(_("The database file has problems: {first}. Put the newest good backup "
                       "back (File > Restore from a backup).").format(
                           first=result.file_problems[0]))
    else:
        lines.append(_("The database file is sound."))
    chain = result.chain
    if chain is not None and not chain.ok:
        lines.append(_("The audit log has been tampered with at entry {id}: {reason}.").format(
            id=chain.broken_at, reason=_(chain.reason)))
    elif chain is not None and chain.problems:
        lines.append(_("The audit log has been altered, though each entry still links to "
                       "the one before:"))
        lines += [f"\u2022 {problem}" for problem in chain.problems]
    elif chain is not None:
        lines.append(_("The audit log is complete: {rows} entries, none altered or removed.")
                     .format(rows=chain.rows))
    good = not result.file_problems and chain is not None and chain.ok and not chain.problems
    return (QMessageBox.Icon.Information if good else QMessageBox.Icon.Warning,
            "\n\n".join(lines))


class CheckJob(QObject):
    """One check in the background; ``box`` is the answer once it has arrived."""

    done = Signal(object)  # the QMessageBox shown

    def __init__(self, parent: QWidget | None, database: FlexiDatabase, actor: Actor):
        super().__init__(parent)
        self.parent_widget = parent
        self.actor, self.encrypted = actor, database.encrypted
        self.box: QMessageBox | None = None

    def start(self) -> None:
        self.dialog = progress_dialog(self.parent_widget, _("Checking the database..."))
        self.dialog.show()
        actor, encrypted = self.actor, self.encrypted
        run_task(lambda _progress: run_checks(actor, encrypted), on_success=self._finished,
                 on_failure=self._failed, parent=self)

    def _show(self, icon: QMessageBox.Icon, text: str) -> None:
        self.dialog.close()
        self.box = show_message(self.parent_widget, icon, text)
        self.done.emit(self.box)

    def _finished(self, result: CheckResult) -> None:
        self._show(*describe(result))

    def _failed(self, error: BaseException) -> bool:
        if not isinstance(error, PolicyError | StoreError):
            self.dialog.close()
            return False
        self._show(QMessageBox.Icon.Warning, str(error))
        return True


def check_now(parent: QWidget | None, database: FlexiDatabase, actor: Actor) -> CheckJob:
    """File > Check the database: a busy bar, then the answer in a message."""
    job = CheckJob(parent, database, actor)
    job.start()
    return job
