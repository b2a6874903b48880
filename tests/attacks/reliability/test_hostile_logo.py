"""SVG logos that reach outside themselves (XXE, billion laughs, a local file by href), also in
UTF-16 where a byte search for "<!ENTITY" sees nothing: each refused before anything draws it."""

from __future__ import annotations

import pytest

from flexidesk.policy.school.logo_svg import svg_problem

LAUGHS = ('<?xml version="1.0"{enc}?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
          + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
                    for p, n in zip("abcdef", "bcdefg", strict=True))
          + ']><svg xmlns="http://www.w3.org/2000/svg"><text>&g;</text></svg>')
XXE = ('<?xml version="1.0"{enc}?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>')
HREF = ('<?xml version="1.0"{enc}?><svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="file:///etc/hostname" '
        'width="9" height="9"/></svg>')


def _utf8(text: str) -> bytes:
    return text.format(enc="").encode("utf-8")


def _utf16(text: str) -> bytes:
    return text.format(enc=' encoding="UTF-16"').encode("utf-16")


@pytest.mark.parametrize("data", [_utf8(LAUGHS), _utf16(LAUGHS), _utf8(XXE), _utf16(XXE),
                                  _utf8(HREF), _utf16(HREF)],
                         ids=["laughs", "laughs-utf16", "xxe", "xxe-utf16", "href",
                              "href-utf16"])
def test_an_svg_logo_that_reaches_outside_itself_is_refused(data):
    problem = svg_problem(data)
    assert problem is not None
    assert problem.startswith(("This SVG logo refers to something outside itself",
                               "This file is not a picture FlexiDesk can use"))
