"""One version of our policy as the rules read it: the deadline, the considerations, the
governing body's rule, the week, the reviews, the letters' own paragraphs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flexidesk.i18n import _, current_locale, format_date, ngettext
from flexidesk.policy.ourpolicy.rules import DEADLINE_UNITS, DEFAULT_POLICY
from flexidesk.policy.ourpolicy.templates import render
from flexidesk.policy.vocabulary import CHECKLIST, FACTORS

#: School days in a half term and in a term: how far apart AP reviews may fall.
REVIEW_SCHOOL_DAYS = {"half_term": 30, "term": 60}


def _language() -> str:
    return current_locale().split("_")[0]


@dataclass(frozen=True)
class OurPolicy:
    """The rules of one version (``version_id`` None: the built-in default, today's rules)."""

    body: dict[str, Any] = field(default_factory=lambda: DEFAULT_POLICY)
    version_id: int | None = None
    number: int | None = None
    adopted_on: dt.date | None = None
    in_force_from: dt.date | None = None
    next_review: dt.date | None = None
    #: The trust's version this one was adopted from (None: the school's own wording).
    trust_version_id: int | None = None

    # --- flexi-schooling -------------------------------------------------------------------

    @property
    def flexi(self) -> dict[str, Any]:
        return self.body["flexi"]

    @property
    def deadline_days(self) -> int:
        return int(self.flexi["deadline_days"])

    @property
    def deadline_unit(self) -> str:
        return str(self.flexi["deadline_unit"])

    @property
    def governing_body_rule(self) -> bool:
        return bool(self.flexi["governing_body_rule"])

    @property
    def fewest_sessions_in_school(self) -> int:
        return int(self.flexi["fewest_sessions_in_school"])

    @property
    def notice_weeks(self) -> int:
        return int(self.flexi["notice_weeks"])

    @property
    def review_weeks(self) -> int:
        return int(self.flexi["review_weeks"])

    @property
    def meeting_required(self) -> bool:
        """Whether the family meets the Headteacher before the decision (the deadline then
        counts from the meeting; without one, from the day the request was received)."""
        return bool(self.flexi.get("meeting_required", True))

    @property
    def la_told(self) -> bool:
        """Whether the local authority is told of every arrangement made under this version."""
        return bool(self.flexi.get("la_told", False))

    def decision_due(self, calendar, held_on: dt.date) -> dt.date:
        """The day the decision is due: so many school (or working) days after the meeting."""
        if self.deadline_unit == "working_days":
            return calendar.add_weekdays(held_on, self.deadline_days)
        return calendar.add_working_days(held_on, self.deadline_days)

    def days_left(self, calendar, today: dt.date, due: dt.date) -> int:
        """Days of the deadline's own kind from ``today`` to ``due`` (negative once past)."""
        if self.deadline_unit == "working_days":
            return calendar.weekdays_between(today, due)
        return calendar.working_days_between(today, due)

    def deadline_words(self) -> str:
        """The deadline in words, e.g. '10 school days'."""
        if self.deadline_unit == "working_days":
            return ngettext("{n} working day", "{n} working days",
                            self.deadline_days).format(n=self.deadline_days)
        return ngettext("{n} school day", "{n} school days",
                        self.deadline_days).format(n=self.deadline_days)

    def considerations(self) -> dict[str, str]:
        """The considerations weighed under this version, in order: code -> its wording in
        the language in force (retired ones left out)."""
        return {c["code"]: self._label(c) for c in self.flexi["considerations"]
                if not c.get("retired")}

    def consideration_label(self, code: str) -> str:
        """The wording of any consideration this version names (retired too), else the
        built-in one, else the code itself."""
        for entry in self.flexi["considerations"]:
            if entry["code"] == code:
                return self._label(entry)
        return _(FACTORS[code]) if code in FACTORS else code

    @staticmethod
    def _label(entry: dict) -> str:
        language = _language()
        own = str(entry.get(language) or "").strip()
        if own:
            return own
        if entry["code"] in FACTORS:
            return _(FACTORS[entry["code"]])
        return str(entry.get("en") or entry["code"])  # a new one not yet in Welsh

    # --- alternative provision -------------------------------------------------------------

    @property
    def ap_review_every(self) -> str:
        return str(self.body["ap"]["review_every"])

    @property
    def full_time_hours(self) -> int:
        """Hours a week of AP beyond which the school's own warning calls it full time."""
        return int(self.body["ap"]["full_time_hours"])

    @property
    def family_agrees_in_writing(self) -> bool:
        """Whether a placement needs the family's agreement in writing before it starts."""
        return bool(self.body["ap"]["family_agrees_in_writing"])

    @property
    def ap_review_school_days(self) -> int:
        return REVIEW_SCHOOL_DAYS[self.ap_review_every]

    def checklist(self) -> list[tuple[str, str, int | None]]:
        """What the school asks every provider for, in order: (code, wording, re-check
        months). The wording is the school's own in the language in force, else the
        built-in one untranslated (the screen translates it), else the English."""
        items = self.body["ap"].get("checklist", DEFAULT_POLICY["ap"]["checklist"])
        out = []
        for item in items:
            if item.get("retired"):
                continue
            own = str(item.get(_language()) or "").strip()
            label = own or (CHECKLIST[item["code"]] if item["code"] in CHECKLIST
                            else str(item.get("en") or item["code"]))
            out.append((item["code"], label, item.get("recheck_months")))
        return out

    # --- provision map -----------------------------------------------------------------------

    def _provision(self, key: str) -> Any:
        # A body saved before the provision map joined the policy (a letter's params) has none.
        return self.body.get("provision", DEFAULT_POLICY["provision"]).get(
            key, DEFAULT_POLICY["provision"][key])

    @property
    def contact_weeks(self) -> int:
        """How many weeks may pass without contact with the family of a child with provision."""
        return int(self._provision("contact_weeks"))

    @property
    def forest_aim_percent(self) -> int:
        """The share of children on roll the school aims to give Forest School each week."""
        return int(self._provision("forest_aim_percent"))

    def review_weeks_for(self, intervention: str, otherwise: int) -> int:
        """Weeks between reviews of ``intervention`` (by name); ``otherwise`` (its catalogue
        interval) when this version does not name it."""
        return int(self._provision("review_weeks").get(intervention, otherwise))

    # --- letters ---------------------------------------------------------------------------

    def paragraph(self, key: str, values: dict[str, str]) -> str:
        """The school's own wording of paragraph ``key`` in the language in force, filled
        with ``values`` (markup-safe); '' when the school keeps FlexiDesk's wording."""
        texts = self.body.get("letters", {}).get(key) or {}
        text = str(texts.get(_language()) or "").strip()
        if not text and _language() == "cy":
            return ""  # no Welsh of the school's own: the Welsh FlexiDesk has
        return render(text, values) if text else ""

    def made_under(self, subject: str = "flexi") -> str:
        """The line saying which version applied ('' under the built-in default)."""
        if self.number is None or self.adopted_on is None:
            return ""
        if subject == "ap":
            line = _("Made under our alternative provision policy, version {number}, "
                     "adopted {date}.")
        else:
            line = _("Made under our flexi-schooling policy, version {number}, adopted {date}.")
        return line.format(number=self.number, date=format_date(self.adopted_on))

    def as_params(self) -> dict[str, Any] | None:
        """A JSON snapshot for a letter's params (None under the built-in default)."""
        if self.version_id is None:
            return None
        return {"version_id": self.version_id, "number": self.number,
                "adopted_on": self.adopted_on.isoformat() if self.adopted_on else None,
                "body": self.body}

    @classmethod
    def from_params(cls, params: dict[str, Any] | None) -> OurPolicy:
        """The policy a letter was written under, from its params (the default if none)."""
        if not params:
            return DEFAULT
        adopted = params.get("adopted_on")
        return cls(params["body"], params.get("version_id"), params.get("number"),
                   dt.date.fromisoformat(adopted) if adopted else None)


DEFAULT = OurPolicy()


def unit_label(unit: str) -> str:
    """'school days' or 'working days', translated."""
    return _(DEADLINE_UNITS[unit])
