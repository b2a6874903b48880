"""Optimistic locking on two real connections: each of its two checks stops a lost update alone.

The office and the pastoral lead each have their own connection (peewee's is per thread).
A save checks twice: the version the form showed against the row it holds (in memory), and
the version in the UPDATE's own WHERE. Each test below is a race only one of the two stops.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from flexidesk.policy import concurrency, flexi
from flexidesk.policy.records import access
from flexidesk.policy.records.access import Actor, action
from flexidesk.store.database import db
from flexidesk.store.models import FlexiRequest
from tests.ui.flexi_fixtures import make_family


@action("flexi.edit")
def _save(actor: Actor, request: FlexiRequest, **changes) -> FlexiRequest:
    """A form's save of the request it holds."""
    return access.update(actor, "flexi.edit", request, **changes)


def _on_its_own_connection(work) -> None:
    """Run ``work`` in another thread, so on another connection to the same file."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            errors.append(exc)
        finally:
            db.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


@pytest.fixture
def request_row(head):
    pupil, mother, _stepdad = make_family()
    return flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mother.id],
                                 received_on=dt.date(2026, 11, 2), sessions=["fri_am"],
                                 reasons="Forest school on Fridays")


def test_the_updates_version_condition_stops_a_save_of_a_row_read_before_anothers_commit(
        head, pastoral, request_row):
    # The office's form holds the row as it was (version v) and expects v: the in-memory
    # check passes. Only the UPDATE's "AND version = v" sees the pastoral lead's commit.
    held = FlexiRequest.get_by_id(request_row.id)
    _on_its_own_connection(lambda: _save(pastoral, FlexiRequest.get_by_id(request_row.id),
                                         needs_met_notes="Ben's note"))
    with pytest.raises(concurrency.ChangedElsewhere, match="changed by Ben Marsh"):
        _save(head, held, reasons="Ada's reasons")
    saved = FlexiRequest.get_by_id(request_row.id)
    assert (saved.needs_met_notes, saved.reasons) == ("Ben's note", "Forest school on Fridays")


def test_the_in_memory_check_stops_a_save_of_a_stale_row_under_a_fresh_version(
        head, pastoral, request_row):
    # The form re-read the version after the pastoral lead's commit (v + 1) but still holds
    # the row as it was: the UPDATE's condition would pass, and write the old notes back.
    held = FlexiRequest.get_by_id(request_row.id)
    _on_its_own_connection(lambda: _save(pastoral, FlexiRequest.get_by_id(request_row.id),
                                         needs_met_notes="Ben's note"))
    now = concurrency.current_version(FlexiRequest, request_row.id)
    assert now == held.version + 1
    with pytest.raises(concurrency.ChangedElsewhere, match="changed by Ben Marsh"), \
            concurrency.expecting(FlexiRequest, request_row.id, now):
        _save(head, held, reasons="Ada's reasons")
    saved = FlexiRequest.get_by_id(request_row.id)
    assert (saved.needs_met_notes, saved.reasons) == ("Ben's note", "Forest school on Fridays")


def test_a_save_of_the_current_row_goes_through(head, request_row):
    held = FlexiRequest.get_by_id(request_row.id)
    with concurrency.expecting(FlexiRequest, request_row.id, held.version):
        _save(head, held, reasons="Ada's reasons")
    assert FlexiRequest.get_by_id(request_row.id).reasons == "Ada's reasons"
