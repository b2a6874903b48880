"""Forest School: record a session (day, class or group, who went) and see coverage this week
and this term, overall and by class, against the school's weekly aim."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from flexidesk.i18n import _, format_date
from flexidesk.policy.provision.forest import Coverage, class_list, coverage, record_session
from flexidesk.policy.provision.grid import classes_on_roll
from flexidesk.policy.records.access import Actor, PolicyError, can
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import set_tone
from flexidesk.ui.widgets.keyboard import KeyboardForm


def coverage_text(c: Coverage) -> str:
    """'This week 12% of children (aim 100%) · this term 64%'."""
    return _("This week: {week:.0f}% of children had a session (aim {aim}%) · this term: "
             "{term:.0f}% · {n} sessions this term").format(
        week=c.overall.week_percent, aim=c.aim_percent, term=c.overall.term_percent,
        n=c.sessions_this_term)


class ForestSchoolDialog(KeyboardForm, QDialog):
    """Forest School coverage, and a form to record a session (opens on its date; Escape asks
    before a session typed and not recorded is thrown away)."""

    def __init__(self, actor: Actor, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("forestSchool")
        self.setWindowTitle(_("Forest School"))
        self.actor = actor
        self.today = today or dt.date.today()
        self.saved = 0

        self.summary = QLabel(self)
        self.summary.setObjectName("forestCoverage")
        self.summary.setWordWrap(True)
        self.by_class = QTableWidget(0, 4, self)
        self.by_class.setObjectName("forestByClass")
        self.by_class.setHorizontalHeaderLabels(
            [_("Class"), _("On roll"), _("This week"), _("This term")])
        self.by_class.verticalHeader().hide()
        self.by_class.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.by_class.horizontalHeader().setStretchLastSection(True)

        self.day = DateField(self.today, self, maximum=self.today)
        self.day.setObjectName("sessionDate")
        self.group = QComboBox(self)
        self.group.setObjectName("sessionGroup")
        self.group.setEditable(True)  # a class, or a group's own name
        self.group.addItems(classes_on_roll(self.today))
        self.led_by = QLineEdit(self)
        self.led_by.setObjectName("ledBy")
        self.children_list = QListWidget(self)
        self.children_list.setObjectName("attended")
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        set_tone(self.error, LATE)
        self.error.hide()
        self.record_button = QPushButton(_("&Record the session"), self)
        self.record_button.setObjectName("recordSession")
        self.record_button.clicked.connect(self.record)
        self.record_button.setEnabled(can(actor, "provision.edit"))
        self.group.currentTextChanged.connect(self._fill_children)

        form = QFormLayout()
        form.addRow(_("&Date:"), self.day)
        form.addRow(_("&Class or group:"), self.group)
        form.addRow(_("&Led by:"), self.led_by)
        form.addRow(_("&Who went:"), self.children_list)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.accept)
        left = QVBoxLayout()
        left.addWidget(QLabel("<b>" + html.escape(_("Record a session")) + "</b>", self))
        left.addLayout(form)
        left.addWidget(self.error)
        left.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignRight)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>" + html.escape(_("Coverage")) + "</b>", self))
        right.addWidget(self.summary)
        right.addWidget(self.by_class, 1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.record)
        self.resize(940, 560)
        self._fill_children()
        self.show_coverage()

    def _fill_children(self, *_args) -> None:
        """Every child of the chosen class, ticked: untick those who did not go."""
        self.children_list.clear()
        for pid, name in class_list(self.actor, self.group.currentText().strip(), self.today):
            item = QListWidgetItem(name, self.children_list)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)

    def ticked(self) -> list[int]:
        """The ids of the children ticked as having gone."""
        items = (self.children_list.item(i) for i in range(self.children_list.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items
                if i.checkState() == Qt.CheckState.Checked]

    def show_coverage(self) -> None:
        """Read coverage again; classes below the weekly aim this week are red."""
        c = coverage(self.actor, self.today)
        self.coverage = c
        self.summary.setText(coverage_text(c) + "\n" + _("Week of {date}; term from {start}.")
                             .format(date=format_date(c.week[0]), start=format_date(c.term[0])))
        set_tone(self.summary, None if c.meets_aim else LATE)
        self.by_class.setRowCount(len(c.classes))
        for row, klass in enumerate(c.classes):
            cells = [klass.name, str(klass.on_roll), f"{klass.week_percent:.0f}%",
                     f"{klass.term_percent:.0f}%"]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column == 2 and klass.week_percent < c.aim_percent:
                    item.setForeground(LATE)
                self.by_class.setItem(row, column, item)

    def record(self) -> bool:
        """Record the session through the policy; coverage is shown again at once."""
        try:
            record_session(self.actor, self.day.value(), self.group.currentText(),
                           self.ticked(), led_by=self.led_by.text(), today=self.today)
        except PolicyError as refusal:
            self.error.setText(str(refusal))
            self.error.show()
            return False
        self.error.hide()
        self.saved += 1
        self.show_coverage()
        self.mark_unchanged()  # recorded: nothing typed is left to lose
        return True
