"""``flexidesk new-school``: the first-run dialog's school, made from a script by the school's IT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flexidesk.i18n import _

# The command line is built before every start, the sign-in form's included: the database
# layer loads only when this command runs (see new_school_command).

OK, PROBLEM, USAGE = 0, 1, 2


def add_parser(sub) -> None:
    """The ``new-school`` sub-command and its options."""
    new = sub.add_parser("new-school", help=_("create an encrypted school and its headteacher"))
    new.add_argument("--db", type=Path, required=True, metavar="PATH")
    new.add_argument("--name", required=True, metavar="NAME", help=_("the school's name"))
    new.add_argument("--nation", required=True, metavar="ENG|WLS|SCT|NIR",
                     help=_("whose bank holidays and law apply"))
    new.add_argument("--head-user", required=True, metavar="NAME",
                     help=_("the headteacher's sign-in name"))
    new.add_argument("--head-name", required=True, metavar="FULL NAME",
                     help=_("the headteacher's name as letters print it"))
    new.add_argument("--password-stdin", action="store_true",
                     help=_("read the headteacher's password from the first line of standard "
                            "input"))


def new_school_command(args: argparse.Namespace) -> int:
    """Create the school as the first-run dialog does and print its recovery key, once."""
    from flexidesk.cli import read_password
    from flexidesk.policy.access import PolicyError
    from flexidesk.policy.school import NewSchool, create_school
    from flexidesk.store.database import close_database
    from flexidesk.store.errors import StoreError

    if not args.password_stdin:
        print(_("Give --password-stdin and type the headteacher's password on standard input."),
              file=sys.stderr)
        return USAGE
    password = read_password(args) or ""
    form = NewSchool(args.name, args.head_name, args.nation.strip().upper(),
                     args.head_user.strip(), password, password)
    try:
        _database, _actor, recovery = create_school(Path(args.db).absolute(), form)
    except PolicyError as exc:
        print(str(exc), file=sys.stderr)
        return USAGE
    except (StoreError, OSError) as exc:
        print(_("The school could not be created in {path} ({reason}). Nothing was saved.")
              .format(path=args.db, reason=getattr(exc, "strerror", None) or exc),
              file=sys.stderr)
        return PROBLEM
    finally:
        close_database()
    print(_("Created {school} in {path}, with {user} as its headteacher.").format(
        school=form.school_name.strip(), path=args.db, user=form.username))
    print(_("Recovery key (shown this once; print it and give it to your data protection "
            "officer):"))
    print(recovery)
    return OK
