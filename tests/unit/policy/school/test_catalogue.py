"""The interventions catalogue: add, edit, retire; confidential ones seen by named staff only;
and the provision map's named lead."""

import dataclasses
import datetime as dt

import pytest

from flexidesk.policy.provision import enrol, intervention_choices, pupil_page, pupil_rows
from flexidesk.policy.records.access import Actor, PermissionDenied, PolicyError
from flexidesk.policy.school.catalogue import (
    InterventionForm,
    add_intervention,
    catalogue,
    edit_intervention,
    provision_lead,
    retire_intervention,
    set_provision_lead,
)
from flexidesk.store.models import AuditEntry, Enrolment, Intervention
from tests.engines import add_staff_member
from tests.unit.policy.provision.test_provision import make_pupil

TODAY = dt.date(2026, 11, 27)
DRAWING = InterventionForm(name="Drawing and Talking", kind="individual",
                           description="Guided drawing with a trained adult.",
                           staff_lead="Mrs Pell", sessions_per_week=1, session_minutes=30,
                           capacity=1, cost_pence=1250, cost_basis="session",
                           funding_stream="Pupil premium", review_interval_weeks=6)


def _actions():
    return [a.action for a in AuditEntry.select().order_by(AuditEntry.id)]


def test_adding_and_editing_an_intervention_is_audited_and_offered(pastoral):
    made = add_intervention(pastoral, DRAWING)
    saved = Intervention.get_by_id(made.id)
    assert (saved.cost_per_session_pence, saved.cost_per_term_pence, saved.minutes_per_week,
            saved.capacity) == (1250, 0, 30, 1)
    assert "Drawing and Talking" in [c.name for c in intervention_choices(pastoral)]
    edit_intervention(pastoral, made.id, dataclasses.replace(
        DRAWING, sessions_per_week=2, cost_pence=9000, cost_basis="term"))
    saved = Intervention.get_by_id(made.id)
    assert (saved.minutes_per_week, saved.cost_per_term_pence, saved.cost_per_session_pence) == (
        60, 9000, 0)
    assert _actions()[-2:] == ["catalogue.add", "catalogue.edit"]
    line = next(x for x in catalogue(pastoral) if x.id == made.id)
    assert line.form.cost_basis == "term" and line.form.sessions_per_week == 2


@pytest.mark.parametrize("change, message", [
    (dict(name=" "), "Name is needed"),
    (dict(name="Lego Therapy"), "already has Lego Therapy"),
    (dict(capacity=6), "one child at a time"),
    (dict(description="x" * 20_000), "too long"),
    (dict(staff_lead="Mrs\nPell"), "one line"),
    (dict(cost_pence=-5), "cost"),
])
def test_nonsense_is_refused_and_nothing_saved(pastoral, change, message):
    Intervention.create(name="Lego Therapy")
    before = Intervention.select().count()
    with pytest.raises(PolicyError, match=message):
        add_intervention(pastoral, dataclasses.replace(DRAWING, **change))
    assert Intervention.select().count() == before


def test_retiring_keeps_history_but_is_not_offered_for_new_provision(pastoral, office):
    made = add_intervention(pastoral, DRAWING)
    pupil = make_pupil(1)
    enrolment = enrol(pastoral, pupil.id, made.id, TODAY, "Talks about feelings", today=TODAY)
    with pytest.raises(PermissionDenied):
        retire_intervention(office, made.id)
    retire_intervention(pastoral, made.id)
    assert "Drawing and Talking" not in [c.name for c in intervention_choices(pastoral)]
    assert Enrolment.get_by_id(enrolment.id).end_date is None  # the child keeps it
    line = next(x for x in catalogue(pastoral) if x.id == made.id)
    assert not line.active and line.current_children == 1
    with pytest.raises(PolicyError, match="current interventions"):
        enrol(pastoral, make_pupil(2).id, made.id, TODAY, "Joins in", today=TODAY)
    retire_intervention(pastoral, made.id, retired=False)
    assert "Drawing and Talking" in [c.name for c in intervention_choices(pastoral)]


def test_a_confidential_intervention_naming_staff_is_hidden_from_others(head, pastoral):
    other = add_staff_member("pastoral2", "Ola Brent", "pastoral_lead")
    other_lead = Actor.from_user(other)
    counselling = add_intervention(head, dataclasses.replace(
        DRAWING, name="Counselling", confidential=True, named_staff=(pastoral.user_id,)))
    pupil = make_pupil(1)
    enrolment = enrol(pastoral, pupil.id, counselling.id, TODAY, "Talks about worries",
                      today=TODAY)
    # The named pastoral lead and the Headteacher see it; an unnamed pastoral lead does not.
    for actor in (pastoral, head):
        assert "Counselling" in [c.name for c in intervention_choices(actor)]
        assert [e.id for e in pupil_page(actor, pupil.id, TODAY).enrolments] == [enrolment.id]
    assert "Counselling" not in [c.name for c in intervention_choices(other_lead)]
    assert pupil_page(other_lead, pupil.id, TODAY).enrolments == ()
    row = next(r for r in pupil_rows(other_lead, TODAY) if r.id == pupil.id)
    assert "Counselling" not in row.interventions
    with pytest.raises(PermissionDenied):
        enrol(other_lead, make_pupil(2).id, counselling.id, TODAY, "x", today=TODAY)
    # Naming nobody leaves it to the role rule: every pastoral lead sees it again.
    edit_intervention(head, counselling.id, dataclasses.replace(
        DRAWING, name="Counselling", confidential=True, named_staff=()))
    assert [e.id for e in pupil_page(other_lead, pupil.id, TODAY).enrolments] == [enrolment.id]


def test_the_provision_map_lead_is_named_and_audited(pastoral, office):
    assert provision_lead() == ""
    set_provision_lead(pastoral, "Mr Ravi Sethi (Deputy Head)")
    assert provision_lead() == "Mr Ravi Sethi (Deputy Head)"
    assert _actions()[-1] == "setting.add"
    with pytest.raises(PermissionDenied):
        set_provision_lead(office, "Someone Else")
    with pytest.raises(PolicyError, match="too long"):
        set_provision_lead(pastoral, "x" * 300)
