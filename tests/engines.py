"""What tests share about the two engines: on a server, each member of staff acts through
their own login (the database names the login in its audit); on a file nothing changes."""

from __future__ import annotations

import contextlib

#: Every test member of staff's password on the throwaway server.
STAFF_PASSWORD = "staff-secret-for-tests"


@contextlib.contextmanager
def acting_as(username: str):
    """On a server, what the block does goes through that member of staff's own login; on a
    file, nothing changes. (A server records the login that made each change, whatever
    the application says, so a test acting as several people connects as each.)"""
    from flexidesk.store.database import db

    here = db.obj
    if getattr(here, "engine", "") != "postgresql":
        yield
        return
    from flexidesk.store import server_accounts
    from flexidesk.store.server import open_server

    login = server_accounts.login_for(here, username)
    url = here.url
    other = open_server(type(url)(login, url.host, url.port, url.dbname),
                        ca_file=here.connect_params["sslrootcert"], password=STAFF_PASSWORD,
                        school_id=here.school_id)
    try:
        yield
    finally:
        other.close()
        db.initialize(here)


def add_staff_member(username: str, display_name: str, role: str):
    """Another member of staff: a row in the file; on a server, a row and their login, as
    the Headteacher adds them (the server's staff functions)."""
    from flexidesk.store.database import db
    from flexidesk.store.models import StaffUser

    if getattr(db.obj, "engine", "") != "postgresql":
        return StaffUser.create(username=username, display_name=display_name, role=role)
    from flexidesk.store import server_accounts

    with db.atomic():
        user_id = server_accounts.add_staff(db.obj, username, display_name, role,
                                            STAFF_PASSWORD)
    return StaffUser.get_by_id(user_id)
