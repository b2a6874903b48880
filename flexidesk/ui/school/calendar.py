"""The school calendar (Headteacher and office): terms, closure days, and a local
authority's term dates imported from an .ics file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from flexidesk.i18n import _, format_date, ngettext
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.school import term_dates
from flexidesk.policy.school.calendar_import import CalendarImport, import_calendar, read_ics
from flexidesk.policy.school.term_dates import ClosureLine, TermLine
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.ui.models.rows import Column, RowsTableModel
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import FormDialog
from flexidesk.ui.widgets.search_table import SearchableTable
from flexidesk.ui.widgets.status_line import StatusLine
from flexidesk.ui.widgets.versioned_form import VersionedSave


class TermForm(VersionedSave, FormDialog):
    """Enter or change one term (or half term)."""

    def __init__(self, actor: Actor, term: TermLine | None = None, parent=None):
        self.term = term
        self.remember_version("term", term.id if term else None)
        super().__init__(actor, parent)
        self.setWindowTitle(_("Change a term") if term else _("Add a term"))

    def build(self) -> None:
        term = self.term
        start = term.start_date if term else dt.date.today()
        self.name = QLineEdit(term.name if term else "", self)
        self.name.setObjectName("termName")
        self.name.setPlaceholderText(_("e.g. Autumn 1"))
        self.start = DateField(start, self)
        self.start.setObjectName("termStart")
        self.end = DateField(term.end_date if term else start + dt.timedelta(weeks=7), self)
        self.end.setObjectName("termEnd")
        self.form.addRow(_("&Name:"), self.name)
        self.form.addRow(_("&First day:"), self.start)
        self.form.addRow(_("&Last day:"), self.end)
        self.watch(self.start, self.end)

    def problem(self) -> str:
        if self.end.value() < self.start.value():
            return _("The last day comes before the first.")
        return ""

    def save(self):
        if self.term is None:
            return term_dates.add_term(self.actor, self.name.text(), self.start.value(),
                                       self.end.value())
        return term_dates.edit_term(self.actor, self.term.id, self.name.text(),
                                    self.start.value(), self.end.value())


class ClosureForm(FormDialog):
    """Enter a day the school is shut."""

    def build(self) -> None:
        self.setWindowTitle(_("Add a closure day"))
        self.day = DateField(dt.date.today(), self)
        self.day.setObjectName("closureDate")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("closureReason")
        self.reason.setPlaceholderText(_("e.g. INSET day, polling station, snow"))
        self.form.addRow(_("&Date:"), self.day)
        self.form.addRow(_("&Reason:"), self.reason)
        self.watch(self.reason)

    def problem(self) -> str:
        return "" if self.reason.text().strip() else _("Give the reason the school is shut.")

    def save(self):
        return term_dates.add_closure(self.actor, self.day.value(), self.reason.text())


class ImportSummaryDialog(QDialog):
    """What an .ics file would add (terms, closure days) and what it leaves aside, to confirm."""

    def __init__(self, found: CalendarImport, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Import term dates"))
        self.resize(640, 520)
        question = QLabel(_("Add these terms and closure days to the school calendar?"), self)
        question.setWordWrap(True)
        self.summary = QPlainTextEdit(found.summary(), self)
        self.summary.setObjectName("importSummary")
        self.summary.setReadOnly(True)
        self.summary.setTabChangesFocus(True)  # Tab moves on to the buttons
        self.summary.setAccessibleName(_("What the calendar file holds"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add_button = buttons.addButton(_("&Add to the calendar"),
                                            QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("addImported")
        self.add_button.setEnabled(bool(found.terms or found.closures))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.summary, 1)
        layout.addWidget(buttons)


class CalendarDialog(QDialog):
    """Terms on the left, closure days on the right; working days follow from both."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(_("School calendar"))
        self.resize(820, 500)
        intro = QLabel(_("Deadlines and reviews count only working days: weekdays in term "
                         "that are neither bank holidays nor closure days. Once a term is "
                         "entered, the days between terms are school holidays."), self)
        intro.setWordWrap(True)
        self.terms_model = RowsTableModel([
            Column(_("Term"), lambda t: t.name),
            Column(_("First day"), lambda t: format_date(t.start_date),
                   sort_key=lambda t: t.start_date),
            Column(_("Last day"), lambda t: format_date(t.end_date),
                   sort_key=lambda t: t.end_date),
        ], parent=self)
        self.terms_table = SearchableTable(self.terms_model, _("Search terms"), self)
        self.terms_table.setObjectName("termsTable")
        self.terms_table.set_column_widths((150, "Wed 30 Sept 2026", 110), stretch=0)
        self.terms_table.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by date
        self.terms_table.activated.connect(lambda *_a: self.edit_term())
        self.closures_model = RowsTableModel([
            Column(_("Date"), lambda c: format_date(c.date), sort_key=lambda c: c.date),
            Column(_("Reason"), lambda c: c.reason),
        ], parent=self)
        self.closures_table = SearchableTable(self.closures_model, _("Search closure days"),
                                              self)
        self.closures_table.setObjectName("closuresTable")
        self.closures_table.set_column_widths(("30 Sept 2026", 160), stretch=1)
        self.closures_table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        def button(text: str, name: str, slot) -> QPushButton:
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.clicked.connect(slot)
            return b

        self.add_term_button = button(_("&Add term…"), "addTerm", self.add_term)
        self.edit_term_button = button(_("&Change…"), "editTerm", self.edit_term)
        self.remove_term_button = button(_("Remove term"), "removeTerm", self.remove_term)
        self.import_button = button(_("&Import .ics…"), "importIcs", self.choose_ics)
        self.import_button.setToolTip(_("Add the term dates your local authority publishes "
                                        "as a calendar file (.ics)"))
        self.add_closure_button = button(_("Add closure da&y…"), "addClosure", self.add_closure)
        self.remove_closure_button = button(_("Remove closure day"), "removeClosure",
                                            self.remove_closure)
        grid = QGridLayout()
        grid.addWidget(QLabel(_("<b>Terms</b>"), self), 0, 0)
        grid.addWidget(QLabel(_("<b>Closure days</b>"), self), 0, 1)
        grid.addWidget(self.terms_table, 1, 0)
        grid.addWidget(self.closures_table, 1, 1)
        term_buttons = QDialogButtonBox(self)
        for b in (self.add_term_button, self.edit_term_button, self.remove_term_button,
                  self.import_button):
            term_buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        closure_buttons = QDialogButtonBox(self)
        for b in (self.add_closure_button, self.remove_closure_button):
            closure_buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        grid.addWidget(term_buttons, 2, 0)
        grid.addWidget(closure_buttons, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.status = StatusLine(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.terms_table.current_changed.connect(lambda *_a: self._enable())
        self.closures_table.current_changed.connect(lambda *_a: self._enable())
        self.refresh()

    def refresh(self) -> None:
        """Read the terms and closure days again."""
        self.terms_table.set_rows(term_dates.terms())
        self.closures_table.set_rows(term_dates.closures())
        self._enable()

    def _enable(self) -> None:
        has_term = self.terms_table.current_object() is not None
        self.edit_term_button.setEnabled(has_term)
        self.remove_term_button.setEnabled(has_term)
        self.remove_closure_button.setEnabled(self.closures_table.current_object() is not None)

    def _form(self, form: FormDialog, done: str) -> None:
        if form.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.status.say(done)
        form.deleteLater()

    def add_term(self) -> None:
        """Enter a term."""
        self._form(TermForm(self.actor, None, self), _("Term added."))

    def edit_term(self) -> None:
        """Change the selected term."""
        term = self.terms_table.current_object()
        if term is not None:
            self._form(TermForm(self.actor, term, self), _("Term changed."))

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.windowTitle(), question,
                                      QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def remove_term(self) -> None:
        """Remove the selected term, after asking."""
        term: TermLine | None = self.terms_table.current_object()
        if term is None or not self._confirm(_("Remove {term} ({start} to {end})?").format(
                term=term.name or _("this term"), start=format_date(term.start_date),
                end=format_date(term.end_date))):
            return
        term_dates.remove_term(self.actor, term.id)
        self.refresh()
        self.status.say(_("Term removed."))

    def add_closure(self) -> None:
        """Enter a closure day."""
        self._form(ClosureForm(self.actor, self), _("Closure day added."))

    def remove_closure(self) -> None:
        """Remove the selected closure day, after asking."""
        closure: ClosureLine | None = self.closures_table.current_object()
        if closure is None or not self._confirm(_("{date} will be a working day again. "
                                                  "Remove it?").format(
                date=format_date(closure.date))):
            return
        term_dates.remove_closure(self.actor, closure.id)
        self.refresh()
        self.status.say(_("Closure day removed."))

    def choose_ics(self) -> None:
        """Ask for the local authority's .ics file, then import it."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import term dates"), str(Path.home()), _("Calendars (*.ics)"))
        if path:
            self.import_ics(Path(path))

    def import_ics(self, path: Path) -> bool:
        """Read an .ics file, say what it holds, and add it once confirmed."""
        try:
            found = read_ics(Path(path).read_bytes(), school_calendar().region)
        except OSError as exc:
            self.status.say(_("{path} could not be read ({reason}).").format(
                path=path, reason=exc.strerror or exc), error=True)
            return False
        except PolicyError as exc:
            self.status.say(str(exc), error=True)
            return False
        confirm = ImportSummaryDialog(found, self)
        answer = confirm.exec()
        confirm.deleteLater()
        if answer != QDialog.DialogCode.Accepted:
            return False
        added_terms, added_days = import_calendar(self.actor, found)
        self.refresh()
        self.status.say(_("Added {terms} and {days}.").format(
            terms=ngettext("{n} term", "{n} terms", added_terms).format(n=added_terms),
            days=ngettext("{n} closure day", "{n} closure days", added_days).format(
                n=added_days)))
        return True
