"""A form that edits one versioned record: its save is refused if someone saved it meanwhile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flexidesk.policy import concurrency

if TYPE_CHECKING:  # mixed into a FormDialog, whose accept() it wraps
    from PySide6.QtWidgets import QDialog as _Dialog
else:
    _Dialog = object


class VersionedSave(_Dialog):
    """Mixin for a FormDialog: call ``remember_version`` as it opens; OK saves expecting it.

    The refusal (ChangedElsewhere, a PolicyError) is shown inside the form like any other,
    naming who changed the record and when; what was typed stays."""

    _shown: tuple[str, int, int | str] | None = None

    def remember_version(self, table: str, record_id: int | None) -> None:
        """Note the version of ``table``'s row ``record_id`` shown now (None: a new record)."""
        self._shown = (None if record_id is None else
                       (table, record_id, concurrency.record_version(table, record_id)))

    def accept(self) -> None:
        if self._shown is None:
            super().accept()
            return
        with concurrency.expecting_record(*self._shown):
            super().accept()
