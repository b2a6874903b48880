"""What the Provision map's pupil buttons do: open the form, then show the child as saved."""

from __future__ import annotations

import datetime as dt


def new_pupil(tab) -> bool:
    """New pupil…: add a child, then open their page (ready for their adults or provision)."""
    from flexidesk.ui.provision.pupil_dialogs import PupilDialog

    dialog = PupilDialog(tab.actor, tab)
    saved = tab._run(dialog)
    if saved and dialog.saved is not None:
        tab._show_child(dialog.saved.id)
    return saved


def edit_pupil(tab) -> bool:
    """Edit…: correct the open child's details."""
    if tab.child.page is None:
        return False
    from flexidesk.ui.provision.pupil_dialogs import PupilDialog

    return tab._run(PupilDialog(tab.actor, tab, pupil_id=tab.child.page.id))


def adults(tab) -> bool:
    """Adults…: the open child's parents and carers."""
    if tab.child.page is None:
        return False
    from flexidesk.ui.provision.pupil_dialogs import AdultsDialog

    dialog = AdultsDialog(tab.actor, tab.child.page.id, tab.child.page.name, tab)
    dialog.exec()
    dialog.deleteLater()
    if dialog.changed:
        tab.refresh()
    return dialog.changed


def mark_left(tab, today: dt.date | None = None) -> bool:
    """Mark as left…: confirmed, then the child leaves the map (their page stays open)."""
    if tab.child.page is None:
        return False
    from flexidesk.ui.provision.pupil_dialogs import confirm_left

    done = confirm_left(tab.actor, tab.child.page.id, tab.child.page.name, tab,
                        today or dt.date.today())
    if done:
        tab.refresh()
    return done
