"""The subject access pack: the covering letter and every record held about one child, as one
readable PDF (and its JSON).

Built in memory from plain data (``policy.records.sar_reply.prepare_pack``, or the records
alone from ``rights.collect_subject_data``), so it can be rendered in a worker thread without
touching the database. On the school's letterhead, every page numbered "page n of m" and
marked confidential; a heading never stands alone at the foot of a page, and a note of any
length runs on across pages. In the school's letter language: a Welsh pack reads in Welsh,
a bilingual one gives the Welsh in full, then the English.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table, TableStyle

from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.sar_labels import (  # noqa: F401 - named here for callers
    FIELD_LABELS,
    NESTED,
    SKIP,
    action_text,
    label,
    value_text,
)
from flexidesk.documents.styles import BOLD, RULE, TINT, stylesheet
from flexidesk.documents.templates import BODY_WIDTH, Letterhead, PageSetup, build_pdf
from flexidesk.i18n import _, format_date, format_long_date, using_locale

Progress = Callable[[int, int], None]

#: The locale each language of the pack is written in.
LOCALES = {"en": "en_GB", "cy": "cy_GB"}
#: Room a heading needs below it on the page, or it starts the next page instead.
HEADING_ROOM = 32 * mm


def _pick(sheet, *names) -> ParagraphStyle:
    for name in names:
        if name in sheet:
            return sheet[name]
    return sheet["Normal"]


class Builder:
    """Turns the collected data into flowables with one set of styles."""

    def __init__(self):
        sheet = stylesheet()
        self.sheet = sheet
        self.title = _pick(sheet, "Title", "Heading1")
        self.h2 = ParagraphStyle("SarH2", parent=_pick(sheet, "Heading2"), keepWithNext=1)
        self.body = _pick(sheet, "BodyText", "Body", "Normal")
        self.small = ParagraphStyle("SarSmall", parent=self.body, fontSize=8.5, leading=10.5)
        self.key = ParagraphStyle("SarKey", parent=self.small, textColor=colors.HexColor("#444444"))
        self.sub = ParagraphStyle("SarSub", parent=self.small, fontName=BOLD,
                                  spaceBefore=4, spaceAfter=2, keepWithNext=1)
        self.h1 = ParagraphStyle("SarH1", parent=_pick(sheet, "Heading1", "Heading2"),
                                 spaceBefore=10, keepWithNext=1)

    def p(self, text: str, style=None) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style or self.body)

    def bullet(self, text: str) -> Paragraph:
        return Paragraph(escape(text), self.sheet["Bullet"], bulletText="\u2022")

    def heading(self, text: str, style=None) -> list[Flowable]:
        """A heading that starts a new page rather than stand alone at the foot of one (a
        section's heading keeps room for its first record's heading and a few lines)."""
        room = HEADING_ROOM * (1.5 if style in (None, self.h1) else 1)
        return [CondPageBreak(room), self.p(text, style or self.h1)]

    @staticmethod
    def _table(data: list, widths: list[float], *, header: bool = False) -> Table:
        # splitInRow: a note of 10,000 characters runs on over the page instead of failing.
        table = Table(data, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            *([("BACKGROUND", (0, 0), (-1, 0), TINT)] if header else [])]))
        return table

    def fields(self, record: dict) -> list:
        """A two-column table of a record's own fields (nested lists left for the caller)."""
        rows = [[self.p(label(k), self.key), self.p(value_text(v, k), self.small)]
                for k, v in record.items()
                if k not in SKIP and k not in NESTED and not k.endswith("_id")]
        if not rows:
            return []
        return [self._table(rows, [55 * mm, BODY_WIDTH - 55 * mm])]

    def grid(self, headers: list[str], rows: list[list[str]], widths: list[float]) -> list:
        """A table with a repeating header row."""
        if not rows:
            return [self.p(_("None recorded."), self.small)]
        data = [[self.p(h, self.key) for h in headers]]
        data += [[self.p(c, self.small) for c in row] for row in rows]
        return [self._table(data, [w * mm for w in widths], header=True)]

    def records(self, heading: str, items: list[dict], name: Callable[[dict], str],
                children: dict[str, str] | None = None) -> list:
        """A section of records, each with its fields and any nested lists under subheadings."""
        story = self.heading(heading)
        if not items:
            return story + [self.p(_("None recorded."), self.small)]
        for n, item in enumerate(items):
            # The first record's heading follows the section's, which kept room for both: a
            # second check between them could leave the section's heading alone.
            head = [self.p(name(item), self.h2)] if n == 0 else self.heading(name(item), self.h2)
            story += [*head, *self.fields(item)]
            for key, title in (children or {}).items():
                nested = item.get(key) or []
                if not nested:
                    continue
                story += [CondPageBreak(HEADING_ROOM / 2), self.p(title, self.sub)]
                for sub in nested:
                    if isinstance(sub, dict):
                        story += [*self.fields(sub), Spacer(1, 2 * mm)]
                    else:
                        story.append(self.p(value_text(sub), self.small))
            story.append(Spacer(1, 3 * mm))
        return story


def _person(record: dict) -> str:
    return " ".join(str(record.get(k) or "") for k in ("title", "first_name", "last_name")
                    if not isinstance(record.get(k), dict)).strip()


def child_name(data: dict) -> str:
    pupil = data["pupil"]
    return f"{pupil.get('preferred_name') or pupil['legal_first_name']} {pupil['legal_last_name']}"


SECTIONS = 9  # the steps reported to ``progress`` for one language's records


def records_story(data: dict, b: Builder, step: Callable[[], None],
                  withheld: list[dict] | None = None, intro: bool = True) -> list[Flowable]:
    """Every record held about the child, section by section."""
    generated = dt.datetime.fromisoformat(data["generated_at"])
    story: list[Flowable] = [b.p(_("Records held about {name}").format(name=child_name(data)),
                                 b.title)]
    if intro:
        story += [
            b.p(_("Prepared on {date} by {who} in answer to a subject access request.")
                .format(date=format_date(generated.date(), "d MMMM y"),
                        who=data.get("generated_by", ""))),
            Spacer(1, 2 * mm),
            b.p(_("This pack holds every record FlexiDesk keeps about the child: the child's "
                  "details, family, support in school, contacts with the family, alternative "
                  "provision, flexi-schooling requests, the documents issued, and a list of "
                  "every time a member of staff opened or changed the child's records. Where "
                  "something has been withheld, the pack says so and why."), b.small),
            Spacer(1, 4 * mm)]
    story += [*b.heading(_("About the child")), *b.fields(data["pupil"])]
    step()
    story += b.records(_("Family and carers"), data["adults"], _person)
    step()
    story += b.records(_("Support in school"), data["enrolments"],
                       lambda e: _("{what}, from {start}").format(
                           what=_(e["intervention"]), start=value_text(e["start_date"])),
                       {"reviews": _("Reviews")})
    step()
    story += [*b.heading(_("Contacts with the family")), *b.grid(
        [_("When"), _("How"), _("Summary"), _("Staff")],
        [[value_text(c["contact_at"]), value_text(c["method"], "method"),
          value_text(c["summary"]), value_text(c.get("staff"))]
         for c in data["family_contacts"]], [30, 22, 93, 25])]
    step()
    story += b.records(_("Alternative provision"), data["placements"],
                       lambda p: _("{provider}, from {start}").format(
                           provider=p["provider"], start=value_text(p["start_date"])),
                       {"reviews": _("Reviews with the provider")})
    step()
    story += b.records(_("Flexi-schooling requests"), data["flexi_requests"],
                       lambda r: _("Request received {date}").format(
                           date=value_text(r["received_on"])),
                       {"adults": _("Made by"), "meetings": _("Meetings"),
                        "factors": _("Considerations weighed"),
                        "alternatives": _("Other provision considered"),
                        "decisions": _("Decision"), "agreements": _("Agreement"),
                        "reviews": _("Reviews")})
    step()
    story += [*b.heading(_("Documents issued")), *b.grid(
        [_("Dated"), _("Title"), _("Issued by"), _("Issued")],
        [[value_text(d["document_date"]), value_text(d["title"]), value_text(d["issued_by"]),
          value_text(d["issued_at"])] for d in data["issued_documents"]], [25, 85, 30, 30])]
    step()
    story += [*b.heading(_("Who has looked at or changed these records")), *b.grid(
        [_("When"), _("Who"), _("What")],
        [[value_text(a["at"]), a["user"], action_text(a["action"])] for a in data["access_log"]],
        [32, 40, 98])]
    step()
    story += b.records(_("Subject access requests"), data["subject_access_requests"],
                       lambda r: _("Asked by {who} on {date}").format(
                           who=r["requester"], date=value_text(r["received_on"])))
    if withheld is not None:
        story += b.heading(_("What has been withheld, and why"))
        story += b.grid([_("Where"), _("Why")],
                        [[w["where"], value_text({"withheld": w["reason"]})] for w in withheld],
                        [80, 90]) if withheld else [b.p(_("Nothing has been withheld."),
                                                        b.small)]
    step()
    return story


def _setup(school: dict, title: str, address: list[str] | None = None, date_text: str = ""
           ) -> PageSetup:
    from flexidesk.documents.flexi_letters import letterhead_logo

    logo = base64.b64decode(school["logo"]) if school.get("logo") else None
    return PageSetup(
        letterhead=Letterhead(name=school.get("name", ""),
                              address_lines=school.get("address_lines", ()),
                              phone=school.get("phone", ""), email=school.get("email", ""),
                              website=school.get("website", ""),
                              logo=letterhead_logo(logo) if logo else None),
        title=title, address_lines=address or (), date_text=date_text, header_text=title,
        marking=_("Confidential: personal information"))


def _counter(progress: Progress | None, total: int) -> Callable[[], None]:
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(min(done, total - 1), total)

    return step


def render_subject_access(data: dict, school_name: str, progress: Progress | None = None) -> bytes:
    """The records alone as a PDF, in memory; ``progress(done, total)`` is called as it goes."""
    b = Builder()
    title = _("Records held about {name}").format(name=child_name(data))
    pdf = build_pdf(_setup({"name": school_name}, title),
                    records_story(data, b, _counter(progress, SECTIONS + 1)))
    if progress:
        progress(SECTIONS + 1, SECTIONS + 1)
    return pdf


def render_pack(pack: dict, progress: Progress | None = None) -> bytes:
    """The reply as sent: the covering letter, then the records as disclosed, in the pack's
    language(s); ``progress(done, total)`` is called as it goes."""
    from flexidesk.documents.sar_cover import cover_story

    languages = (pack.get("language") or "en").split("+")
    cover, data = pack["cover"], pack["records"]
    total = SECTIONS * len(languages) + 1
    step = _counter(progress, total)
    story: list[Flowable] = []
    titles: list[str] = []
    setup: PageSetup | None = None
    for language in languages:  # each covering letter first, Welsh before English
        with using_locale(LOCALES.get(language, "en_GB")):
            titles.append(_("Records held about {name}").format(name=cover["child"]))
            if setup is None:
                setup = _setup(cover["school"], titles[-1], cover["address_lines"],
                               format_long_date(dt.date.fromisoformat(cover["letter_date"])))
            if story:
                story.append(PageBreak())
            story += cover_story(pack, Builder())
    for language in languages:
        with using_locale(LOCALES.get(language, "en_GB")):
            story += [PageBreak(), *records_story(data, Builder(), step, pack["withheld"])]
    assert setup is not None  # "".split("+") is never empty
    if len(titles) > 1:
        setup = dataclasses.replace(setup, title=" / ".join(titles),
                                    header_text=" / ".join(titles))
    with using_locale(LOCALES.get(languages[0], "en_GB")):  # the footer's words
        setup = dataclasses.replace(setup, marking=_("Confidential: personal information"))
        pdf = build_pdf(setup, story)
    if progress:
        progress(total, total)
    return pdf


def render_json(data: dict) -> bytes:
    """The same records as indented UTF-8 JSON."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False).encode("utf-8")
