"""Command line: the window (default) and the admin commands (seed-demo, backup, restore, check,
export-calendar)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flexidesk import __version__
from flexidesk.i18n import _


def _add_credentials(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAME", help=_("sign in as this user (scripts, tests)"))
    parser.add_argument("--password-stdin", action="store_true",
                        help=_("read the password from the first line of standard input"))


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, one place."""
    parser = argparse.ArgumentParser(
        prog="flexidesk",
        description=_("FlexiDesk: pastoral provision, alternative provision and flexi-schooling."))
    parser.add_argument("--version", action="version", version=f"FlexiDesk {__version__}")
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help=_("the school's database file (default: your data folder)"))
    parser.add_argument("--demo", action="store_true",
                        help=_("open the fictional demo school (created if missing)"))
    parser.add_argument("--screenshot", type=Path, metavar="DIR",
                        help=_("paint each tab at 1366x768 to DIR/<tab>.png and exit"))
    _add_credentials(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    seed = sub.add_parser("seed-demo", help=_("write a fictional demo school"))
    seed.add_argument("--db", type=Path, required=True, metavar="PATH")
    seed.add_argument("--pupils", type=int, default=300, metavar="N")
    seed.add_argument("--seed", type=int, default=1, metavar="S")
    seed.add_argument("--plain", action="store_true",
                      help=_("leave the demo unencrypted (benchmarks only)"))
    seed.add_argument("--force", action="store_true", help=_("replace an existing file"))

    backup = sub.add_parser("backup", help=_("write a verified, encrypted backup now"))
    backup.add_argument("--db", type=Path, metavar="PATH")
    backup.add_argument("--to", type=Path, metavar="DIR", help=_("folder for the backup"))
    _add_credentials(backup)

    restore = sub.add_parser("restore", help=_("replace the database with a backup"))
    restore.add_argument("backup_file", type=Path, metavar="BACKUP")
    restore.add_argument("--db", type=Path, metavar="PATH")
    _add_credentials(restore)

    check = sub.add_parser("check", help=_("check the database and verify the audit chain"))
    check.add_argument("--db", type=Path, metavar="PATH")
    _add_credentials(check)

    calendar = sub.add_parser("export-calendar",
                              help=_("write meetings, deadlines, reviews and expiry dates to "
                                     "an .ics calendar file"))
    calendar.add_argument("out", type=Path, metavar="OUT.ics")
    calendar.add_argument("--db", type=Path, metavar="PATH")
    _add_credentials(calendar)
    return parser


def read_password(args: argparse.Namespace) -> str | None:
    """The password given on standard input, if --password-stdin was used."""
    if not getattr(args, "password_stdin", False):
        return None
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def main(argv: list[str] | None = None) -> int:
    """Run FlexiDesk; returns the process exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "seed-demo":
        from flexidesk.demo import seed_demo_command

        return seed_demo_command(args)
    if args.command in ("backup", "restore", "check", "export-calendar"):
        from flexidesk import admin

        return getattr(admin, f"{args.command.replace('-', '_')}_command")(args)
    from flexidesk.ui.app import run_gui

    return run_gui(args)
