"""A flexi form saved after someone else changed the request says who and when, and keeps the input."""

import datetime as dt

from flexidesk.store.models import FlexiRequest
from tests.server.test_concurrency import _note
from tests.ui.flexi_fixtures import make_family, request_at
from tests.ui.test_flexi_dialogs import open_dialog, press_ok

TODAY = dt.date.today()


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
