"""The governors' report on paper: the same tables as the Reports page, each section its own
block (a table, a bar chart where the section asks for one, a note); no child named unless the
Headteacher asked for names.

On the school's letterhead, every page numbered "page n of m" and marked confidential. In a
chart, every bar carries its figure; a hidden count is marked "<3" where its bar would be (it
draws none, and must not look like 0) and a withheld one "*".
"""

from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from flexidesk.documents import fonts
from flexidesk.documents.styles import FONT, MUTED, RULE, TINT
from flexidesk.documents.subject_access import Builder
from flexidesk.documents.templates import BODY_WIDTH, Letterhead, PageSetup, build_pdf
from flexidesk.i18n import _, format_date
from flexidesk.policy.providers import OverrideLine
from flexidesk.policy.records.reports import Report, Withheld, count_text
from flexidesk.policy.records.reports import Table as ReportTable

_SERIES = (colors.HexColor("#2f6f8f"), colors.HexColor("#c98b2b"), colors.HexColor("#6b8f3a"))
HIDDEN_MARK, WITHHELD_MARK = "<3", "*"


def nice_scale(top: float, ticks: int = 5) -> tuple[int, int]:
    """(step, axis maximum) for counts up to ``top``: a step of 1, 2 or 5 times a power of
    ten, at most ``ticks`` steps, the maximum a whole number of steps at or above ``top``."""
    top = max(1, math.ceil(top))
    step = 1
    for power in range(0, 7):
        for base in (1, 2, 5):
            step = base * 10 ** power
            if math.ceil(top / step) <= ticks:
                return step, step * math.ceil(top / step)
    return step, step * math.ceil(top / step)


def _mark(value) -> str:
    if isinstance(value, Withheld):
        return WITHHELD_MARK
    if value is None:
        return HIDDEN_MARK
    return str(value)


def bar_chart(table: ReportTable, width: float = 170 * mm, height: float = 62 * mm) -> Drawing:
    """The section's counts as grouped bars, one group per row, each bar labelled with its
    figure; a hidden or withheld count draws no bar but its mark, so it never reads as 0."""
    fonts.register()
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 24 * mm
    chart.width, chart.height = width - 60 * mm, height - 30 * mm
    series = list(range(1, len(table.headers)))
    values = [[row[c] for row in table.rows] for c in series]
    chart.data = [[v if isinstance(v, int) and not isinstance(v, bool) else 0 for v in line]
                  for line in values]
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[_mark(v) for v in line] for line in values]
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 6.5
    chart.barLabels.nudge = 5
    chart.categoryAxis.categoryNames = [str(row[0]) for row in table.rows]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.angle = 25  # long labels lean rather than overlap
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.dy = -2
    step, top = nice_scale(max([v for line in chart.data for v in line] + [1]))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labelTextFormat = "%d"
    for i, _c in enumerate(series):
        chart.bars[i].fillColor = _SERIES[i % len(_SERIES)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 44 * mm, height - 8 * mm
    legend.fontName, legend.fontSize = FONT, 7
    legend.colorNamePairs = [(_SERIES[i % len(_SERIES)], table.headers[c])
                             for i, c in enumerate(series)]
    drawing.add(legend)
    key = [_("{mark} fewer than 3 (no bar drawn)").format(mark=HIDDEN_MARK)]
    if any(isinstance(v, Withheld) for line in values for v in line):
        key.append(_("{mark} withheld").format(mark=WITHHELD_MARK))
    for n, line in enumerate(key):  # under the legend, level with the foot of the bars
        drawing.add(String(legend.x, chart.y + 4 * mm - n * 9, line, fontName=FONT, fontSize=6.5,
                           fillColor=MUTED))
    return drawing


def _grid(data: list, widths: list[float]) -> Table:
    grid = Table(data, colWidths=widths, repeatRows=1, splitInRow=1)  # a long reason runs on
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BACKGROUND", (0, 0), (-1, 0), TINT),
                              ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)]))
    return grid


def overrides_section(overrides: list[OverrideLine], b: Builder) -> list:
    """Placements the Headteacher made with a provider that was not ready, and why (no child
    named; each reason as the Headteacher released it for governors): its own section, so it
    can move with the report."""
    heading = b.p(_("Alternative provision: placements made by the Headteacher's override"), b.h2)
    if not overrides:
        return [KeepTogether([heading, b.p(_("None in this period."), b.small)]),
                Spacer(1, 4 * mm)]
    data = [[b.p(h, b.key) for h in (_("Provider"), _("Started"), _("Reason"))]]
    data += [[b.p(o.provider, b.small), b.p(format_date(o.start_date), b.small),
              b.p(o.reason, b.small if o.checked else b.key)] for o in overrides]
    block = [heading, _grid(data, [45 * mm, 25 * mm, 100 * mm]),
             b.p(_("Each was placed with a provider whose checks were not complete; the reason "
                   "is the Headteacher's, kept in the audit log, shown here once the "
                   "Headteacher has checked that it names nobody."), b.small)]
    return [KeepTogether(block), Spacer(1, 4 * mm)]


def _cell_text(value) -> str:
    return value if isinstance(value, str) else count_text(value)


def _section(table: ReportTable, b: Builder) -> list:
    wordy = any(isinstance(v, str) and len(v) > 30 for row in table.rows for v in row[1:])
    first = 38 * mm if len(table.headers) > 4 else (55 * mm if wordy else 100 * mm)
    rest = (BODY_WIDTH - first) / max(1, len(table.headers) - 1)
    data = [[b.p(h, b.key) for h in table.headers]]
    for row in table.rows:
        data.append([b.p(str(row[0]), b.small)]
                    + [b.p(_cell_text(v), b.key if v is None or isinstance(v, Withheld)
                           else b.small) for v in row[1:]])
    block = [b.p(table.title, b.h2), _grid(data, [first] + [rest] * (len(table.headers) - 1))]
    if table.chart and any(isinstance(v, int) and v > 0 for row in table.rows for v in row[1:]):
        block.append(bar_chart(table))
    if table.note:
        block.append(b.p(table.note, b.small))
    return [KeepTogether(block), Spacer(1, 4 * mm)]


def render_report(report: Report, overrides: list[OverrideLine] | None = None) -> bytes:
    """The report as PDF bytes, built in memory (with the overrides' section when given)."""
    from flexidesk.documents.flexi_letters import letterhead_logo

    b = Builder()
    head = report.letterhead or {"name": report.school}
    logo = head.get("logo")
    title = _("Reports for governors")
    marking = (_("Confidential: names children. Keep within the school.") if report.named
               else _("Confidential: for the governing body"))
    setup = PageSetup(
        letterhead=Letterhead(name=head.get("name", ""),
                              address_lines=head.get("address_lines", ()),
                              phone=head.get("phone", ""), email=head.get("email", ""),
                              website=head.get("website", ""),
                              logo=letterhead_logo(logo) if logo else None),
        title=title, header_text=title, marking=marking)
    story = [
        b.p(title, b.title),
        # Day, month and year: a weekday mid-sentence reads "Dydd Llun" in Welsh.
        b.p(_("{school}: figures for {today}; reviews and decisions since {since}.").format(
            school=report.school, today=format_date(report.today, "d MMMM y"),
            since=format_date(report.since, "d MMMM y"))),
        b.p(_("Children are named in this copy, as the Headteacher asked: keep it within the "
              "school.") if report.named else
            _("No child is named in this report. A count of 1 or 2 is shown as \u201cfewer "
              "than 3\u201d, because in a school of our size a small number can identify a "
              "child; 0 is shown as 0. A figure from which such a count could be worked out "
              "(a total, a cost) is shown as \u201cwithheld\u201d."), b.small),
        Spacer(1, 4 * mm),
    ]
    for table in report.tables:
        story += _section(table, b)
    if overrides is not None:
        story += overrides_section(overrides, b)
    story.append(b.p(_("Audit log at printing: entry {fingerprint}").format(
        fingerprint=report.audit_fingerprint), b.small))
    return build_pdf(setup, story)
