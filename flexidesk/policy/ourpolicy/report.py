"""The governors' report's section on our policy: the version in force and what changed in
the versions adopted since the report's start (nothing while the default applies)."""

from __future__ import annotations

import datetime as dt

from flexidesk.i18n import _, format_date
from flexidesk.policy.ourpolicy.differences import differences
from flexidesk.policy.ourpolicy.policy import DEFAULT
from flexidesk.policy.ourpolicy.versions import adopted_versions, in_force


def policy_rows(since: dt.date, today: dt.date) -> list[list[str]]:
    """The section's rows (none while no version was ever adopted): the version in force,
    then each difference of each version adopted between ``since`` and ``today``."""
    versions = adopted_versions()
    if not versions:
        return []
    current = in_force(today)
    rows: list[list[str]] = []
    if current.version_id is not None:
        rows.append([_("In force: version {n}").format(n=current.number),
                           _("Adopted {date}; next review by {review}.").format(
                               date=format_date(current.adopted_on),
                               review=format_date(current.next_review))])
    before = DEFAULT
    for version in versions:
        assert version.adopted_on is not None  # adopted versions carry their date
        if since <= version.adopted_on <= today:
            for line in differences(before, version) or [_("Nothing changed.")]:
                rows.append([_("Version {n}, adopted {date}").format(
                    n=version.number, date=format_date(version.adopted_on)), line])
        before = version
    return rows
