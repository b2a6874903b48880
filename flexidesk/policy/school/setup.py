"""Setting up a new school (key file, encrypted database, headteacher) and its school-wide settings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from flexidesk.i18n import _
from flexidesk.policy.records import access
from flexidesk.policy.records.access import HEAD, Actor, PolicyError, action
from flexidesk.policy.school import signing
from flexidesk.policy.school.catalogue import PROVISION_LEAD_KEY
from flexidesk.policy.school.staff import check_password
from flexidesk.policy.text import LINE, NAME, bounded
from flexidesk.policy.vocabulary import DEFAULT_CATALOGUE
from flexidesk.store import audit
from flexidesk.store.authority import Signer, fingerprint
from flexidesk.store.database import FlexiDatabase
from flexidesk.store.governors_file import governors_path
from flexidesk.store.keyslots import KeySlots, keyfile_path
from flexidesk.store.models import NATIONS, Intervention, School, Setting, StaffUser
from flexidesk.store.opening import open_database

USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")

AUTO_LOCK_KEY = "auto_lock_minutes"
AUTO_LOCK_DEFAULT = 5
AUTO_LOCK_RANGE = (1, 15)


@dataclass(frozen=True)
class NewSchool:
    """What the first-run form asks for."""

    school_name: str
    head_name: str
    nation: str
    username: str
    password: str
    password_again: str
    provision_lead: str = ""  # the senior leader who leads the provision map


def check_new_account(username: str, password: str, password_again: str,
                      *personal: str) -> None:
    """Raise PolicyError with a plain message if a new sign-in name or password will not do."""
    if not USERNAME_PATTERN.match(username):
        raise PolicyError(_(
            "A sign-in name is 2 to 32 characters: small letters, digits, dots, dashes or "
            "underscores, starting with a letter (for example 'aquill')."))
    check_password(password, username, *personal)
    if password != password_again:
        raise PolicyError(_("The two passwords are not the same. Please type them again."))


def check_new_school(form: NewSchool) -> None:
    """Raise PolicyError naming the first thing missing or wrong in the first-run form."""
    if not form.school_name.strip():
        raise PolicyError(_("Please give the school's name."))
    if not form.head_name.strip():
        raise PolicyError(_("Please give the headteacher's name."))
    bounded(form.school_name, _("The school's name"), LINE, single_line=True)
    bounded(form.head_name, _("The headteacher's name"), NAME, single_line=True)
    bounded(form.provision_lead, _("Provision map led by"), NAME, single_line=True)
    if form.nation not in NATIONS:
        raise PolicyError(_("Please choose England, Wales, Scotland or Northern Ireland."))
    check_new_account(form.username.strip(), form.password, form.password_again,
                      form.head_name, form.school_name)


def _remove_partial(db_path: Path) -> None:
    """Undo a half-made school so the next attempt starts clean (nothing in it was saved)."""
    for leftover in (db_path, db_path.with_name(db_path.name + "-wal"),
                     db_path.with_name(db_path.name + "-shm"), keyfile_path(db_path),
                     governors_path(db_path)):
        leftover.unlink(missing_ok=True)


def create_school(db_path: Path | str, form: NewSchool, *,
                  demo: bool = False) -> tuple[FlexiDatabase, Actor, str]:
    """Make a new encrypted school: key file with a recovery slot, database, school, headteacher.

    Returns the open database, the headteacher as the signed-in actor, and the recovery
    key (to be shown and printed once; it is not stored anywhere). Every row is audited.
    """
    check_new_school(form)
    db_path = Path(db_path)
    if db_path.exists() or keyfile_path(db_path).exists():
        raise PolicyError(_("There is already a school at {path}; open it instead.").format(
            path=db_path))
    if not db_path.parent.exists():
        db_path.parent.mkdir(mode=0o700, parents=True)
    username, head_name = form.username.strip(), form.head_name.strip()
    try:
        signer = Signer.generate()
        _ring, key, recovery = KeySlots.create(db_path, [(username, head_name, form.password)],
                                              demo=demo, roles={username: HEAD},
                                              today=dt.date.today().isoformat(), signer=signer)
        database = open_database(db_path, key, create=True)
        database.signer = signer  # the founding Headteacher is signed in
        founder = Actor(username, HEAD, head_name)
        # Nobody can sign in yet: the school's first rows go through the set-up door.
        with access.transaction(), access.setting_up():
            user = access.create(founder, "staff.add", StaffUser, username=username,
                                 display_name=head_name, role=HEAD)
            access.create(founder, "school.create", School, name=form.school_name.strip(),
                          headteacher_name=head_name, letter_signatory=head_name,
                          nation=form.nation)
            for order, (name, kind, minutes) in enumerate(DEFAULT_CATALOGUE):
                access.create(founder, "catalogue.add", Intervention, name=_(name), kind=kind,
                              minutes_per_week=minutes, sort_order=order)
            # The log keeps that this school's roles are signed: a key file whose signing
            # key is later taken out is then not mistaken for an older school's.
            audit.record(username, signing.SIGNED_ACTION, "staff_user", None, after={
                "roles": {username: HEAD}, "authority": fingerprint(signer.public)})
            if form.provision_lead.strip():
                access.create(founder, "setting.add", Setting, key=PROVISION_LEAD_KEY,
                              value=form.provision_lead.strip())
    except BaseException:
        from flexidesk.store.database import close_database

        close_database()
        _remove_partial(db_path)
        raise
    from flexidesk.policy.records import continuity, governors

    continuity.attach(database)  # this computer remembers the school from its first entry
    governors.refresh_quietly(database)
    return database, Actor.from_user(user), recovery


# --- settings --------------------------------------------------------------------------------


@overload
def get_setting(key: str, default: str) -> str: ...
@overload
def get_setting(key: str, default: None = None) -> str | None: ...
def get_setting(key: str, default: str | None = None) -> str | None:
    """A school-wide setting's text, or ``default`` when it was never set."""
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row is not None else default


def auto_lock_minutes() -> int:
    """Minutes of idleness before the window locks (the school's setting, else 5)."""
    try:
        minutes = int(get_setting(AUTO_LOCK_KEY, str(AUTO_LOCK_DEFAULT)))
    except ValueError:
        return AUTO_LOCK_DEFAULT
    low, high = AUTO_LOCK_RANGE
    return min(max(minutes, low), high)


@action("school.edit")
def set_auto_lock_minutes(actor: Actor, minutes: int) -> int:
    """Set the idle minutes before the window locks (1 to 15); audited."""
    low, high = AUTO_LOCK_RANGE
    if not isinstance(minutes, int) or not low <= minutes <= high:
        raise PolicyError(_("The window can lock after {low} to {high} minutes.").format(
            low=low, high=high))
    row = Setting.get_or_none(Setting.key == AUTO_LOCK_KEY)
    if row is None:
        access.create(actor, "setting.add", Setting, key=AUTO_LOCK_KEY, value=str(minutes))
    else:
        access.update(actor, "setting.edit", row, value=str(minutes))
    return minutes


@dataclass(frozen=True)
class SchoolProfile:
    """What forms and headings show of the school itself (nothing about any child)."""

    name: str
    headteacher_name: str
    local_authority: str
    locale: str | None = None  # the school's language for the interface, if it chose one


def profile() -> SchoolProfile:
    """The school's name, headteacher, local authority and locale ('' where not set up yet)."""
    school = School.select().first()
    if school is None:
        return SchoolProfile("", "", "")
    return SchoolProfile(school.name, school.headteacher_name, school.local_authority or "",
                         school.locale or None)
