"""The governors' report's section on our policy: the version in force and what changed in
the versions adopted since the report's start (nothing while the default applies)."""

from __future__ import annotations

from flexidesk.i18n import _, format_date
from flexidesk.policy.ourpolicy.differences import differences
from flexidesk.policy.ourpolicy.policy import DEFAULT
from flexidesk.policy.ourpolicy.versions import adopted_versions, in_force


def policy_section(period):
    """``[Table]`` for ``reports.SECTIONS`` (``period`` has ``since`` and ``today``)."""
    from flexidesk.policy.records.reports import Table

    versions = adopted_versions()
    if not versions:
        return []
    current = in_force(period.today)
    table = Table(_("Our policy"), [_("Version"), _("What it says or changed")])
    if current.version_id is not None:
        table.rows.append([_("In force: version {n}").format(n=current.number),
                           _("Adopted {date}; next review by {review}.").format(
                               date=format_date(current.adopted_on),
                               review=format_date(current.next_review))])
    before = DEFAULT
    for version in versions:
        assert version.adopted_on is not None  # adopted versions carry their date
        if period.since <= version.adopted_on <= period.today:
            for line in differences(before, version) or [_("Nothing changed.")]:
                table.rows.append([_("Version {n}, adopted {date}").format(
                    n=version.number, date=format_date(version.adopted_on)), line])
        before = version
    table.note = _("Each request, decision, agreement and placement keeps the version it was "
                   "made under.")
    return [table]
