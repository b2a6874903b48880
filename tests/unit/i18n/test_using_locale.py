"""A document written in Welsh in a worker thread leaves the window's own language alone."""

import threading

from flexidesk.i18n import _, current_locale, format_date, using_locale
from tests.clock import TODAY


def test_using_a_locale_in_one_thread_changes_no_other_thread():
    inside, started, release = [], threading.Event(), threading.Event()

    def worker() -> None:
        with using_locale("cy_GB"):
            inside.append((_("Headteacher"), current_locale()))
            started.set()
            release.wait(5)  # the window goes on working meanwhile
            inside.append((_("Headteacher"), format_date(TODAY, "MMMM")))

    thread = threading.Thread(target=worker)
    thread.start()
    assert started.wait(5)
    try:
        # While the worker writes Welsh, this thread still reads and formats in English.
        assert (_("Headteacher"), current_locale()) == ("Headteacher", "en_GB")
        assert format_date(TODAY, "MMMM") == "November"
    finally:
        release.set()
        thread.join(5)
    assert inside == [("Pennaeth", "cy_GB"), ("Pennaeth", "Tachwedd")]
    assert (_("Headteacher"), current_locale()) == ("Headteacher", "en_GB")


def test_using_a_locale_nests_and_restores():
    with using_locale("cy_GB"):
        with using_locale("en_GB"):
            assert _("Headteacher") == "Headteacher"
        assert _("Headteacher") == "Pennaeth"
    assert _("Headteacher") == "Headteacher"
