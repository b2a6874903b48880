"""The command line: builds the parser and dispatches, to the window (the default) or to one
module of ``flexidesk.commands`` per admin command; nothing else."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from flexidesk.i18n import _, set_locale

#: Each sub-command and its module in ``flexidesk.commands`` (loaded only when it runs), whose
#: ``run(args)`` returns the exit code.
COMMANDS = {
    "seed-demo": "seed_demo",
    "new-school": "new_school",
    "backup": "backup",
    "restore": "restore",
    "check": "check",
    "migrate": "migrate",
    "move-to-server": "move_to_server",
    "server-login": "server_login",
    "import-pupils": "import_pupils",
    "export-calendar": "export_calendar",
    "check-register": "check_register",
    "import-term-dates": "import_term_dates",
    "recover": "recover",
}


def _add_credentials(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAME", help=_("sign in as this user (scripts, tests)"))
    parser.add_argument("--password-stdin", action="store_true",
                        help=_("read the password from the first line of standard input"))


_IMPORT_HELP = _(
    "Import the pupil export of the school's MIS (SIMS, Arbor or Bromcom), or with "
    "--contacts its contacts export (parents and carers with priority, parental "
    "responsibility, address, telephone and email, linked to pupils by UPN; a file whose "
    "columns are plainly a contacts export is read as one without --contacts). CSV in "
    "UTF-8 or Windows-1252. All or nothing: a file with any bad row changes nothing, prints "
    "one 'line N: reason' a line (line 1 is the header) and exits with status 2; a good file "
    "exits 0 and prints how many pupils were added, updated and marked as left. Pupils "
    "missing from a pupil export are marked as left with today's date; nobody is deleted. A "
    "file that would mark more than a tenth of the roll as left (one year group's export, "
    "say) is refused with exit status 2 unless --partial (update only the pupils in the "
    "file) or --mark-left (mark the others as left) says which was meant.")


def _add_wait(parser: argparse.ArgumentParser) -> None:
    """--wait SECONDS on a command that takes the school's lock (commands.common.hold_school)."""
    parser.add_argument("--wait", type=float, metavar="SECONDS",
                        help=_("how long to wait for the window or another command to finish "
                               "with the database before giving up (default 30; 0 gives up "
                               "at once)"))


def _add_server(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    """--server URL and --ca-file PATH on a command."""
    parser.add_argument("--server", metavar="URL", required=required, nargs="?", const="",
                        help=_("a FlexiDesk server, postgresql://HOST/DATABASE (default: the "
                               "saved connection)"))
    parser.add_argument("--ca-file", type=Path, metavar="PATH",
                        help=_("the trust's CA certificate, to check the server is the trust's"))
    parser.add_argument("--remember", action="store_true",
                        help=_("save this server as the computer's connection (the password "
                               "goes to the system's keystore)"))


def _add_new_school(sub) -> None:
    """The ``new-school`` sub-command and its options."""
    new = sub.add_parser("new-school", help=_("create an encrypted school and its headteacher "
                                              "(with --server, on the trust's server)"))
    new.add_argument("--db", type=Path, metavar="PATH")
    new.add_argument("--code", metavar="CODE",
                     help=_("with --server: the school's short code, which its staff add to "
                            "their name to sign in (head@CODE)"))
    _add_server(new)
    new.add_argument("--name", required=True, metavar="NAME", help=_("the school's name"))
    new.add_argument("--nation", required=True, metavar="ENG|WLS|SCT|NIR",
                     help=_("whose bank holidays and law apply"))
    new.add_argument("--head-user", required=True, metavar="NAME",
                     help=_("the headteacher's sign-in name"))
    new.add_argument("--head-name", required=True, metavar="FULL NAME",
                     help=_("the headteacher's name as letters print it"))
    new.add_argument("--password-stdin", action="store_true",
                     help=_("read the headteacher's password from the first line of standard "
                            "input (with --server, your own login's password from the second, "
                            "unless the keystore holds it)"))


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, one place."""
    parser = argparse.ArgumentParser(
        prog="flexidesk",
        description=_("FlexiDesk: pastoral provision, alternative provision and flexi-schooling."))
    from flexidesk.identity import identity

    who = identity()
    parser.add_argument("--version", action="version", version=f"{who.name} {who.version}")
    parser.add_argument("--lang", metavar="LANG",
                        help=_("interface language, e.g. cy for Welsh or en for English "
                               "(default: your own setting, else the school's)"))
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help=_("the school's database file (default: your data folder)"))
    parser.add_argument("--demo", action="store_true",
                        help=_("open the fictional demo school (created if missing)"))
    parser.add_argument("--screenshot", type=Path, metavar="DIR",
                        help=_("paint each tab at 1366x768 to DIR/<tab>.png and exit"))
    parser.add_argument("--scale", type=float, metavar="FACTOR",
                        help=_("scale the whole interface, e.g. 1.5 or 2 (as a 150%% or 200%% "
                               "display setting would)"))
    _add_credentials(parser)
    _add_server(parser)
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
    _add_wait(backup)

    restore = sub.add_parser("restore", help=_("replace the database with a backup"))
    restore.add_argument("backup_file", type=Path, metavar="BACKUP")
    restore.add_argument("--db", type=Path, metavar="PATH")
    _add_credentials(restore)
    _add_wait(restore)

    recover = sub.add_parser(
        "recover", help=_("the Headteacher's password is lost: set a new one with the "
                          "recovery key"),
        description=_("Read three lines from standard input: the recovery key printed when "
                      "the school was made (spaces, dashes and small letters are fine), the "
                      "Headteacher's new password, and the new password again. A wrong key "
                      "counts towards the same delay as a wrong password; nothing else "
                      "changes. Exit 0 once the password is set, 2 when refused."))
    recover.add_argument("--db", type=Path, metavar="PATH")
    recover.add_argument("--user", metavar="NAME",
                         help=_("the Headteacher's user name (needed when there are several)"))
    _add_wait(recover)

    check = sub.add_parser("check", help=_("check the database and verify the audit chain"))
    check.add_argument("--db", type=Path, metavar="PATH")
    _add_credentials(check)
    _add_server(check)

    migrate = sub.add_parser("migrate", help=_("upgrade a FlexiDesk server's schema"))
    _add_server(migrate)
    _add_credentials(migrate)
    move = sub.add_parser("move-to-server", help=_("copy a school's file into the trust's server"))
    move.add_argument("file", type=Path, metavar="FILE")
    move.add_argument("--school-role", required=True, metavar="ROLE",
                      help=_("the server's group role of this school's staff"))
    move.add_argument("--code", metavar="CODE",
                      help=_("the school's code in its staff's logins (head@CODE; default: "
                             "the role without its school_ prefix)"))
    _add_server(move)
    move.add_argument("--user", metavar="NAME",
                      help=_("a member of staff whose password opens the encrypted file"))
    move.add_argument("--password-stdin", action="store_true",
                      help=_("read passwords from standard input: the file's (with --user), "
                             "then your own login's (unless the keystore holds it)"))
    login = sub.add_parser("server-login", help=_(
        "give a member of a school's staff (or of the trust's team) a login on the server, "
        "or a new password"))
    login.add_argument("--user", required=True, metavar="NAME", help=_("their user name"))
    login.add_argument("--school", metavar="CODE", help=_("their school's code"))
    login.add_argument("--trust-role", choices=("trust_ap_lead", "trust_safeguarding_lead",
                                                "trust_governor"),
                       help=_("a member of the trust's central team, with this role"))
    login.add_argument("--name", metavar="FULL NAME",
                       help=_("the trust member's name, the first time"))
    login.add_argument("--password-stdin", action="store_true",
                       help=_("read their new password from the first line of standard input, "
                              "then your own login's (unless the keystore holds it)"))
    _add_server(login)

    _add_new_school(sub)
    imports = sub.add_parser("import-pupils", help=_("import pupils or contacts from the MIS"),
                             description=_IMPORT_HELP)
    imports.add_argument("file", type=Path, metavar="FILE", help=_("the CSV export"))
    imports.add_argument("--contacts", action="store_true",
                         help=_("FILE is the contacts export (parents and carers)"))
    imports.add_argument("--dry-run", action="store_true",
                         help=_("check the file and say what would change; write nothing"))
    leavers = imports.add_mutually_exclusive_group()
    leavers.add_argument("--partial", dest="leavers", action="store_const", const="keep",
                         help=_("the file holds only some of the pupils: update those, and "
                                "mark nobody as left"))
    leavers.add_argument("--mark-left", dest="leavers", action="store_const", const="mark_left",
                         help=_("mark every pupil on roll who is missing from the file as "
                                "left"))
    imports.add_argument("--db", type=Path, metavar="PATH")
    _add_credentials(imports)
    _add_wait(imports)
    terms = sub.add_parser(
        "import-term-dates", help=_("add a local authority's term dates from an .ics file"),
        description=_("Read the term dates a local authority publishes as an .ics calendar "
                      "(its terms, or only its holidays, from which the terms are worked out), "
                      "print what would become a term, what a closure day and what is "
                      "ignored, then add the terms and closure days the school does not have "
                      "yet. Exit 2 when the file is refused."))
    terms.add_argument("file", type=Path, metavar="FILE", help=_("the .ics calendar"))
    terms.add_argument("--dry-run", action="store_true",
                       help=_("print the summary and write nothing"))
    terms.add_argument("--db", type=Path, metavar="PATH")
    _add_credentials(terms)
    _add_wait(terms)
    calendar = sub.add_parser("export-calendar",
                              help=_("write meetings, deadlines, reviews and expiry dates to "
                                     "an .ics calendar file"))
    calendar.add_argument("out", type=Path, metavar="OUT.ics")
    calendar.add_argument("--db", type=Path, metavar="PATH")
    _add_credentials(calendar)
    _add_wait(calendar)
    register = sub.add_parser(
        "check-register", help=_("list where the MIS's attendance export disagrees with the "
                                 "codes FlexiDesk expects (B, D, K and C)"),
        description=_("Read the MIS's attendance export (CSV: a UPN column and a column a "
                      "session, such as 'Mon 30/11/2026 AM', or the columns Date, Session and "
                      "Mark) and print each session where its mark disagrees with the code "
                      "FlexiDesk expects: a placement's B, D or K, a flexi agreement's C, or "
                      "none for a child in school. Exit status 0 when it agrees, 1 when it "
                      "does not, 2 when the file cannot be read."))
    register.add_argument("file", type=Path, metavar="FILE", help=_("the attendance export"))
    register.add_argument("--db", type=Path, metavar="PATH")
    _add_credentials(register)
    _add_wait(register)
    return parser


def _lang_from(argv: list[str]) -> str | None:
    """The value of --lang (as ``--lang cy`` or ``--lang=cy``), read ahead of the parser."""
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> int:
    """Run FlexiDesk; returns the process exit code."""
    argv = sys.argv[1:] if argv is None else argv
    lang = _lang_from(argv)
    if lang:
        set_locale(lang)  # before the parser, so that --help is in the chosen language
    args = build_parser().parse_args(argv)
    if args.command is not None:
        command = importlib.import_module(f"flexidesk.commands.{COMMANDS[args.command]}")
        return command.run(args)
    password = None
    if args.password_stdin:  # --user NAME --password-stdin opens the window signed in
        from flexidesk.commands.common import read_password

        password = read_password(args)
    if args.server is not None:  # the trust's server, not this computer's file
        from flexidesk.ui.server_app import run_server_gui

        return run_server_gui(args, password)
    from flexidesk.ui.app import run_gui

    return run_gui(args, password)
