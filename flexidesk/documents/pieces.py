"""Pieces several documents share: bullets, a details table, the week grid, signature blocks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from flexidesk.documents import fonts
from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.styles import RULE, TINT
from flexidesk.documents.templates import BODY_WIDTH, LETTER_LOCALES
from flexidesk.i18n import N_, _, using_locale
from flexidesk.policy.vocabulary import DAY_LABELS

DAYS = ("mon", "tue", "wed", "thu", "fri")
#: What a label cell needs beyond its longest word: the cell's own padding on each side.
_CELL_PADDING = 6 * 2


def bullets(items: Sequence[str], style) -> list[Flowable]:
    """Bulleted paragraphs (plain Paragraph bullets lay out much faster than a ListFlowable)."""
    return [Paragraph(item, style, bulletText="\u2022") for item in items] + [Spacer(1, 3)]


def label_width(labels: Sequence[str], style, at_least: float, at_most: float = 40 * mm
                ) -> float:
    """A label column wide enough that no word in it is ever broken ("Swyddogaeth"), and
    wide enough for a short label ("Llofnod / Signature") on one line, up to ``at_most``."""
    words = [w for label in labels for w in label.replace("<br/>", " ").split()]
    widest = max((fonts.text_width(w, style.fontName, style.fontSize) for w in words),
                 default=0)
    whole = max((fonts.text_width(label, style.fontName, style.fontSize) for label in labels),
                default=0)
    return max(at_least, widest + _CELL_PADDING, min(whole + _CELL_PADDING, at_most))


def details_table(rows: Sequence[tuple[str, str]], sheet, width: float = 42 * mm) -> Table:
    """Labels on a tinted left column, values beside them."""
    width = label_width([label for label, _v in rows], sheet["CellHead"], width)
    data = [[Paragraph(label, sheet["CellHead"]), Paragraph(value, sheet["Cell"])]
            for label, value in rows]
    table = Table(data, colWidths=[width, BODY_WIDTH - width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (0, -1), TINT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def week_grid(marked: set[str], marked_text: str, other_text: str, sheet, shade) -> Table:
    """Monday to Friday by morning and afternoon: ``marked`` sessions ("mon_am") say
    ``marked_text`` on a ``shade`` background, the others ``other_text``."""
    rows = [[Paragraph("", sheet["CellHead"])]
            + [Paragraph(_(DAY_LABELS[d]), sheet["CellHeadCentre"]) for d in DAYS]]
    styles = [("GRID", (0, 0), (-1, -1), 0.6, RULE), ("BACKGROUND", (0, 0), (-1, 0), TINT),
              ("BACKGROUND", (0, 0), (0, -1), TINT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
              ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]
    for r, (part, label) in enumerate((("am", _("Morning")), ("pm", _("Afternoon"))), start=1):
        row = [Paragraph(label, sheet["CellHead"])]
        for c, day in enumerate(DAYS, start=1):
            here = f"{day}_{part}" in marked
            row.append(Paragraph(marked_text if here else other_text, sheet["CellCentre"]))
            if here:
                styles.append(("BACKGROUND", (c, r), (c, r), shade))
        rows.append(row)
    first = label_width([_("Morning"), _("Afternoon")], sheet["CellHead"], 26 * mm)
    return Table(rows, colWidths=[first] + [(BODY_WIDTH - first) / 5] * 5,
                 style=TableStyle(styles), hAlign="LEFT")


def in_languages(msgid: str, languages: Sequence[str]) -> str:
    """A label in each of ``languages``, Welsh first: "Enw / Name"."""
    seen: list[str] = []
    for language in languages:
        with using_locale(LETTER_LOCALES.get(language, "en_GB")):
            text = _(msgid)
        if text not in seen:
            seen.append(text)
    return " / ".join(seen)


@dataclass(frozen=True)
class Signer:
    """Someone who signs: who they sign for, their name and position (markup; "" for a line
    to write on), and the day they signed if it is recorded."""

    heading: str
    name: str = ""
    position: str = ""
    signed_on: str = ""


def signature_blocks(signers: Sequence[Signer], sheet, languages: Sequence[str]
                     ) -> list[Flowable]:
    """A block for each signer, labelled in every language of the document (one block for
    both languages of a bilingual document, never one a language)."""
    labels = [in_languages(m, languages)
              for m in (N_("Name"), N_("Position"), N_("Signature"), N_("Date"))]
    head = sheet["CellHead"]
    first = label_width(labels[:1] + labels[2:3], head, 24 * mm)
    third = label_width(labels[1:2] + labels[3:], head, 22 * mm)
    second = (BODY_WIDTH - first - third) * 0.55
    line = "_" * 30
    out: list[Flowable] = []
    for signer in signers:
        rows = [
            [Paragraph(signer.heading, sheet["Heading2"]), "", "", ""],
            [Paragraph(labels[0], head), Paragraph(signer.name or line, sheet["Cell"]),
             Paragraph(labels[1], head), Paragraph(signer.position or "_" * 18, sheet["Cell"])],
            [Paragraph(labels[2], head), Paragraph(line, sheet["Cell"]),
             Paragraph(labels[3], head), Paragraph(signer.signed_on or "_" * 18, sheet["Cell"])],
        ]
        table = Table(rows, colWidths=[first, second, third, BODY_WIDTH - first - second - third],
                      hAlign="LEFT")
        table.setStyle(TableStyle([
            ("SPAN", (0, 0), (-1, 0)), ("BOX", (0, 0), (-1, -1), 0.6, RULE),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 2), (-1, 2), 16)]))
        out.append(KeepTogether([table, Spacer(1, 3 * mm)]))
    return out
