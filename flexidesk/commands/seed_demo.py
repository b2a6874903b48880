"""``flexidesk seed-demo --db PATH``: write the fictional demo school and print a summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flexidesk.commands.common import command_scope, hold_school
from flexidesk.demo import DemoExists, describe, seed_demo
from flexidesk.i18n import _
from flexidesk.store.errors import StoreError


def run(args: argparse.Namespace) -> int:
    """``flexidesk seed-demo``: write the demo school and print a summary; returns the exit code."""
    with command_scope():
        return _seed(args)


def _seed(args: argparse.Namespace) -> int:
    path = Path(args.db).absolute()
    try:
        # A folder not yet made is made, private, as the window makes one for a new school.
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        hold_school(args, path)  # never written over while the window has it open
        result = seed_demo(args.db, args.pupils, args.seed, encrypted=not args.plain,
                           force=args.force)
    except (DemoExists, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (StoreError, OSError) as exc:
        print(_("The demo school could not be written: {reason}").format(reason=exc),
              file=sys.stderr)
        return 1
    print(describe(result))
    return 0
