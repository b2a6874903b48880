"""The recovery key sheet: printed once, when the school is created, for the data protection officer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

from flexidesk.i18n import _, format_long_date
from flexidesk.store.files import atomic_write


def _styles():
    """The documents stylesheet when there is one; ReportLab's sample sheet otherwise."""
    try:
        from flexidesk.documents.styles import stylesheet

        return stylesheet()
    except ImportError:
        from reportlab.lib.styles import getSampleStyleSheet

        return getSampleStyleSheet()


def _style(sheet, *names):
    for name in names:
        if name in sheet:
            return sheet[name]
    return sheet["Normal"]


def recovery_key_pdf(school_name: str, database_file: str, recovery_key: str,
                     created: dt.date | None = None) -> bytes:
    """The sheet as PDF bytes, built in memory (nothing about it is written to a temporary file)."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    from flexidesk.documents.fonts import Paragraph

    created = created or dt.date.today()
    sheet = _styles()
    title, body = _style(sheet, "Title", "Heading1"), _style(sheet, "BodyText", "Body", "Normal")
    key_style = ParagraphStyle("RecoveryKey", parent=body, fontName="Courier-Bold",
                               fontSize=18, leading=24, alignment=1)
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm,
                            title=_("FlexiDesk recovery key"), author="FlexiDesk")
    groups = recovery_key.split("-")
    half = (len(groups) + 1) // 2  # two lines of groups, so no group is broken across lines
    lines = ["-".join(groups[:half]), "-".join(groups[half:])]
    box = Table([[Paragraph("<br/>".join(escape(line) for line in lines if line), key_style)]],
                colWidths=[170 * mm])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5, "black"),
                             ("TOPPADDING", (0, 0), (-1, -1), 10),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
    paragraphs = [
        _("This key opens the FlexiDesk records of {school} if every password is "
          "forgotten or the headteacher leaves. It was made on {date} for the database "
          "file {file}.").format(school=escape(school_name), date=format_long_date(created),
                                 file=escape(database_file)),
        _("Whoever holds this sheet can read every child's record. Keep it locked away, "
          "apart from the laptop, with the data protection officer. Do not photograph it, "
          "email it or store it on the computer."),
        _("FlexiDesk does not keep a copy of this key and cannot show it again. If this "
          "sheet is lost, tell the headteacher at once."),
    ]
    story = [Paragraph(escape(_("FlexiDesk recovery key")), title),
             Paragraph(escape(school_name), body), Spacer(1, 8 * mm), box, Spacer(1, 8 * mm)]
    for text in paragraphs:
        story += [Paragraph(text, body), Spacer(1, 3 * mm)]
    story += [Spacer(1, 12 * mm),
              Paragraph(escape(_("Received by (data protection officer): "
                                 "______________________   Date: ____________")), body)]
    doc.build(story)
    return buffer.getvalue()


def write_recovery_key_pdf(dest: Path | str, school_name: str, database_file: str,
                           recovery_key: str) -> Path:
    """Write the sheet to ``dest`` readable by its owner only; returns the path."""
    dest = Path(dest)
    data = recovery_key_pdf(school_name, database_file, recovery_key)
    atomic_write(dest, data)  # owner-only, even over a file that was not
    return dest
