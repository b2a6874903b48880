"""File > Check the database: integrity checks and the audit log, in a worker thread.

The chain is walked row by row, which takes a while on years of entries, so it runs in a
QThreadPool worker on a connection of its own; the window keeps painting and the answer
comes back by signal. The audit check goes through ``audit_queries.verify``, which checks
the role and records that the log was checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from flexidesk.i18n import _
from flexidesk.policy.records import audit_queries
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.store.audit import ChainReport
from flexidesk.store.backup import integrity_problems
from flexidesk.store.database import FlexiDatabase, db
from flexidesk.store.errors import StoreError


@dataclass
class CheckResult:
    """What the checks found: file problems and the audit log's report."""

    file_problems: list[str] = field(default_factory=list)
    chain: ChainReport | None = None


class _Signals(QObject):
    finished = Signal(object)  # CheckResult
    failed = Signal(str)


class CheckWorker(QRunnable):
    """Runs the checks on this thread's own connection, then closes it."""

    def __init__(self, actor: Actor, encrypted: bool):
        super().__init__()
        self.actor, self.encrypted = actor, encrypted
        self.signals = _Signals()
        self.setAutoDelete(False)  # the job holds it until its answer has arrived

    def run(self) -> None:
        try:
            result = CheckResult(integrity_problems(db.connection(), self.encrypted))
            result.chain = audit_queries.verify(self.actor)
        except (PolicyError, StoreError) as exc:
            self.signals.failed.emit(str(exc))
            return
        finally:
            db.close()  # peewee keeps one connection per thread: this thread's goes
        self.signals.finished.emit(result)


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
        self.worker = CheckWorker(actor, database.encrypted)
        self.box: QMessageBox | None = None
        self.worker.signals.finished.connect(self._finished)
        self.worker.signals.failed.connect(self._failed)

    def start(self) -> None:
        from flexidesk.ui.backup_tasks import _progress_dialog

        self.dialog = _progress_dialog(self.parent_widget, _("Checking the database..."))
        self.dialog.show()
        QThreadPool.globalInstance().start(self.worker)

    def _show(self, icon: QMessageBox.Icon, text: str) -> None:
        self.dialog.close()
        from flexidesk.ui.backup_tasks import _message

        self.box = _message(self.parent_widget, icon, text)
        self.done.emit(self.box)

    def _finished(self, result: CheckResult) -> None:
        self._show(*describe(result))

    def _failed(self, message: str) -> None:
        self._show(QMessageBox.Icon.Warning, message)


def check_now(parent: QWidget | None, database: FlexiDatabase, actor: Actor) -> CheckJob:
    """File > Check the database: a busy bar, then the answer in a message."""
    job = CheckJob(parent, database, actor)
    job.start()
    return job
