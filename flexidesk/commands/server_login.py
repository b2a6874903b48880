"""``flexidesk server-login --server URL --school CODE --user NAME``: a login for a member of a
school's staff (or, with --trust-role, of the trust's central team), or a new password.

For the IT team: after ``move-to-server`` a school's accounts have no logins yet; the
Headteacher's comes from here, and she gives the others theirs in the Staff dialog.
"""

from __future__ import annotations

import argparse
import sys

from flexidesk.commands.common import OK, PROBLEM, USAGE, open_server_as_owner, read_password
from flexidesk.i18n import _


def run(args: argparse.Namespace) -> int:
    from flexidesk.policy.records.access import PolicyError
    from flexidesk.policy.school.staff import check_password
    from flexidesk.store import engines, server_accounts
    from flexidesk.store.database import close_database
    from flexidesk.store.errors import StoreError

    if not args.password_stdin or bool(args.school) == bool(args.trust_role):
        print(_("Give --password-stdin, and either --school CODE or --trust-role ROLE."),
              file=sys.stderr)
        return USAGE
    password = read_password(args) or ""
    try:
        check_password(password, args.user)
        database = open_server_as_owner(args)
        if args.trust_role:
            engines.add_trust_login(database, args.user, args.name or args.user,
                                    args.trust_role, password)
            login = args.user
        else:
            row = database.execute_sql('SELECT school_id FROM "flexidesk_school_role" '
                                       'WHERE "code" = %s', (args.school,)).fetchone()
            if row is None:
                raise PolicyError(_("There is no school with the code {code} on the server.")
                                  .format(code=args.school))
            database.use_school(row[0])
            user = database.execute_sql(
                "SELECT id FROM staff_user WHERE school_id = %s AND username = %s",
                (row[0], args.user)).fetchone()
            if user is None:
                raise PolicyError(_("{school} has no member of staff called {user}.").format(
                    school=args.school, user=args.user))
            with database.atomic():
                server_accounts.set_password(database, user[0], password)
            login = server_accounts.login_for(database, args.user)
    except PolicyError as exc:
        print(str(exc), file=sys.stderr)
        return USAGE
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return PROBLEM
    finally:
        close_database()
    print(_("{login} can sign in to the server now.").format(login=login))
    return OK
