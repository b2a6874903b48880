"""A painted timeline of one flexi request: milestones, the decision deadline and today."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from flexidesk.i18n import N_, _, format_date
from flexidesk.policy.flexi import Milestone, Timeline

ACCENT = QColor("#1d6a7a")  # done
LATE = QColor("#b3261e")  # the one red for anything late (as in ui.models.rows)
NEXT = QColor("#1d6a7a")
FUTURE = QColor("#a7adb3")
SKIPPED = QColor("#c9cdd1")
TEXT = QColor("#1f2328")
MUTED = QColor("#5f6770")
TODAY = QColor("#2f6fd6")

STATE_WORDS = {
    "done": N_("done"),
    "late": N_("late"),
    "next": N_("next step"),
    "future": N_("to come"),
    "skipped": N_("not reached"),
}


def _short_date(value: dt.date) -> str:
    """The one date format the list and the timeline share."""
    return format_date(value)


class TimelineWidget(QWidget):
    """Milestones as circles on a line; hover for detail, click or Enter to pick one."""

    milestone_clicked = Signal(str)

    RADIUS = 9.0

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("flexiTimeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Request timeline"))
        self._timeline: Timeline | None = None
        self._current = -1
        self._hover = -1
        self._date_top = 0.0

    # --- feeding ------------------------------------------------------------------------

    def set_timeline(self, timeline: Timeline | None) -> None:
        """Show ``timeline`` (None clears); the current milestone becomes the next step."""
        self._timeline = timeline
        self._hover = -1
        self._current = -1
        if timeline is not None and timeline.milestones:
            states = [m.state for m in timeline.milestones]
            for wanted in ("late", "next"):
                if wanted in states:
                    self._current = states.index(wanted)
                    break
            else:
                done = [i for i, s in enumerate(states) if s == "done"]
                self._current = done[-1] if done else 0
        self._describe()
        self.update()

    def milestones(self) -> list[Milestone]:
        """The milestones shown, in order."""
        return list(self._timeline.milestones) if self._timeline else []

    def current_milestone(self) -> Milestone | None:
        """The milestone the keyboard (or the last click) is on."""
        items = self.milestones()
        return items[self._current] if 0 <= self._current < len(items) else None

    def set_current(self, index: int) -> None:
        """Move the keyboard focus to milestone ``index``."""
        items = self.milestones()
        if not items:
            return
        self._current = max(0, min(index, len(items) - 1))
        self._describe()
        self.update()

    def _describe(self) -> None:
        milestone = self.current_milestone()
        if milestone is None:
            self.setAccessibleDescription(_("No request selected"))
            return
        self.setAccessibleDescription(self.describe(milestone))

    @staticmethod
    def describe(milestone: Milestone) -> str:
        """A milestone in one plain sentence (for tooltips and screen readers)."""
        head = milestone.label
        if milestone.date:
            head += " – " + format_date(milestone.date)
        head += " (" + _(STATE_WORDS.get(milestone.state, milestone.state)) + ")"
        return head + ("\n" + milestone.detail if milestone.detail else "")

    # --- geometry -----------------------------------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(700, 160)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(360, 150)

    def _line_y(self) -> float:
        # The drawing spans about 50 px above the line and 70 below: centre it.
        return max(52.0, (self.height() - 120) / 2 + 50)

    def _xs(self) -> list[float]:
        count = len(self.milestones())
        if not count:
            return []
        left, right = 40.0, self.width() - 40.0
        if count == 1:
            return [(left + right) / 2]
        step = (right - left) / (count - 1)
        return [left + i * step for i in range(count)]

    def _x_for_date(self, when: dt.date) -> float | None:
        """Where a date falls between the dated milestones (they are spaced evenly, not by time)."""
        xs = self._xs()
        anchors: list[tuple[float, dt.date, int]] = []
        for i, (x, m) in enumerate(zip(xs, self.milestones(), strict=True)):
            if m.date is not None and (not anchors or m.date >= anchors[-1][1]):
                anchors.append((x, m.date, i))
        if not anchors:
            return None
        if when <= anchors[0][1]:
            return anchors[0][0] if when == anchors[0][1] else max(12.0, anchors[0][0] - 24.0)
        for (x0, d0, _i0), (x1, d1, _i1) in zip(anchors, anchors[1:], strict=False):
            if d0 <= when <= d1:
                span = (d1 - d0).days or 1
                return x0 + (x1 - x0) * (when - d0).days / span
        x_last, d_last, i_last = anchors[-1]
        step = (xs[i_last + 1] - x_last) if i_last + 1 < len(xs) else 40.0
        # After the last dated step: drift towards the next slot, never reaching it.
        return min(x_last + step * 0.85, x_last + step * min(1.0, (when - d_last).days / 20))

    def _index_at(self, pos: QPointF) -> int:
        xs = self._xs()
        if not xs:
            return -1
        half = (xs[1] - xs[0]) / 2 if len(xs) > 1 else self.width() / 2
        for i, x in enumerate(xs):
            if abs(pos.x() - x) <= max(half, self.RADIUS) and 20 <= pos.y() <= self.height() - 4:
                return i
        return -1

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, event):  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        items = self.milestones()
        if not items:
            painter.setPen(MUTED)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             _("Choose a request to see its timeline."))
            painter.end()
            return
        xs = self._xs()
        y = self._line_y()
        self._date_top = y + self.RADIUS + 8 + self._label_height(items, xs)
        self._paint_line(painter, items, xs, y)
        self._paint_deadline(painter, y)
        self._paint_today(painter, y)
        for i, (x, m) in enumerate(zip(xs, items, strict=True)):
            self._paint_milestone(painter, m, x, y, i == self._current, i == self._hover)
        painter.end()

    def _paint_line(self, painter: QPainter, items, xs, y: float) -> None:
        for i in range(len(items) - 1):
            a, b = items[i], items[i + 1]
            finished = a.state in ("done", "late") and b.state in ("done", "late")
            pen = QPen(ACCENT if finished else FUTURE, 3 if finished else 2)
            if not finished:
                pen.setStyle(Qt.PenStyle.DashLine)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLine(QPointF(xs[i] + self.RADIUS, y), QPointF(xs[i + 1] - self.RADIUS, y))

    def _paint_deadline(self, painter: QPainter, y: float) -> None:
        timeline = self._timeline
        if timeline is None or timeline.deadline is None:
            return
        x = self._x_for_date(timeline.deadline)
        for slot_x, m in zip(self._xs(), timeline.milestones, strict=True):
            if m.code == "decided" and m.date == timeline.deadline:
                x = slot_x  # still waiting: the flag stands over the decision itself
        if x is None:
            return
        decided = next((m for m in timeline.milestones if m.code == "decided"), None)
        if decided is not None and decided.state == "done":
            return  # the deadline was met: nothing left to flag
        late = bool(decided and decided.state == "late")
        colour = LATE if late else QColor("#b26a00")
        # A small flag above the line, its pole down to the line.
        painter.setPen(QPen(colour, 1.5))
        painter.drawLine(QPointF(x, y - self.RADIUS - 2), QPointF(x, y - 30))
        flag = QPainterPath()
        flag.moveTo(x, y - 30)
        flag.lineTo(x + 11, y - 26)
        flag.lineTo(x, y - 22)
        flag.closeSubpath()
        painter.fillPath(flag, colour)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        font.setBold(True)
        painter.setFont(font)
        text = _("Due {date}").format(date=_short_date(timeline.deadline))
        width = QFontMetrics(font).horizontalAdvance(text)
        left = min(max(2.0, x + 14), self.width() - width - 4)
        painter.drawText(QPointF(left, y - 23), text)

    def _paint_today(self, painter: QPainter, y: float) -> None:
        timeline = self._timeline
        x = self._x_for_date(timeline.today) if timeline else None
        if x is None:
            return
        pen = QPen(TODAY, 1.2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        # Stop short of the labels so the line never runs through their text.
        painter.drawLine(QPointF(x, 16), QPointF(x, y + self.RADIUS + 4))
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        text = _("Today")
        width = QFontMetrics(font).horizontalAdvance(text)
        painter.setPen(TODAY)
        left = min(max(2.0, x - width / 2), self.width() - width - 2)
        painter.drawText(QPointF(left, 12), text)

    def _paint_milestone(self, painter: QPainter, m: Milestone, x: float, y: float,
                         current: bool, hovered: bool) -> None:
        r = self.RADIUS + (1.5 if hovered else 0.0)
        centre = QPointF(x, y)
        colour = {"done": ACCENT, "late": LATE, "next": NEXT, "future": FUTURE,
                  "skipped": SKIPPED}.get(m.state, FUTURE)
        # A late step is either done after its deadline (filled) or still waiting (ringed).
        done_late = m.state == "late" and m.done
        if m.state == "done" or done_late:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(centre, r, r)
            tick = QPen(QColor("white"), 2.2)
            tick.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(tick)
            painter.drawLine(QPointF(x - r * 0.45, y + 0.5), QPointF(x - r * 0.1, y + r * 0.4))
            painter.drawLine(QPointF(x - r * 0.1, y + r * 0.4), QPointF(x + r * 0.5, y - r * 0.4))
        else:
            painter.setBrush(self.palette().base())
            width = 3.0 if m.state in ("next", "late") else 2.0
            painter.setPen(QPen(colour, width))
            painter.drawEllipse(centre, r, r)
            if m.state in ("next", "late"):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawEllipse(centre, r * 0.4, r * 0.4)
            elif m.state == "skipped":
                painter.setPen(QPen(SKIPPED, 1.6))
                painter.drawLine(QPointF(x - r * 0.5, y - r * 0.5), QPointF(x + r * 0.5, y + r * 0.5))
        if current and self.hasFocus():
            focus = QPen(TODAY, 1.5, Qt.PenStyle.DotLine)
            painter.setPen(focus)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(x - r - 5, y - r - 5, 2 * r + 10, 2 * r + 10), 5, 5)

        xs = self._xs()
        slot = (xs[1] - xs[0]) if len(xs) > 1 else 160.0
        label_font, date_font = self._fonts(bold=current or m.state in ("next", "late"))
        compact = self._compact(slot)
        # Too narrow for every name: show the chosen milestone's in full, the others on hover.
        box_w = 150.0 if compact else max(56.0, slot - 1)
        left = min(max(2.0, x - box_w / 2), self.width() - box_w - 2)
        if not compact or current:
            text_colour = {"late": LATE, "future": MUTED, "skipped": SKIPPED}.get(m.state, TEXT)
            painter.setFont(label_font)
            painter.setPen(text_colour)
            flags = (Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                     | Qt.TextFlag.TextWordWrap)
            label_box = QRectF(left, y + r + 6, box_w, 34)
            painter.drawText(label_box, flags, m.label)
            label_height = painter.boundingRect(label_box, flags, m.label).height()
        else:
            label_height = 0.0
        if m.date is not None and (not compact or current):
            text = format_date(m.date) if compact else _short_date(m.date)
            painter.setFont(date_font)
            painter.setPen(LATE if m.state == "late" else MUTED)
            top = y + r + 8 + min(label_height, 34) if compact else self._date_top
            painter.drawText(QRectF(left, top, box_w, 18),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)

    def _label_height(self, items: list[Milestone], xs: list[float]) -> float:
        """The tallest wrapped name, so every date sits on one row."""
        slot = (xs[1] - xs[0]) if len(xs) > 1 else 160.0
        metrics = QFontMetrics(self._fonts(bold=True)[0])
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        return min(34.0, max(metrics.boundingRect(0, 0, int(max(56.0, slot - 1)), 200, flags,
                                                  m.label).height() for m in items))

    def _fonts(self, bold: bool = False) -> tuple[QFont, QFont]:
        label_font = QFont(self.font())
        label_font.setPointSizeF(max(7.0, label_font.pointSizeF() * 0.86))
        label_font.setBold(bold)
        date_font = QFont(self.font())
        date_font.setPointSizeF(max(7.0, date_font.pointSizeF() * 0.82))
        return label_font, date_font

    def shows_every_label(self) -> bool:
        """Whether every milestone's name fits under it (not only the chosen one's)."""
        xs = self._xs()
        return not self._compact((xs[1] - xs[0]) if len(xs) > 1 else 160.0)

    def _compact(self, slot: float) -> bool:
        """Whether some milestone's name has a word too wide for its slot."""
        metrics = QFontMetrics(self._fonts(bold=True)[0])
        return any(metrics.horizontalAdvance(word) > slot - 2
                   for m in self.milestones() for word in m.label.split())

    # --- interaction --------------------------------------------------------------------

    def event(self, event):
        if event.type() == QEvent.Type.ToolTip:
            index = self._index_at(QPointF(event.pos()))
            items = self.milestones()
            if 0 <= index < len(items):
                QToolTip.showText(event.globalPos(), self.describe(items[index]), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event):  # noqa: N802 - Qt's name
        index = self._index_at(event.position())
        if index != self._hover:
            self._hover = index
            self.setCursor(Qt.CursorShape.PointingHandCursor if index >= 0
                           else Qt.CursorShape.ArrowCursor)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event):  # noqa: N802 - Qt's name
        self._hover = -1
        self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event):  # noqa: N802 - Qt's name
        index = self._index_at(event.position())
        if index >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.set_current(index)
            self.milestone_clicked.emit(self.milestones()[index].code)
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event):  # noqa: N802 - Qt's name
        key = event.key()
        items = self.milestones()
        if items and key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End):
            target = {Qt.Key.Key_Left: self._current - 1, Qt.Key.Key_Right: self._current + 1,
                      Qt.Key.Key_Home: 0, Qt.Key.Key_End: len(items) - 1}[key]
            self.set_current(target)
            return
        if items and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            milestone = self.current_milestone()
            if milestone is not None:
                self.milestone_clicked.emit(milestone.code)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event):  # noqa: N802 - Qt's name
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event):  # noqa: N802 - Qt's name
        self.update()
        super().focusOutEvent(event)
