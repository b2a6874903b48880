"""``flexidesk recover``: the Headteacher's password is lost; the printed recovery key (on
standard input) gives a Headteacher's account a new password, as the sign-in window does."""

from __future__ import annotations

import argparse
import sys

from flexidesk.commands.common import OK, Usage, hold_school, say
from flexidesk.commands.common import db_path as db_path_of
from flexidesk.commands.common import run as run_body
from flexidesk.i18n import _


def _line() -> str:
    return sys.stdin.readline().rstrip("\r\n")


def _recover(args: argparse.Namespace) -> int:
    from flexidesk.policy.records.lost_password import open_with_recovery_key, set_head_password
    from flexidesk.policy.records.signin import SignInDelayed
    from flexidesk.store.errors import refuse_non_file
    from flexidesk.store.keyslots import check_keyfile_present, keyfile_path

    path = db_path_of(args)
    refuse_non_file(path)
    if not keyfile_path(path).exists():
        check_keyfile_present(path)
        raise Usage(_("{path} is not encrypted, so it has no recovery key.").format(path=path))
    hold_school(args, path)
    try:
        recovered = open_with_recovery_key(path, _line())
    except SignInDelayed as exc:
        raise Usage(str(exc)) from exc
    heads = dict(recovered.heads)
    username = args.user or (recovered.heads[0][0] if len(heads) == 1 else "")
    if username not in heads:
        raise Usage(_("Say whose password to set with --user NAME: one of {names}.").format(
            names=", ".join(f"{u} ({n})" for u, n in recovered.heads)))
    password = _line()
    set_head_password(recovered, username, password, _line())
    say(_("{name} ({user}) has a new password: sign in with it. The audit log records that "
          "the recovery key was used.").format(name=heads[username], user=username))
    return OK


def run(args: argparse.Namespace) -> int:
    """Three lines on standard input: the recovery key, the new password, the new password
    again. Exit 0 once it is set; 2 for a wrong key or a password the rules refuse."""
    return run_body(_recover, args)
