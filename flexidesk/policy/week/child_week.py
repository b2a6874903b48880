"""A child's week: ten sessions, each in one place, and every commitment that books into it.

Monday to Friday, morning and afternoon: each session is in school (perhaps with an in-school
intervention), at a provider's site under a placement (attendance code B, D or K), or at home
under a flexi-schooling agreement (code C). Placements and flexi agreements are commitments
over a span of dates; both book into the same week, and a second commitment on a session
already taken is refused with both named. Hours of alternative provision are judged on the
whole week, whatever the number of placements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flexidesk.i18n import _, format_date
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.vocabulary import DAY_LABELS, PART_LABELS, parse_sessions
from flexidesk.store.models import SESSIONS, FlexiAgreement, FlexiRequest, Placement, Provider

#: Hours in a morning and an afternoon session at a provider.
SESSION_HOURS = {"am": 3.0, "pm": 2.5}
#: More hours a week than this is full-time education.
FULL_TIME_HOURS = 18
#: The places a session can be in.
IN_SCHOOL, AT_PROVIDER, AT_HOME = "school", "provider", "home"
#: Placements that book sessions (a cancelled one never ran).
_BOOKED_PLACEMENTS = ("planned", "active", "ended")
#: Flexi requests whose agreement books home sessions (an ended one up to its last day).
_BOOKED_FLEXI = ("agreement_drafted", "active", "ended", "withdrawn")


def hours_a_week(sessions: Iterable[str]) -> float:
    """The hours a week of a schedule of session codes ('mon_am', ...)."""
    return sum(SESSION_HOURS[code.split("_")[1]] for code in sessions if code in SESSIONS)


def session_words(sessions: Iterable[str]) -> str:
    """'Wednesday morning and Friday afternoon': sessions as a person says them."""
    words = [_("{day} {part}").format(day=_(DAY_LABELS[code[:3]]),
                                      part=_(PART_LABELS[code[4:]]))
             for code in SESSIONS if code in set(sessions)]
    if len(words) <= 1:
        return "".join(words)
    return _("{first} and {last}").format(first=", ".join(words[:-1]), last=words[-1])


@dataclass(frozen=True)
class Commitment:
    """One thing that takes sessions of a child's week over a span of dates."""

    kind: str  # "placement" or "flexi"
    record_id: int  # the placement's id, or the flexi request's
    pupil_id: int
    sessions: frozenset[str]
    code: str  # the attendance code its sessions carry: B, D, K or C
    start: dt.date
    end: dt.date | None  # its last day; None while it has none
    where: str  # the provider's name; '' at home
    provider_id: int | None = None

    @property
    def place(self) -> str:
        return AT_HOME if self.kind == "flexi" else AT_PROVIDER

    @property
    def hours(self) -> float:
        return hours_a_week(self.sessions) if self.kind == "placement" else 0.0

    def runs_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        """Whether it runs on any day from ``start`` to ``end`` (None: no end)."""
        return (end is None or self.start <= end) and (self.end is None or start <= self.end)

    def describe(self) -> str:
        """'at Kestrel Vale Learning Centre (a placement from 3 Nov 2026, code D)'."""
        if self.kind == "flexi":
            return _("at home under the flexi-schooling agreement (from {start}, code C)").format(
                start=format_date(self.start))
        return _("at {provider} (a placement from {start}, code {code})").format(
            provider=self.where, start=format_date(self.start), code=self.code)


def _placement(p: Placement, provider_name: str) -> Commitment | None:
    end = p.end_date if p.status == "ended" else (p.end_date or p.planned_end_date)
    if p.status == "ended" and end is None:
        return None
    return Commitment("placement", p.id, p.pupil_id, frozenset(parse_sessions(p.sessions)),
                      p.attendance_code, p.start_date, end, provider_name, p.provider_id)


def placement_commitments(*, pupil_ids: Iterable[int] | None = None,
                          provider_id: int | None = None,
                          exclude: int | None = None) -> list[Commitment]:
    """Placements that book sessions, for some children or at one provider (none: all)."""
    query = (Placement.select(Placement, Provider.id, Provider.name).join(Provider)
             .where(Placement.status.in_(_BOOKED_PLACEMENTS)))
    if pupil_ids is not None:
        query = query.where(Placement.pupil.in_(list(pupil_ids)))
    if provider_id is not None:
        query = query.where(Placement.provider == provider_id)
    out = []
    for p in query:
        if p.id != exclude and (c := _placement(p, p.provider.name)) is not None:
            out.append(c)
    return out


def flexi_commitments(*, pupil_ids: Iterable[int] | None = None,
                      exclude_request: int | None = None) -> list[Commitment]:
    """Flexi agreements that book home sessions (drafted, running, or ended up to their end)."""
    query = (FlexiAgreement.select(FlexiAgreement, FlexiRequest).join(FlexiRequest)
             .where(FlexiRequest.stage.in_(_BOOKED_FLEXI)))
    if pupil_ids is not None:
        query = query.where(FlexiRequest.pupil.in_(list(pupil_ids)))
    out = []
    for a in query:
        request = a.request
        if request.id == exclude_request:
            continue
        end = request.ended_on or (request.withdrawn_on if request.stage == "withdrawn" else None)
        if request.stage in ("ended", "withdrawn") and end is None:
            continue
        out.append(Commitment("flexi", request.id, request.pupil_id,
                              frozenset(parse_sessions(a.home_sessions)), "C", a.start_date, end,
                              "", None))
    return out


def commitments_of(pupil_ids: Iterable[int], *, exclude_placement: int | None = None,
                   exclude_request: int | None = None) -> list[Commitment]:
    """Every commitment of these children, placements and flexi agreements alike."""
    ids = list(pupil_ids)
    return (placement_commitments(pupil_ids=ids, exclude=exclude_placement)
            + flexi_commitments(pupil_ids=ids, exclude_request=exclude_request))


# --- booking: one place a session ------------------------------------------------------------


def clash_with(new: Commitment, others: Iterable[Commitment]) -> tuple[Commitment, set[str]] | None:
    """The first commitment that ``new`` would share a session with while both run."""
    for other in sorted(others, key=lambda c: c.start):
        shared = set(new.sessions) & set(other.sessions)
        if shared and other.pupil_id == new.pupil_id and other.overlaps(new.start, new.end):
            return other, shared
    return None


def check_booking(new: Commitment, child: str) -> None:
    """Refuse ``new`` if it takes a session of the child's week that is already taken, naming
    both commitments and the sessions they share."""
    others = commitments_of([new.pupil_id],
                            exclude_placement=new.record_id if new.kind == "placement" else None,
                            exclude_request=new.record_id if new.kind == "flexi" else None)
    found = clash_with(new, others)
    if found is None:
        return
    other, shared = found
    raise PolicyError(_("{child} cannot be in two places at once: on {sessions} they are "
                        "already {existing}, and this would put them {new}. Change the "
                        "sessions or the dates of one of the two.").format(
        child=child, sessions=session_words(shared), existing=other.describe(),
        new=new.describe()))


# --- hours: judged on the whole week ---------------------------------------------------------


def peak_hours(commitments: Sequence[Commitment], start: dt.date | None = None,
               end: dt.date | None = None) -> float:
    """The most hours of alternative provision that run in one week at the same time, among
    ``commitments`` that overlap ``start`` to ``end`` (None, None: whenever they run)."""
    spans = [c for c in commitments if c.kind == "placement"
             and (start is None or c.overlaps(start, end))]
    days = {c.start for c in spans} | ({start} if start is not None else set())
    best = 0.0
    for day in days:
        if start is not None and (day < start or (end is not None and day > end)):
            continue
        best = max(best, sum(c.hours for c in spans if c.runs_on(day)))
    return best


# --- the week itself -------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionPlace:
    """Where the child is in one session: in school, at a provider, or at home."""

    session: str  # 'mon_am' ...
    day: dt.date
    place: str  # IN_SCHOOL, AT_PROVIDER or AT_HOME
    code: str  # '' in school; B, D, K or C otherwise
    where: str  # the provider's name, or ''
    commitment: Commitment | None = None


@dataclass(frozen=True)
class ChildWeek:
    """A child's ten sessions in the week holding ``day``, each as it runs on its own date."""

    pupil_id: int
    monday: dt.date
    sessions: tuple[SessionPlace, ...]

    def at(self, session: str) -> SessionPlace:
        return self.sessions[SESSIONS.index(session)]

    @property
    def away(self) -> tuple[SessionPlace, ...]:
        """The sessions spent anywhere but in school."""
        return tuple(s for s in self.sessions if s.place != IN_SCHOOL)

    @property
    def provider_hours(self) -> float:
        return hours_a_week(s.session for s in self.sessions if s.place == AT_PROVIDER)


def build_week(pupil_id: int, day: dt.date, commitments: Iterable[Commitment]) -> ChildWeek:
    """The child's week holding ``day`` from their commitments (no query)."""
    monday = day - dt.timedelta(days=day.weekday())
    mine = [c for c in commitments if c.pupil_id == pupil_id]
    places = []
    for session in SESSIONS:
        date = monday + dt.timedelta(days=SESSIONS.index(session) // 2)
        booked = next((c for c in mine if session in c.sessions and c.runs_on(date)), None)
        if booked is None:
            places.append(SessionPlace(session, date, IN_SCHOOL, "", ""))
        else:
            places.append(SessionPlace(session, date, booked.place, booked.code, booked.where,
                                       booked))
    return ChildWeek(pupil_id, monday, tuple(places))


def week_of(pupil_id: int, day: dt.date) -> ChildWeek:
    """The child's week holding ``day`` (a read inside the policy layer; no view recorded)."""
    return build_week(pupil_id, day, commitments_of([pupil_id]))
