"""Putting a document together: one copy per household, each told in the params' languages.

A story function tells a document once in the language in force and returns a ``Telling``:
its body, its closing paragraphs and who signs. This module does the rest, the same way for
every document: Welsh, English, or both with the Welsh in full first; one signature for
both languages at the very end (a bilingual sign-off, "Yn gywir, / Yours sincerely,"); a
copy for each household, each with its own address in the window and its own page numbers.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.platypus import Flowable

from flexidesk.documents import closing, wording
from flexidesk.documents.family import address_block, copies_of
from flexidesk.documents.styles import stylesheet
from flexidesk.documents.templates import (
    LETTER_LOCALES,
    Copy,
    Letterhead,
    PageSetup,
    Part,
    SharedHeader,
    build_copies,
)
from flexidesk.i18n import _, using_locale


@dataclass
class Telling:
    """A document told once, in one language."""

    body: list[Flowable]
    closing: list[str] = field(default_factory=list)  # markup; the sign-off follows the last
    sign_off: str = ""  # "Yours sincerely,"; "" when nobody signs at the foot
    signatory: list[str] = field(default_factory=list)  # markup lines under the signature
    header_text: str = ""  # the running header of the continuation pages
    #: Set after the sign-off (and after the signatures, where they close the document): the
    #: line naming the version of our policy the document was written under.
    after: list[Flowable] = field(default_factory=list)


def signed_letter(p: dict, body: list[Flowable], closing_paragraphs: list[str],
                  title: str) -> Telling:
    """A letter's telling: its body, its closing paragraphs, "Yours sincerely," and the
    signatory (whoever decided, for a decision), with the running header of ``title``."""
    from flexidesk.i18n.welsh import gettext

    return Telling(body=body, closing=list(closing_paragraphs), sign_off=gettext(
        "Yours sincerely,"), signatory=wording.signatory_lines(p),
                   header_text=wording.header(p, title))


#: A story function: the params (with ``family`` set to one household) and the stylesheet.
StoryOf = Callable[[dict, object], Telling]
#: Signatures told once for every language at the end (an agreement's signature blocks).
SignaturesOf = Callable[[dict, object, Sequence[str]], list[Flowable]]


def languages_of(params: dict) -> list[str]:
    """The params' languages in order: "cy+en" is Welsh, then English."""
    return (params.get("language") or "en").split("+")


def letterhead(school: dict) -> Letterhead:
    """The school's letterhead from a document's params."""
    return Letterhead(name=school["name"], address_lines=school["address_lines"],
                      phone=school["phone"], email=school["email"], website=school["website"],
                      logo=base64.b64decode(school["logo"]) if school.get("logo") else None)


def both(texts: Sequence[str]) -> str:
    """Each language's words once, Welsh first: "Yn gywir, / Yours sincerely,"."""
    seen: list[str] = []
    for text in texts:
        if text and text not in seen:
            seen.append(text)
    return " / ".join(seen)


def _bilingual_signatory(tellings: Sequence[Telling]) -> list[str]:
    lines = [t.signatory for t in tellings if t.signatory]
    if not lines:
        return []
    return [both(column) for column in zip(*lines, strict=False)]


def _parts(params: dict, sheet, story_of: StoryOf, languages: Sequence[str],
           signatures_of: SignaturesOf | None, *, give_up: bool = False) -> list[Part]:
    tellings: list[tuple[str, Telling]] = []
    for language in languages:
        with using_locale(LETTER_LOCALES.get(language, "en_GB")):
            tellings.append((language, story_of(params, sheet)))
    sign_off = both([t.sign_off for _l, t in tellings])
    signatory = _bilingual_signatory([t for _l, t in tellings])
    parts = []
    for n, (language, telling) in enumerate(tellings):
        last = n == len(tellings) - 1
        with using_locale(LETTER_LOCALES.get(language, "en_GB")):
            story = list(telling.body) + closing.closing(
                telling.closing, sign_off if last else "", signatory, sheet, give_up=give_up)
        if last and signatures_of is not None:
            if len(tellings) > 1:  # signed once for both: their pages say both headers
                story.append(SharedHeader(both([t.header_text for _l, t in tellings])))
            story += signatures_of(params, sheet, languages)
        story += telling.after
        parts.append(Part(story, language, telling.header_text))
    return parts


def render_document(params: dict, title: str, story_of: StoryOf, *, letter: bool = True,
                    date_text: Callable[[dict], str] | None = None,
                    signatures_of: SignaturesOf | None = None) -> bytes:
    """The PDF of a document from its params alone: a copy for each household (a letter) or
    one copy (``letter=False``), each in every language of the params.

    ``title`` is a msgid; ``date_text(params)`` gives the date under the address (the
    letter's date, written out, unless told otherwise). A letter whose sign-off would go
    whole onto a page of its own is set again a little closer, once.
    """
    if date_text is None:
        date_text = _letter_date
    try:
        return _build(params, title, story_of, letter, date_text, signatures_of,
                      condensed=False)
    except closing.WouldStandAlone:
        return _build(params, title, story_of, letter, date_text, signatures_of,
                      condensed=True)


def _letter_date(params: dict) -> str:
    return wording.long_date(params.get("letter_date"))


def _build(params: dict, title: str, story_of: StoryOf, letter: bool,
           date_text: Callable[[dict], str] | None, signatures_of: SignaturesOf | None, *,
           condensed: bool) -> bytes:
    sheet = stylesheet(condensed=condensed)
    languages = languages_of(params)
    homes = copies_of(params["family"]) if letter and "family" in params else [None]
    copies = []
    for home in homes:
        told = dict(params, family=home) if home is not None else params
        address: list[str] = []
        if home is not None:
            with using_locale(LETTER_LOCALES.get(languages[0], "en_GB")):
                address = address_block(home)
        copies.append(Copy(address, _parts(told, sheet, story_of, languages, signatures_of,
                                           give_up=not condensed)))
    titles = []
    for language in languages:
        with using_locale(LETTER_LOCALES.get(language, "en_GB")):
            titles.append(_(title))
    with using_locale(LETTER_LOCALES.get(languages[0], "en_GB")):
        setup = PageSetup(letterhead=letterhead(params["school"]), title=" / ".join(titles),
                          date_text=date_text(params) if letter and date_text else "")
        setup = dataclasses.replace(setup, address_lines=copies[0].address_lines)
        return build_copies(setup, copies, sheet=sheet)
