"""Typed helpers for Peewee queries whose rows the bundled stubs cannot describe."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from peewee import BaseQuery


def as_tuples(query: BaseQuery) -> Iterable[tuple[Any, ...]]:
    """The rows of ``query`` as plain tuples (``query.tuples()``).

    Peewee's stubs type ``.tuples()`` as returning the query itself, so a type checker
    would read each row as a model instance; the columns' types depend on the select list.
    """
    return cast("Iterable[tuple[Any, ...]]", query.tuples())
