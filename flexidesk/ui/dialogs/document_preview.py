"""Preview a document before it is issued, printed or saved; pages are rendered in memory only.

Pages are drawn with pdfium straight from the PDF bytes (no temporary file ever holds a
child's letter); printing paints those same page images at the printer's resolution.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import cast

import pypdfium2 as pdfium
from PySide6.QtCore import QPointF, QRectF, QSizeF, QStandardPaths, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, ngettext
from flexidesk.store.files import atomic_write

ZOOMS = (50, 75, 100, 125, 150, 200)
DEFAULT_ZOOM = 100
#: Printing above this is no sharper on paper and costs a great deal of memory per page.
MAX_PRINT_DPI = 300


def page_image(document: pdfium.PdfDocument, index: int, scale: float) -> QImage:
    """One page drawn by pdfium at ``scale`` (1.0 = 72 dpi) as a QImage that owns its pixels."""
    page = document[index]
    try:
        bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
        try:
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            fmt = (QImage.Format.Format_RGBX8888 if bitmap.n_channels == 4
                   else QImage.Format.Format_RGB888)
            image = QImage(bitmap.buffer, width, height, stride, fmt).copy()
        finally:
            bitmap.close()
    finally:
        page.close()
    return image


def default_file_name(title: str) -> str:
    """A safe file name from a document's title: 'Decision letter: Ro Ashby' -> 'Decision letter - Ro Ashby.pdf'."""
    name = re.sub(r"\s*[:/\\|]+\s*", " - ", title or "")
    name = re.sub(r"[^\w\s.,'()-]", "", name).strip(" .-")
    return (name or _("Document")) + ".pdf"


class DocumentPreviewDialog(QDialog):
    """Every page of a PDF, with zoom, Print…, Save as… and (optionally) Issue.

    ``issue_label`` adds an Issue button that accepts the dialog; the caller then records
    the issue. ``printed`` and ``saved(path)`` are emitted so the caller can audit them.
    """

    # The pages' scroll area; it shadows QWidget.scroll(dx, dy), which this dialog never calls.
    scroll: QScrollArea  # type: ignore[assignment]

    printed = Signal()
    saved = Signal(str)

    def __init__(self, pdf_bytes: bytes, title: str, parent: QWidget | None = None,
                 issue_label: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("documentPreview")
        self._bytes = bytes(pdf_bytes)
        self._title = title
        self._zoom = DEFAULT_ZOOM
        self._page_labels: list[QLabel] = []
        try:
            self._document: pdfium.PdfDocument | None = pdfium.PdfDocument(self._bytes)
            self._pages = len(self._document)
        except pdfium.PdfiumError:
            self._document, self._pages = None, 0

        self.page_count_label = QLabel(self)
        self.page_count_label.setObjectName("pageCount")
        self.zoom_box = QComboBox(self)
        self.zoom_box.setObjectName("zoom")
        self.zoom_box.setAccessibleName(_("Zoom"))
        for zoom in ZOOMS:
            self.zoom_box.addItem(_("{percent}%").format(percent=zoom), zoom)
        self.zoom_box.setCurrentIndex(ZOOMS.index(DEFAULT_ZOOM))
        zoom_out = QToolButton(self)
        zoom_out.setText("\u2212")
        zoom_out.setToolTip(_("Zoom out (Ctrl+-)"))
        zoom_out.setAccessibleName(_("Zoom out"))
        zoom_in = QToolButton(self)
        zoom_in.setText("+")
        zoom_in.setToolTip(_("Zoom in (Ctrl++)"))
        zoom_in.setAccessibleName(_("Zoom in"))
        zoom_label = QLabel(_("&Zoom:"), self)
        zoom_label.setBuddy(self.zoom_box)
        bar = QHBoxLayout()
        bar.addWidget(self.page_count_label)
        bar.addStretch(1)
        bar.addWidget(zoom_label)
        bar.addWidget(zoom_out)
        bar.addWidget(self.zoom_box)
        bar.addWidget(zoom_in)

        self._pages_widget = QWidget()
        self._pages_widget.setObjectName("pages")
        self._pages_layout = QVBoxLayout(self._pages_widget)
        self._pages_layout.setSpacing(14)
        self._pages_layout.setContentsMargins(14, 14, 14, 14)
        self._pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("pagesScroll")
        self.scroll.setWidget(self._pages_widget)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and Page Up/Down scroll
        self.scroll.setAccessibleName(_("Pages of {title}").format(title=title))
        self.scroll.setStyleSheet("QScrollArea { background: #8a9099; } "
                                  "QWidget#pages { background: #8a9099; }")

        buttons = QDialogButtonBox(self)
        self.print_button = QPushButton(_("&Print…"), self)
        self.print_button.setObjectName("print")
        self.print_button.setToolTip(_("Print (Ctrl+P)"))
        self.save_button = QPushButton(_("&Save as…"), self)
        self.save_button.setObjectName("saveAs")
        self.save_button.setToolTip(_("Save as a PDF file (Ctrl+S)"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.issue_button: QPushButton | None = None
        if issue_label:
            self.issue_button = QPushButton(issue_label, self)
            self.issue_button.setObjectName("issue")
            self.issue_button.setToolTip(_("Record this document as issued to the family"))
            buttons.addButton(self.issue_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.issue_button.clicked.connect(self.accept)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("close")
        close.clicked.connect(self.reject)
        for button in buttons.buttons():
            cast(QPushButton, button).setAutoDefault(False)  # a box's buttons are QPushButtons; Enter must not issue a letter by accident

        # Where Save as… put the file, said in the window (no extra box to dismiss).
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("savedTo")
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved_label.hide()

        # What to check before this goes out (a private note it prints, nobody to send it to).
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("previewNotice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextFormat(Qt.TextFormat.RichText)
        self.notice_label.setStyleSheet("QLabel#previewNotice { background: #fff4ce; "
                                        "color: #3b2f00; border: 1px solid #c9a100; "
                                        "padding: 6px; }")
        self.notice_label.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.saved_label)
        layout.addWidget(buttons)

        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_as)
        zoom_in.clicked.connect(lambda: self.step_zoom(1))
        zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_box.currentIndexChanged.connect(
            lambda _i: self.set_zoom(self.zoom_box.currentData()))
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_with_dialog)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_as)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.step_zoom(1))
        QShortcut(QKeySequence("Ctrl+="), self, lambda: self.step_zoom(1))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.step_zoom(-1))

        if self._document is None:
            self.page_count_label.setText(_("This document could not be shown."))
            self.print_button.setEnabled(False)
            if self.issue_button is not None:
                self.issue_button.setEnabled(False)
        else:
            self.page_count_label.setText(
                ngettext("{n} page", "{n} pages", self._pages).format(n=self._pages))
        self._fit_to_screen()
        if self._document is not None:
            self._build_pages()
        self.scroll.setFocus()

    def set_notice(self, rich_text: str) -> None:
        """Show what to check before the document goes out, above its pages (escape any
        user text first); '' hides it."""
        self.notice_label.setText(rich_text)
        self.notice_label.setVisible(bool(rich_text))

    def _fit_to_screen(self) -> None:
        """Size the dialog to the screen (a small laptop too) and pick a zoom that fits a page."""
        screen = (self.parentWidget() or self).screen()
        available = screen.availableGeometry() if screen else None
        width = min(900, int(available.width() * 0.9)) if available else 900
        height = min(1000, int(available.height() * 0.9)) if available else 900
        self.resize(width, height)
        if self._document is not None and self._pages:
            page_width = self._document.get_page_size(0)[0] * (self.logicalDpiX() or 96) / 72
            room = width - 70  # the scroll bar, the frame and the grey margins
            fitting = [z for z in ZOOMS if page_width * z / 100 <= room]
            self._zoom = fitting[-1] if fitting else ZOOMS[0]
            self.zoom_box.blockSignals(True)
            self.zoom_box.setCurrentIndex(ZOOMS.index(self._zoom))
            self.zoom_box.blockSignals(False)

    # --- pages and zoom -------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        """How many pages the document has (0 when it could not be read)."""
        return self._pages

    @property
    def zoom(self) -> int:
        """The zoom in per cent."""
        return self._zoom

    def _scale(self) -> float:
        # 100% shows the page at its real size on this screen, sharp on high-DPI screens.
        dpi = self.logicalDpiX() or 96
        return self._zoom / 100 * dpi / 72 * self.devicePixelRatioF()

    def _build_pages(self) -> None:
        for number in range(self._pages):
            label = QLabel(self._pages_widget)
            label.setObjectName(f"page{number + 1}")
            label.setFrameShape(QFrame.Shape.Box)
            label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            label.setAccessibleName(_("Page {page} of {pages}").format(page=number + 1,
                                                                      pages=self._pages))
            self._pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self._page_labels.append(label)
        self._draw_pages()

    def _draw_pages(self) -> None:
        scale, ratio = self._scale(), self.devicePixelRatioF()
        for number, label in enumerate(self._page_labels):
            pixmap = QPixmap.fromImage(page_image(self._document, number, scale))
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.deviceIndependentSize().toSize())

    def set_zoom(self, percent: int) -> None:
        """Show the pages at ``percent`` of their real size."""
        if percent not in ZOOMS or percent == self._zoom:
            return
        self._zoom = percent
        self.zoom_box.setCurrentIndex(ZOOMS.index(percent))
        if self._document is not None:
            self._draw_pages()

    def step_zoom(self, direction: int) -> None:
        """One zoom step larger (1) or smaller (-1)."""
        index = max(0, min(len(ZOOMS) - 1, ZOOMS.index(self._zoom) + direction))
        self.set_zoom(ZOOMS[index])

    # --- print and save -------------------------------------------------------------------

    def print_with_dialog(self) -> None:
        """Ask which printer and pages, then print."""
        if self._document is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._title)
        printer.setFullPage(True)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print {title}").format(title=self._title))
        dialog.setMinMax(1, self._pages)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if self.print_document(printer):
            self.printed.emit()

    def print_document(self, printer: QPrinter) -> bool:
        """Paint the chosen pages onto ``printer``; False (after saying why) if it failed."""
        first, last = 1, self._pages
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = printer.fromPage(), min(printer.toPage() or self._pages, self._pages)
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, _("Could not print"),
                                _("The printer could not be started. Please check that it is "
                                  "switched on and connected, then try again."))
            return False
        try:
            # Full-page coordinates, so the page prints at its true size with its own margins.
            target = printer.paperRect(QPrinter.Unit.DevicePixel)
            for number in range(first - 1, last):
                if number > first - 1:
                    printer.newPage()
                image = page_image(self._document, number, dpi / 72)
                size = QSizeF(image.size()).scaled(target.size(),
                                                   Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRectF(QPointF(0, 0), size), image)
        finally:
            painter.end()
        return True

    def save_as(self) -> str | None:
        """Ask where to save the PDF and write it; returns the path, or None if not saved."""
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / default_file_name(self._title)) if folder else \
            default_file_name(self._title)
        path, _filter = QFileDialog.getSaveFileName(self, _("Save {title}").format(
            title=self._title), suggested, _("PDF documents (*.pdf)"))
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            atomic_write(path, self._bytes)  # owner-only (0600), as backups are
        except OSError as exc:
            QMessageBox.warning(self, _("Could not save"), _(
                "The document could not be saved there ({reason}). Please choose another "
                "folder, or check that the disk is not full.").format(
                reason=exc.strerror or exc.__class__.__name__))
            return None
        self.saved_label.setText(_("Saved to {path}").format(path=path))
        self.saved_label.show()
        self.saved.emit(path)
        return path
