"""Two staff, one record: a save of a version someone has since changed is refused, never merged.

A form remembers the version of each row it shows (``current_version``) and saves inside
``expecting(...)``; ``access.update`` then writes a row only if it is still as the form saw
it. A versioned row (flexi requests, placements) carries a ``version`` that each save adds
one to, and is written with one conditional UPDATE. Any other row's version is a
fingerprint of what it holds, compared with the row read (and, on a server, locked) in the
saving transaction; a file's write transactions are exclusive already. Either way two
concurrent saves cannot both pass.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, TypeGuard

from peewee import Model

from flexidesk.i18n import _, format_datetime
from flexidesk.policy.errors import PolicyError

if TYPE_CHECKING:
    from flexidesk.store.models import FlexiRequest, Placement

    Versioned = FlexiRequest | Placement  # the tables with a ``version`` column (_model)

_expected: ContextVar[dict[tuple[str, int], int | str] | None] = ContextVar("expected",
                                                                         default=None)


class ChangedElsewhere(PolicyError):
    """Someone saved this record after the form was opened: reload, then change it again."""


def is_versioned(instance: Model) -> TypeGuard[Versioned]:
    """Whether the row's table has a version counter."""
    return "version" in instance._meta.fields


def fingerprint(instance: Model) -> str:
    """What a row holds, as a short digest: its version for a row without a counter."""
    values = [(f.column_name, getattr(instance, f.name)) for f in instance._meta.sorted_fields]
    text = json.dumps(values, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def current_version(model: type[Model], record_id: int) -> int | str:
    """The version a form shows now (remember it; save inside ``expecting``).

    A flexi request's or placement's counter; for any other row, a fingerprint of it ('' if
    it is not there)."""
    version = model._meta.fields.get("version")
    if version is not None:
        key = model._meta.primary_key
        return model.select(version).where(key == record_id).scalar() or 0
    row = model.get_or_none(model._meta.primary_key == record_id)
    return "" if row is None else fingerprint(row)


@contextlib.contextmanager
def expecting(model: type[Model], record_id: int, version: int | str) -> Iterator[None]:
    """Saves of that record inside this block must find it still at ``version``."""
    wanted = dict(_expected.get() or {})
    wanted[(model._meta.table_name, record_id)] = version
    token = _expected.set(wanted)
    try:
        yield
    finally:
        _expected.reset(token)


def _model(table: str) -> type[Model]:
    from flexidesk.store import models

    for model in vars(models).values():
        if (isinstance(model, type) and issubclass(model, models.BaseModel)
                and model._meta.table_name == table):
            return model
    raise KeyError(table)


def row_id(table: str, **keys) -> int | None:
    """The id of ``table``'s row with these column values (a row known by its natural key,
    such as a provider's checklist item), or None."""
    model = _model(table)
    query = model.select(model._meta.primary_key)
    for column, value in keys.items():
        query = query.where(model._meta.columns[column] == value)
    return query.scalar()


def record_version(table: str, record_id: int) -> int | str:
    """The version of a row a form shows as it opens (named by its table)."""
    return current_version(_model(table), record_id)


def expecting_record(table: str, record_id: int, version: int | str):
    """``expecting`` for a row named by its table."""
    return expecting(_model(table), record_id, version)


def _who_and_when(instance: Model) -> ChangedElsewhere:
    """The refusal, naming the last person to change the row and when (from the audit log)."""
    from flexidesk.store.models import AuditEntry, StaffUser

    last = (AuditEntry.select(AuditEntry.username, AuditEntry.at)
            .where((AuditEntry.table_name == instance._meta.table_name)
                   & (AuditEntry.record_id == instance.get_id())
                   & ~AuditEntry.action.startswith("view."))
            .order_by(AuditEntry.id.desc()).first())
    if last is None:
        name, when = _("someone else"), ""
    else:
        user = StaffUser.get_or_none(StaffUser.username == last.username)
        name = user.display_name if user else last.username
        when = format_datetime(dt.datetime.fromisoformat(last.at), "short")
    return ChangedElsewhere(_("This record was changed by {name} at {time}: reload it to see "
                              "their change, then make yours again.").format(
                                  name=name, time=when))


def save_checked(instance: Model) -> None:
    """Save a changed row, refused if a form expected it as it was and it is no longer."""
    if is_versioned(instance):
        save_versioned(instance)
        return
    model = type(instance)
    expected = (_expected.get() or {}).get((model._meta.table_name, instance.get_id()))
    if expected is not None:
        query = model.select().where(model._meta.primary_key == instance.get_id())
        if getattr(model._meta.database.obj, "for_update", False):
            query = query.for_update()  # held to the end of the saving transaction
        stored = query.first()
        if stored is None or fingerprint(stored) != expected:
            raise _who_and_when(instance)
    instance.save()
    if expected is not None:  # a second save of the row in the same form expects this one
        _still_expect(model, instance.get_id(), fingerprint(model.get_by_id(instance.get_id())))


def expected_version(instance: Model) -> int | str | None:
    """The version a form expects this row at (None: no form is saving it)."""
    return (_expected.get() or {}).get((instance._meta.table_name, instance.get_id()))


def changed_elsewhere(instance: Model) -> ChangedElsewhere:
    """The refusal for a save over someone else's change (for a write path of its own)."""
    return _who_and_when(instance)


def saved(instance: Model) -> None:
    """After a write path of its own saved the row: a second save in the same form expects
    it as it is now."""
    model = type(instance)
    _still_expect(model, instance.get_id(), fingerprint(model.get_by_id(instance.get_id())))


def _still_expect(model: type[Model], record_id: int, version: int | str) -> None:
    wanted = _expected.get()
    if wanted is not None and (model._meta.table_name, record_id) in wanted:
        wanted[(model._meta.table_name, record_id)] = version


def save_versioned(instance: Versioned) -> None:
    """Save the row if nobody changed it since the form read it; else ChangedElsewhere."""
    model = type(instance)
    key = (model._meta.table_name, instance.id)
    loaded = instance.version
    expected = (_expected.get() or {}).get(key, loaded)
    if expected != loaded:
        raise _who_and_when(instance)
    values = {f: getattr(instance, f.name) for f in model._meta.sorted_fields
              if f.name not in ("id", "version")}
    values[model.version] = expected + 1
    written = model.update(values).where(
        (model.id == instance.id) & (model.version == expected)).execute()
    if written != 1:  # a concurrent save got there first (its transaction has committed)
        raise _who_and_when(instance)
    instance.version = expected + 1
    _still_expect(model, instance.id, expected + 1)
