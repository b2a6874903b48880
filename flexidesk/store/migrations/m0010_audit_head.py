"""Schema version 10: the audit log's head is sealed in a file beside the database from now on.

No table changes: the step writes the first sealed head (store.audit_head) for the log as
it stands, so that an existing school starts with one and is not taken for tampered.
"""

VERSION = 10


def up(database) -> None:
    """Seal the log's current head beside the database."""
    from flexidesk.store import audit_head

    seal = getattr(database, "seal_head", None)
    if seal is None:
        return
    first = not audit_head.head_path(database.path).exists()
    # A file that already has a head (its schema number set back by hand) keeps any alarm,
    # and gains one if the log no longer matches: running this step again resets nothing.
    seal(audit_head.last_link(database.connection()), alarms=[] if first else None)
