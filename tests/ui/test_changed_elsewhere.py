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


def test_a_stale_meeting_form_does_not_replace_anothers_meeting_time(qtbot, head, pastoral):
    from flexidesk.store.models import FlexiMeeting

    pupil, mother, _ = make_family()
    rid = request_at("meeting_arranged", head, pupil, [mother], received=TODAY - dt.timedelta(9),
                     held=TODAY + dt.timedelta(days=2))
    mine = open_dialog(qtbot, head, rid, "arrange_meeting")
    theirs = open_dialog(qtbot, pastoral, rid, "arrange_meeting")  # on another PC
    theirs.place.clear()
    qtbot.keyClicks(theirs.place, "Library")
    press_ok(qtbot, theirs)
    assert not theirs.isVisible()
    mine.place.clear()
    qtbot.keyClicks(mine.place, "Hall")
    press_ok(qtbot, mine)
    # The meeting is the request's own row: the stale form is refused, by name, not merged.
    assert mine.isVisible()
    assert mine.error_label.text().startswith("This record was changed by Ben Marsh at ")
    assert mine.place.text() == "Hall"
    assert FlexiMeeting.get().place == "Library"


def test_a_stale_pupil_form_does_not_replace_anothers_correction(qtbot, head, pastoral):
    import dataclasses

    from flexidesk.policy.roster.by_hand import edit_pupil, pupil_details
    from flexidesk.store.models import Pupil
    from flexidesk.ui.provision.pupil_dialogs import PupilDialog
    from tests.unit.policy.roster.test_pupils import make_upn

    pupil, _mother, _ = make_family(upn=make_upn(7))
    form = PupilDialog(head, pupil_id=pupil.id)
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.preferred, "Wrennie")
    # Meanwhile the pastoral lead corrects the class on her own PC.
    edit_pupil(pastoral, pupil.id, dataclasses.replace(pupil_details(pastoral, pupil.id),
                                                       class_name="3 Oak"), TODAY)
    press_ok(qtbot, form)
    assert form.isVisible()
    assert form.error_label.text().startswith("This record was changed by Ben Marsh at ")
    assert form.preferred.text() == "Wrennie"
    saved = Pupil.get_by_id(pupil.id)
    assert (saved.class_name, saved.preferred_name) == ("3 Oak", None)
