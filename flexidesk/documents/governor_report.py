"""The governors' report on paper: the same anonymised tables as the Reports page, no child named."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.styles import RULE, TINT
from flexidesk.documents.subject_access import Builder
from flexidesk.i18n import _, format_long_date
from flexidesk.policy.reports import Report, count_text


def render_report(report: Report) -> bytes:
    """The report as PDF bytes, built in memory."""
    b = Builder()
    story = [
        Paragraph(escape(_("Reports for governors")), b.title),
        b.p(_("{school}: figures for {today}; reviews and decisions since {since}.").format(
            school=report.school, today=format_long_date(report.today),
            since=format_long_date(report.since))),
        b.p(_("No child is named in this report. Any count below 3 is shown as \u201cfewer "
              "than 3\u201d, because in a school of our size a small number can identify a "
              "child."), b.small),
        Spacer(1, 4 * mm),
    ]
    width = 170 * mm
    for table in report.tables:
        first = 38 * mm if len(table.headers) > 4 else 100 * mm
        rest = (width - first) / max(1, len(table.headers) - 1)
        data = [[b.p(h, b.key) for h in table.headers]]
        for row in table.rows:
            data.append([b.p(str(row[0]), b.small)]
                        + [b.p(v if isinstance(v, str) else count_text(v), b.small)
                           for v in row[1:]])
        grid = Table(data, colWidths=[first] + [rest] * (len(table.headers) - 1), repeatRows=1)
        grid.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), TINT),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ]))
        block = [b.p(table.title, b.h2), grid]
        if table.note:
            block.append(b.p(table.note, b.small))
        story += [KeepTogether(block), Spacer(1, 4 * mm)]
    story.append(b.p(_("Audit log at printing: entry {fingerprint}").format(
        fingerprint=report.audit_fingerprint), b.small))
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm,
                            title=_("Reports for governors"), author=report.school)
    doc.build(story)
    return buffer.getvalue()
