"""A date entry with a calendar popup, shown the British way, that speaks Python dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import cast

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit

from flexidesk.i18n import _

# en_GB order; the month name avoids any doubt between 03/04 and 04/03.
DISPLAY_FORMAT = "dd/MM/yyyy"



def parse_typed_date(typed: str) -> dt.date | None:
    """A date typed day first: 25/12/2026, 3.1.27, 03-01-2027 (None if it is not a date)."""
    parts = re.split(r"[/.-]", typed.strip())
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    day, month, year = (int(p) for p in parts)
    if len(parts[2]) <= 2:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class DateField(QDateEdit):
    """QDateEdit with a calendar popup and en_GB display; ``value()`` is a ``datetime.date``."""

    def __init__(self, value: dt.date | None = None, parent=None, *,
                 minimum: dt.date | None = None, maximum: dt.date | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setMinimumDate(QDate(minimum.year, minimum.month, minimum.day) if minimum else QDate(2000, 1, 1))
        self.setMaximumDate(QDate(maximum.year, maximum.month, maximum.day) if maximum else QDate(2099, 12, 31))
        self.setToolTip(_("Type the date as day/month/year, or press Alt+Down for a calendar."))
        self.setAccessibleDescription(_("Date, day/month/year"))
        self._typing: str | None = None  # a whole date being typed over the field
        self._before = value or dt.date.today()  # kept if what was typed is not a date
        self.set_value(value or dt.date.today())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Typing a whole date (25/12/2026, 3/1/27) over a selected field replaces the date.

        QDateEdit types into one section at a time, so over a fully selected field (as after
        Tab) a typed date was lost. Here the digits and separators are gathered as typed and
        the date is set as soon as they make one (and on Enter, Tab or leaving the field).
        """
        line = self.lineEdit()
        typed = event.text()
        if self._typing is None and typed.isdigit() and line.hasSelectedText() \
                and line.selectedText() == line.text():
            self._typing, self._before = "", self.value()
        if self._typing is not None:
            if typed and (typed.isdigit() or typed in "/.-"):
                self._typing += typed
                line.setText(self._typing)
                if self._complete(self._typing):
                    self._finish_typing()
                event.accept()
                return
            if event.key() == Qt.Key.Key_Backspace:
                self._typing = self._typing[:-1]
                line.setText(self._typing)
                event.accept()
                return
            self._finish_typing()
        super().keyPressEvent(event)

    def event(self, event) -> bool:
        # Tab is taken for moving focus before keyPressEvent sees it: finish the date first.
        if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._finish_typing()
        return super().event(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._finish_typing()
        super().focusOutEvent(event)

    @staticmethod
    def _complete(typed: str) -> bool:
        parts = re.split(r"[/.-]", typed)
        return len(parts) == 3 and len(parts[2]) == 4

    def _finish_typing(self) -> None:
        """Set the date that was typed; one that is not a date leaves the old one in place."""
        typed, self._typing = self._typing, None
        if typed is None:
            return
        value = parse_typed_date(typed)
        self.set_value(value if value is not None else self._before)

    def value(self) -> dt.date:
        """The date shown."""
        return cast(dt.date, self.date().toPython())  # a QDate converts to a date

    def set_value(self, value: dt.date) -> None:
        """Show ``value``."""
        self.setDate(QDate(value.year, value.month, value.day))
