"""A form that edits rows that exist: its save is refused if someone saved one of them meanwhile."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from flexidesk.policy import concurrency

if TYPE_CHECKING:  # mixed into a FormDialog, whose accept() it wraps
    from PySide6.QtWidgets import QDialog as _Dialog
else:
    _Dialog = object


class VersionedSave(_Dialog):
    """Mixin for a FormDialog: call ``remember_version`` for each row the form shows and may
    change, as it opens; OK saves expecting every one of them as it was.

    The refusal (ChangedElsewhere, a PolicyError) is shown inside the form like any other,
    naming who changed the record and when; what was typed stays."""

    _shown_rows: list[tuple[str, int, int | str]] | None = None

    def remember_version(self, table: str, record_id: int | None) -> None:
        """Note the version of ``table``'s row ``record_id`` shown now (None: a new record)."""
        if record_id is None:
            return
        if self._shown_rows is None:
            self._shown_rows = []
        self._shown_rows.append((table, record_id, concurrency.record_version(table, record_id)))

    def remember_versions(self, rows) -> None:
        """``remember_version`` for each (table, id)."""
        for table, record_id in rows:
            self.remember_version(table, record_id)

    def accept(self) -> None:
        with contextlib.ExitStack() as stack:
            for shown in self._shown_rows or ():
                stack.enter_context(concurrency.expecting_record(*shown))
            super().accept()
