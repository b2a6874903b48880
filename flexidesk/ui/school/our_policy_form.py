"""The tabs of Tools > Our policy: a plain form over one version's data (Flexi, AP,
Provision map, Letters); it reads a policy body in and gives one back, nothing more."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, catalogue
from flexidesk.policy.ourpolicy import TEMPLATES
from flexidesk.policy.ourpolicy.rules import AP_REVIEW_RHYTHMS, DEADLINE_UNITS
from flexidesk.policy.ourpolicy.templates import FIELDS
from flexidesk.policy.vocabulary import FACTORS
from flexidesk.ui.school.our_policy_tables import ChecklistTable, ReviewWeeksTable

_CODE = Qt.ItemDataRole.UserRole


def _welsh(message: str) -> str:
    return catalogue("cy_GB").gettext(message)


def _spin(low: int, high: int, name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setObjectName(name)
    return box


def _choices(choices: dict[str, str], name: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for code, label in choices.items():
        box.addItem(_(label), code)
    return box


class PolicyForm(QTabWidget):
    """The four tabs; ``changed`` fires on every edit, ``body()`` is the policy they show."""

    changed = Signal()

    def __init__(self, body: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("policy_tabs")
        self._body = copy.deepcopy(body)
        self.addTab(self._flexi_tab(), _("Flexi-schooling"))
        self.addTab(self._ap_tab(), _("Alternative provision"))
        self.addTab(self._provision_tab(), _("Provision map"))
        self.addTab(self._letters_tab(), _("Letters"))
        self.set_body(body)

    # --- the tabs ----------------------------------------------------------------------------

    def _flexi_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout()
        self.deadline_days = _spin(1, 30, "deadline_days")
        self.deadline_unit = _choices(DEADLINE_UNITS, "deadline_unit")
        row = QHBoxLayout()
        row.addWidget(self.deadline_days)
        row.addWidget(self.deadline_unit, 1)
        self.deadline_days.setAccessibleName(_("Decision deadline: how many days"))
        self.deadline_unit.setAccessibleName(_("Decision deadline: which days count"))
        form.addRow(_("Decision within:"), row)
        self.meeting = QCheckBox(_("A meeting with the family comes before the decision"), page)
        self.meeting.setToolTip(_("The deadline counts from the meeting; without one, from the "
                                  "day the request is received."))
        self.meeting.setObjectName("meeting_required")
        form.addRow("", self.meeting)
        self.stand_in = QLineEdit(page)
        self.stand_in.setObjectName("meeting_stand_in")
        self.stand_in.setPlaceholderText(_("e.g. the Deputy Headteacher"))
        form.addRow(_("Who may meet the family instead of the Headteacher:"), self.stand_in)
        self.gb_rule = QCheckBox(_("The governing body's rule applies (needs met in school: "
                                   "the request is not granted)"), page)
        self.gb_rule.setObjectName("governing_body_rule")
        form.addRow("", self.gb_rule)
        self.la_told = QCheckBox(_("The local authority is told of every arrangement"), page)
        self.la_told.setObjectName("la_told")
        form.addRow("", self.la_told)
        self.fewest = _spin(1, 9, "fewest_sessions_in_school")
        form.addRow(_("Fewest sessions a week in school:"), self.fewest)
        self.notice = _spin(0, 26, "notice_weeks")
        form.addRow(_("Default notice to end (weeks):"), self.notice)
        self.review = _spin(1, 52, "review_weeks")
        form.addRow(_("Default review rhythm (weeks):"), self.review)
        self.considerations = QTableWidget(0, 3, page)
        self.considerations.setObjectName("considerations")
        self.considerations.setTabKeyNavigation(False)  # Tab leaves; arrows move in it
        self.considerations.setAccessibleName(_("Considerations"))
        self.considerations.setHorizontalHeaderLabels([_("In use"), _("English"), _("Welsh")])
        header = self.considerations.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.considerations.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.considerations.itemChanged.connect(lambda _item: self.changed.emit())
        add = QPushButton(_("Add a consideration"), page)
        add.setObjectName("add_consideration")
        add.clicked.connect(self._add_consideration)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        note = QLabel(_("The considerations the Headteacher weighs. Untick one to retire it; "
                        "edit the wording to reword it. Decisions already made keep their own."),
                      page)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.considerations, 1)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        for widget in (self.deadline_days, self.fewest, self.notice, self.review):
            widget.valueChanged.connect(lambda _v: self.changed.emit())
        self.deadline_unit.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.stand_in.textChanged.connect(lambda _t: self.changed.emit())
        self.gb_rule.toggled.connect(lambda _c: self.changed.emit())
        self.la_told.toggled.connect(lambda _c: self.changed.emit())
        self.meeting.toggled.connect(lambda _c: self.changed.emit())
        self.meeting.toggled.connect(self.stand_in.setEnabled)  # no meeting: nobody stands in
        return page

    def _ap_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout()
        self.ap_review = _choices(AP_REVIEW_RHYTHMS, "ap_review_every")
        form.addRow(_("Placements are reviewed at least:"), self.ap_review)
        self.full_time = _spin(10, 32, "full_time_hours")
        form.addRow(_("Hours a week that count as full time:"), self.full_time)
        self.family_writing = QCheckBox(_("The family agrees to a placement in writing"), page)
        self.family_writing.setObjectName("family_agrees_in_writing")
        form.addRow("", self.family_writing)
        self.ap_review.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.full_time.valueChanged.connect(lambda _v: self.changed.emit())
        self.family_writing.toggled.connect(lambda _c: self.changed.emit())
        self.checklist = ChecklistTable(page)
        self.checklist.changed.connect(self.changed.emit)
        add = QPushButton(_("Add a checklist item"), page)
        add.setObjectName("add_checklist_item")
        add.clicked.connect(self.checklist.add_new)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        note = QLabel(_("The due-diligence checklist: what the school asks every provider for "
                        "before a placement. Untick an item to stop asking for it (what "
                        "providers sent is kept); a re-check interval has a held item looked "
                        "at again."), page)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.checklist, 1)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _provision_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout()
        self.contact_weeks = _spin(1, 52, "contact_weeks")
        self.contact_weeks.setSuffix(_(" weeks"))
        form.addRow(_("Contact each family at least every:"), self.contact_weeks)
        self.forest_aim = _spin(1, 100, "forest_aim_percent")
        self.forest_aim.setSuffix("%")
        form.addRow(_("Forest School weekly aim (share of children):"), self.forest_aim)
        self.review_weeks = ReviewWeeksTable(page)
        self.review_weeks.changed.connect(self.changed.emit)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        note = QLabel(_("How often each intervention's benefit to the child is reviewed. "
                        "An intervention added to the catalogue later starts with the "
                        "interval it was given there."), page)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.review_weeks, 1)
        for widget in (self.contact_weeks, self.forest_aim):
            widget.valueChanged.connect(lambda _v: self.changed.emit())
        return page

    def _letters_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        intro = QLabel(_("Word these paragraphs in your school's own way, or leave a box empty "
                         "to keep FlexiDesk's wording. Use the fields in braces exactly as "
                         "shown."), page)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.templates: dict[str, dict[str, QPlainTextEdit]] = {}
        for key, template in TEMPLATES.items():
            title = QLabel(f"<b>{_(template.label)}</b>", page)
            fields = QLabel(_("Fields: {fields}").format(fields=", ".join(
                "{" + f + "} (" + _(FIELDS[f]) + ")" for f in template.fields)), page)
            fields.setWordWrap(True)
            layout.addWidget(title)
            layout.addWidget(fields)
            row = QHBoxLayout()
            boxes = {}
            for language, name in (("en", _("English")), ("cy", _("Welsh"))):
                box = QPlainTextEdit(page)
                box.setObjectName(f"template_{key}_{language}")
                box.setTabChangesFocus(True)
                box.setMaximumHeight(70)
                box.setPlaceholderText(name)
                box.setAccessibleName(f"{_(template.label)}: {name}")
                box.textChanged.connect(self.changed.emit)
                row.addWidget(box)
                boxes[language] = box
            self.templates[key] = boxes
            layout.addLayout(row)
        layout.addStretch(1)
        return page

    # --- in and out --------------------------------------------------------------------------

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.considerations.item(row, column)
        assert item is not None  # every row is filled with its three cells
        return item

    def _add_row(self, item: dict) -> None:
        table = self.considerations
        row = table.rowCount()
        table.insertRow(row)
        used = QTableWidgetItem()
        used.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                      | Qt.ItemFlag.ItemIsSelectable)
        used.setCheckState(Qt.CheckState.Unchecked if item.get("retired")
                           else Qt.CheckState.Checked)
        used.setData(_CODE, item["code"])
        code = item["code"]
        english = item.get("en") or (FACTORS[code] if code in FACTORS else "")
        welsh = item.get("cy") or (_welsh(FACTORS[code]) if code in FACTORS else "")
        table.setItem(row, 0, used)
        table.setItem(row, 1, QTableWidgetItem(english))
        table.setItem(row, 2, QTableWidgetItem(welsh))

    def _add_consideration(self) -> None:
        taken = {self._cell(r, 0).data(_CODE)
                 for r in range(self.considerations.rowCount())}
        number = 1
        while f"own_{number}" in taken:
            number += 1
        self.considerations.blockSignals(True)
        self._add_row({"code": f"own_{number}", "en": "", "cy": "", "retired": False})
        self.considerations.blockSignals(False)
        row = self.considerations.rowCount() - 1
        self.considerations.setCurrentCell(row, 1)
        self.considerations.editItem(self._cell(row, 1))
        self.changed.emit()

    def set_body(self, body: dict) -> None:
        """Show ``body`` (a checked policy)."""
        self._body = copy.deepcopy(body)
        for widget in self.findChildren(QWidget):
            widget.blockSignals(True)
        flexi, ap = body["flexi"], body["ap"]
        self.deadline_days.setValue(flexi["deadline_days"])
        self.deadline_unit.setCurrentIndex(self.deadline_unit.findData(flexi["deadline_unit"]))
        self.stand_in.setText(flexi["meeting_stand_in"])
        self.meeting.setChecked(flexi["meeting_required"])
        self.stand_in.setEnabled(flexi["meeting_required"])
        self.gb_rule.setChecked(flexi["governing_body_rule"])
        self.la_told.setChecked(flexi["la_told"])
        self.fewest.setValue(flexi["fewest_sessions_in_school"])
        self.notice.setValue(flexi["notice_weeks"])
        self.review.setValue(flexi["review_weeks"])
        self.considerations.setRowCount(0)
        for item in flexi["considerations"]:
            self._add_row(item)
        self.ap_review.setCurrentIndex(self.ap_review.findData(ap["review_every"]))
        self.full_time.setValue(ap["full_time_hours"])
        self.family_writing.setChecked(ap["family_agrees_in_writing"])
        for key, boxes in self.templates.items():
            for language, box in boxes.items():
                box.setPlainText(body["letters"].get(key, {}).get(language, ""))
        provision = body["provision"]
        self.contact_weeks.setValue(provision["contact_weeks"])
        self.forest_aim.setValue(provision["forest_aim_percent"])
        self.review_weeks.show_weeks(provision["review_weeks"])
        self.checklist.show_items(ap["checklist"])
        for widget in self.findChildren(QWidget):
            widget.blockSignals(False)
        self.changed.emit()

    def body(self) -> dict:
        """The policy the form shows now (checked by the caller)."""
        body = copy.deepcopy(self._body)
        flexi = body["flexi"]
        flexi.update(deadline_days=self.deadline_days.value(),
                     deadline_unit=self.deadline_unit.currentData(),
                     meeting_required=self.meeting.isChecked(),
                     meeting_stand_in=self.stand_in.text().strip(),
                     governing_body_rule=self.gb_rule.isChecked(),
                     la_told=self.la_told.isChecked(),
                     fewest_sessions_in_school=self.fewest.value(),
                     notice_weeks=self.notice.value(), review_weeks=self.review.value())
        items = []
        for row in range(self.considerations.rowCount()):
            used = self._cell(row, 0)
            code = used.data(_CODE)
            english = self._cell(row, 1).text().strip()
            welsh = self._cell(row, 2).text().strip()
            if code in FACTORS:  # the built-in words stay translatable unless reworded
                english = "" if english == FACTORS[code] else english
                welsh = "" if welsh == _welsh(FACTORS[code]) else welsh
            elif not english and not welsh:
                continue  # added, then left empty
            items.append({"code": code, "en": english, "cy": welsh,
                          "retired": used.checkState() != Qt.CheckState.Checked})
        flexi["considerations"] = items
        body["ap"].update(review_every=self.ap_review.currentData(),
                          full_time_hours=self.full_time.value(),
                          family_agrees_in_writing=self.family_writing.isChecked(),
                          checklist=self.checklist.checklist())
        body["letters"] = {key: {language: box.toPlainText().strip()
                                 for language, box in boxes.items()}
                           for key, boxes in self.templates.items()}
        body["provision"] = {"contact_weeks": self.contact_weeks.value(),
                             "forest_aim_percent": self.forest_aim.value(),
                             "review_weeks": self.review_weeks.weeks()}
        return body
