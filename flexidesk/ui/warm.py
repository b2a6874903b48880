"""Warm what the first letter preview needs, in the background, just after sign-in.

ReportLab and the fonts are loaded in the thread pool (``run_task``); pdfium, which must not
be used from two threads at once, draws the sample page back on the main thread. The first
preview then takes what later ones take (benchmarks: bench_documents).
"""

from __future__ import annotations

import logging

from flexidesk.ui.tasks import Task, run_task

log = logging.getLogger("flexidesk")


def _make_sample(_progress) -> bytes:
    from flexidesk.documents.warm import sample_pdf

    return sample_pdf()


def _draw_sample(pdf: bytes) -> None:
    import pypdfium2 as pdfium

    from flexidesk.ui.dialogs.document_preview import page_image

    page_image(pdfium.PdfDocument(pdf), 0, 0.5)


def _not_warmed(error: BaseException) -> bool:
    log.warning("Letters were not warmed up ahead of time: %s", type(error).__name__)
    return True  # the first letter simply takes longer; nothing to tell anyone


def warm_documents() -> Task:
    """Load the letters' machinery in the background; returns the running task."""
    return run_task(_make_sample, on_success=_draw_sample, on_failure=_not_warmed)
