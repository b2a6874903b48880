"""A flexi form saved after someone else changed the request says who and when, and keeps the input."""

import datetime as dt

from flexidesk.store.models import FlexiRequest
from tests.clock import TODAY
from tests.server.test_concurrency import _note
from tests.ui.flexi_fixtures import make_family, request_at
from tests.ui.test_flexi_dialogs import open_dialog, press_ok


def test_withdrawing_a_request_changed_meanwhile_is_refused_by_name(qtbot, head, pastoral):
    pupil, mother, _ = make_family()
    rid = request_at("meeting_arranged", head, pupil, [mother], received=TODAY - dt.timedelta(9),
                     held=TODAY + dt.timedelta(days=2))
    dialog = open_dialog(qtbot, head, rid, "withdraw")
    qtbot.keyClicks(dialog.note, "They moved house.")
    _note(pastoral, rid, "Spoke to mum on the phone")  # meanwhile, on the pastoral lead's PC
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text().startswith("This record was changed by Ben Marsh at ")
    assert "reload it" in dialog.error_label.text()
    assert dialog.note.toPlainText() == "They moved house."
    request = FlexiRequest.get_by_id(rid)
    assert (request.stage, request.needs_met_notes) == ("meeting_arranged",
                                                        "Spoke to mum on the phone")


def test_ending_a_placement_changed_meanwhile_is_refused_by_name(qtbot, head):
    from flexidesk.policy.providers import continue_despite_lapse, provider_detail
    from flexidesk.store.models import Placement, Provider, Pupil
    from flexidesk.ui.providers.placement_dialogs import EndPlacementDialog

    pupil = Pupil.create(upn="E801200000001", legal_first_name="Ivo", legal_last_name="Stone",
                         date_of_birth=dt.date(2017, 4, 2), year_group=4,
                         on_roll_date=dt.date(2021, 9, 6))
    farm = Provider.create(name="Hilltop Farm Learning")
    placement = Placement.create(pupil=pupil, provider=farm, status="active",
                                 start_date=TODAY - dt.timedelta(days=30), attendance_code="B",
                                 objectives="Calmer mornings")
    [line] = provider_detail(head, farm.id, TODAY).placements
    dialog = EndPlacementDialog(head, farm.name, line, ["Calmer mornings"], today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.outcomes[0], "Calm most mornings")
    qtbot.keyClicks(dialog.destination, "Full week in Year 4")
    continue_despite_lapse(head, placement.id, "DBS renewal is booked")  # meanwhile
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text().startswith("This record was changed by Ada Quill at ")
    assert dialog.destination.text() == "Full week in Year 4"
    assert Placement.get_by_id(placement.id).status == "active"
