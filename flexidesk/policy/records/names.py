"""The names of the children and adults on roll, found in free text before it leaves the school.

A governors' report and a subject access pack must not carry someone's name by accident:
free text is searched for every child's and adult's first name, surname and preferred name
(a word on its own, in any case, accents ignored: "yusuf's" and "Yusuf" both match
"Yusuf"). A name that is also an everyday word ("May", "Will", "Hope") is matched only
when it is written with a capital, so "we will" does not count. Names in scripts written
without spaces (Chinese) are matched inside a run of text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from flexidesk.store.models import Adult, Pupil, PupilAdult
from flexidesk.store.query import as_tuples

#: Parts of a surname that are not a name on their own ("Al-Haddad", "van der Berg").
_PARTICLES = frozenset({"al", "el", "bin", "bint", "ibn", "abu", "de", "da", "di", "du", "del",
                        "der", "den", "van", "von", "le", "la", "mac", "mc", "st", "o", "ap"})
#: Names that are also everyday English words: only a capitalised one counts as the name.
_EVERYDAY = frozenset({
    "may", "will", "hope", "joy", "faith", "grace", "rose", "mark", "bill", "sunny", "summer",
    "autumn", "april", "june", "august", "brook", "green", "white", "black", "brown", "young",
    "king", "long", "little", "hall", "wood", "hill", "north", "south", "page", "field", "rich",
    "bell", "rock", "sky", "star", "dawn", "eve", "honey", "ivy", "holly", "poppy", "daisy",
    "ruby", "pearl", "amber", "jade", "art", "guy", "pat", "sue", "don", "gay", "happy",
    "frank", "earnest", "ernest", "miles", "rowan", "river", "reading", "drew", "bob", "sandy",
    "carol", "chase", "cliff", "dean", "dale", "glen", "lane", "marsh", "moss", "stone", "west",
    "park", "price", "cook", "baker", "smith", "mason", "hunter", "walker", "fisher", "taylor",
    "turner", "carter", "porter", "parker", "booth", "ward", "noble", "gold", "fox", "lamb",
    "bird", "crane", "swan", "nash", "best", "good", "love", "key", "reed", "rice", "wells",
})
_CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                  r"\uac00-\ud7af\uf900-\ufaff]")


def plain(text: str) -> str:
    """``text`` folded for matching: accents dropped, case folded, curly quotes straight."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class NameHit:
    """A name found in a text: the words as written, whose name it is, and who they are."""

    found: str  # the text's own words, as written
    person: str  # the full name of the child or adult it belongs to
    kind: str  # "child" or "adult"


@dataclass(frozen=True)
class Person:
    """Someone whose name may not appear: their full name, kind and the words of their name."""

    name: str
    kind: str
    words: tuple[str, ...]


def _words(*names: str | None) -> set[str]:
    """The searchable words of a person's names: each whole name and each part of it."""
    found: set[str] = set()
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        found.add(name)
        for part in re.split(r"[\s\-\u2010\u2011]+", name):
            part = part.strip(".,'\u2019")
            if part and plain(part) not in _PARTICLES and (len(part) >= 2 or _CJK.search(part)):
                found.add(part)
    return found


_WORD = re.compile(r"\w+")
_LONGEST = 4  # the most words of one name looked for together ("van der Berg")


def _key(name: str) -> str:
    """A name as looked up: folded, its words joined by single spaces ("al haddad")."""
    return " ".join(_WORD.findall(plain(name)))


class NameFinder:
    """Finds the names of a set of people in free text: the text's words (and runs of up to
    four) are looked up in a table of names, so a search costs the same however many people
    the school holds."""

    def __init__(self, people: Iterable[Person]):
        self._owners: dict[str, list[Person]] = {}
        self._strict: set[str] = set()  # everyday words: a name only with a capital
        joined: set[str] = set()  # names in scripts written without spaces
        for person in people:
            for word in person.words:
                key = _key(word)
                if not key or (len(key) < 2 and not _CJK.search(key)):
                    continue
                self._owners.setdefault(key, []).append(person)
                if _CJK.search(key):
                    joined.add(key)
                elif key in _EVERYDAY:
                    self._strict.add(key)
        self._joined = (re.compile("|".join(re.escape(w) for w in sorted(
            joined, key=len, reverse=True))) if joined else None)

    def _matches(self, text: str) -> Iterator[tuple[int, str, str]]:
        """(where, the words as written, key) for each name in ``text``."""
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        folded = [plain(w) for _s, _e, w in words]
        i = 0
        while i < len(words):
            step = 1
            for n in range(min(_LONGEST, len(words) - i), 0, -1):  # the longest name first
                key = " ".join(folded[i:i + n])
                if key not in self._owners:
                    continue
                shown = text[words[i][0]:words[i + n - 1][1]]
                if key in self._strict and not shown[:1].isupper():
                    continue  # "we will", not "Will"
                yield words[i][0], shown, key
                step = n
                break
            i += step
        if self._joined is not None:
            for match in self._joined.finditer(plain(text)):
                yield match.start(), match.group(), match.group()

    def find(self, text: str) -> list[NameHit]:
        """Every name of these people in ``text``, in the order they appear (once each)."""
        if not text:
            return []
        text = unicodedata.normalize("NFC", text)
        hits = sorted(((at, shown, person) for at, shown, key in self._matches(text)
                       for person in self._owners[key]), key=lambda h: h[0])
        seen: set[tuple[str, str]] = set()
        found = []
        for _at, shown, person in hits:
            if (shown.casefold(), person.name) in seen:
                continue
            seen.add((shown.casefold(), person.name))
            found.append(NameHit(shown, person.name, person.kind))
        return found


def people_on_roll(*, except_pupil: int | None = None) -> list[Person]:
    """Every child (on roll or left) and every adult the school holds, as named people.

    ``except_pupil`` leaves one child out (the child a subject access pack is about); their
    family stays in, because a parent is someone else too.
    """
    people = [Person(f"{preferred or first} {last}", "child", tuple(_words(first, last, preferred)))
              for pid, first, last, preferred in as_tuples(Pupil.select(
                  Pupil.id, Pupil.legal_first_name, Pupil.legal_last_name, Pupil.preferred_name))
              if pid != except_pupil]
    people += [Person(" ".join(p for p in (title, first, last) if p), "adult",
                      tuple(_words(first, last)))
               for title, first, last in as_tuples(Adult.select(Adult.title, Adult.first_name,
                                                               Adult.last_name))]
    return people


def names_on_roll(*, except_pupil: int | None = None) -> NameFinder:
    """A finder for the names of everyone :func:`people_on_roll` lists."""
    return NameFinder(people_on_roll(except_pupil=except_pupil))


def family_of(pupil_id: int) -> set[str]:
    """The full names of a child's own adults, as :func:`people_on_roll` writes them."""
    return {" ".join(p for p in (a.title, a.first_name, a.last_name) if p)
            for a in Adult.select().join(PupilAdult).where(PupilAdult.pupil == pupil_id)}
