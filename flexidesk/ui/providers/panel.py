"""The Providers tab's side panel: one provider's state, checklist, sites and placements."""

from __future__ import annotations

import datetime as dt
import html
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from flexidesk.i18n import N_, _, format_date, format_money
from flexidesk.policy.providers import (
    LIVE_PLACEMENT_STATUSES,
    ChecklistLine,
    ProviderDetail,
    ProviderPlacementLine,
    SiteLine,
)
from flexidesk.policy.vocabulary import (
    AP_SETTING_TYPE_LABELS,
    ATTENDANCE_CODE_LABELS,
    CENSUS_REASONS,
    SCORE_LABELS,
)
from flexidesk.ui.models.rows import LATE, readable
from flexidesk.ui.theme import make_heading
from flexidesk.ui.widgets.detail_tree import DetailTree

_PLACEMENT_STATUS = {"planned": N_("Planned"), "active": N_("Active"), "ended": N_("Ended"),
                     "cancelled": N_("Cancelled")}


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _button(parent: QWidget, text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button


#: What a red checklist line says in words (colour is never the only signal).
_PROBLEM_WORDS = {"missing": N_("not held yet"), "expired": N_("expired")}


def placement_facts(p: ProviderPlacementLine) -> str:
    """The selected placement's terms, flags and alert as rich text (user text escaped)."""
    def e(value: str) -> str:
        return html.escape(value, quote=False)

    red = readable(LATE).name()
    rows = []
    if p.alert:
        rows.append(f"<b style='color:{red}'>{e(p.alert)}</b>")
    rows += [f"<span style='color:{red}'>{e(w)}</span>" for w in p.warnings]
    if p.feedback_missing_review is not None:
        rows.append(f"<span style='color:{red}'>"
                    + e(_("The family has not yet been told of the last review.")) + "</span>")
    if p.override:
        rows.append("<b>" + e(_("Headteacher's override:")) + "</b> " + e(p.override))
        if p.checks_due_on is not None:
            rows.append("<b>" + e(_("Missing checks due by:")) + "</b> "
                        + e(format_date(p.checks_due_on)))
    if p.continue_reason:
        rows.append("<b>" + e(_("Continues despite a lapsed check:")) + "</b> "
                    + e(p.continue_reason))
    if p.policy_line:
        rows.append(e(p.policy_line))
    funding = "; ".join(f"{e(s)} {format_money(pence)}" for s, pence in p.funding)
    reason = _(CENSUS_REASONS[p.primary_reason]) if p.primary_reason in CENSUS_REASONS \
        else _("not recorded (the census needs it)")
    rows += [
        "<b>" + e(_("Primary reason:")) + "</b> " + e(reason),
        "<b>" + e(_("Week:")) + "</b> " + e(p.schedule) + " — " + e(p.hours),
        "<b>" + e(_("Sites:")) + "</b> " + e(", ".join(p.sites) or _("none recorded")),
        "<b>" + e(_("Attendance:")) + "</b> "
        + e(_(ATTENDANCE_CODE_LABELS.get(p.attendance_code, p.attendance_code)))
        + (" — " + e(_("sent daily by {who}").format(who=p.attendance_sender))
           if p.attendance_sender else ""),
        "<b>" + e(_("Cost a session:")) + "</b> " + format_money(p.cost_pence)
        + (f" ({funding})" if funding else ""),
        "<b>" + e(_("Dates:")) + "</b> " + e(_(
            "from {start}, planned end {end}; family agreed {agreed}; local authority told "
            "{told}").format(start=format_date(p.start_date),
                             end=format_date(p.planned_end_date) or "—",
                             agreed=format_date(p.family_agreed_on) or "—",
                             told=format_date(p.la_notified_on) or "—")),
        "<b>" + e(_("Objectives:")) + "</b> " + e(p.objectives).replace("\n", "; "),
        "<b>" + e(_("Return plan:")) + "</b> " + e(p.return_plan),
    ]
    if p.status == "ended":
        rows.append("<b>" + e(_("Ended {date}; next: {where}").format(
            date=format_date(p.end_date), where=p.next_destination)) + "</b>")
        rows += ["\u2022 " + e(o) for o in p.outcomes]
    return "<br>".join(rows)


class ProviderPanel(QWidget):
    """The selected provider: contact details, the due-diligence checklist, sites, placements."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("providerPanel")
        self.detail: ProviderDetail | None = None
        self.today = dt.date.today()
        self.title = QLabel(self)
        self.title.setObjectName("providerName")
        make_heading(self.title, 1.5)
        self.facts = QLabel(self)
        self.facts.setObjectName("providerFacts")
        self.facts.setTextFormat(Qt.TextFormat.PlainText)  # details as typed, never HTML
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(self)
        self.status.setObjectName("providerStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.checklist = DetailTree(
            [_("Checklist item"), _("Status"), _("Evidence"), _("Checked"), _("By"),
             _("Due")], (240, 150, 110, 90, 85), object_name="checklistTree", parent=self)
        self.sites = DetailTree([_("Site"), _("Address"), _("Postcode")], (180, 240),
                                object_name="siteTree", parent=self)
        self.placements = DetailTree(
            [_("Pupil"), _("Site"), _("Status"), _("Started"), _("Next review"),
             _("Latest review"), _("Family told")], (130, 100, 65, 90, 120, 150),
            object_name="placementTree", parent=self)
        self.placement_facts = QLabel(self)
        self.placement_facts.setObjectName("placementFacts")
        self.placement_facts.setWordWrap(True)
        self.placement_facts.setTextFormat(Qt.TextFormat.RichText)
        self.placement_facts.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)

        self.edit_button = _button(self, _("&Edit…"), "editProvider",
                                   _("Change the provider's details"))
        self.retire_button = _button(self, _("Retire"), "retireProvider",
                                     _("Take the provider off the register (kept on record)"))
        self.update_button = _button(
            self, _("&Update checklist item…"), "updateChecklistItem",
            _("Record where the selected item stands: requested, held (with its evidence and "
              "expiry), or not applicable"))
        self.template_button = _button(
            self, _("Item &wording…"), "editTemplateItem",
            _("Change the wording or re-check interval of the selected item, for every "
              "provider"))
        self.add_item_button = _button(self, _("Add &item…"), "addTemplateItem",
                                       _("Ask every provider for one more item"))
        self.site_button = _button(self, _("Add &site…"), "addSite",
                                   _("Record a site where pupils may attend"))
        self.edit_site_button = _button(self, _("Change site…"), "editSite",
                                        _("Correct the selected site's name or address"))
        self.remove_site_button = _button(self, _("Re&move site"), "removeSite",
                                          _("Take the selected site off the provider (not while "
                                            "a running placement uses it)"))
        self.commission_button = _button(self, _("&Commission…"), "commissionPlacement",
                                         _("Place a child with this provider"))
        self.review_button = _button(self, _("&Review placement…"), "reviewPlacement",
                                     _("Record the half-termly review of the selected "
                                       "placement, and what the family was told"))
        self.feedback_button = _button(self, _("Famil&y feedback…"), "familyFeedback",
                                       _("Record how and when the family was told of the "
                                         "last review"))
        self.end_button = _button(self, _("E&nd…"), "endPlacement",
                                  _("End the selected placement"))
        self.continue_button = _button(
            self, _("C&ontinue despite lapse…"), "continuePlacement",
            _("The Headteacher records why the placement goes on while a check is renewed"))
        self.agreement_button = _button(self, _("A&greement"), "placementAgreement",
                                        _("The placement agreement with the provider"))
        self.details_button = _button(self, _("Agreement &details…"), "agreementDetails",
                                      _("The provider's key worker, transport, medical needs, "
                                        "English and maths, notice and risk assessment that "
                                        "the agreement names"))
        self.letter_button = _button(self, _("Feedback &letter"), "feedbackLetter",
                                     _("The letter to the family after the latest review"))
        for button in (self.update_button, self.template_button, self.edit_site_button,
                       self.remove_site_button, self.review_button,
                       self.feedback_button, self.end_button, self.continue_button,
                       self.agreement_button, self.details_button, self.letter_button):
            button.setEnabled(False)
        self.checklist.currentItemChanged.connect(lambda *_a: self._enable())
        self.placements.currentItemChanged.connect(lambda *_a: self._enable())
        self.sites.currentItemChanged.connect(lambda *_a: self._enable())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addLayout(self._row(self.title, self.edit_button, self.retire_button))
        layout.addWidget(self.facts)
        layout.addWidget(self.status)
        layout.addLayout(self._row(self._heading(_("Due-diligence checklist")),
                                   self.update_button, self.template_button,
                                   self.add_item_button))
        layout.addWidget(self.checklist, 4)
        layout.addLayout(self._row(self._heading(_("Sites")), self.site_button,
                                   self.edit_site_button, self.remove_site_button))
        layout.addWidget(self.sites, 1)
        layout.addLayout(self._row(self._heading(_("Placements")), self.commission_button,
                                   self.review_button, self.feedback_button, self.end_button))
        layout.addWidget(self.placements, 2)
        layout.addLayout(self._row(QLabel(self), self.continue_button))
        # The placement's papers on a row of their own: in Welsh the labels run long.
        layout.addLayout(self._row(QLabel(self), self.details_button, self.agreement_button,
                                   self.letter_button))
        layout.addWidget(self.placement_facts)

    def _row(self, first: QWidget, *buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(first, 1)
        for button in buttons:
            row.addWidget(button)
        return row

    def _heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>", self)
        label.setTextFormat(Qt.TextFormat.RichText)
        return label

    def selected_site(self) -> SiteLine | None:
        """The site picked in the list, if any."""
        if self.detail is None:
            return None
        site_id = self.sites.current_key()
        return next((s for s in self.detail.sites if s.id == site_id), None)

    def _enable(self) -> None:
        item = self.selected_item()
        self.update_button.setEnabled(item is not None)
        self.template_button.setEnabled(item is not None)
        site = self.selected_site() is not None
        self.edit_site_button.setEnabled(site)
        self.remove_site_button.setEnabled(site)
        line = self.current_placement()
        live = line is not None and line.status in LIVE_PLACEMENT_STATUSES
        self.review_button.setEnabled(self.selected_placement() is not None)
        self.feedback_button.setEnabled(line is not None
                                        and line.feedback_missing_review is not None)
        self.end_button.setEnabled(line is not None and live and line.start_date <= self.today)
        self.continue_button.setEnabled(line is not None and live and bool(line.alert))
        self.agreement_button.setEnabled(line is not None)
        self.details_button.setEnabled(line is not None and live)
        self.letter_button.setEnabled(line is not None and line.last_review is not None)
        self.placement_facts.setText(placement_facts(line) if line is not None else "")

    def show_detail(self, d: ProviderDetail, today: dt.date | None = None) -> None:
        """Fill the panel from one provider's detail."""
        self.detail = d
        self.today = today or dt.date.today()
        self.title.setText(d.name if d.active else _("{name} (retired)").format(name=d.name))
        self.retire_button.setText(_("Retire") if d.active else _("Reinstate"))
        facts = [part for part in (d.provider_type, d.contact_name, d.phone, d.email) if part]
        lines = [" · ".join(facts)] if facts else []
        address = ", ".join(p for p in (d.address.replace("\n", ", "), d.postcode) if p)
        if address:
            lines.append(address)
        lines.append(_("On the local authority's approved list: {answer}").format(
            answer=_yes_no(d.la_approved)))
        if d.registered_school:
            lines.append(_("Registered independent school {number}").format(
                number=d.registration_number).strip())
        ids = [part for part in (d.ofsted_urn and _("URN {urn}").format(urn=d.ofsted_urn),
                                 d.ukprn and _("UKPRN {n}").format(n=d.ukprn),
                                 d.ap_setting_type and _("Census setting type: {label}")
                                 .format(label=_(AP_SETTING_TYPE_LABELS[d.ap_setting_type])))
               if part]
        if d.ofsted_judgement:
            ids.append(_("Ofsted: {judgement} ({date})").format(
                judgement=_(d.ofsted_judgement), date=format_date(d.ofsted_date) or "—"))
        if ids:
            lines.append(" · ".join(ids))
        for label, text in ((_("Offers"), d.offer), (_("Costs"), d.costs)):
            if text:
                lines.append(f"{label}: {text}")
        self.facts.setText("\n".join(lines))
        state = d.status.state_label
        reason = html.escape(d.status.reason, quote=False)
        if d.status.ready:
            self.status.setText(_("<b>State:</b> {state}. {reason}").format(
                state=state, reason=reason))
        else:
            self.status.setText(
                _("<b>State:</b> <span style='color: {red};'><b>{state}</b> — {reason}</span>")
                .format(red=readable(LATE).name(), state=state, reason=reason))

        self.checklist.clear()
        for line in d.checklist:
            tone = {"missing": "late", "expired": "late", "expiring": "soon"}.get(line.problem or "")
            if line.status == "not_applicable":
                tone = "muted"
            due = format_date(line.due)
            if line.problem == "expiring":
                due = _("{date} (soon)").format(date=due)
            tip = line.evidence or line.label
            if line.recheck_months:
                tip += "\n" + _("Re-checked every {n} months").format(n=line.recheck_months)
            status = line.status_label
            if line.problem in _PROBLEM_WORDS and line.status != line.problem:  # red: say why
                status = _("{status} ({problem})").format(status=status,
                                                          problem=_(_PROBLEM_WORDS[line.problem]))
            self.checklist.add([line.label, status, line.evidence,
                                format_date(line.checked_on), line.checked_by, due],
                               tone=tone, tooltip=tip, key=line.code)

        self.sites.clear()
        for site in d.sites:
            self.sites.add([site.name, site.address.replace("\n", ", "), site.postcode],
                           key=site.id)
        if not d.sites:
            self.sites.add([_("No site recorded: add every site a pupil may attend.")],
                           tone="late")

        self.placements.clear()
        for p in d.placements:
            review = format_date(p.next_review)
            if p.review_overdue:
                review = _("{date} (overdue)").format(date=review)
            latest = ""
            if p.last_review is not None:
                # the last review's score (a review always has one)
                score = _(SCORE_LABELS.get(cast(int, p.last_score), str(p.last_score)))
                latest = f"{format_date(p.last_review)}: {score}"
            told = format_date(p.family_feedback_on)
            if p.feedback_missing_review is not None:
                told = _("not yet told")
            live = p.status in LIVE_PLACEMENT_STATUSES
            status = _(_PLACEMENT_STATUS.get(p.status, p.status))
            if p.alert:
                status = _("{status}: ALERT").format(status=status)
            self.placements.add(
                [p.pupil, p.site, status, format_date(p.start_date), review, latest, told],
                tone="late" if p.review_overdue or p.alert else (None if live else "muted"),
                key=p.id, tooltip=p.alert)
        if not d.placements:
            self.placements.add([_("No placements.")], tone="muted")
        self._enable()

    def current_placement(self) -> ProviderPlacementLine | None:
        """The placement picked in the list, whatever its state."""
        if self.detail is None:
            return None
        placement_id = self.placements.current_key()
        return next((p for p in self.detail.placements if p.id == placement_id), None)

    def selected_placement(self) -> ProviderPlacementLine | None:
        """The placement picked in the list if it can be reviewed: live and already started
        (an ended one has nothing left to review, a planned one nothing yet)."""
        line = self.current_placement()
        if line is None or line.status not in LIVE_PLACEMENT_STATUSES:
            return None
        return line if line.start_date <= self.today else None

    def selected_item(self) -> ChecklistLine | None:
        """The checklist line picked in the list, if any."""
        if self.detail is None:
            return None
        code = self.checklist.current_key()
        return next((line for line in self.detail.checklist if line.code == code), None)

    def clear(self) -> None:
        """Forget the provider and its pupils."""
        self.detail = None
        for widget in (self.title, self.facts, self.status, self.placement_facts):
            widget.clear()
        for tree in (self.checklist, self.sites, self.placements):
            tree.clear()
        self._enable()
