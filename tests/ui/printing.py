"""A stand-in for the system print dialog, so that tests print to a PDF file (or cancel)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog


class PdfPrintDialog:
    """'Prints' to the PDF file ``target`` and says OK, or says Cancel when ``cancel`` is set."""

    target: Path | None = None
    cancel = False

    def __init__(self, printer, parent=None):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.target))

    def setWindowTitle(self, title):  # noqa: N802 - Qt's name
        pass

    def setMinMax(self, low, high):  # noqa: N802 - Qt's name
        pass

    def exec(self):
        return QDialog.DialogCode.Rejected if self.cancel else QDialog.DialogCode.Accepted


def print_to(monkeypatch, target: Path, *, cancel: bool = False) -> None:
    """Make every Print… in a document preview print to ``target`` (or be cancelled)."""
    from flexidesk.ui.dialogs import document_preview

    fake = type("Printing", (PdfPrintDialog,), {"target": target, "cancel": cancel})
    monkeypatch.setattr(document_preview, "QPrintDialog", fake)
