"""Which encoding an MIS export is in: stated (a byte-order mark), certain (valid UTF-8), or a
guess (charset-normalizer) that the import preview shows and warns about.

Older SIMS exports are Windows-1252, newer ones UTF-8; a school with Polish, Czech or
Japanese families may meet Windows-1250 or Shift-JIS. Reading such a file as the wrong one
garbles every name ("ZoÃ« BrontÃ«"), so a guess is never silent.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from flexidesk.i18n import N_, _

#: What staff read for each codec FlexiDesk may report.
NAMES = {
    "utf-8": N_("UTF-8"),
    "utf-8-sig": N_("UTF-8 (with a byte-order mark)"),
    "utf-16": N_("UTF-16"),
    "ascii": N_("plain ASCII"),
    "cp1252": N_("Windows-1252 (Western European)"),
    "cp1250": N_("Windows-1250 (Central European)"),
    "cp1251": N_("Windows-1251 (Cyrillic)"),
    "cp1253": N_("Windows-1253 (Greek)"),
    "cp1254": N_("Windows-1254 (Turkish)"),
    "cp1257": N_("Windows-1257 (Baltic)"),
    "shift_jis": N_("Shift-JIS (Japanese)"),
    "cp932": N_("Shift-JIS (Japanese)"),
    "gb18030": N_("GB18030 (Chinese)"),
    "big5": N_("Big5 (Chinese)"),
    "euc_kr": N_("EUC-KR (Korean)"),
    "cp949": N_("EUC-KR (Korean)"),
}
#: Where charset-normalizer looks: it samples the file; the whole of a big roll is not needed.
_SAMPLE = 1 << 20
#: How many lines a warning names before it says "and N more".
_LINES_SHOWN = 5


@dataclass(frozen=True)
class Decoded:
    """A file's text, the codec it was read with, and whether that was a guess (and why)."""

    text: str
    encoding: str
    guessed: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        """The encoding as staff read it, e.g. "Windows-1250 (Central European)"."""
        return _(NAMES[self.encoding]) if self.encoding in NAMES else self.encoding


_STRAYS = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, as surrogateescape keeps them
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _as_cp1252(match: re.Match) -> str:
    """One byte that is not UTF-8, read as Windows-1252 (an accent typed by an old program)."""
    return bytes([ord(match.group()) - 0xDC00]).decode("cp1252", errors="replace")


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray bytes (one Windows-1252 accent pasted in): read as UTF-8, each
    stray byte as Windows-1252, the lines named. None when the file is not UTF-8 at heart."""
    text = data.decode("utf-8", errors="surrogateescape")
    strays = [m.start() for m in _STRAYS.finditer(text)]
    if len(_NON_ASCII.findall(text)) - len(strays) <= len(strays):
        return None  # more bytes that are not UTF-8 than characters that are
    lines = sorted({text.count("\n", 0, at) + 1 for at in strays})
    shown = ", ".join(str(n) for n in lines[:_LINES_SHOWN])
    if len(lines) > _LINES_SHOWN:
        shown += " " + _("and {n} more").format(n=len(lines) - _LINES_SHOWN)
    note = _("The file is UTF-8 but for a few characters that are not (line {lines}); they "
             "were read as Windows-1252. Check those names in the preview.").format(lines=shown)
    return Decoded(_STRAYS.sub(_as_cp1252, text), "utf-8", True, (note,))


#: The letters (beyond a-z) of the languages whose names a school in England or Wales meets in
#: Windows-1252 or Windows-1250 files. A word whose accents no one language has ("Dvoøák":
#: ø and á) was read with the wrong code page; "Dvořák" (Czech) was not.
_ALPHABETS = tuple(frozenset(letters) for letters in (
    "àâæçéèêëîïôœùûüÿ",  # French
    "áéíñóúü",  # Spanish
    "áâãàçéêíóôõú",  # Portuguese
    "àèéìíîòóùú",  # Italian
    "àçèéíïòóúü",  # Catalan
    "äöüß",  # German
    "áéëïóöüèíú",  # Dutch
    "æøåé",  # Danish, Norwegian
    "åäöéšž",  # Swedish, Finnish
    "áðéíóúýþæö",  # Icelandic
    "âêîôûŵŷáéíóúàèìòùäëïöüẅÿ",  # Welsh
    "çë",  # Albanian
    "äöõüšž",  # Estonian
    "ąćęłńóśźż",  # Polish
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "áéíóöőúüű",  # Hungarian
    "ăâîșşțţ",  # Romanian
    "čćđšž",  # Croatian, Bosnian, Serbian, Slovene
))
#: Code pages tried for a file in a Latin alphabet, the school's own first (it wins a tie).
_LATIN_PAGES = ("cp1252", "cp1250")
_WORD = re.compile(r"[^\s,;\t\"']*[^\x00-\x7f][^\s,;\t\"']*")


def _plausibility(text: str) -> int:
    """Words whose accents one language has, less words that have a symbol where a letter
    should be ("£ukasz") or accents no one language has ("Dvoøák")."""
    score = 0
    for word in set(_WORD.findall(text[:_SAMPLE])):
        extra = {c for c in word.lower() if ord(c) > 0x7F}
        if all(c.isalpha() for c in extra) and any(extra <= a for a in _ALPHABETS):
            score += 1
        else:
            score -= 1
    return score


def _latin(text: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "")
               for c in set(text[:_SAMPLE]) if ord(c) > 0x7F)


def _normalizer_guess(data: bytes) -> Decoded:
    """charset-normalizer's reading; for a Latin alphabet, whichever of Windows-1252 and
    Windows-1250 (and its own choice) spells the most names as some language does."""
    from charset_normalizer import from_bytes

    sample = data[:_SAMPLE]
    best = from_bytes(sample).best()
    encoding = codecs.lookup(best.encoding).name if best is not None else "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        encoding, text = "cp1252", data.decode("cp1252", errors="replace")
    if _latin(text):
        readings = {encoding: text}
        for page in _LATIN_PAGES:
            try:
                readings.setdefault(page, data.decode(page))
            except UnicodeDecodeError:
                continue
        order = [*_LATIN_PAGES, encoding]
        encoding = max(readings, key=lambda e: (_plausibility(readings[e]),
                                                -order.index(e)))
        text = readings[encoding]
    decoded = Decoded(text, encoding, True)
    note = _("The file does not say which encoding it is in: FlexiDesk read it as {name}. "
             "Check that the names in the preview look right.").format(name=decoded.name)
    return Decoded(text, encoding, True, (note,))


def decode(data: bytes) -> Decoded:
    """The file's text: a byte-order mark's encoding, else UTF-8 if it is valid UTF-8, else UTF-8
    with a few stray bytes, else charset-normalizer's guess (said to be one)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            pass
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _mostly_utf8(data) or _normalizer_guess(data)
