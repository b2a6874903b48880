"""What a school may set in its own policy: the default (today's rules), the schema every
version is checked against, and the check itself. A version is plain data: numbers, choices,
flags and words, never an expression; anything the schema does not name is refused."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from flexidesk.i18n import N_, _
from flexidesk.policy.ourpolicy.templates import TEMPLATES, template_problem
from flexidesk.policy.vocabulary import CHECKLIST, DEFAULT_RECHECK_MONTHS, FACTORS

#: How a decision deadline is counted: school days (weekdays in term, less bank holidays and
#: closures: the rule until now) or working days (weekdays less bank holidays and closures,
#: holidays counted).
DEADLINE_UNITS = {"school_days": N_("school days"), "working_days": N_("working days")}
#: How often an AP placement is reviewed at the latest.
AP_REVIEW_RHYTHMS = {"half_term": N_("every half term"), "term": N_("every term")}
#: A consideration's code: short, lower case, stored with each assessment.
CODE = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
#: The longest wording a school may give a consideration or a letter's paragraph.
LABEL_LIMIT = 200
TEMPLATE_LIMIT = 1500
MAX_CONSIDERATIONS = 20
#: A due-diligence item's code (those the school added were made from their wording).
ITEM_CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,59}$")
MAX_CHECKLIST = 40
#: The longest a re-check interval may be, in months.
MAX_RECHECK_MONTHS = 60
#: The most interventions a policy names a review rhythm for, and the longest name.
MAX_INTERVENTIONS = 100
NAME_LIMIT = 100

DEFAULT_POLICY: dict[str, Any] = {
    "flexi": {
        "deadline_days": 5,
        "deadline_unit": "school_days",
        "meeting_required": True,
        "meeting_stand_in": "",
        "considerations": [{"code": code, "en": "", "cy": "", "retired": False}
                           for code in FACTORS],
        "governing_body_rule": True,
        "fewest_sessions_in_school": 1,
        "notice_weeks": 4,
        "review_weeks": 13,
        # Whether the local authority is told of every arrangement (some ask to be).
        "la_told": False,
    },
    "ap": {
        "review_every": "half_term",
        "full_time_hours": 18,
        # FlexiDesk has always recorded the day the family agreed; a school may ask for more.
        "family_agrees_in_writing": False,
        # What the school asks every provider for: the local authority's usual checklist.
        "checklist": [{"code": code, "en": "", "cy": "",
                       "recheck_months": DEFAULT_RECHECK_MONTHS.get(code), "retired": False}
                      for code in CHECKLIST],
    },
    "letters": {key: {"en": "", "cy": ""} for key in TEMPLATES},
    "provision": {
        # Every half term: a school's half term is six to seven weeks.
        "contact_weeks": 7,
        # The policy aims for every child to have Forest School-type activities every week.
        "forest_aim_percent": 100,
        # Intervention name -> weeks between reviews; one not named keeps the interval it
        # was given when it joined the catalogue.
        "review_weeks": {},
    },
}


def default_policy() -> dict[str, Any]:
    """A fresh copy of the default policy (exactly the rules FlexiDesk has always kept)."""
    return copy.deepcopy(DEFAULT_POLICY)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a policy: where (a key path such as ``flexi.deadline_days``), why."""

    path: str
    reason: str
    #: The line of a policy file it is on (None: not read from a file).
    line: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.reason}"
        return _("line {n}: {path}: {reason}").format(n=self.line, path=self.path,
                                                      reason=self.reason)


class _Number:
    def __init__(self, low: int, high: int):
        self.low, self.high = low, high


class _Choice:
    def __init__(self, choices: dict[str, str]):
        self.choices = choices


class _Text:
    def __init__(self, limit: int):
        self.limit = limit


_FIELDS: dict[str, dict[str, Any]] = {
    "flexi": {
        "deadline_days": _Number(1, 30),
        "deadline_unit": _Choice(DEADLINE_UNITS),
        "meeting_required": bool,
        "meeting_stand_in": _Text(LABEL_LIMIT),
        "considerations": list,
        "governing_body_rule": bool,
        "fewest_sessions_in_school": _Number(1, 9),
        "notice_weeks": _Number(0, 26),
        "review_weeks": _Number(1, 52),
        "la_told": bool,
    },
    "ap": {
        "review_every": _Choice(AP_REVIEW_RHYTHMS),
        "full_time_hours": _Number(10, 32),
        "family_agrees_in_writing": bool,
        "checklist": list,
    },
    "letters": {key: dict for key in TEMPLATES},
    "provision": {
        "contact_weeks": _Number(1, 52),
        "forest_aim_percent": _Number(1, 100),
        "review_weeks": dict,
    },
}


def _check_value(path: str, kind: Any, value: Any) -> list[Problem]:
    if kind is bool:
        return [] if isinstance(value, bool) else [Problem(path, _("must be true or false"))]
    if isinstance(kind, _Number):
        if isinstance(value, bool) or not isinstance(value, int):
            return [Problem(path, _("must be a whole number"))]
        if not kind.low <= value <= kind.high:
            return [Problem(path, _("must be from {low} to {high}, not {value}").format(
                low=kind.low, high=kind.high, value=value))]
        return []
    if isinstance(kind, _Choice):
        if value not in kind.choices:
            return [Problem(path, _("must be one of {choices}").format(
                choices=", ".join(kind.choices)))]
        return []
    if isinstance(kind, _Text):
        if not isinstance(value, str):
            return [Problem(path, _("must be text"))]
        if len(value) > kind.limit:
            return [Problem(path, _("is longer than {n} characters").format(n=kind.limit))]
        return []
    return []


@dataclass(frozen=True)
class _CodedList:
    """A list of worded items with codes (the considerations, the checklist): its limits
    and the words of its refusals."""

    path: str
    most: int
    keys: frozenset[str]
    pattern: re.Pattern
    built_in: Any  # the codes FlexiDesk words itself (a new code needs English wording)
    too_many: str
    not_an_item: str
    needs_english: str
    none_in_use: str


def _check_coded(spec: _CodedList, value: Any, extra=None) -> list[Problem]:
    """Each item: a dict of known keys, a unique code, wording in both languages within
    limits (English for a code of the school's own), ``extra`` checks; one item in use."""
    if not isinstance(value, list):
        return [Problem(spec.path, _("must be a list"))]
    if len(value) > spec.most:
        return [Problem(spec.path, spec.too_many.format(n=spec.most))]
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, item in enumerate(value, start=1):
        where = f"{spec.path}[{index}]"
        if not isinstance(item, dict):
            problems.append(Problem(where, spec.not_an_item))
            continue
        unknown = sorted(set(item) - spec.keys)
        if unknown:
            problems.append(Problem(f"{where}.{unknown[0]}", _("is not a key FlexiDesk knows")))
        code = item.get("code")
        if not isinstance(code, str) or not spec.pattern.match(code):
            problems.append(Problem(f"{where}.code", _(
                "must be a short code of small letters, digits and underscores")))
            continue
        if code in seen:
            problems.append(Problem(f"{where}.code", _("is used twice: {code}").format(code=code)))
        seen.add(code)
        for language in ("en", "cy"):
            problems += _check_value(f"{where}.{language}", _Text(LABEL_LIMIT),
                                     item.get(language, ""))
        if code not in spec.built_in and not str(item.get("en", "")).strip():
            problems.append(Problem(f"{where}.en", spec.needs_english))
        if extra is not None:
            problems += extra(where, item)
        problems += _check_value(f"{where}.retired", bool, item.get("retired", False))
    if not any(isinstance(i, dict) and not i.get("retired") for i in value):
        problems.append(Problem(spec.path, spec.none_in_use))
    return problems


def _check_considerations(value: Any) -> list[Problem]:
    return _check_coded(_CodedList(
        "flexi.considerations", MAX_CONSIDERATIONS, frozenset({"code", "en", "cy", "retired"}),
        CODE, FACTORS, _("may hold at most {n} considerations"),
        _("must be a consideration (code and wording)"),
        _("a new consideration needs its wording in English"),
        _("at least one consideration must be in use")), value)


def _recheck(where: str, item: dict) -> list[Problem]:
    months = item.get("recheck_months")
    if months is None:
        return []
    return _check_value(f"{where}.recheck_months", _Number(1, MAX_RECHECK_MONTHS), months)


def _check_checklist(value: Any) -> list[Problem]:
    return _check_coded(_CodedList(
        "ap.checklist", MAX_CHECKLIST,
        frozenset({"code", "en", "cy", "recheck_months", "retired"}), ITEM_CODE, CHECKLIST,
        _("may hold at most {n} items"), _("must be an item (code and wording)"),
        _("a new item needs its wording in English"),
        _("the checklist needs at least one item in use")), value, _recheck)


def _check_review_weeks(value: Any) -> list[Problem]:
    path = "provision.review_weeks"
    if not isinstance(value, dict):
        return [Problem(path, _("must name each intervention with its weeks between reviews"))]
    if len(value) > MAX_INTERVENTIONS:
        return [Problem(path, _("may name at most {n} interventions").format(
            n=MAX_INTERVENTIONS))]
    problems: list[Problem] = []
    for name, weeks in value.items():
        if not name.strip() or len(name) > NAME_LIMIT:
            problems.append(Problem(path, _("an intervention's name must be 1 to {n} "
                                            "characters").format(n=NAME_LIMIT)))
            continue
        problems += _check_value(f"{path}[{name}]", _Number(1, 52), weeks)
    return problems


def _check_template(key: str, value: Any) -> list[Problem]:
    path = f"letters.{key}"
    if not isinstance(value, dict):
        return [Problem(path, _("must give the English and Welsh wording"))]
    problems = [Problem(f"{path}.{k}", _("is not a key FlexiDesk knows"))
                for k in sorted(set(value) - {"en", "cy"})]
    for language in ("en", "cy"):
        text = value.get(language, "")
        problems += _check_value(f"{path}.{language}", _Text(TEMPLATE_LIMIT), text)
        if isinstance(text, str) and text.strip():
            reason = template_problem(key, text)
            if reason:
                problems.append(Problem(f"{path}.{language}", reason))
    return problems


def check_policy(body: Any) -> list[Problem]:
    """Everything wrong with ``body`` (empty when it is a policy FlexiDesk can hold to)."""
    if not isinstance(body, dict):
        return [Problem("", _("a policy is a set of sections: flexi, ap, letters and provision"))]
    problems = [Problem(k, _("is not a section FlexiDesk knows"))
                for k in sorted(set(body) - set(_FIELDS), key=str)]
    for section, fields in _FIELDS.items():
        values = body.get(section)
        if not isinstance(values, dict):
            problems.append(Problem(section, _("is missing")))
            continue
        problems += [Problem(f"{section}.{k}", _("is not a key FlexiDesk knows"))
                     for k in sorted(set(values) - set(fields), key=str)]
        for key, kind in fields.items():
            path = f"{section}.{key}"
            if key not in values:
                problems.append(Problem(path, _("is missing")))
            elif path == "flexi.considerations":
                problems += _check_considerations(values[key])
            elif path == "ap.checklist":
                problems += _check_checklist(values[key])
            elif path == "provision.review_weeks":
                problems += _check_review_weeks(values[key])
            elif section == "letters":
                problems += _check_template(key, values[key])
            else:
                problems += _check_value(path, kind, values[key])
    return problems


def completed(body: dict) -> dict:
    """``body`` with any key it leaves out taken from the default (a file from an older
    FlexiDesk still reads); unknown keys are left for ``check_policy`` to refuse."""
    full = default_policy()
    for section, values in body.items():
        if isinstance(values, dict) and isinstance(full.get(section), dict):
            full[section].update(values)
        else:
            full[section] = values
    return full
