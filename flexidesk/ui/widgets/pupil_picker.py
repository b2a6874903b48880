"""Pick a child by typing part of their name: a line edit with a completer over the roll."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from flexidesk.i18n import _, format_date
from flexidesk.policy.records.access import Actor
from flexidesk.policy.roster.choices import pupil_choices
from flexidesk.policy.vocabulary import YEAR_LABELS


@lru_cache(maxsize=4096)
def _born(born: dt.date | str) -> str:
    # Babel is slow per call and a school has far fewer birthdays than children.
    if isinstance(born, str):
        born = dt.date.fromisoformat(born)
    return _("born {date}").format(date=format_date(born))


def _choice_text(first: str, last: str, preferred: str | None, year: int,
                 born: dt.date | str) -> str:
    extra = [_(YEAR_LABELS.get(year, "")), _born(born)]
    if preferred and preferred != first:
        extra.insert(0, first)
    return f"{preferred or first} {last} ({', '.join(extra)})"


class PupilPicker(QLineEdit):
    """Type any part of a child's name; choose from the list. ``pupil_id()`` is None until chosen."""

    pupil_changed = Signal(object)  # the chosen pupil's id, or None

    def __init__(self, actor: Actor, parent=None, *, include_left: bool = False):
        super().__init__(parent)
        self.setPlaceholderText(_("Type part of the child's name"))
        self.setClearButtonEnabled(True)
        self._ids: dict[str, int] = {}
        # Read through the actor: the role is checked and the list's view recorded.
        for c in pupil_choices(actor, include_left=include_left):
            self._ids[_choice_text(c.first_name, c.last_name, c.preferred_name, c.year_group,
                                   c.born)] = c.id
        self._folded = [(text.casefold(), pid) for text, pid in self._ids.items()]
        self._model = QStringListModel(list(self._ids), self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self._current: int | None = None
        self.textChanged.connect(self._text_changed)

    def _text_changed(self, text: str) -> None:
        chosen = self._ids.get(text.strip())
        if chosen is None:
            # A unique match on what was typed also counts, so typing a full name is enough.
            needle = text.strip().casefold()
            hits = [i for t, i in self._folded if needle and needle in t] if len(needle) >= 3 else []
            if len(hits) == 1 and len(needle) >= 3:
                chosen = hits[0]
        if chosen != self._current:
            self._current = chosen
            self.pupil_changed.emit(chosen)

    def pupil_id(self) -> int | None:
        """The chosen child's id, or None while nothing (or something ambiguous) is typed."""
        return self._current

    def set_pupil(self, pupil_id: int) -> None:
        """Show ``pupil_id`` as chosen."""
        for text, pid in self._ids.items():
            if pid == pupil_id:
                self.setText(text)
                return
