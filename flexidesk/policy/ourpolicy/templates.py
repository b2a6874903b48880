"""The paragraphs of the letters a school may word for itself: each a template with named
fields (``{child_name}``), filled by plain substitution, never ``str.format`` nor ``eval``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from flexidesk.i18n import N_, _


@dataclass(frozen=True)
class Template:
    """A paragraph a school may reword: what it is, the fields it may use, those it must."""

    label: str  # N_(): translated where shown
    fields: tuple[str, ...]
    required: tuple[str, ...]


#: Each field's meaning, for the form's help line.
FIELDS = {
    "child_name": N_("the child's first name"),
    "received_on": N_("the day the request arrived"),
    "sessions": N_("the sessions at home"),
    "school_name": N_("the school's name"),
    "deadline": N_("how long the decision takes, e.g. '10 school days'"),
}

TEMPLATES: dict[str, Template] = {
    "invitation_opening": Template(
        N_("Invitation: the opening paragraph"),
        ("child_name", "received_on", "sessions", "school_name", "deadline"), ("child_name",)),
    "decision_agreed": Template(
        N_("Decision letter: the request is agreed"),
        ("child_name", "sessions", "school_name"), ("child_name", "sessions")),
    "decision_declined": Template(
        N_("Decision letter: the request is declined"),
        ("child_name", "school_name"), ("child_name",)),
    "governing_body": Template(
        N_("Decision letter: the governing body's rule"),
        ("child_name", "school_name"), ("child_name",)),
}

_FIELD = re.compile(r"\{([^{}]*)\}")


def template_problem(key: str, text: str) -> str:
    """Why ``text`` cannot be the template ``key`` ('' when it can): an unknown field, a
    required one missing, or a brace that opens no field."""
    template = TEMPLATES[key]
    names = _FIELD.findall(text)
    for name in names:
        if name not in template.fields:
            return _("uses the field {{{name}}}, which this paragraph does not have "
                     "(it may use {fields})").format(
                name=name, fields=", ".join("{" + f + "}" for f in template.fields))
    if "{" in _FIELD.sub("", text) or "}" in _FIELD.sub("", text):
        return _("has a brace that is not part of a field such as {child_name}")
    for name in template.required:
        if name not in names:
            return _("must use the field {{{name}}} ({meaning})").format(
                name=name, meaning=_(FIELDS[name]))
    return ""


def render(text: str, values: dict[str, str]) -> str:
    """The template ``text`` as Paragraph markup: its own words escaped, each field replaced
    by ``values[field]`` (already markup-safe); a checked template has no other field."""
    parts, last = [], 0
    for match in _FIELD.finditer(text):
        parts.append(escape(text[last:match.start()]))
        parts.append(values.get(match.group(1), ""))
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)
