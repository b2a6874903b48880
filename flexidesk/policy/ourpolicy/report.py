"""The governors' report's sections on our policy: the version in force, what changed since
the last report (or, before any report, since the version before), and the considerations
each decision of the period was weighed under, in its own version's words."""

from __future__ import annotations

import datetime as dt
import json

from flexidesk.i18n import _, format_date
from flexidesk.policy.ourpolicy.differences import differences
from flexidesk.policy.ourpolicy.policy import DEFAULT, OurPolicy
from flexidesk.policy.ourpolicy.versions import adopted_versions, in_force
from flexidesk.policy.records.report_tables import Period, Table
from flexidesk.store.models import FlexiDecision, FlexiRequest, Setting
from flexidesk.store.query import as_tuples

#: The days the governors' report was published (a JSON list, newest last).
PUBLISHED_KEY = "governors.published_on"
#: The version a decision was made under (a column the models add at schema 14).
_DECIDED_UNDER = getattr(FlexiDecision, "policy_version_id")  # noqa: B009 - not in the stubs
#: How many publication days are kept (only the last before today is read).
PUBLISHED_KEPT = 12


def published_days() -> list[dt.date]:
    """The days the governors' report was published, oldest first."""
    row = Setting.get_or_none(Setting.key == PUBLISHED_KEY)
    try:
        days = [dt.date.fromisoformat(d) for d in json.loads(row.value)] if row else []
    except (TypeError, ValueError):
        return []  # a hand-edited setting: as if no report had been published
    return sorted(days)


def last_report_before(today: dt.date) -> dt.date | None:
    """The day the report was last published before ``today`` (None: never). A report
    published today still compares with the one before, however often it is refreshed."""
    earlier = [d for d in published_days() if d < today]
    return earlier[-1] if earlier else None


def published_value(today: dt.date) -> str:
    """The setting's new value once the report is published on ``today``."""
    days = sorted(set(published_days()) | {today})[-PUBLISHED_KEPT:]
    return json.dumps([d.isoformat() for d in days])


def _version_name(policy: OurPolicy) -> str:
    if policy.version_id is None:
        return _("FlexiDesk's own rules")
    return _("Version {n}, adopted {date}").format(n=policy.number,
                                                  date=format_date(policy.adopted_on))


def policy_rows(since: dt.date, today: dt.date,
                last_report: dt.date | None = None) -> list[list[str]]:
    """The section's rows (none while no version was ever adopted): the version in force,
    then each difference of each version adopted after ``last_report`` up to ``today``
    from the version before it; with no report yet, the version in force (or, before it
    is in force, the latest adopted) against the one before. ``since`` is the report's
    period, kept for callers."""
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
    befores = [DEFAULT, *versions[:-1]]
    pairs = list(zip(befores, versions, strict=True))
    if last_report is None:
        shown = [pair for pair in pairs if pair[1].version_id == current.version_id] \
            or pairs[-1:]
    else:
        shown = [(old, new) for old, new in pairs
                 if new.adopted_on is not None and last_report < new.adopted_on <= today]
    for before, version in shown:
        for line in differences(before, version) or [_("Nothing changed.")]:
            rows.append([_version_name(version), line])
    return rows


def _our_policy(period: Period) -> list[Table]:
    last = last_report_before(period.today)
    rows = policy_rows(period.since, period.today, last)
    if not rows:
        return []
    if last is None:
        note = _("No report has been published yet: the changes shown are those of the "
                 "version in force from the version before it.")
    else:
        note = _("The changes shown are those made since the last report, published "
                 "{date}.").format(date=format_date(last))
        if len(rows) == 1:
            note += " " + _("Nothing has changed since then.")
    note += " " + _("Each request, decision, agreement and placement keeps the version it "
                    "was made under.")
    return [Table(_("Our policy"), [_("Version"), _("What it says or changed")], rows,
                  note=note)]


def _considerations(period: Period, policies: dict[int, OurPolicy]) -> list[Table]:
    """The considerations each decision of the period was weighed under: one row per version
    of our policy that decisions were made under (the Headteacher's named copy: one row a
    decision). No count of decisions shows, so none of the suppressed counts can be worked
    out from it."""
    decisions = list(as_tuples(
        FlexiDecision.select(FlexiDecision.request, FlexiDecision.decided_on,
                             _DECIDED_UNDER, FlexiRequest.policy_version_id)
        .join(FlexiRequest, on=FlexiDecision.request == FlexiRequest.id)
        .where(FlexiDecision.decided_on.between(period.since, period.today))
        .order_by(FlexiDecision.decided_on, FlexiDecision.id)))
    if not decisions:
        return []
    table = Table(_("Considerations weighed in flexi-schooling decisions since {date}").format(
        date=format_date(period.since)), [_("Decisions"), _("Considerations weighed")])
    seen: list[int | None] = []
    for request_id, decided_on, version_id, request_version in decisions:
        chosen = version_id if version_id is not None else request_version
        policy = policies.get(chosen or 0, DEFAULT)
        words = "; ".join(policy.considerations().values())
        if period.named:
            request = FlexiRequest.get_by_id(request_id)
            label = _("{child}, decided {date} ({version})").format(
                child=request.pupil.known_as, date=format_date(decided_on),
                version=_version_name(policy))
        elif chosen in seen:
            continue
        else:
            seen.append(chosen)
            label = _("Decisions made under FlexiDesk's own rules") \
                if policy.version_id is None else _(
                    "Decisions made under version {n}, adopted {date}").format(
                    n=policy.number, date=format_date(policy.adopted_on))
        table.rows.append([label, words])
    table.note = _("Each decision is weighed under the considerations of the version of our "
                   "policy its request arrived under, in that version's words, even where a "
                   "later version retired or reworded them.")
    return [table]


def policy_sections(period: Period) -> list[Table]:
    """Our policy's tables in the governors' report (none while the default applies)."""
    from flexidesk.policy.ourpolicy.versions import policies_by_id

    if not adopted_versions():
        return []
    return _our_policy(period) + _considerations(period, policies_by_id())
