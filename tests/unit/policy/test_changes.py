"""What changed since a mark comes from the audit log: writes count, reads and backups do not."""

from flexidesk.policy.changes import FLEXI_READS, PROVIDERS_READS, changes_since
from flexidesk.policy.providers import add_provider
from flexidesk.policy.records.access import viewed
from flexidesk.store import audit
from flexidesk.store.models import Pupil
from tests.clock import TODAY


def test_writes_since_the_mark_are_reported_with_their_tables_and_children(school, head):
    pupil = Pupil.create(upn="A123456789012", legal_first_name="Ivo", legal_last_name="Penhale",
                         date_of_birth=TODAY.replace(year=2018), year_group=3,
                         on_roll_date=TODAY.replace(year=2022))
    start = changes_since(0).mark
    viewed(head, "pupil", pupil.id, pupil.id)  # a read: not a change
    audit.record("head", "backup.write", "", None)  # a backup's own row: not a change
    assert changes_since(start).tables == frozenset()
    assert not changes_since(start).touches(None)

    add_provider(head, "Moorland Woodwork Collective")
    audit.record("head", "pupil.edit", "pupil", pupil.id, pupil_id=pupil.id)
    changes = changes_since(start)
    assert changes.tables == {"provider", "pupil"}
    assert changes.pupils == {pupil.id}
    assert changes.touches(PROVIDERS_READS) and changes.touches(FLEXI_READS)
    assert changes_since(changes.mark).tables == frozenset()  # the mark moves on


def test_only_the_views_that_read_a_table_are_touched_by_it(school, head):
    start = changes_since(0).mark
    add_provider(head, "Moorland Woodwork Collective")
    changes = changes_since(start)
    assert changes.touches(PROVIDERS_READS)
    assert not changes.touches(FLEXI_READS)
    assert changes.touches(None)  # a view that reads everything
