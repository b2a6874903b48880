"""Every translated string is where the extractor can find it: never inside an f-string.

Python 3.11 reads an f-string as one token, so `make messages` never saw the `_('…')` inside
one: "The eight considerations" stayed English in Welsh for that reason alone.
"""

import io
import re
import tokenize
from pathlib import Path

import flexidesk

PACKAGE = Path(flexidesk.__file__).parent
#: A call of a translation function with a literal, inside an f-string's braces.
HIDDEN = re.compile(r"\{[^{}]*\b(?:_|N_|ngettext|pgettext)\(\s*['\"]")


def _f_strings(path: Path):
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING:
            prefix = re.match(r"[A-Za-z]*", token.string).group(0).lower()
            if "f" in prefix:
                yield token.start[0], token.string


def test_no_translated_literal_hides_inside_an_f_string():
    hidden = [f"{path.relative_to(PACKAGE.parent)}:{line}: {text[:70]}"
              for path in sorted(PACKAGE.rglob("*.py"))
              for line, text in _f_strings(path) if HIDDEN.search(text)]
    assert not hidden, "translate outside the f-string:\n" + "\n".join(hidden)
