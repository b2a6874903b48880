"""JSON read with the line each key and value starts on, so that a policy file's problems
say where they are ("line 12: flexi.deadline_days: ..."). Plain data only: objects,
arrays, strings, numbers, true, false and null (NaN and Infinity are refused)."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from typing import Any

from flexidesk.i18n import _


class _Object(dict):
    """A JSON object as read: its keys' lines, its own line, and any key given twice."""

    line: int
    lines: dict[str, int]
    twice: list[str]


class _Array(list):
    """A JSON array as read: each item's line."""

    line: int
    lines: list[int]


class Located:
    """A parsed document as plain dicts and lists, with ``line(path)`` for any key path."""

    def __init__(self, text: str):
        self._text = text
        self._newlines = [i for i, c in enumerate(text) if c == "\n"]
        decoder = json.JSONDecoder(parse_constant=self._constant)
        # The Python scanner (the C one takes no parsers of our own), with ours for objects
        # and arrays; everything else as json's own decoder reads it.
        setattr(decoder, "parse_object", self._parse_object)  # noqa: B010 - not in the stubs
        setattr(decoder, "parse_array", self._parse_array)  # noqa: B010
        decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
        tree = decoder.decode(text)
        self.lines: dict[str, int] = {}
        #: Key paths given twice in one object (the second would silently win).
        self.twice: list[tuple[str, int]] = []
        self.data = self._walk(tree, "")

    # --- parsing ---------------------------------------------------------------------------

    def _line_at(self, index: int) -> int:
        from bisect import bisect_left

        return bisect_left(self._newlines, index) + 1

    @staticmethod
    def _constant(name: str) -> Any:
        raise ValueError(_("{name} is not a number a policy may hold").format(name=name))

    def _recording(self, scan_once, starts: list[int]):
        def scan(string: str, index: int):
            starts.append(index)
            return scan_once(string, index)
        return scan

    def _parse_object(self, s_and_end, strict, scan_once, object_hook, object_pairs_hook,
                      memo=None):
        starts: list[int] = []
        begin = s_and_end[1]

        def build(pairs: list[tuple[str, Any]]) -> _Object:
            obj = _Object()
            obj.line, obj.lines, obj.twice = self._line_at(begin), {}, []
            for (key, value), start in zip(pairs, starts, strict=False):
                if key in obj:
                    obj.twice.append(key)
                obj[key] = value
                obj.lines[key] = self._line_at(start)
            return obj

        return json.decoder.JSONObject(s_and_end, strict, self._recording(scan_once, starts),
                                       None, build, memo)

    def _parse_array(self, s_and_end, scan_once):
        starts: list[int] = []
        items, end = json.decoder.JSONArray(s_and_end, self._recording(scan_once, starts))
        array = _Array(items)
        array.line, array.lines = self._line_at(s_and_end[1]), [self._line_at(i) for i in starts]
        return array, end

    def _walk(self, value: Any, path: str) -> Any:
        """Plain data, each key path's line noted (array items numbered from 1)."""
        if isinstance(value, _Object):
            self.lines.setdefault(path, value.line)
            self.twice += [(_join(path, k), value.lines[k]) for k in value.twice]
            plain = {}
            for key, item in value.items():
                where = _join(path, key)
                self.lines[where] = value.lines[key]
                plain[key] = self._walk(item, where)
            return plain
        if isinstance(value, _Array):
            self.lines.setdefault(path, value.line)
            plain_items = []
            for number, (item, line) in enumerate(zip(value, value.lines, strict=True), 1):
                where = f"{path}[{number}]"
                self.lines[where] = line
                plain_items.append(self._walk(item, where))
            return plain_items
        return value

    # --- reading ---------------------------------------------------------------------------

    def line(self, path: str) -> int | None:
        """The line of ``path`` (``flexi.considerations[2].en``), or of the nearest key
        above it that the document has (a missing key: the object that lacks it)."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
