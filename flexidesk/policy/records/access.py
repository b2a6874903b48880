"""Who may do what (the written permission matrix) and the one write path with its audit row."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from peewee import Model
from playhouse.shortcuts import model_to_dict

from flexidesk.i18n import _

# Refusals and roles live in light modules (the sign-in form reads them before Peewee is
# loaded); they are named here too, where every other module looks for them.
from flexidesk.policy.errors import PermissionDenied, PolicyError  # noqa: F401
from flexidesk.policy.roles import GOVERNOR, HEAD, OFFICE, PASTORAL, ROLE_LABELS  # noqa: F401
from flexidesk.policy.text import bounded_date
from flexidesk.store import audit
from flexidesk.store.codes import TRUST_ROLES
from flexidesk.store.database import db
from flexidesk.store.errors import StoreError, write_error

_ALL_STAFF = frozenset({HEAD, PASTORAL, OFFICE})

#: The written permission matrix: each permission and the roles that hold it.
PERMISSIONS: dict[str, frozenset[str]] = {
    # school set-up
    "school.edit": frozenset({HEAD}),
    "staff.manage": frozenset({HEAD}),
    "self.preferences": frozenset({HEAD, PASTORAL, OFFICE, GOVERNOR}),  # one's own language
    "closures.edit": frozenset({HEAD, OFFICE}),
    # children and families
    "pupil.view": _ALL_STAFF,
    "pupil.edit": _ALL_STAFF,
    "pupil.import": frozenset({HEAD, OFFICE}),
    # provision map
    "provision.view": frozenset({HEAD, PASTORAL, OFFICE}),
    "provision.edit": frozenset({HEAD, PASTORAL}),
    "provision.catalogue": frozenset({HEAD, PASTORAL}),
    "provision.confidential": frozenset({HEAD, PASTORAL}),
    "review.notes": frozenset({HEAD, PASTORAL}),
    "contact.log": frozenset({HEAD, PASTORAL}),
    # alternative provision
    "provider.view": frozenset({HEAD, PASTORAL, OFFICE}),
    "provider.edit": frozenset({HEAD, PASTORAL}),
    "placement.edit": frozenset({HEAD, PASTORAL}),
    "placement.override": frozenset({HEAD}),
    # flexi-schooling
    "flexi.view": frozenset({HEAD, PASTORAL, OFFICE}),
    "flexi.edit": frozenset({HEAD, PASTORAL}),
    "flexi.consider": frozenset({HEAD}),
    "flexi.decide": frozenset({HEAD}),
    # documents
    "document.issue": frozenset({HEAD, PASTORAL}),
    "document.print": _ALL_STAFF,
    # data protection
    "audit.view": frozenset({HEAD}),
    "backup.run": frozenset({HEAD, PASTORAL, OFFICE}),
    "backup.restore": frozenset({HEAD}),
    "sar.export": frozenset({HEAD}),
    "retention.destroy": frozenset({HEAD}),
    "report.anonymised": frozenset({HEAD, PASTORAL, GOVERNOR}),
    # a trust's central team, on the trust's server only: counts and money across its
    # schools, never a child; they hold nothing else, and no school role holds this
    "trust.view": frozenset(TRUST_ROLES),
    # the trust's AP lead publishes a trust-wide version of our policy for its schools to
    # adopt (each school's Headteacher adopts it, as "school.edit"; the trust cannot)
    "trust.policy": frozenset({"trust_ap_lead"}),
    # free text reaches the governors' report only once the Headteacher has checked it
    "report.release": frozenset({HEAD}),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in member of staff on whose behalf an action runs."""

    username: str
    role: str
    display_name: str = ""
    user_id: int | None = None

    @classmethod
    def from_user(cls, user) -> Actor:
        return cls(user.username, user.role, user.display_name, user.id)


def can(actor: Actor | str, permission: str) -> bool:
    """Whether an actor (or a role) holds ``permission``."""
    role = actor if isinstance(actor, str) else actor.role
    return role in PERMISSIONS[permission]


def require(actor: Actor, permission: str) -> None:
    """Raise PermissionDenied unless the actor's role holds ``permission``."""
    if not can(actor, permission):
        raise PermissionDenied(_("Your role ({role}) does not allow this.").format(
            role=_(ROLE_LABELS.get(actor.role, actor.role))))


F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=Model)


@contextlib.contextmanager
def transaction() -> Iterator[None]:
    """One transaction; a full disk, a read-only file or another program holding the write
    lock comes out as its plain StoreError (nothing was saved). The one way policy code
    opens a transaction: actions get it from ``@action``; a read that records views, or a
    step of its own, uses it directly, never ``db.atomic()``."""
    try:
        with db.atomic():
            yield
    except (PolicyError, StoreError):
        raise  # already the user's message
    except Exception as exc:
        # Peewee's OperationalError, or the driver's own from a bulk write (executemany): the
        # world's problem, not a bug, is told by SQLite's error code; nothing was saved.
        known = write_error(exc, getattr(db.obj, "path", ""))
        if known is None:
            raise
        raise known from exc


#: The name this context manager had before it was made public (branches written then).
_transaction = transaction


@dataclass(frozen=True)
class _Running:
    """The action running now: whose, and under which (checked) permission."""

    actor: Actor
    permission: str


#: Set by ``@action`` while its body runs; the write helpers write only for that actor, and
#: only tables that permission covers (``table_writes``).
_running: ContextVar[_Running | None] = ContextVar("running_action", default=None)

#: Set by ``setting_up()``: a school being made, before anyone can sign in to it.
_setting_up: ContextVar[bool] = ContextVar("setting_up", default=False)


def action(permission: str) -> Callable[[F], F]:
    """Make ``fn(actor, ...)`` a write-path action: role checked, one transaction for all of it."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(actor: Actor, *args, **kwargs):
            require(actor, permission)
            _check_dates((*args, *kwargs.values()))
            token = _running.set(_Running(actor, permission))
            try:
                with transaction():
                    return fn(actor, *args, **kwargs)
            finally:
                _running.reset(token)

        wrapper.permission = permission  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def _check_dates(values, *, forms: bool = True) -> None:
    """Refuse a date outside FIRST_DAY..LAST_DAY wherever an action is given one: as an
    argument, in a list of them, or in a form (a dataclass's own fields), before anything is
    worked out from it (a review in 9999 would overflow as its next date is counted)."""
    for value in values:
        if isinstance(value, dt.date):
            bounded_date(value)
        elif isinstance(value, list | tuple | set):
            for item in value:
                if isinstance(item, dt.date):
                    bounded_date(item)
        elif forms and dataclasses.is_dataclass(value) and not isinstance(value, type):
            _check_dates((getattr(value, f.name) for f in dataclasses.fields(value)),
                         forms=False)


def _check_fields(fields: dict) -> None:
    """The same bound on every date written to a row (the last wall, whatever the caller)."""
    _check_dates(v for v in fields.values() if isinstance(v, dt.date))


def snapshot(instance: Model) -> dict:
    """The row's own columns, for the audit's before/after (foreign keys as ids)."""
    return model_to_dict(instance, recurse=False)


def _pupil_id(instance: Model) -> int | None:
    from flexidesk.store.models import Pupil

    if isinstance(instance, Pupil):
        return instance.id
    return getattr(instance, "pupil_id", None)


#: Set while a staff action (policy.school.staff, setting up a school) writes staff rows.
_staff_permit: ContextVar[bool] = ContextVar("staff_permit", default=False)


@contextlib.contextmanager
def staff_records() -> Iterator[None]:
    """Let the staff actions write staff rows through create/update/delete: they sign the
    role in the key file too. Nothing else may change an account or its role this way."""
    token = _staff_permit.set(True)
    try:
        yield
    finally:
        _staff_permit.reset(token)


@contextlib.contextmanager
def setting_up() -> Iterator[None]:
    """The one door for writes that belong to no signed-in member of staff: a new school's
    first rows (its school, Headteacher, catalogue), made before anyone can sign in to it.
    It takes no actor and no role; window code never opens it (tests/unit/policy/records/
    test_write_guard.py holds that), and only ``policy.school.setup`` and
    ``policy.school.setup_server`` do."""
    token = _setting_up.set(True)
    try:
        yield
    finally:
        _setting_up.reset(token)


def _outside_actions() -> PermissionDenied:
    return PermissionDenied(_("This change can only be made through FlexiDesk's own actions, "
                              "which check your role first."))


def _guard(actor: Actor, model: type[Model], kind: str) -> None:
    """Refuse a write (``kind``: insert, update, delete) unless it runs inside an ``@action``
    for ``actor`` whose permission covers this table, or while a school is set up."""
    table = model._meta.table_name
    if table == "staff_user" and not (_staff_permit.get() or _setting_up.get()):
        raise PermissionDenied(_("Staff accounts and roles are changed only under Tools > "
                                 "Staff and passwords, by the Headteacher."))
    if _setting_up.get():
        return
    running = _running.get()
    if running is None or running.actor != actor or not can(actor, running.permission):
        raise _outside_actions()
    from flexidesk.policy.records.table_writes import write_permissions

    if running.permission not in write_permissions(table, kind):
        raise PermissionDenied(_("Your role ({role}) does not allow this.").format(
            role=_(ROLE_LABELS.get(actor.role, actor.role))))


def create(actor: Actor, verb: str, model: type[M], *, pupil_id: int | None = None,
           **fields) -> M:
    """Insert a row and audit it (only inside an action whose permission covers the table)."""
    _guard(actor, model, "insert")
    _check_fields(fields)
    with audit.changing(verb, pupil_id=pupil_id):
        instance = model.create(**fields)
    audit.changed(actor.username, verb, model._meta.table_name, instance.get_id(),
                  pupil_id=pupil_id if pupil_id is not None else _pupil_id(instance),
                  after=snapshot(instance))
    return instance


def update(actor: Actor, verb: str, instance: M, *, pupil_id: int | None = None,
           **changes) -> M:
    """Change a row's fields and audit before/after (only inside an action whose permission
    covers the table)."""
    _guard(actor, type(instance), "update")
    _check_fields(changes)
    before = snapshot(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    from flexidesk.policy import concurrency

    with audit.changing(verb, pupil_id=pupil_id):
        concurrency.save_checked(instance)  # refused over someone else's change
    after = snapshot(instance)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    audit.changed(actor.username, verb, instance._meta.table_name, instance.get_id(),
                  pupil_id=pupil_id if pupil_id is not None else _pupil_id(instance),
                  before={k: before.get(k) for k in changed}, after=changed)
    return instance


def delete(actor: Actor, verb: str, instance: Model, *, pupil_id: int | None = None) -> None:
    """Remove a row and audit what it held (only inside an action whose permission covers
    the table)."""
    _guard(actor, type(instance), "delete")
    before = snapshot(instance)
    pid = pupil_id if pupil_id is not None else _pupil_id(instance)
    with audit.changing(verb, pupil_id=pid):
        instance.delete_instance()
    audit.changed(actor.username, verb, instance._meta.table_name, before.get("id"),
                  pupil_id=pid, before=before)


def viewed(actor: Actor, what: str, pupil_id: int | None, record_id: int | None = None, *,
           permission: str = "pupil.view") -> None:
    """Audit that the actor opened a child's record (its own small transaction).

    Only someone allowed to see the record may note a view of it (``permission``, the
    read's own): otherwise anyone could fill a child's audit trail with false "views".
    """
    require(actor, permission)
    with transaction():
        audit.record(actor.username, f"view.{what}", what, record_id, pupil_id=pupil_id)


def viewed_each(actor: Actor, what: str, pupil_ids, record_id: int | None = None, *,
                permission: str = "pupil.view") -> None:
    """Audit the view of each child a read showed in detail, in one commit (one disk sync,
    not one a child)."""
    require(actor, permission)
    with transaction():
        for pupil_id in sorted(set(pupil_ids)):
            audit.record(actor.username, f"view.{what}", what, record_id, pupil_id=pupil_id)


def viewed_list(actor: Actor, what: str, rows: int, *, permission: str) -> None:
    """Audit that the actor read a list naming children: one row for the list (how many
    lines it had), not one a child. docs/reads.md says which reads are recorded how."""
    require(actor, permission)
    with transaction():
        audit.record(actor.username, f"view.{what}", what, None, after={"rows": rows})
