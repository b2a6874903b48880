"""Every user-visible string is in the catalogue, and every one has its Welsh.

After merging code that adds strings: `make messages`, translate what this test lists
(docs/welsh.md, docs/welsh-glossary.md), then `make messages` again to compile.
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
TRANSLATIONS = ROOT / "resources" / "translations"


def _ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return all(strings) and not message.fuzzy


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    fresh = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract",
                    "-F", "babel.cfg", "-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-k", "pgettext:1c,2",
                    "-o", str(fresh), "flexidesk"], check=True, cwd=ROOT)
    with fresh.open("rb") as handle:
        in_code = _ids(read_po(handle))
    with (TRANSLATIONS / "cy" / "LC_MESSAGES" / "flexidesk.po").open("rb") as handle:
        in_catalogue = _ids(read_po(handle))
    missing = sorted(in_code - in_catalogue)
    assert not missing, ("run `make messages`: these strings are not in the Welsh catalogue:\n"
                         + "\n".join(missing))


def test_every_welsh_entry_is_there():
    with (TRANSLATIONS / "cy" / "LC_MESSAGES" / "flexidesk.po").open("rb") as handle:
        catalog = read_po(handle)
    missing = sorted(m.id if isinstance(m.id, str) else m.id[0] for m in catalog
                     if m.id and not _translated(m))
    assert not missing, ("these strings have no Welsh yet (translate them in the .po, see "
                         "docs/welsh.md, then run `make messages`):\n" + "\n".join(missing))


def test_the_compiled_catalogue_matches_its_source(tmp_path):
    """The .mo shipped in the package was compiled from the .po as it stands."""
    import gettext

    po = TRANSLATIONS / "cy" / "LC_MESSAGES" / "flexidesk.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    shipped = gettext.GNUTranslations((po.with_suffix(".mo")).open("rb"))
    for message in catalog:
        if message.id and isinstance(message.id, str) and _translated(message):
            found = (shipped.pgettext(message.context, message.id) if message.context
                     else shipped.gettext(message.id))
            assert found == message.string, "run `make messages`"


def test_an_unfinished_plural_stays_in_correct_english(tmp_path):
    """Welsh's second plural form is 'one': an English plural there would say '1 decisions'."""
    import gettext
    import importlib.util

    spec = importlib.util.spec_from_file_location("messages", ROOT / "tools" / "messages.py")
    messages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(messages)
    po = tmp_path / "flexidesk.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : '
        'n == 3 ? 3 : n == 6 ? 4 : 5);\\n"\n"Language: cy\\n"\n\n'
        'msgid "{n} decision overdue"\nmsgid_plural "{n} decisions overdue"\n'
        'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\nmsgstr[3] ""\nmsgstr[4] ""\nmsgstr[5] ""\n\n'
        'msgid "&File"\nmsgstr "&Ffeil"\n', encoding="utf-8")
    messages.compile_catalogue(po)
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    assert compiled.ngettext("{n} decision overdue", "{n} decisions overdue", 1) == \
        "{n} decision overdue"
    assert compiled.gettext("&File") == "&Ffeil"
