"""A child's week as a small grid: five days by morning and afternoon, each where the child is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from flexidesk.i18n import _, format_date
from flexidesk.policy.vocabulary import ATTENDANCE_CODE_LABELS, DAY_LABELS, PART_LABELS
from flexidesk.policy.week import AT_HOME, IN_SCHOOL, ChildWeek
from flexidesk.ui.models.rows import MUTED, readable
from flexidesk.ui.widgets.sessions_grid import _DAY_SHORT, _DAYS, _PART_HEADINGS, _PARTS


def place_text(place) -> str:
    """'In school', 'C · At home', 'D · Kestrel Vale Learning Centre'."""
    if place.place == IN_SCHOOL:
        return _("In school")
    where = _("At home") if place.place == AT_HOME else place.where
    return f"{place.code} · {where}"


class WeekGrid(QTableWidget):
    """Read-only: a column a day, a row a half day; away sessions in bold with their code."""

    def __init__(self, parent=None):
        super().__init__(len(_PARTS), len(_DAYS), parent)
        self.setObjectName("weekGrid")
        self.setAccessibleName(_("The child's week"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setVerticalHeaderLabels([_(_PART_HEADINGS[p]) for p in _PARTS])
        self.setHorizontalHeaderLabels([_(_DAY_SHORT[d]) for d in _DAYS])
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_week(self, week: ChildWeek) -> None:
        """Fill the grid from ``week``: each cell the place, its code, and a tooltip in words."""
        days = [s.day for s in week.sessions[::2]]  # each day's morning
        self.setHorizontalHeaderLabels([f"{_(_DAY_SHORT[code])} {format_date(day, 'd MMM')}"
                                        for code, day in zip(_DAYS, days, strict=True)])
        bold = QFont(self.font())
        bold.setBold(True)
        for place in week.sessions:
            day, part = place.session.split("_")
            item = QTableWidgetItem(place_text(place))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            words = _("{day} {part}").format(day=_(DAY_LABELS[day]), part=_(PART_LABELS[part]))
            if place.place == IN_SCHOOL:
                item.setForeground(readable(MUTED))
                item.setToolTip(_("{when}: in school").format(when=words))
            else:
                item.setFont(bold)
                item.setToolTip(_("{when}: {place}, {code}").format(
                    when=words, place=place_text(place),
                    code=_(ATTENDANCE_CODE_LABELS.get(place.code, place.code))))
            self.setItem(_PARTS.index(part), _DAYS.index(day), item)
        self.resizeRowsToContents()
        height = self.horizontalHeader().height() + sum(self.rowHeight(r)
                                                         for r in range(self.rowCount()))
        self.setFixedHeight(height + 2 * self.frameWidth())
