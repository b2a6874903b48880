"""``flexidesk seed-demo --db PATH``: write the fictional demo school and print a summary."""

from __future__ import annotations

import argparse
import sys

from flexidesk.demo import DemoExists, describe, seed_demo
from flexidesk.i18n import _
from flexidesk.store.errors import StoreError


def run(args: argparse.Namespace) -> int:
    """``flexidesk seed-demo``: write the demo school and print a summary; returns the exit code."""
    try:
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
