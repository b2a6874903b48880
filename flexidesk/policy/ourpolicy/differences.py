"""What changes between two versions of our policy, in sentences a governor can read."""

from __future__ import annotations

from flexidesk.i18n import _
from flexidesk.policy.ourpolicy.policy import OurPolicy
from flexidesk.policy.ourpolicy.rules import AP_REVIEW_RHYTHMS
from flexidesk.policy.ourpolicy.templates import TEMPLATES


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _plain(old: OurPolicy, new: OurPolicy) -> list[tuple[str, str, str]]:
    """(what, before, after) of each simple rule."""
    return [
        (_("Decision deadline"), old.deadline_words(), new.deadline_words()),
        (_("A meeting with the family comes before the decision"),
         _yes_no(old.meeting_required), _yes_no(new.meeting_required)),
        (_("The governing body's rule applies"), _yes_no(old.governing_body_rule),
         _yes_no(new.governing_body_rule)),
        (_("The local authority is told of every arrangement"), _yes_no(old.la_told),
         _yes_no(new.la_told)),
        (_("Fewest sessions a week in school"), str(old.fewest_sessions_in_school),
         str(new.fewest_sessions_in_school)),
        (_("Default notice (weeks)"), str(old.notice_weeks), str(new.notice_weeks)),
        (_("Default review rhythm (weeks)"), str(old.review_weeks), str(new.review_weeks)),
        (_("Who may stand in for the Headteacher at the meeting"),
         old.flexi["meeting_stand_in"] or _("a named deputy"),
         new.flexi["meeting_stand_in"] or _("a named deputy")),
        (_("AP placements reviewed"), _(AP_REVIEW_RHYTHMS[old.ap_review_every]),
         _(AP_REVIEW_RHYTHMS[new.ap_review_every])),
        (_("Hours that count as full time (AP)"), str(old.body["ap"]["full_time_hours"]),
         str(new.body["ap"]["full_time_hours"])),
        (_("The family agrees to a placement in writing"),
         _yes_no(old.body["ap"]["family_agrees_in_writing"]),
         _yes_no(new.body["ap"]["family_agrees_in_writing"])),
        (_("Contact each family at least every (weeks)"), str(old.contact_weeks),
         str(new.contact_weeks)),
        (_("Forest School weekly aim (%)"), str(old.forest_aim_percent),
         str(new.forest_aim_percent)),
    ]


def _checklist_changes(old: OurPolicy, new: OurPolicy) -> list[str]:
    before = {code: (label, months) for code, label, months in old.checklist()}
    after = {code: (label, months) for code, label, months in new.checklist()}
    lines = [_("Checklist item added: {item}").format(item=_(after[code][0]))
             for code in after if code not in before]
    lines += [_("Checklist item retired: {item}").format(item=_(before[code][0]))
              for code in before if code not in after]
    for code in before.keys() & after.keys():
        if before[code] != after[code]:
            lines.append(_("Checklist item changed: {item}").format(item=_(after[code][0])))
    return lines


def differences(old: OurPolicy, new: OurPolicy) -> list[str]:
    """Each difference of ``new`` from ``old`` as one sentence (empty: nothing changes)."""
    lines = [_("{what}: {before} \u2192 {after}").format(what=what, before=before, after=after)
             for what, before, after in _plain(old, new) if before != after]
    old_items = {c["code"]: c for c in old.flexi["considerations"]}
    new_items = {c["code"]: c for c in new.flexi["considerations"]}
    for code, item in new_items.items():
        label = new.consideration_label(code)
        before = old_items.get(code)
        if before is None or before.get("retired"):
            if not item.get("retired"):
                lines.append(_("Consideration added: {label}").format(label=label))
        elif item.get("retired"):
            lines.append(_("Consideration retired: {label}").format(label=label))
        elif old.consideration_label(code) != label or before.get("cy") != item.get("cy"):
            lines.append(_("Consideration reworded: {before} \u2192 {after}").format(
                before=old.consideration_label(code), after=label))
    for code in old_items.keys() - new_items.keys():
        if not old_items[code].get("retired"):
            lines.append(_("Consideration retired: {label}").format(
                label=old.consideration_label(code)))
    lines += _checklist_changes(old, new)
    old_weeks = old.body.get("provision", {}).get("review_weeks", {})
    for name, weeks in new.body.get("provision", {}).get("review_weeks", {}).items():
        if name in old_weeks and old_weeks[name] != weeks:
            lines.append(_("{intervention} reviewed every (weeks): {before} \u2192 {after}")
                         .format(intervention=_(name), before=old_weeks[name], after=weeks))
    for key, template in TEMPLATES.items():
        if old.body["letters"].get(key) != new.body["letters"].get(key):
            lines.append(_("Letter wording changed: {paragraph}").format(
                paragraph=_(template.label)))
    return lines
