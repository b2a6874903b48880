"""make messages: extract every user-visible string, update each catalogue, compile them.

Run after merging branches that add strings:

    make messages          # extract, update resources/translations/*/flexidesk.po, compile
    # translate the entries listed as missing (docs/welsh-glossary.md has the terms), then
    make messages          # again, to compile; tests/unit/i18n checks nothing is missing

Untranslated entries are listed at the end (and by the completeness test), so whoever
translates knows exactly what is left.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
TEMPLATE = TRANSLATIONS / "flexidesk.pot"
LANGUAGES = ("cy",)
PYBABEL = [sys.executable, "-m", "babel.messages.frontend", "--quiet"]


#: The catalogues' creation date is pinned, so two branches that each run `make messages`
#: never conflict over that one header line.
PINNED_DATE = '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"'


def pin_creation_date(path: Path) -> None:
    """Write the fixed creation date into a catalogue's header."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(PINNED_DATE + "\n" if line.startswith('"POT-Creation-Date:') else line
                            for line in lines), encoding="utf-8")


def pybabel(*args: str) -> None:
    """Run one pybabel command, stopping on failure."""
    subprocess.run([*PYBABEL, *args], check=True, cwd=ROOT)


def main() -> int:
    """Extract, update (or create) each language's catalogue, compile, report what is missing."""
    pybabel("extract", "-F", "babel.cfg", "-k", "_", "-k", "N_", "-k",
            "ngettext:1,2", "-k", "pgettext:1c,2", "--sort-output", "--project", "FlexiDesk",
            "--no-location",  # stable catalogues: moving code does not touch them
            "-o", str(TEMPLATE), "flexidesk")
    pin_creation_date(TEMPLATE)
    for language in LANGUAGES:
        po = TRANSLATIONS / language / "LC_MESSAGES" / "flexidesk.po"
        if po.exists():
            # No fuzzy matching: a guessed translation is worse than an honest gap.
            pybabel("update", "--no-fuzzy-matching", "--ignore-obsolete",
                    "-i", str(TEMPLATE), "-D", "flexidesk", "-d", str(TRANSLATIONS), "-l", language)
        else:
            pybabel("init", "-i", str(TEMPLATE), "-D", "flexidesk", "-d", str(TRANSLATIONS),
                    "-l", language)
        pin_creation_date(po)
        compile_catalogue(po)
    from babel.messages.pofile import read_po

    for language in LANGUAGES:
        po = TRANSLATIONS / language / "LC_MESSAGES" / "flexidesk.po"
        with po.open("rb") as handle:
            catalog = read_po(handle)
        missing = [m.id if isinstance(m.id, str) else m.id[0] for m in catalog
                   if m.id and not _translated(m.string)]
        print(f"{language}: {len(catalog) - len(missing)} translated, {len(missing)} missing")
        if missing:
            print("Still to translate (each is shown in English until it is):")
            print("\n".join(f"  {msgid}" for msgid in sorted(missing)))
    return 0


def compile_catalogue(po: Path) -> None:
    """Write the .mo beside ``po`` with the finished entries only.

    pybabel compile fills an untranslated plural with the English forms by position, and
    Welsh counts its forms differently (one is the second form), so "1 decisions" would
    appear; an unfinished entry is left out instead, and English shows correctly.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in list(catalog):
        if message.id and (message.fuzzy or not _translated(message.string)):
            catalog.delete(message.id, context=message.context)
    with po.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalog)


def _translated(string) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


if __name__ == "__main__":
    raise SystemExit(main())
