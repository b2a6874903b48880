"""Trust views on the server: placements by provider with the shared checks, flexi by school, costs.

Read by the trust's central team (trust AP lead, trust safeguarding lead, trust governor),
whose connection sees every school. They show counts and money, never a child. Who may read
them is the matrix's "trust.view" (policy.records.access.PERMISSIONS), like every other read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.providers.read import statuses
from flexidesk.policy.providers.status import DueDiligenceStatus
from flexidesk.policy.records.access import Actor, require
from flexidesk.store.database import db
from flexidesk.store.models import Provider


@dataclass(frozen=True)
class ProviderLine:
    """One provider across the trust: its checks (shared by every school) and each school's use."""

    provider_id: int
    name: str
    status: DueDiligenceStatus
    active: int = 0
    planned: int = 0
    ended: int = 0
    cost_pence: int = 0
    by_school: dict[str, int] = field(default_factory=dict)  # school -> live placements


@dataclass(frozen=True)
class SchoolFlexiLine:
    """One school's flexi-schooling requests and decisions."""

    school: str
    requests: int
    open: int
    agreed: int
    declined: int
    running: int


@dataclass(frozen=True)
class SchoolCostLine:
    """What one school's placements cost, in all and by funding stream."""

    school: str
    placements: int
    cost_pence: int
    by_stream: dict[str, int] = field(default_factory=dict)


def _rows(sql: str, params: tuple = ()) -> list[tuple]:
    if getattr(db.obj, "engine", "") != "postgresql":
        raise PolicyError(_("Trust views need the trust's FlexiDesk server."))
    return db.execute_sql(sql, params).fetchall()


def placements_by_provider(actor: Actor, today: dt.date) -> list[ProviderLine]:
    """Every provider the trust uses: due-diligence state today, placements by school, cost."""
    require(actor, "trust.view")
    counts = _rows(
        "SELECT p.provider_id, s.name, "
        "count(*) FILTER (WHERE p.status = 'active'), "
        "count(*) FILTER (WHERE p.status = 'planned'), "
        "count(*) FILTER (WHERE p.status = 'ended'), "
        "coalesce(sum(p.cost_pence) FILTER (WHERE p.status <> 'cancelled'), 0) "
        "FROM placement p JOIN school s ON s.id = p.school_id "
        "GROUP BY p.provider_id, s.name ORDER BY s.name")
    state = statuses(today)
    totals: dict[int, dict] = {}
    for provider_id, school, active, planned, ended, cost in counts:
        line = totals.setdefault(provider_id, {"active": 0, "planned": 0, "ended": 0,
                                               "cost_pence": 0, "by_school": {}})
        line["active"] += active
        line["planned"] += planned
        line["ended"] += ended
        line["cost_pence"] += int(cost)
        if active or planned:
            line["by_school"][school] = active + planned
    return [ProviderLine(p.id, p.name, state[p.id], **totals.get(p.id, {}))
            for p in Provider.select().order_by(Provider.name) if p.id in state]


def flexi_by_school(actor: Actor) -> list[SchoolFlexiLine]:
    """Each school's flexi requests: how many, how many open, agreed, declined and running."""
    require(actor, "trust.view")
    rows = _rows(
        "SELECT s.name, count(r.id), "
        "count(r.id) FILTER (WHERE r.stage NOT IN ('ended', 'withdrawn', 'letter_issued')), "
        "count(d.id) FILTER (WHERE d.outcome = 'agreed'), "
        "count(d.id) FILTER (WHERE d.outcome = 'declined'), "
        "count(r.id) FILTER (WHERE r.stage = 'active') "
        "FROM school s LEFT JOIN flexi_request r ON r.school_id = s.id "
        "LEFT JOIN flexi_decision d ON d.request_id = r.id "
        "GROUP BY s.id, s.name ORDER BY s.name")
    return [SchoolFlexiLine(*row) for row in rows]


def costs_by_school(actor: Actor) -> list[SchoolCostLine]:
    """Each school's placements and their cost, split by the funding streams recorded."""
    require(actor, "trust.view")
    totals = _rows(
        "SELECT s.name, count(p.id), coalesce(sum(p.cost_pence), 0) FROM school s "
        "LEFT JOIN placement p ON p.school_id = s.id AND p.status <> 'cancelled' "
        "GROUP BY s.id, s.name ORDER BY s.name")
    streams: dict[str, dict[str, int]] = {}
    for school, stream, pence in _rows(
            "SELECT s.name, f.stream, sum(f.pence) FROM placement_funding f "
            "JOIN placement p ON p.id = f.placement_id AND p.status <> 'cancelled' "
            "JOIN school s ON s.id = p.school_id GROUP BY s.name, f.stream"):
        streams.setdefault(school, {})[stream] = int(pence)
    return [SchoolCostLine(school, count, int(cost), streams.get(school, {}))
            for school, count, cost in totals]
