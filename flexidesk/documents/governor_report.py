"""The governors' report on paper: the same anonymised tables as the Reports page, no child named."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from flexidesk.documents.styles import RULE, TINT
from flexidesk.documents.subject_access import Builder
from flexidesk.i18n import _, format_date, format_long_date
from flexidesk.policy.providers import OverrideLine
from flexidesk.policy.reports import Report, count_text


def overrides_section(overrides: list[OverrideLine], b: Builder) -> list:
    """Placements the Headteacher made with a provider that was not ready, and why (no child
    named): its own section, so it can move with the report."""
    block = [b.p(_("Alternative provision: placements made by the Headteacher's override"),
                 b.h2)]
    if not overrides:
        block.append(b.p(_("None in this period."), b.small))
        return [KeepTogether(block), Spacer(1, 4 * mm)]
    data = [[b.p(h, b.key) for h in (_("Provider"), _("Started"), _("Reason"))]]
    data += [[b.p(o.provider, b.small), b.p(format_date(o.start_date), b.small),
              b.p(o.reason, b.small)] for o in overrides]
    grid = Table(data, colWidths=[45 * mm, 25 * mm, 100 * mm], repeatRows=1)
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BACKGROUND", (0, 0), (-1, 0), TINT),
                              ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)]))
    block += [grid, b.p(_("Each was placed with a provider whose checks were not complete; the "
                          "reason is the Headteacher's, kept in the audit log."), b.small)]
    return [KeepTogether(block), Spacer(1, 4 * mm)]


def render_report(report: Report, overrides: list[OverrideLine] | None = None) -> bytes:
    """The report as PDF bytes, built in memory (with the overrides' section when given)."""
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
    if overrides is not None:
        story += overrides_section(overrides, b)
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm,
                            title=_("Reports for governors"), author=report.school)
    doc.build(story)
    return buffer.getvalue()
