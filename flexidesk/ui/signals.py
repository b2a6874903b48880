"""Emit a Qt signal from Python without dropping a reference to True (a PySide6 6.12.0 bug).

PySide6 6.12.0's ``SignalInstance.emit()`` returns ``True`` without taking a reference for
it, so every emit from Python leaves True's count one short; after a few thousand emits
(a morning of typing in a search box) Python frees True and the process aborts with
"bool_dealloc: deallocating True or False". ``emit()`` gives the reference back. On a
PySide6 without the bug the extra reference is harmless: True is never freed anyway.
"""

from __future__ import annotations

import ctypes

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


def emit(signal, *args) -> None:
    """``signal.emit(*args)``, keeping Python's count of True (or False) right."""
    result = signal.emit(*args)
    if result is True or result is False:
        _incref(result)
