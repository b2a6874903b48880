"""A throwaway page that loads what every letter needs: ReportLab, the fonts and their metrics.

The first letter of a session used to pay for all of it (issue 22: 10.9 s on the school's
laptop, 0.5 s after): the window has it made in the thread pool just after sign-in instead.
No school or child data is read or written.
"""

from __future__ import annotations

from flexidesk.documents import fonts
from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.styles import stylesheet
from flexidesk.documents.templates import Letterhead, PageSetup, build_pdf


def sample_pdf() -> bytes:
    """One page in the letters' fonts and styles (regular, bold, italic, a Welsh line)."""
    fonts.register()
    sheet = stylesheet()
    story = [Paragraph("<b>Warm</b> <i>up</i>: Dŵr, tŷ, ŵyr; Ŷ ŵ ŷ.", sheet["BodyText"]),
             Paragraph("Heading", sheet["Heading2"])]
    return build_pdf(PageSetup(Letterhead("FlexiDesk"), "FlexiDesk"), story)
