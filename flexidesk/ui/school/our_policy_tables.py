"""The two lists of Tools > Our policy that are more than a box each: the due-diligence
checklist (AP tab) and each intervention's review rhythm (Provision map tab)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QSpinBox, QTableWidget, QTableWidgetItem, QWidget

from flexidesk.i18n import _, catalogue
from flexidesk.policy.ourpolicy.rules import MAX_RECHECK_MONTHS
from flexidesk.policy.vocabulary import CHECKLIST

_CODE = Qt.ItemDataRole.UserRole


def _welsh(message: str) -> str:
    return catalogue("cy_GB").gettext(message)


def weeks_box(name: str, low: int, high: int, suffix: str) -> QSpinBox:
    """A number box for a table cell."""
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setSuffix(suffix)
    return box


class _Table(QTableWidget):
    """A table the form reads back; Tab leaves it, arrows move in it."""

    changed = Signal()

    def __init__(self, name: str, headers: list[str], accessible: str, parent: QWidget):
        super().__init__(0, len(headers), parent)
        self.setObjectName(name)
        self.setTabKeyNavigation(False)
        self.setAccessibleName(accessible)
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().hide()
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        assert item is not None  # every row is filled with all its cells
        return item

    def number_cell(self, row: int, column: int) -> QSpinBox:
        box = self.cellWidget(row, column)
        assert isinstance(box, QSpinBox)
        return box

    def _number(self, row: int, column: int, box: QSpinBox, value: int, label: str) -> None:
        box.setValue(value)
        # A box in a table cell has no label of its own: name it after its row.
        box.setAccessibleName(label)
        box.valueChanged.connect(lambda _v: self.changed.emit())
        self.setCellWidget(row, column, box)


class ChecklistTable(_Table):
    """The items the school asks every provider for: in use, English, Welsh, re-check."""

    def __init__(self, parent: QWidget):
        super().__init__("checklist", [_("In use"), _("English"), _("Welsh"), _("Re-check")],
                         _("Due-diligence checklist"), parent)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)

    def add(self, item: dict) -> int:
        """Append ``item``; its row."""
        row = self.rowCount()
        self.blockSignals(True)
        self.insertRow(row)
        used = QTableWidgetItem()
        used.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                      | Qt.ItemFlag.ItemIsSelectable)
        used.setCheckState(Qt.CheckState.Unchecked if item.get("retired")
                           else Qt.CheckState.Checked)
        code = item["code"]
        used.setData(_CODE, code)
        english = item.get("en") or CHECKLIST.get(code, "")
        welsh = item.get("cy") or (_welsh(CHECKLIST[code]) if code in CHECKLIST else "")
        self.setItem(row, 0, used)
        self.setItem(row, 1, QTableWidgetItem(english))
        self.setItem(row, 2, QTableWidgetItem(welsh))
        box = weeks_box(f"recheck_{row}", 0, MAX_RECHECK_MONTHS, _(" months"))
        box.setSpecialValueText(_("no re-check"))
        self._number(row, 3, box, item.get("recheck_months") or 0,
                     _("{item}: re-check every").format(item=_(english) or code))
        self.blockSignals(False)
        return row

    def add_new(self) -> None:
        """A new, empty item to word, with a code of its own."""
        taken = {self.cell(r, 0).data(_CODE) for r in range(self.rowCount())}
        number = 1
        while f"own_{number}" in taken:
            number += 1
        row = self.add({"code": f"own_{number}", "en": "", "cy": "",
                        "recheck_months": None, "retired": False})
        self.setCurrentCell(row, 1)
        self.editItem(self.cell(row, 1))
        self.changed.emit()

    def show_items(self, items: list[dict]) -> None:
        self.setRowCount(0)
        for item in items:
            self.add(item)
        if self.rowCount():  # wide enough for "no re-check" in either language
            self.setColumnWidth(3, self.number_cell(0, 3).sizeHint().width() + 12)

    def checklist(self) -> list[dict]:
        out = []
        for row in range(self.rowCount()):
            code = self.cell(row, 0).data(_CODE)
            english = self.cell(row, 1).text().strip()
            welsh = self.cell(row, 2).text().strip()
            if code in CHECKLIST:  # the built-in words stay translatable unless reworded
                english = "" if english == CHECKLIST[code] else english
                welsh = "" if welsh == _welsh(CHECKLIST[code]) else welsh
            elif not english and not welsh:
                continue  # added, then left empty
            out.append({"code": code, "en": english, "cy": welsh,
                        "recheck_months": self.number_cell(row, 3).value() or None,
                        "retired": self.cell(row, 0).checkState() != Qt.CheckState.Checked})
        return out


class ReviewWeeksTable(_Table):
    """Each intervention by name with the weeks between its reviews."""

    def __init__(self, parent: QWidget):
        super().__init__("review_weeks", [_("Intervention"), _("Reviewed every")],
                         _("Weeks between reviews of each intervention"), parent)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.spins: dict[str, QSpinBox] = {}

    def show_weeks(self, weeks: dict[str, int]) -> None:
        self.setRowCount(0)
        self.spins = {}
        for row, (name, value) in enumerate(weeks.items()):
            self.insertRow(row)
            item = QTableWidgetItem(_(name))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.setItem(row, 0, item)
            box = weeks_box(f"review_weeks_{row}", 1, 52, _(" weeks"))
            self._number(row, 1, box, value, _("{intervention}: weeks between reviews").format(
                intervention=_(name)))
            self.spins[name] = box

    def weeks(self) -> dict[str, int]:
        return {name: box.value() for name, box in self.spins.items()}
