"""The flexi-schooling documents laid out: invitation, decision letter, agreement, end letter.

``flexi_params.build_flexi_params`` reads the database once, at issue time, into plain JSON
values; ``render_flexi`` lays those params out without touching the database, so a reprint
from the stored params is the same PDF, byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from flexidesk.documents import wording
from flexidesk.documents.compose import Telling, render_document, signed_letter
from flexidesk.documents.flexi_params import (  # noqa: F401 - kept importable here
    KINDS,
    addressees,
    build_flexi_params,
    family_params,
    letter_adults,
)
from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.params import (  # noqa: F401 - public names other modules read here
    child_params,
    letterhead_logo,
    school_params,
)
from flexidesk.documents.pieces import Signer, bullets, details_table, in_languages, week_grid
from flexidesk.documents.pieces import signature_blocks as _blocks
from flexidesk.documents.styles import INK, TINT
from flexidesk.documents.templates import BODY_WIDTH, LETTER_LOCALES  # noqa: F401
from flexidesk.i18n import N_, using_locale
from flexidesk.i18n.welsh import gettext as _
from flexidesk.policy.school.profile import LOGO_MAX_PIXELS  # noqa: F401
from flexidesk.store.models import SESSIONS

INVITATION, DECISION = N_("Invitation to a meeting"), N_("Flexi-schooling decision")
AGREEMENT, END = N_("Flexi-schooling agreement"), N_("End of flexi-schooling")
#: A home session's shade in the weekly pattern.
HOME_SHADE = colors.HexColor("#FCEFD4")


def _letter(w, body_items: list[Flowable], p: dict, title: str) -> Telling:
    telling = signed_letter(p, body_items, w.closing, title)
    telling.after = made_under(p, title)
    return telling


def made_under(p: dict, title: str = "") -> list[Flowable]:
    """The line naming the version of our policy the document was written under (none under
    the built-in default), in the document's small print."""
    from flexidesk.documents.styles import stylesheet
    from flexidesk.policy.ourpolicy import OurPolicy

    line = OurPolicy.from_params(p.get("policy")).made_under()
    return [Spacer(1, 3 * mm), Paragraph(line, stylesheet()["Small"])] if line else []


def _invitation_story(p: dict, sheet) -> Telling:
    w = wording.invitation(p)
    body = sheet["BodyText"]
    story: list[Flowable] = [Paragraph(w.salutation, body), Paragraph(w.reference,
                                                                       sheet["Reference"])]
    story += [Paragraph(text, body) for text in w.opening]
    story += [details_table(w.details, sheet, 32 * mm), Spacer(1, 4 * mm)]
    story += [Paragraph(w.topics_heading, sheet["Heading2"]),
              *bullets(w.topics, sheet["Bullet"])]
    story += [Paragraph(w.guests_heading, sheet["Heading2"])]
    story += [Paragraph(text, body) for text in w.guests]
    return _letter(w, story, p, INVITATION)


def _outcome_box(w: wording.DecisionWording, sheet) -> Table:
    box = Table([[Paragraph(w.outcome, sheet["Heading2"])], [Paragraph(w.outcome_text,
                                                                        sheet["Normal"])]],
                colWidths=[BODY_WIDTH])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1, INK), ("BACKGROUND", (0, 0), (-1, -1), TINT),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    ]))
    return box


def _decision_story(p: dict, sheet) -> Telling:
    w = wording.decision(p)
    body = sheet["BodyText"]
    story: list[Flowable] = [Paragraph(w.salutation, body),
                             Paragraph(w.reference, sheet["Reference"]),
                             Paragraph(w.opening, body), _outcome_box(w, sheet), Spacer(1, 2 * mm),
                             # Where a family looks first: right under the decision itself.
                             Paragraph(f"<b>{w.no_appeal}</b>", body), Spacer(1, 2 * mm)]
    if w.reasons or w.factors:
        story.append(Paragraph(w.reasons_heading, sheet["Heading2"]))
        story += [Paragraph(text, body) for text in w.reasons]
        if w.factors:
            story += [Paragraph(w.factor_intro, body), *bullets(w.factors, sheet["Bullet"])]
    story += [Paragraph(text, body) for text in w.governing_body]
    story += [CondPageBreak(30 * mm), Paragraph(w.section_heading, sheet["Heading2"])]
    if w.section_intro:
        story.append(Paragraph(w.section_intro, body))
    if w.section_items:
        story += bullets(w.section_items, sheet["Bullet"])
    return _letter(w, story, p, DECISION)


def pattern_table(home_sessions: str, sheet) -> Table:
    """Monday to Friday by morning and afternoon, each cell 'School' or 'Home' (home tinted)."""
    home = {s for s in (home_sessions or "").split(",") if s in SESSIONS}
    return week_grid(home, _("<b>Home</b> (code C)"), _("School"), sheet, HOME_SHADE)


def _agreement_story(p: dict, sheet) -> Telling:
    w = wording.agreement(p)
    body = sheet["BodyText"]
    story: list[Flowable] = [Paragraph(w.title, sheet["Title"]), Paragraph(w.intro, body),
                             details_table(w.details, sheet, 48 * mm)]
    story += [Paragraph(w.parties_heading, sheet["Heading2"]), *bullets(w.parties,
                                                                       sheet["Bullet"])]
    if w.told:
        story.append(Paragraph(w.told, body))
    story += [KeepTogether([Paragraph(w.pattern_heading, sheet["Heading2"]),
                            pattern_table(p["agreement"]["home_sessions"], sheet),
                            Spacer(1, 2 * mm), Paragraph(w.pattern_note, sheet["Small"])])]
    for number, (heading, paragraphs) in enumerate(w.clauses, start=1):
        block = [Paragraph(f"{number}. {heading}", sheet["ClauseHeading"])]
        block += [Paragraph(text, sheet["Clause"]) for text in paragraphs]
        story.append(KeepTogether(block))
    return Telling(body=story, header_text=wording.header(p, AGREEMENT),
                   after=made_under(p))


def _agreement_signatures(p: dict, sheet, languages: Sequence[str]) -> list[Flowable]:
    """The signatures, once for every language: the school and the parents agree; the
    child signs as one who has been told."""
    heading = in_languages(N_("Signatures"), languages)
    intros, signers = [], []
    for language in languages:
        with using_locale(LETTER_LOCALES.get(language, "en_GB")):
            intros.append(wording.signatures_intro(p))
    for party in p["agreement"]["parties"]:
        pupil = party.get("capacity") == "pupil"
        label = N_("Told about this agreement") if pupil else N_("Agrees to this agreement")
        signers.append(Signer(
            heading=in_languages(label, languages), name=wording.text(party["name"]),
            position=in_languages(wording.CAPACITY_LABELS[party["capacity"]], languages)
            if party.get("capacity") in wording.CAPACITY_LABELS
            else wording.text(party.get("capacity")),
            signed_on=wording.numeric_date(party.get("signed_on"))))
    body = sheet["BodyText"]
    return [CondPageBreak(60 * mm), Paragraph(heading, sheet["Heading1"]),
            *[Paragraph(text, body) for text in intros], *_blocks(signers, sheet, languages)]


def _end_story(p: dict, sheet) -> Telling:
    w = wording.end_letter(p)
    body = sheet["BodyText"]
    story: list[Flowable] = [Paragraph(w.salutation, body),
                             Paragraph(w.reference, sheet["Reference"])]
    story += [Paragraph(text, body) for text in w.paragraphs]
    return _letter(w, story, p, END)


#: Each document's title, story and whether it is a letter (address and date at the top).
_DOCUMENTS = {
    "flexi_invitation": (INVITATION, _invitation_story, True),
    "flexi_decision": (DECISION, _decision_story, True),
    "flexi_agreement": (AGREEMENT, _agreement_story, False),
    "flexi_end": (END, _end_story, True),
}


def render_flexi(kind: str, params: dict) -> bytes:
    """The PDF of a flexi document from its params alone (no database).

    In Welsh, English, or both: a bilingual document gives the Welsh in full first, then
    the English, as Welsh schools send them, and is signed once at the end.
    """
    if kind not in _DOCUMENTS:
        raise ValueError(f"not a flexi document: {kind}")
    title, story_of, letter = _DOCUMENTS[kind]
    return render_document(params, title, story_of, letter=letter,
                           signatures_of=None if letter else _agreement_signatures)


def render_in_languages(params: dict, title: str, story_of, *, letter: bool = True) -> bytes:
    """The PDF of a letter whose ``story_of(params, sheet)`` returns a ``Telling``, told in
    each of the params' languages and copied for each household; ``title`` is a msgid."""
    return render_document(params, title, story_of, letter=letter)
