"""A date entry with a calendar popup, shown the British way, that speaks Python dates."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

from flexidesk.i18n import _

# en_GB order; the month name avoids any doubt between 03/04 and 04/03.
DISPLAY_FORMAT = "dd/MM/yyyy"


class DateField(QDateEdit):
    """QDateEdit with a calendar popup and en_GB display; ``value()`` is a ``datetime.date``."""

    def __init__(self, value: dt.date | None = None, parent=None, *,
                 minimum: dt.date | None = None, maximum: dt.date | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setMinimumDate(QDate(minimum) if minimum else QDate(2000, 1, 1))
        self.setMaximumDate(QDate(maximum) if maximum else QDate(2099, 12, 31))
        self.setToolTip(_("Type the date as day/month/year, or press Alt+Down for a calendar."))
        self.setAccessibleDescription(_("Date, day/month/year"))
        self.set_value(value or dt.date.today())

    def value(self) -> dt.date:
        """The date shown."""
        return self.date().toPython()

    def set_value(self, value: dt.date) -> None:
        """Show ``value``."""
        self.setDate(QDate(value.year, value.month, value.day))
