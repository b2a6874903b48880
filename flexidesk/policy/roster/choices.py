"""The roll as a list to choose a child from: names, year and birthday, read through the actor."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from flexidesk.policy.records.access import Actor, require, viewed_list
from flexidesk.store.database import db
from flexidesk.store.models import Pupil


class PupilChoice(NamedTuple):
    """One child as a picker offers them (the birthday tells two Sams apart)."""

    id: int
    first_name: str
    last_name: str
    preferred_name: str | None
    year_group: int
    born: dt.date | str  # ISO text straight from SQLite; a server's driver gives a date


def pupil_choices(actor: Actor, *, include_left: bool = False) -> list[PupilChoice]:
    """Every child on roll (and those who left, with ``include_left``), by surname.

    Role checked ("pupil.view"); the read names the whole roll, so it is recorded once for
    the list (docs/reads.md)."""
    require(actor, "pupil.view")
    query = (Pupil.select(Pupil.id, Pupil.legal_first_name, Pupil.legal_last_name,
                          Pupil.preferred_name, Pupil.year_group, Pupil.date_of_birth)
             .order_by(Pupil.legal_last_name, Pupil.legal_first_name))
    if not include_left:
        query = query.where(Pupil.left_date.is_null())
    # The raw cursor skips peewee's per-value conversion: 40,000 birthdays stay ISO text
    # until a name is shown.
    choices = [PupilChoice(*row) for row in db.execute(query)]
    viewed_list(actor, "pupil_choices", len(choices), permission="pupil.view")
    return choices
