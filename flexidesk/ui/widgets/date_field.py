"""The one date entry of every form: typed day first or picked from a calendar, Python dates out.

A date is always typed whole. QDateEdit types into one section at a time and checks each
keystroke against its range, so typing 26/11/2026 into a field whose latest date is 6
December turned into 02/06/2026, and 12102026 into 01/02/2026, without a word. Here the
digits (and any separators) are gathered as typed, whichever section the cursor was in, and
the date is set once they make one: a date outside the field's range, or no date at all, is
refused with a message and the field keeps what it had. Tab and Shift+Tab leave the field
(QDateEdit walks its sections with them, which sent the next keys into the wrong field);
Up and Down still step the day, month or year under the cursor.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import cast

from PySide6.QtCore import QDate, QEvent, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QTimeEdit, QToolTip, QWidget

from flexidesk.i18n import _, format_date

# en_GB order: day, month, year.
DISPLAY_FORMAT = "dd/MM/yyyy"
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def parse_typed_date(typed: str) -> dt.date | None:
    """A date typed day first: 25/12/2026, 3.1.27, 03-01-2027, 25122026 (None if not a date)."""
    typed = typed.strip()
    if typed.isdigit() and len(typed) in (6, 8):  # ddmmyy or ddmmyyyy, no separators
        parts = [typed[:2], typed[2:4], typed[4:]]
    else:
        parts = re.split(r"[/.-]", typed)
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    day, month, year = (int(p) for p in parts)
    if len(parts[2]) <= 2:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _complete(typed: str) -> bool:
    """Whether what has been typed so far is a whole date (a four-digit year ends it)."""
    if typed.isdigit():
        return len(typed) == 8
    parts = re.split(r"[/.-]", typed)
    return len(parts) == 3 and len(parts[2]) == 4


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


class DateField(QDateEdit):
    """QDateEdit with a calendar popup and en_GB display; ``value()`` is a ``datetime.date``.

    ``refused`` is emitted with a plain message when a typed date is not a date or falls
    outside the field's range; the message is also shown beside the field and kept in
    ``problem`` until a good date is entered.
    """

    refused = Signal(str)

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None, *,
                 minimum: dt.date | None = None, maximum: dt.date | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setMinimumDate(_qdate(minimum or EARLIEST))
        self.setMaximumDate(_qdate(maximum or LATEST))
        self.setToolTip(_("Type the date as day/month/year, or press Alt+Down for a calendar."))
        self.setAccessibleDescription(_("Date, day/month/year"))
        self._typing: str | None = None  # a whole date being typed over the field
        self.problem = ""  # why the last typed date was refused ("" once a good one is in)
        start = value or dt.date.today()
        self._before = start  # kept if what was typed is refused
        self.set_value(start)

    # --- typing a whole date ----------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Digits and separators build a whole date, wherever the cursor is in the field."""
        typed = event.text()
        line = self.lineEdit()
        if self._typing is None and typed.isdigit():
            self._typing, self._before = "", self.value()
        if self._typing is not None:
            if typed and (typed.isdigit() or typed in "/.-"):
                self._typing += typed
                line.setText(self._typing)
                if _complete(self._typing):
                    self._finish_typing()
                event.accept()
                return
            if event.key() == Qt.Key.Key_Backspace:
                self._typing = self._typing[:-1]
                line.setText(self._typing)
                event.accept()
                return
            if event.key() == Qt.Key.Key_Escape:  # give up the typing, keep the old date
                self._typing = None
                self.set_value(self._before)
                event.accept()
                return
            self._finish_typing()
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        # Tab is taken for moving focus before keyPressEvent sees it: finish the date first.
        if event.type() == QEvent.Type.KeyPress and cast(QKeyEvent, event).key() in (
                Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._finish_typing()
        return super().event(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt's names
        """Tab leaves the field (QDateEdit would walk its day, month and year instead)."""
        return QWidget.focusNextPrevChild(self, next)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.selectAll()  # arriving by Tab: the whole date is there to be typed over

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._finish_typing()
        super().focusOutEvent(event)

    def _finish_typing(self) -> None:
        """Set the date that was typed, or refuse it with a message and keep the old one."""
        typed, self._typing = self._typing, None
        if typed is None:
            return
        value = parse_typed_date(typed)
        problem = self._problem_with(typed, value)
        if problem:
            self.set_value(self._before)
            self._refuse(problem)
            return
        assert value is not None  # no problem means a date
        self.problem = ""
        self.set_value(value)

    def _problem_with(self, typed: str, value: dt.date | None) -> str:
        if value is None:
            return _("“{typed}” is not a date: type it as day/month/year, for example "
                     "{example}.").format(typed=typed, example=format_date(self._before))
        if value < self.earliest():
            return _("{date} is too early here: the earliest date allowed is {earliest}.").format(
                date=format_date(value), earliest=format_date(self.earliest()))
        if value > self.latest():
            return _("{date} is too late here: the latest date allowed is {latest}.").format(
                date=format_date(value), latest=format_date(self.latest()))
        return ""

    def _refuse(self, problem: str) -> None:
        self.problem = problem
        if self.isVisible():
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), problem, self)
        self.refused.emit(problem)

    # --- the value as Python sees it --------------------------------------------------------

    def earliest(self) -> dt.date:
        """The earliest date this field takes."""
        return cast(dt.date, self.minimumDate().toPython())

    def latest(self) -> dt.date:
        """The latest date this field takes."""
        return cast(dt.date, self.maximumDate().toPython())

    def value(self) -> dt.date:
        """The date shown."""
        return cast(dt.date, self.date().toPython())  # a QDate converts to a date

    def set_value(self, value: dt.date) -> None:
        """Show ``value``."""
        self.setDate(_qdate(value))


class TimeField(QTimeEdit):
    """A time of day, hours and minutes (24-hour); ``value()`` is a ``datetime.time``.

    Tab and Shift+Tab leave the field, as from a date: QTimeEdit walks its hour and minute
    with them, so the next keys went into the minutes instead of the next field.
    """

    def __init__(self, value: dt.time | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDisplayFormat("HH:mm")
        self.setToolTip(_("Type the time as hours and minutes, for example 15:30."))
        if value is not None:
            self.set_value(value)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt's names
        return QWidget.focusNextPrevChild(self, next)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.selectAll()  # arriving by Tab: the time is there to be typed over

    def value(self) -> dt.time:
        """The time shown."""
        return cast(dt.time, self.time().toPython())

    def set_value(self, value: dt.time) -> None:
        """Show ``value`` (to the minute)."""
        self.setTime(QTime(value.hour, value.minute))


def dated_row(parent: QWidget, box: QCheckBox, field: QWidget) -> QWidget:
    """A tick box and the field it switches on (a date, or a number of weeks), on one row."""
    row_widget = QWidget(parent)
    row = QHBoxLayout(row_widget)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(box)
    row.addWidget(field, 1)
    return row_widget
