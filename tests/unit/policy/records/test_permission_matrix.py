"""Every write-path action, run as every role, obeys the written permission matrix."""

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest

import flexidesk.policy
from flexidesk.policy import flexi
from flexidesk.policy.flexi import stages
from flexidesk.policy.records import trust
from flexidesk.policy.records.access import PERMISSIONS, Actor, PermissionDenied, PolicyError
from flexidesk.store.models import ALL_MODELS, FlexiRequest
from tests.clock import TODAY
from tests.ui.flexi_fixtures import make_family, request_at

H, P, OF, G = "headteacher", "pastoral_lead", "office", "governor"
#: The trust's central team: roles that exist only on a trust's server.
TAP, TSG, TG = "trust_ap_lead", "trust_safeguarding_lead", "trust_governor"
TRUST = {TAP, TSG, TG}

#: The written permission matrix, as the school agreed it (issue 3, "Roles"). Changing who
#: may do what means changing this table too, on purpose.
WRITTEN_MATRIX = {
    "school.edit": {H},
    "staff.manage": {H},
    "self.preferences": {H, P, OF, G},
    "closures.edit": {H, OF},
    "pupil.view": {H, P, OF},
    "pupil.edit": {H, P, OF},
    "pupil.import": {H, OF},
    "provision.view": {H, P, OF},
    "provision.edit": {H, P},
    "provision.catalogue": {H, P},
    "provision.confidential": {H, P},
    "review.notes": {H, P},
    "contact.log": {H, P},
    "provider.view": {H, P, OF},
    "provider.edit": {H, P},
    "placement.edit": {H, P},
    "placement.override": {H},
    "flexi.view": {H, P, OF},
    "flexi.edit": {H, P},
    "flexi.consider": {H},
    "flexi.decide": {H},
    "document.issue": {H, P},
    "document.print": {H, P, OF},
    "audit.view": {H},
    "backup.run": {H, P, OF},
    "backup.restore": {H},
    "sar.export": {H},
    "retention.destroy": {H},
    "report.anonymised": {H, P, G},
    "trust.view": TRUST,
    "report.release": {H},  # issue 20: free text reaches the governors only once checked
    "trust.policy": {TAP},  # issue 24: the trust's AP lead publishes the trust's version
}
ROLES = (H, P, OF, G)
EVERY_ROLE = (*ROLES, TAP, TSG, TG)


def _actions():
    found = {}
    for info in pkgutil.walk_packages(flexidesk.policy.__path__, "flexidesk.policy."):
        module = importlib.import_module(info.name)
        short = info.name.removeprefix("flexidesk.policy.")
        for name, fn in vars(module).items():
            if callable(fn) and hasattr(fn, "permission") and fn.__module__ == module.__name__:
                found[f"{short}.{name}"] = fn
    return found


ACTIONS = _actions()


def _dummy_args(fn):
    """None for every parameter after the actor that has no default."""
    params = list(inspect.signature(inspect.unwrap(fn)).parameters.values())[1:]
    args, kwargs = [], {}
    for p in params:
        if p.default is not inspect.Parameter.empty or p.kind in (p.VAR_POSITIONAL,
                                                                   p.VAR_KEYWORD):
            continue
        if p.kind == p.KEYWORD_ONLY:
            kwargs[p.name] = None
        else:
            args.append(None)
    return args, kwargs


def _row_counts():
    return {m.__name__: m.select().count() for m in ALL_MODELS}


def test_the_matrix_in_the_code_is_the_written_one():
    assert {k: set(v) for k, v in PERMISSIONS.items()} == WRITTEN_MATRIX


def test_the_headteacher_holds_every_permission_and_the_governor_only_reports():
    school = {p: roles for p, roles in WRITTEN_MATRIX.items() if not p.startswith("trust.")}
    assert all(H in roles for roles in school.values())
    # ... and their own interface language, which touches nobody's record.
    assert {p for p, roles in WRITTEN_MATRIX.items() if G in roles} == {
        "report.anonymised", "self.preferences"}


def test_every_action_was_found_and_names_a_known_permission():
    assert len(ACTIONS) >= 20  # the policy package really was searched
    for name, fn in ACTIONS.items():
        assert fn.permission in WRITTEN_MATRIX, name


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_as_role_obeys_the_matrix(name, role, school):
    fn = ACTIONS[name]
    actor = Actor(f"test-{role}", role, "Test User", None)
    args, kwargs = _dummy_args(fn)
    before = _row_counts()
    if role in WRITTEN_MATRIX[fn.permission]:
        try:
            fn(actor, *args, **kwargs)
        except PermissionDenied as exc:
            pytest.fail(f"{name} refused {role}, who holds {fn.permission}: {exc}")
        except Exception:
            pass  # dummy arguments may well be refused for other reasons
    else:
        with pytest.raises(PermissionDenied):
            fn(actor, *args, **kwargs)
        assert _row_counts() == before, f"{name} wrote something for {role}"


def test_trust_roles_hold_only_the_trust_views_and_no_school_role_holds_those():
    for permission, roles in WRITTEN_MATRIX.items():
        if permission == "trust.policy":  # the trust's own table, not a school's
            assert roles == {TAP}, permission
        elif permission.startswith("trust."):
            assert roles == TRUST, permission
        else:
            assert not roles & TRUST, permission


TRUST_READS = {
    "placements_by_provider": lambda a: trust.placements_by_provider(a, TODAY),
    "flexi_by_school": trust.flexi_by_school,
    "costs_by_school": trust.costs_by_school,
}


@pytest.mark.parametrize("role", EVERY_ROLE)
@pytest.mark.parametrize("name", sorted(TRUST_READS))
def test_trust_views_obey_the_matrix(name, role, school):
    """The trust's views are checked against the one matrix ("trust.view"), like every read."""
    actor = Actor(f"test-{role}", role, "Test User", None)
    if role in WRITTEN_MATRIX["trust.view"]:
        # Allowed: on a school's file it then says it needs the trust's server.
        with pytest.raises(PolicyError, match="trust's FlexiDesk server") as refused:
            TRUST_READS[name](actor)
        assert not isinstance(refused.value, PermissionDenied)
    else:
        with pytest.raises(PermissionDenied):
            TRUST_READS[name](actor)


@pytest.mark.parametrize("role", (TAP, TSG, TG))
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_a_trust_role_may_change_nothing_in_a_school(name, role, school):
    actor = Actor(f"test-{role}", role, "Test User", None)
    args, kwargs = _dummy_args(ACTIONS[name])
    before = _row_counts()
    if role in WRITTEN_MATRIX[ACTIONS[name].permission]:  # the trust's own version
        with pytest.raises(PolicyError):
            ACTIONS[name](actor, *args, **kwargs)  # dummy arguments: refused plainly
    else:
        with pytest.raises(PermissionDenied):
            ACTIONS[name](actor, *args, **kwargs)
    assert _row_counts() == before


# --- the flexi stage table is the one place that says who may take each step -------------


def test_every_flexi_write_takes_its_role_check_from_the_stage_table():
    writes = {name: fn for name, fn in ACTIONS.items() if name.startswith("flexi.")}
    assert len(writes) >= 13
    taken = set()
    for name, fn in writes.items():
        codes = getattr(fn, "stage_actions", None)
        assert codes, f"{name} states its own permission instead of reading the stage table"
        assert fn.permission == stages.permission_of(*codes), name
        taken.update(codes)
    # ... and every step of the table is some write's: no row is decoration.
    assert {t.action for t in stages.TRANSITIONS} == taken


def test_each_step_needs_one_permission_in_every_stage():
    for code in {t.action for t in stages.TRANSITIONS}:
        assert stages.permission_of(code) in WRITTEN_MATRIX, code


@pytest.fixture
def held(head):
    pupil, mother, _dad = make_family()
    return request_at("meeting_held", head, pupil, [mother],
                      received=TODAY - dt.timedelta(days=10), held=TODAY - dt.timedelta(days=3))


@pytest.mark.parametrize(("who", "offered"), [
    ("head", ["record_considerations", "correct_request", "withdraw"]),
    ("pastoral", ["correct_request", "withdraw"]),
    ("office", []),
    ("governor", []),
])
def test_next_actions_offers_an_actor_only_what_the_guard_lets_them_do(request, held, who,
                                                                        offered):
    actor = request.getfixturevalue(who)
    assert [code for code, _label in flexi.next_actions(held, actor)] == offered
    # What is not offered, the guard refuses by role (asked before the stage).
    for code in {"record_considerations", "withdraw", "decide"} - set(offered):
        with pytest.raises((PermissionDenied, flexi.RefusedAction)) as refused:
            stages.guard(actor, FlexiRequest.get_by_id(held), code)
        if code != "decide" or who != "head":
            assert isinstance(refused.value, PermissionDenied), code


def test_the_guard_reads_the_permission_column(held, pastoral, monkeypatch):
    """Change who may take a step in the table, and the guard follows: the column is the rule."""
    request = FlexiRequest.get_by_id(held)
    with pytest.raises(PermissionDenied):
        stages.guard(pastoral, request, "record_considerations")
    loosened = tuple(t if t.action != "record_considerations"
                     else stages.Transition(t.stage, t.action, "flexi.edit", t.next_stage, t.when)
                     for t in stages.TRANSITIONS)
    monkeypatch.setattr(stages, "TRANSITIONS", loosened)
    assert stages.guard(pastoral, request, "record_considerations").next_stage == "considered"
