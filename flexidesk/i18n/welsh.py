"""Welsh mutations: a value that follows "ar", "o", "i", "gyda", "â", "a" or "ei" changes its
first letter ("ar ddydd Llun", "gyda Chlwb Gemau"), and "â" and "a" become "ag" and "ac"
before a vowel ("dod ag Emre").

Only values that are Welsh words mutate: dates, session words and catalogue names the
catalogue translates are marked ``Mutable``. People's and places' names keep their first
letter (modern Welsh leaves a Tomasz or a Millshire as it is); only the word before them
changes its form. ``gettext`` and its kin return a ``Template``, whose ``format`` does all
this when the letter is in Welsh and is plain ``str.format`` otherwise, so a document's
wording needs no special call at each sentence.
"""

from __future__ import annotations

import re

from flexidesk import i18n

#: Words after which a Welsh word takes the soft mutation.
SOFT_TRIGGERS = frozenset({
    "am", "ar", "at", "dan", "dros", "drwy", "trwy", "wrth", "heb", "hyd", "gan", "tan", "i",
    "o", "dy", "ei", "neu", "dau", "dwy", "pa", "mor", "rhy"})
#: Words after which a Welsh word takes the aspirate mutation ("a" meaning "and").
ASPIRATE_TRIGGERS = frozenset({"a", "â", "gyda", "tua", "na", "tri", "chwe"})
#: The form each word takes before a vowel ("ag Emre", "ac Anna", "gydag Elin").
BEFORE_VOWEL = {"a": "ac", "â": "ag", "gyda": "gydag", "na": "nac"}
_VOWELS = frozenset("aeiouwyâêîôûŵŷáéíóúàèìòùäëïöü")

_SOFT = (("ll", "l"), ("rh", "r"), ("ch", None), ("ph", None), ("th", None), ("dd", None),
         ("ff", None), ("ng", None), ("c", "g"), ("p", "b"), ("t", "d"), ("g", ""),
         ("b", "f"), ("d", "dd"), ("m", "f"))
_ASPIRATE = (("ch", None), ("ph", None), ("th", None), ("c", "ch"), ("p", "ph"), ("t", "th"))


class Mutable(str):
    """A Welsh word or phrase (a date, "Clwb Gemau") that mutates after a trigger word."""


def _mutate(word: str, table) -> str:
    lead = re.match(r"(?:<[^>]+>)*", word)
    tags = lead.group(0) if lead else ""
    body = word[len(tags):]
    lower = body.lower()
    for start, becomes in table:
        if lower.startswith(start):
            if becomes is None:
                return word
            if body[:1].isupper():
                becomes = becomes[:1].upper() + becomes[1:]
                rest = body[len(start):]
                if not becomes:  # "Gwener" -> "Wener": the next letter takes the capital
                    rest = rest[:1].upper() + rest[1:]
            else:
                rest = body[len(start):]
            return tags + becomes + rest
    return word


def soft(word: str) -> str:
    """The soft mutation of ``word``: "dydd" -> "ddydd", "Clwb" -> "Glwb", "Llun" -> "Lun"."""
    return _mutate(word, _SOFT)


def aspirate(word: str) -> str:
    """The aspirate mutation of ``word``: "Clwb" -> "Chlwb", "pobl" -> "phobl"."""
    return _mutate(word, _ASPIRATE)


def _starts_with_vowel(value: str) -> bool:
    body = re.sub(r"^(?:<[^>]+>)*", "", value)
    return body[:1].lower() in _VOWELS


_LAST_WORD = re.compile(r"(\S+?)((?:\s|<[^>]+>)*)$")


def after(before: str, value: str) -> tuple[str, str]:
    """The text before a value and the value itself, as Welsh writes them together.

    ``before`` ends with the word the value follows; that word may change its form ("â" ->
    "ag" before a vowel), and a ``Mutable`` value its first letter. A weekday date loses
    its capital mid-sentence ("ar ddydd Llun").
    """
    if isinstance(value, Mutable) and before.strip():
        value = Mutable(re.sub(r"\bDydd ", "dydd ", value))
    found = _LAST_WORD.search(before)
    if not found:
        return before, value
    word, gap = found.group(1), found.group(2)
    lead = re.match(r"^(.*?)([^\W\d_]+)$", word)  # "(ar" -> "(" and "ar"
    if not lead:
        return before, value
    prefix, trigger = lead.group(1), lead.group(2)
    key = trigger.lower()
    if key in BEFORE_VOWEL and _starts_with_vowel(value):
        form = BEFORE_VOWEL[key]
        form = form[:1].upper() + form[1:] if trigger[:1].isupper() else form
        before = before[:found.start()] + prefix + form + gap
    if isinstance(value, Mutable):
        if key in SOFT_TRIGGERS:
            value = Mutable(soft(value))
        elif key in ASPIRATE_TRIGGERS:
            value = Mutable(aspirate(value))
    return before, value


def in_welsh() -> bool:
    """Whether the language in force is Welsh."""
    return i18n.current_locale().startswith("cy")


_FIELD = re.compile(r"\{(\w*)\}")


def fill(template: str, *args, **values) -> str:
    """``template.format(...)``, with each value following its word as Welsh writes it."""
    if not in_welsh() or "{{" in template or re.search(r"\{\w*[:!]", template):
        return str.format(template, *args, **values)
    pos, auto, text = 0, 0, ""
    for match in _FIELD.finditer(template):
        text += template[pos:match.start()]
        name = match.group(1)
        if name:
            value = values[name] if not name.isdigit() else args[int(name)]
        else:
            value, auto = args[auto], auto + 1
        value = value if isinstance(value, str) else str(value)
        text, value = after(text, value)
        text += value
        pos = match.end()
    return text + template[pos:]


class Template(str):
    """A translated message whose ``format`` mutates the values that follow Welsh triggers."""

    def format(self, *args, **values) -> str:  # noqa: A003 - str's own name, on purpose
        return fill(str(self), *args, **values)


def gettext(message: str) -> str:
    """``_()`` for documents: the translation, ready to be filled the Welsh way (a
    ``Template``; typed as the ``str`` it is, so it goes wherever text goes)."""
    return Template(i18n._(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    """``ngettext()`` for documents (see ``gettext``)."""
    return Template(i18n.ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> str:
    """``pgettext()`` for documents (see ``gettext``)."""
    return Template(i18n.pgettext(context, message))
