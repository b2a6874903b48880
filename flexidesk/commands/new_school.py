"""``flexidesk new-school``: the first-run dialog's school, made from a script by the school's IT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flexidesk.commands.common import (
    OK,
    PROBLEM,
    USAGE,
    command_scope,
    hold_school,
    read_password,
)
from flexidesk.i18n import _


def run(args: argparse.Namespace) -> int:
    """Create the school as the first-run dialog does and print its recovery key, once."""
    from flexidesk.policy.records.access import PolicyError
    from flexidesk.policy.school.setup import NewSchool, create_school
    from flexidesk.store.database import close_database
    from flexidesk.store.errors import StoreError

    if not args.password_stdin:
        print(_("Give --password-stdin and type the headteacher's password on standard input."),
              file=sys.stderr)
        return USAGE
    password = read_password(args) or ""
    form = NewSchool(args.name, args.head_name, args.nation.strip().upper(),
                     args.head_user.strip(), password, password)
    path = Path(args.db).absolute()
    try:
        with command_scope():  # the file is closed before its lock is let go
            try:
                if path.parent.exists():  # nothing can be using a file in a folder not made
                    hold_school(args, path)
                _database, _actor, recovery = create_school(path, form)
            finally:
                close_database()
    except PolicyError as exc:
        print(str(exc), file=sys.stderr)
        return USAGE
    except (StoreError, OSError) as exc:
        print(_("The school could not be created in {path} ({reason}). Nothing was saved.")
              .format(path=args.db, reason=getattr(exc, "strerror", None) or exc),
              file=sys.stderr)
        return PROBLEM
    print(_("Created {school} in {path}, with {user} as its headteacher.").format(
        school=form.school_name.strip(), path=args.db, user=form.username))
    print(_("Recovery key (shown this once; print it and give it to your data protection "
            "officer):"))
    print(recovery)
    return OK
