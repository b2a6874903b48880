"""A batch of letters as one PDF to preview, print or save: each letter's pages, in order.

Each letter keeps its own PDF (and params) for its issued record and its reprint; the batch
is only how they reach paper together.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pypdfium2 as pdfium


def one_pdf(pdfs: Sequence[bytes]) -> bytes:
    """The letters' pages in one PDF, in the order given."""
    merged = pdfium.PdfDocument.new()
    try:
        for pdf in pdfs:
            letter = pdfium.PdfDocument(pdf)
            try:
                merged.import_pages(letter)
            finally:
                letter.close()
        buffer = io.BytesIO()
        merged.save(buffer)
        return buffer.getvalue()
    finally:
        merged.close()
