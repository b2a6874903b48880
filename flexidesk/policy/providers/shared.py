"""Changes to the register's rows, which a trust's server shares between its schools.

On a file they are the school's own rows, written as any other. On a server a school may
not change them directly: the server's ``flexidesk.shared_update`` does, and refuses a
change to what another school's current placement relies on (``store.server_shared``);
its refusals come back here in the words the Providers tab shows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TypeVar

import peewee

from flexidesk.i18n import _
from flexidesk.policy import concurrency
from flexidesk.policy.engine import on_server
from flexidesk.policy.errors import PermissionDenied, PolicyError
from flexidesk.policy.records.access import Actor, create, update
from flexidesk.store import audit, server_shared
from flexidesk.store.database import db

M = TypeVar("M", bound=peewee.Model)


def server_code(exc: BaseException) -> str | None:
    """The SQLSTATE of a server's refusal, found along the exception's chain."""
    seen: BaseException | None = exc
    while seen is not None:
        code = getattr(seen, "pgcode", None)
        if code:
            return code
        seen = (getattr(seen, "orig", None) or (seen.args[0] if seen.args and isinstance(
            seen.args[0], BaseException) else None) or seen.__cause__ or seen.__context__)
    return None


@contextlib.contextmanager
def refusals(instance: peewee.Model | None = None) -> Iterator[None]:
    """The server's refusals of a change to a shared row, as the tab says them."""
    try:
        yield
    except peewee.DatabaseError as exc:
        code = server_code(exc)
        if code == server_shared.RELIED_ON:
            raise PolicyError(_(
                "Another school's current placement relies on this record, which the trust "
                "shares: ask the trust's AP lead to change it.")) from exc
        if code == "40001" and instance is not None:  # serialization_failure
            raise concurrency.changed_elsewhere(instance) from exc
        if code == "42501":
            raise PermissionDenied(_("You may not change the provider register.")) from exc
        raise


def create_shared(actor: Actor, verb: str, model: type[M], **fields) -> M:
    """Add a row to a shared table (the server refuses a check or checklist item another
    school's current placement relies on)."""
    with refusals():
        return create(actor, verb, model, **fields)


def update_shared(actor: Actor, verb: str, instance: M, **changes) -> M:
    """Change a row of a shared table: directly on a file, through the server's function on a
    server (refused over another school's current placement, or someone else's change)."""
    if not on_server():
        return update(actor, verb, instance, **changes)
    model = type(instance)
    record_id = instance.get_id()
    digest = None
    expected = concurrency.expected_version(instance)
    if expected is not None:
        stored, digest = server_shared.stored_with_digest(model, record_id)
        if stored is None or concurrency.fingerprint(stored) != expected:
            raise concurrency.changed_elsewhere(instance)
    fields = {}
    for name, value in changes.items():
        field = model._meta.fields[name]
        fields[field.column_name] = value.get_id() if isinstance(value, peewee.Model) else value
    with refusals(instance), audit.changing(verb):
        server_shared.update_row(db.obj, model._meta.table_name, record_id, fields, digest)
    fresh = model.get_by_id(record_id)
    if expected is not None:
        concurrency.saved(fresh)
    return fresh
