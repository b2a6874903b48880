"""Two staff, one record: a save of a version someone has since changed is refused, never merged.

A versioned row (flexi requests, placements) carries a ``version`` that each save adds one
to. A form remembers the version it showed (``current_version``) and saves inside
``expecting(...)``; ``access.update`` then writes only if the row is still at that version,
with one conditional UPDATE, so two concurrent saves cannot both pass on a server either.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, TypeGuard

from peewee import Model

from flexidesk.i18n import _, format_datetime
from flexidesk.policy.errors import PolicyError

if TYPE_CHECKING:
    from flexidesk.store.models import FlexiRequest, Placement

    Versioned = FlexiRequest | Placement  # the tables with a ``version`` column (_model)

_expected: ContextVar[dict[tuple[str, int], int] | None] = ContextVar("expected", default=None)


class ChangedElsewhere(PolicyError):
    """Someone saved this record after the form was opened: reload, then change it again."""


def is_versioned(instance: Model) -> TypeGuard[Versioned]:
    """Whether the row's table has a version counter."""
    return "version" in instance._meta.fields


def current_version(model: type[Versioned], record_id: int) -> int:
    """The version a form shows now (remember it; save inside ``expecting``)."""
    return model.select(model.version).where(model.id == record_id).scalar() or 0


@contextlib.contextmanager
def expecting(model: type[Model], record_id: int, version: int) -> Iterator[None]:
    """Saves of that record inside this block must find it still at ``version``."""
    wanted = dict(_expected.get() or {})
    wanted[(model._meta.table_name, record_id)] = version
    token = _expected.set(wanted)
    try:
        yield
    finally:
        _expected.reset(token)


def _model(table: str) -> type[Versioned]:
    from flexidesk.store.models import FlexiRequest, Placement

    models: dict[str, type[Versioned]] = {"flexi_request": FlexiRequest, "placement": Placement}
    return models[table]


def record_version(table: str, record_id: int) -> int:
    """The version of a flexi request or placement a form shows as it opens."""
    return current_version(_model(table), record_id)


def expecting_record(table: str, record_id: int, version: int):
    """``expecting`` for a flexi request or placement, named by its table."""
    return expecting(_model(table), record_id, version)


def _who_and_when(instance: Versioned) -> ChangedElsewhere:
    """The refusal, naming the last person to change the row and when (from the audit log)."""
    from flexidesk.store.models import AuditEntry, StaffUser

    last = (AuditEntry.select(AuditEntry.username, AuditEntry.at)
            .where((AuditEntry.table_name == instance._meta.table_name)
                   & (AuditEntry.record_id == instance.id)
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
