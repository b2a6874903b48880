"""Adopt… in Tools > Our policy: the day the governing body adopted the version, the day it
is in force from, and its next review (the trust's version is adopted through it too)."""

from __future__ import annotations

import datetime as dt

from flexidesk.i18n import _
from flexidesk.policy import ourpolicy
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import FormDialog


class AdoptDialog(FormDialog):
    """When the governing body adopted the draft, from when it is in force, its next review."""

    def build(self) -> None:
        self.setWindowTitle(_("Adopt our policy"))
        self.ok_button.setText(_("Adopt"))
        self.set_heading(_("Record the governing body's adoption of the draft. Requests "
                           "received from the day it is in force are decided under it; "
                           "those received before keep the rules they started with."))
        self.adopted_on = DateField(self.today, self, maximum=self.today)
        self.adopted_on.setObjectName("adopted_on")
        self.in_force_from = DateField(self.today, self)
        self.in_force_from.setObjectName("in_force_from")
        self.next_review = DateField(self.today.replace(year=self.today.year + 1)
                                     if not (self.today.month == 2 and self.today.day == 29)
                                     else self.today + dt.timedelta(days=365), self)
        self.next_review.setObjectName("next_review")
        self.form.addRow(_("Adopted by the governing body on:"), self.adopted_on)
        self.form.addRow(_("In force from:"), self.in_force_from)
        self.form.addRow(_("Next review by:"), self.next_review)
        self.adopted_on.dateChanged.connect(
            lambda _d: self.in_force_from.set_value(max(self.in_force_from.value(),
                                                        self.adopted_on.value())))
        self.watch(self.adopted_on, self.in_force_from, self.next_review)

    def problem(self) -> str:
        if self.in_force_from.value() < self.adopted_on.value():
            return _("The policy cannot be in force before the governing body adopted it.")
        if self.next_review.value() <= self.in_force_from.value():
            return _("The next review must come after the policy is in force.")
        return ""

    def save(self):
        return ourpolicy.adopt(self.actor, adopted_on=self.adopted_on.value(),
                               in_force_from=self.in_force_from.value(),
                               next_review=self.next_review.value(), today=self.today)
