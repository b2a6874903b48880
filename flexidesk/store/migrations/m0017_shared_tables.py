"""Schema version 17: a provider's site is retired, not deleted, while a placement names it;
on a trust's server, every login has a connection limit.

A site that ended placements used stays as their history and is no longer offered. On a
server, ``server_up`` gives each staff login that exists already the connection limit that
``flexidesk.give_role`` gives new ones (``server_accounts.CONNECTION_LIMIT``).
"""

VERSION = 17

#: (table, column, its definition). A column already there is left as it is.
COLUMNS = (("provider_site", "active", "INTEGER NOT NULL DEFAULT 1"),)


def up(database) -> None:
    """Add the site's ``active`` flag."""
    for table, column, definition in COLUMNS:
        present = {row[1] for row in database.execute_sql(f'PRAGMA table_info("{table}")')}
        if column not in present:
            database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {definition}')


def server_up(database) -> None:
    """Each FlexiDesk login that exists already gets its connection limit."""
    from flexidesk.store import server_accounts

    server_accounts.limit_existing_logins(database)
