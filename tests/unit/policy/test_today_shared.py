"""Today and the tabs share one rule for lapsed checks, the Head's reason, overrides and late letters."""

import datetime as dt

from flexidesk.policy import flexi
from flexidesk.policy.providers import (
    add_provider,
    add_site,
    checklist_template,
    commission_placement,
    continue_despite_lapse,
    provider_rows,
    record_due_diligence,
)
from flexidesk.policy.today import today_items
from tests.unit.policy.flexi.flexi_steps import _issue, _to_considered
from tests.unit.policy.providers.test_placements import TODAY, _pupil, _ready_provider, _terms

D = dt.date


def _lines(actor, kind, today):
    return [i for i in today_items(actor, today) if i.kind == kind]


def test_a_check_lapsed_by_its_recheck_interval_is_on_today_as_on_the_tab(head):
    provider, _site = _ready_provider(head)  # everything checked on 23 Oct 2026
    later = D(2027, 10, 24)  # vetting (re-checked yearly, no expiry) lapsed the day before
    assert provider_rows(head, later)[0].status.state == "not_ready"
    lines = _lines(head, "provider_check", later)
    vetting = [i for i in lines if "vetting" in i.what]
    assert [(i.who, i.late, i.due_on) for i in vetting] == [
        ("Hilltop Farm Learning", True, D(2027, 10, 23))]


def test_the_heads_reason_to_continue_takes_the_placement_off_today(head):
    provider, site = _ready_provider(head, insurance_expires=TODAY + dt.timedelta(days=20))
    placed = commission_placement(head, _pupil().id, provider.id, **_terms(site))
    after = TODAY + dt.timedelta(days=25)
    assert [i.who for i in _lines(head, "lapsed_placement", after)] == ["Ada Fenwick"]
    continue_despite_lapse(head, placed.id, "Renewal is in the post; we visit weekly.",
                           today=after)
    assert _lines(head, "lapsed_placement", after) == []


def test_an_override_is_followed_up_on_today_until_the_checks_are_held(head):
    provider = add_provider(head, "Riverside Boxing Academy", today=TODAY)
    site = add_site(head, provider.id, "Gym")
    due = TODAY + dt.timedelta(weeks=2)
    commission_placement(head, _pupil().id, provider.id, override_reason="Nearest club",
                         checks_due_on=due, **_terms(site))
    [line] = _lines(head, "override_checks", TODAY)
    assert (line.who, line.due_on, line.late) == ("Ada Fenwick", due, False)
    assert "Riverside Boxing Academy (12)" in line.what
    assert _lines(head, "override_checks", due + dt.timedelta(days=1))[0].late
    for item in checklist_template():
        record_due_diligence(head, provider.id, item.code, "held", evidence="Seen",
                             today=TODAY)
    assert _lines(head, "override_checks", TODAY) == []


def test_a_decision_letter_is_late_on_today_when_the_flexi_tab_says_so(head, family):
    request = _to_considered(head, family)  # met on 16 Nov: due by Monday 23 Nov
    flexi.decide(head, request.id, outcome="agreed", decided_on=D(2026, 11, 19),
                 reasons="A short trial fits Ro's needs.", today=D(2026, 11, 19))
    for day, late in ((D(2026, 11, 20), False), (D(2026, 11, 23), False),
                      (D(2026, 11, 24), True)):
        [line] = _lines(head, "letter_owed", day)
        [row] = [r for r in flexi.request_rows(head, day) if r.id == request.id]
        assert (line.late, line.due_on) == (late, D(2026, 11, 23))
        assert row.letter_late == late
    _issue(head, request.id, "flexi_decision", D(2026, 11, 24))
    assert _lines(head, "letter_owed", D(2026, 11, 24)) == []
