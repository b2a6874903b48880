"""The child's page on the provision map: details, family, provision with its reviews,
placements and the family contact log, every long text whole and wrapped."""

from __future__ import annotations

import datetime as dt
import functools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from flexidesk.i18n import _, current_locale, format_date, format_time
from flexidesk.policy.provision import EnrolmentLine, PupilPage
from flexidesk.policy.vocabulary import SCORE_LABELS, YEAR_LABELS
from flexidesk.ui.models.rows import MUTED, tone_style
from flexidesk.ui.theme import make_heading
from flexidesk.ui.widgets.detail_tree import DetailTree
from flexidesk.ui.widgets.week_grid import WeekGrid


@functools.lru_cache(maxsize=4096)
def _date_in(locale: str, value: dt.date) -> str:
    del locale  # part of the cache key: a change of locale must not reuse old text
    return format_date(value)


def short_date(value: dt.date | None) -> str:
    """A date as the school writes it, cached (40,000 rows share a few hundred dates)."""
    return "" if value is None else _date_in(current_locale(), value)


def family_told_text(review) -> str:
    """'Family told by phone call on 3 Nov 2026', or that they have not been told yet."""
    if not review.family_told_how:
        return _("Family not told yet")
    from flexidesk.ui.provision.dialogs import METHOD_LABELS

    return _("Family told by {how} on {date}").format(
        how=_(METHOD_LABELS.get(review.family_told_how, review.family_told_how)).lower(),
        date=short_date(review.family_told_on))


class ChildPage(QWidget):
    """The selected child's page: details, family, provision with reviews, placements, contacts."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("childPage")
        self.page: PupilPage | None = None
        self.title = QLabel(self)
        self.title.setObjectName("childName")
        make_heading(self.title, 1.5)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QPushButton(_("Close page (Esc)"), self)
        self.close_button.setObjectName("closeChildPage")
        self.details = QLabel(self)
        self.details.setObjectName("childDetails")
        self.details.setTextFormat(Qt.TextFormat.PlainText)  # names and details as typed
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.enrolments = DetailTree(
            [_("Provision and reviews"), _("Dates"), _("Next review / score"), _("Staff")],
            (190, 170, 150, 110), object_name="enrolmentTree", parent=self)
        self.placements = DetailTree(
            [_("Provider"), _("Status"), _("Started"), _("Ended"), _("Next review")],
            (200, 80, 90, 90), object_name="childPlacements", parent=self)
        self.contacts = DetailTree(
            [_("When"), _("How"), _("With"), _("About"), _("Staff")],
            (150, 70, 150, 120, 110), object_name="contactTree", parent=self)

        self.edit_pupil_button = QPushButton(_("&Edit…"), self)
        self.edit_pupil_button.setObjectName("editPupil")
        self.edit_pupil_button.setToolTip(_("Correct the child's details"))
        self.adults_button = QPushButton(_("&Adults…"), self)
        self.adults_button.setObjectName("pupilAdults")
        self.adults_button.setToolTip(_("The parents and carers letters go to"))
        self.left_button = QPushButton(_("Mar&k as left…"), self)
        self.left_button.setObjectName("markLeft")
        # The name and Close on one line, the record's buttons under them: on one line they
        # made the page, beside the grid, wider than a 1366-pixel screen in Welsh.
        self.title.setWordWrap(True)
        name_row = QHBoxLayout()
        name_row.addWidget(self.title, 1)
        name_row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        record_row = QHBoxLayout()
        record_row.addStretch(1)
        for button in (self.edit_pupil_button, self.adults_button, self.left_button):
            record_row.addWidget(button)
        top = QVBoxLayout()
        top.setSpacing(2)
        top.addLayout(name_row)
        top.addLayout(record_row)
        body = QWidget(self)
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.details)
        self.week_heading = self._heading(_("This week"), body)
        self.week_heading.setObjectName("weekHeading")
        inner.addWidget(self.week_heading)
        self.week = WeekGrid(body)
        inner.addWidget(self.week)
        self.review_button = QPushButton(_("Record a revie&w…"), body)
        self.review_button.setObjectName("recordReview")
        self.review_button.setToolTip(_("Record a review of the selected provision"))
        self.enrol_button = QPushButton(_("Start &provision…"), body)
        self.enrol_button.setObjectName("startProvision")
        self.enrol_button.setToolTip(_("Put the child in an intervention"))
        self.end_button = QPushButton(_("En&d provision…"), body)
        self.end_button.setObjectName("endProvision")
        self.end_button.setToolTip(_("End the selected provision, noting where the child got to"))
        self.contact_button = QPushButton(_("Log a &contact…"), body)
        self.contact_button.setObjectName("logContact")
        self.provision_heading = self._heading(_("Provision and reviews"), body)
        inner.addLayout(self._heading_row(self.provision_heading, self.enrol_button,
                                          self.end_button, self.review_button))
        inner.addWidget(self.enrolments, 3)
        self.enrolments.currentItemChanged.connect(self._enable_review)
        self.placements_heading = self._heading(_("Alternative provision"), body)
        inner.addWidget(self.placements_heading)
        inner.addWidget(self.placements, 1)
        inner.addLayout(self._heading_row(self._heading(_("Family contact log"), body),
                                          self.contact_button))
        inner.addWidget(self.contacts, 2)
        self.note = QLabel(body)
        self.note.setObjectName("childPageNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(tone_style(MUTED))
        inner.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(body, 1)

    @staticmethod
    def _heading_row(heading: QLabel, *buttons: QPushButton) -> QVBoxLayout:
        """The heading, with its buttons on the line below it: side by side they made the
        page (and so the window) wider than a 1366-pixel screen in Welsh."""
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        block = QVBoxLayout()
        block.setSpacing(2)
        block.addWidget(heading)
        block.addLayout(row)
        return block

    def selected_enrolment(self) -> EnrolmentLine | None:
        """The current provision picked in the list (a review line counts as its provision)."""
        enrolment_id = self.enrolments.current_key()
        if self.page is None or enrolment_id is None:
            return None
        line = next((e for e in self.page.enrolments if e.id == enrolment_id), None)
        return line if line is not None and line.current else None

    def _enable_review(self, *_args) -> None:
        selected = self.selected_enrolment() is not None
        self.review_button.setEnabled(selected)
        self.end_button.setEnabled(selected)

    @staticmethod
    def _heading(text: str, parent: QWidget) -> QLabel:
        label = QLabel(f"<b>{text}</b>", parent)
        label.setTextFormat(Qt.TextFormat.RichText)
        return label

    def show_page(self, page: PupilPage, can_read_notes: bool, can_read_contacts: bool,
                  can_review: bool = False, can_edit: bool = False) -> None:
        """Fill the page from ``page`` (already filtered for the role by the policy layer)."""
        self.page = page
        for button in (self.edit_pupil_button, self.adults_button):
            button.setVisible(can_edit)
        self.left_button.setVisible(can_edit and page.left_date is None)
        # Buttons appear only for roles that may use them (contact.log goes with reading them).
        self.review_button.setVisible(can_review)
        self.enrol_button.setVisible(can_review)
        self.end_button.setVisible(can_review)
        self.contact_button.setVisible(can_read_contacts)
        self.title.setText(page.name)
        facts = [_(YEAR_LABELS[page.year_group])]
        if page.class_name:
            facts.append(_("class {name}").format(name=page.class_name))
        facts.append(_("born {date}").format(date=format_date(page.date_of_birth)))
        facts.append(_("UPN {upn}").format(upn=page.upn))
        if page.flags:
            facts.append(" ".join(page.flags))
        lines = [" · ".join(facts)]
        if page.legal_name != page.name:
            lines.append(_("Legal name: {name}").format(name=page.legal_name))
        for adult in page.adults:
            who = f"{adult.name} ({adult.relationship}"
            who += _(", parental responsibility)") if adult.parental_responsibility else ")"
            if adult.phone:
                who += f" · {adult.phone}"
            lines.append(who)
        self.details.setText("\n".join(lines))
        self._show_week(page)

        self.enrolments.clear()
        for e in page.enrolments:
            tone = "late" if e.overdue else (None if e.current else "muted")
            review = short_date(e.next_review)
            if e.overdue:
                review = _("{date} (overdue)").format(date=review)
            dates = f"{short_date(e.start_date)} – {short_date(e.end_date)}".rstrip()
            item = self.enrolments.add(
                [e.intervention + (_(" (confidential)") if e.confidential else ""),
                 dates, review, e.staff], tone=tone, key=e.id)
            if e.target:
                self.enrolments.add_text(_("Target: {text}").format(text=e.target), item)
            for r in e.reviews:
                notes = r.notes if r.notes is not None else _("(notes not shown to your role)")
                line = self.enrolments.add(
                    [_("Review"), short_date(r.review_date),
                     _(SCORE_LABELS.get(r.score, str(r.score))), r.reviewed_by], parent=item)
                if notes:
                    self.enrolments.add_text(notes, line)
                self.enrolments.add_text(family_told_text(r), line, tone=None
                                         if r.family_told_how else "muted")
            item.setExpanded(e.current)
        if not page.enrolments:
            self.enrolments.add([_("No provision recorded.")], tone="muted")
        first = self.enrolments.topLevelItem(0)
        if first is not None:
            self.enrolments.setCurrentItem(first)
        self._enable_review()

        self.placements.clear()
        for p in page.placements:
            line = self.placements.add(
                [p.provider, _(p.status.capitalize()), short_date(p.start_date),
                 short_date(p.end_date), short_date(p.next_review)],
                tone="late" if p.alert else (None if p.status in ("planned", "active")
                                             else "muted"), tooltip=p.alert)
            if p.alert:  # a lapsed check at the provider: said under the placement, in red
                self.placements.add([p.alert], tone="late", parent=line, tooltip=p.alert)
                line.setExpanded(True)
        has_placements = bool(page.placements)
        self.placements.setVisible(has_placements)
        self.placements_heading.setVisible(has_placements)

        self.contacts.clear()
        for c in page.contacts:
            summary = c.summary if c.summary is not None else _("(not shown to your role)")
            when = f"{short_date(c.contact_at.date())}, {format_time(c.contact_at.time())}"
            line = self.contacts.add([when, _(c.method.capitalize()), c.adult, c.regarding,
                                      c.staff])
            if summary:
                self.contacts.add_text(summary, line, tone=None)
        if not page.contacts:
            self.contacts.add([_("No contact recorded.")], tone="muted")

        footnotes = [_("Opening this page was recorded in the audit log.")]
        if not (can_read_notes and can_read_contacts):
            footnotes.append(_("Review notes and contact summaries are kept to the Headteacher "
                           "and the Pastoral Lead."))
        self.note.setText(" ".join(footnotes))

    def _show_week(self, page: PupilPage) -> None:
        """The week as a grid when the child spends any of it away from class; else a line."""
        week = page.week
        away = week is not None and bool(week.away)
        self.week.setVisible(away)
        if week is None:
            self.week_heading.setText("")
            return
        start = format_date(week.monday)
        if away:
            self.week_heading.setText(_("<b>This week</b> (from {date})").format(date=start))
            self.week.show_week(week)
        else:
            self.week_heading.setText(_("<b>This week</b> (from {date}): in school every "
                                        "session.").format(date=start))

    def clear(self) -> None:
        """Forget the child entirely (nothing of theirs stays on screen or in memory here)."""
        self.page = None
        self.title.clear()
        self.details.clear()
        self.week.clearContents()
        self.enrolments.clear()
        self.placements.clear()
        self.contacts.clear()
        self.note.clear()
