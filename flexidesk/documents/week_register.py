"""The office's week on paper and for the MIS: the register sheet (PDF) and its CSV.

One row a child not in school all week, one column a session; each cell the code the MIS
register should carry (B, D, K or C), blank where the child is in school, a dash on a day
the school is shut. The CSV is for the office to read beside the MIS, or to load into it: no
cell starts with a character a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from flexidesk.documents.ap_documents import _letterhead
from flexidesk.documents.flexi_letters import school_params
from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.styles import RULE, TINT, stylesheet
from flexidesk.documents.templates import BODY_WIDTH, PageSetup, build_pdf
from flexidesk.documents.wording import text
from flexidesk.i18n import _, format_date, format_long_date
from flexidesk.policy.vocabulary import ATTENDANCE_CODE_LABELS
from flexidesk.policy.week.register import RegisterSheet

#: A cell a spreadsheet would run as a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet runs: a leading formula character is escaped
    with an apostrophe, as spreadsheets themselves show a quoted text cell."""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def session_headings(sheet: RegisterSheet) -> list[str]:
    """'Mon 30/11/2026 AM' and so on: the MIS's own way of naming a session's column."""
    return [f"{day.strftime('%a')} {day.strftime('%d/%m/%Y')} {part}"
            for day in sheet.days for part in ("AM", "PM")]


def register_csv(sheet: RegisterSheet) -> bytes:
    """The sheet as CSV (UTF-8 with a BOM, so that spreadsheets read names as written)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["UPN", "Surname", "Forename", "Reg Group", *session_headings(sheet)])
    for row in sheet.rows:
        writer.writerow([safe_cell(v) for v in (row.upn, row.surname, row.forename,
                                                row.class_name, *row.codes)])
    return out.getvalue().encode("utf-8-sig")


def register_pdf(sheet: RegisterSheet) -> bytes:
    """The sheet as a printable page (or pages): the week, a row a child, a key to the codes."""
    school = school_params()
    styles = stylesheet()
    week = _("Week beginning {date}").format(date=format_long_date(sheet.monday))
    setup = PageSetup(letterhead=_letterhead(school), title=_("Register for the week"),
                      header_text=week)
    centre = styles["CellCentre"]
    day_head = ParagraphStyle("DayHead", parent=styles["CellHeadCentre"], fontSize=8.5,
                              leading=11)
    head = [Paragraph(_("Child"), styles["CellHead"]),
            Paragraph(_("Class"), styles["CellHead"])]
    under = [Paragraph("", styles["Cell"]), Paragraph("", styles["Cell"])]
    for n, day in enumerate(sheet.days):
        label = format_date(day, "EEE d MMM")
        if not sheet.open_days[n]:
            label += " " + _("(shut)")
        head += [Paragraph(text(label), day_head), Paragraph("", centre)]
        under += [Paragraph(_("am"), centre), Paragraph(_("pm"), centre)]
    rows = [head, under]
    for row in sheet.rows:
        cells = [Paragraph(text(row.name), styles["Cell"]),
                 Paragraph(text(row.class_name), styles["Cell"])]
        for n, code in enumerate(row.codes):
            shown = code or ("–" if not sheet.open_days[n // 2] else "")
            cells.append(Paragraph(f"<b>{text(shown)}</b>", centre))
        rows.append(cells)
    name_width, class_width = 44 * mm, 20 * mm
    session = (BODY_WIDTH - name_width - class_width) / 10
    table = Table(rows, colWidths=[name_width, class_width] + [session] * 10, repeatRows=2)
    style = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 1), TINT),
             ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
             ("GRID", (2, 0), (-1, -1), 0.25, RULE)]
    style += [("SPAN", (2 + 2 * n, 0), (3 + 2 * n, 0)) for n in range(5)]
    table.setStyle(TableStyle(style))
    codes = sorted({c for row in sheet.rows for c in row.codes if c})
    story: list[Flowable] = [
        Paragraph(_("Register for the week"), styles["Title"]),
        Paragraph(text(week), styles["BodyText"]),
        Paragraph(_("Each child who spends any session of the week away from class, and the "
                    "code each such session carries in the register. A blank session is in "
                    "school; a dash is a day the school is shut."), styles["BodyText"]),
        Spacer(1, 3 * mm),
        table if sheet.rows else Paragraph(_("Every child is in school every session this "
                                             "week."), styles["BodyText"]),
        Spacer(1, 4 * mm),
    ]
    story += [Paragraph(text(_(ATTENDANCE_CODE_LABELS[c])), styles["Small"]) for c in codes]
    return build_pdf(setup, story)


def default_file_stem(monday: dt.date) -> str:
    """'Register week beginning 2026-11-30' (a file name the office can sort)."""
    return _("Register week beginning {date}").format(date=monday.isoformat())
