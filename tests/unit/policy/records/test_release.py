"""Free text reaches the governors' report only as the Headteacher checked it, naming nobody."""

import datetime as dt

import pytest

from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.policy.records.release import (
    AGREEMENT,
    OVERRIDE,
    release_text,
    texts_to_check,
)
from flexidesk.policy.records.reports import anonymised_report
from flexidesk.store.models import (
    Adult,
    AuditEntry,
    FlexiDecision,
    FlexiRequest,
    Placement,
    Provider,
    ReleasedText,
)
from tests.rights_data import make_pupil

D = dt.date
YUSUF = "Yusuf Al-Haddad's mother asked for the farm; the nearest other provider is 20 miles away."


def _override():
    yusuf = make_pupil("Yusuf", "Al-Haddad", "Y000000000001")
    farm = Provider.create(name="Riverside Farm Learning")
    return Placement.create(pupil=yusuf, provider=farm, start_date=D(2026, 10, 5),
                            status="active", override_justification=YUSUF)


def _rule_agreement(reason):
    pupil = make_pupil("Noor", "Haddad", "N000000000001")
    request = FlexiRequest.create(pupil=pupil, received_on=D(2026, 9, 2), stage="decided",
                                  needs_met_in_school=True, agree_justification=reason)
    FlexiDecision.create(request=request, outcome="agreed", decided_on=D(2026, 10, 2),
                         due_on=D(2026, 10, 5))
    return request


def _overrides_text(governor, today):
    from flexidesk.policy.providers import placement_overrides

    return [o.reason for o in placement_overrides(governor, D(2026, 9, 1), today)]


def test_the_headteachers_reason_naming_the_child_never_reaches_the_governors(
        head, governor, today):
    placement = _override()
    # Issue 20: the report printed "Yusuf Al-Haddad's mother..." under "No child is named".
    assert "Yusuf" not in " ".join(_overrides_text(governor, today))
    check = texts_to_check(head, D(2026, 9, 1), today)
    assert [(t.source, t.record_id, t.text, t.released) for t in check] == [
        (OVERRIDE, placement.id, YUSUF, False)]
    assert "Yusuf" not in check[0].context  # what it is about, without the name
    with pytest.raises(PolicyError, match="Yusuf.*Al-Haddad.*names nobody"):
        release_text(head, OVERRIDE, placement.id, YUSUF)
    assert ReleasedText.select().count() == 0
    release_text(head, OVERRIDE, placement.id,
                 "A parent asked for the farm; the nearest other provider is 20 miles away.")
    assert _overrides_text(governor, today) == [
        "A parent asked for the farm; the nearest other provider is 20 miles away."]
    row = AuditEntry.select().where(AuditEntry.action == "report.release").get()
    assert row.pupil_id == placement.pupil_id and "A parent asked" in row.after


def test_names_of_adults_on_roll_are_refused_too(head, today):
    request = _rule_agreement("Mrs Okonjo works shifts; the family farm week helps.")
    Adult.create(title="Mrs", first_name="Grace", last_name="Okonjo")
    with pytest.raises(PolicyError, match="Okonjo"):
        release_text(head, AGREEMENT, request.id, request.agree_justification)
    release_text(head, AGREEMENT, request.id, "A parent works shifts; the farm week helps.")


def test_a_reason_edited_after_its_release_is_held_back_until_checked_again(
        head, governor, today):
    request = _rule_agreement("The farm week outweighs the Nurture Group.")
    release_text(head, AGREEMENT, request.id, request.agree_justification)
    rows = lambda: next(t for t in anonymised_report(governor, today).tables  # noqa: E731
                        if "although needs" in t.title).rows
    assert rows()[0][1] == "The farm week outweighs the Nurture Group."
    request.agree_justification = "Noor rides at the farm every Friday."
    request.save()
    assert rows()[0][1].startswith("(reason not shown")
    assert not texts_to_check(head, D(2026, 9, 1), today)[0].released


def test_a_released_wording_that_now_matches_a_child_on_roll_is_held_back(head, governor, today):
    placement = _override()
    release_text(head, OVERRIDE, placement.id, "Only Meadow Farm would take the placement.")
    assert _overrides_text(governor, today) == ["Only Meadow Farm would take the placement."]
    make_pupil("Meadow", "Brightwater", "M000000000001")  # a child who joined since
    assert _overrides_text(governor, today)[0].startswith("(reason not shown: it matches")


def test_only_the_headteacher_checks_and_reading_the_texts_is_recorded(
        head, pastoral, governor, today):
    placement = _override()
    for actor in (pastoral, governor):
        with pytest.raises(PermissionDenied):
            texts_to_check(actor, D(2026, 9, 1), today)
        with pytest.raises(PermissionDenied):
            release_text(actor, OVERRIDE, placement.id, "A reason")
    texts_to_check(head, D(2026, 9, 1), today)
    assert AuditEntry.select().where((AuditEntry.action == "view.governor_text")
                                     & (AuditEntry.pupil_id == placement.pupil_id)).count() == 1


def test_an_empty_or_missing_reason_is_refused_plainly(head):
    placement = _override()
    with pytest.raises(PolicyError, match="what the governors should read"):
        release_text(head, OVERRIDE, placement.id, "   ")
    with pytest.raises(PolicyError, match="could not be found"):
        release_text(head, OVERRIDE, placement.id + 99, "A reason")
