"""A Monday-to-Friday by morning/afternoon grid of checkboxes for choosing weekly sessions."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget

from flexidesk.i18n import N_, _
from flexidesk.policy.vocabulary import DAY_LABELS, parse_sessions
from flexidesk.store.models import SESSIONS

_DAYS = ("mon", "tue", "wed", "thu", "fri")
_PARTS = ("am", "pm")
_PART_HEADINGS = {"am": N_("AM"), "pm": N_("PM")}  # translated where shown
#: Column headings: each language shortens its day names its own way (Welsh: Llun, Maw...).
_DAY_SHORT = {"mon": N_("Mon"), "tue": N_("Tue"), "wed": N_("Wed"), "thu": N_("Thu"),
              "fri": N_("Fri")}


class SessionsGrid(QWidget):
    """Ten checkboxes (five days, two halves); ``sessions()`` gives the ticked codes in week order."""

    changed = Signal()

    def __init__(self, parent=None, *, checked_means: str = ""):
        super().__init__(parent)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        for col, day in enumerate(_DAYS, start=1):
            heading = QLabel(_(_DAY_SHORT[day]), self)
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            heading.setToolTip(_(DAY_LABELS[day]))
            grid.addWidget(heading, 0, col)
        for row, part in enumerate(_PARTS, start=1):
            grid.addWidget(QLabel(_(_PART_HEADINGS[part]), self), row, 0)
        # Created day by day so Tab walks Monday AM, Monday PM, Tuesday AM... like a week.
        for col, day in enumerate(_DAYS, start=1):
            for row, part in enumerate(_PARTS, start=1):
                code = f"{day}_{part}"
                box = QCheckBox(self)
                box.setObjectName(f"session_{code}")
                half = _("morning") if part == "am" else _("afternoon")
                name = _("{day} {half}").format(day=_(DAY_LABELS[day]), half=half)
                if checked_means:
                    name = f"{name}: {checked_means}"
                box.setAccessibleName(name)
                box.setToolTip(name)
                box.toggled.connect(self.changed)
                grid.addWidget(box, row, col, Qt.AlignmentFlag.AlignCenter)
                self.boxes[code] = box
        grid.setColumnStretch(len(_DAYS) + 1, 1)

    def sessions(self) -> list[str]:
        """The ticked session codes, Monday morning first."""
        return [code for code in SESSIONS if self.boxes[code].isChecked()]

    def set_sessions(self, codes: Iterable[str] | str | None) -> None:
        """Tick exactly these sessions (codes, or their stored comma-separated form)."""
        wanted = set(parse_sessions(codes if isinstance(codes, str) or codes is None
                                    else ",".join(codes)))
        for code, box in self.boxes.items():
            box.setChecked(code in wanted)
