"""The governors' report on paper: the same tables as the Reports page, each section its own
block (a table, a bar chart where the section asks for one, a note); no child named unless the
Headteacher asked for names."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.styles import RULE, TINT
from flexidesk.documents.subject_access import Builder
from flexidesk.i18n import _, format_date, format_long_date
from flexidesk.policy.providers import OverrideLine
from flexidesk.policy.records.reports import Report, count_text
from flexidesk.policy.records.reports import Table as ReportTable

_SERIES = (colors.HexColor("#2f6f8f"), colors.HexColor("#c98b2b"), colors.HexColor("#6b8f3a"))


def bar_chart(table: ReportTable, width: float = 170 * mm, height: float = 55 * mm) -> Drawing:
    """The section's counts as grouped bars, one group per row; a hidden count draws no bar
    (so a chart never shows what the table suppresses)."""
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 20 * mm
    chart.width, chart.height = width - 60 * mm, height - 26 * mm
    series = list(range(1, len(table.headers)))
    chart.data = [[row[c] or 0 for row in table.rows] for c in series]
    chart.categoryAxis.categoryNames = [str(row[0]) for row in table.rows]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.angle = 25  # long labels lean rather than overlap
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.dy = -2
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = "Helvetica"
    top = max([v for values in chart.data for v in values] + [1])
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = max(1, round(top / 4))
    for i, _c in enumerate(series):
        chart.bars[i].fillColor = _SERIES[i % len(_SERIES)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 44 * mm, height - 8 * mm
    legend.fontName, legend.fontSize = "Helvetica", 7
    legend.colorNamePairs = [(_SERIES[i % len(_SERIES)], table.headers[c])
                             for i, c in enumerate(series)]
    drawing.add(legend)
    return drawing


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
        b.p(_("Children are named in this copy, as the Headteacher asked: keep it within the "
              "school.") if report.named else
            _("No child is named in this report. A count of 1 or 2 is shown as \u201cfewer "
              "than 3\u201d, because in a school of our size a small number can identify a "
              "child; 0 is shown as 0."), b.small),
        Spacer(1, 4 * mm),
    ]
    width = 170 * mm
    for table in report.tables:
        wordy = any(isinstance(v, str) and len(v) > 30 for row in table.rows for v in row[1:])
        first = 38 * mm if len(table.headers) > 4 else (55 * mm if wordy else 100 * mm)
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
        if table.chart and any(isinstance(v, int) and v for row in table.rows
                               for v in row[1:]):
            block.append(bar_chart(table))
        if table.note:
            block.append(b.p(table.note, b.small))
        story += [KeepTogether(block), Spacer(1, 4 * mm)]
    if overrides is not None:
        story += overrides_section(overrides, b)
    story.append(b.p(_("Audit log at printing: entry {fingerprint}").format(
        fingerprint=report.audit_fingerprint), b.small))
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm,
                            title=_("Reports for governors"), author=report.school)
    doc.build(story)
    return buffer.getvalue()
