"""A new school on the trust's server, as the first-run window makes one on a laptop.

The IT team runs it (``flexidesk new-school --server``): the school's row, its staff's
group role and login code, its Headteacher's account and login, and the policy's own
catalogue of interventions, in one transaction.
"""

from __future__ import annotations

import re

from flexidesk.i18n import _
from flexidesk.policy.records import access
from flexidesk.policy.records.access import HEAD, Actor, PolicyError
from flexidesk.policy.school.setup import NewSchool, check_new_school
from flexidesk.policy.vocabulary import DEFAULT_CATALOGUE
from flexidesk.store import engines, server_accounts
from flexidesk.store.database import db
from flexidesk.store.models import Intervention

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,29}$")


def create_school_on_server(database, form: NewSchool, code: str) -> tuple[int, str]:
    """Make the school and its Headteacher's login; returns (school id, what she signs in
    as). ``database`` is the IT team's connection."""
    check_new_school(form)
    if not _CODE.match(code or ""):
        raise PolicyError(_("A school's code is 2 to 30 small letters, digits, dashes or "
                            "underscores (for example 'ashlane'): staff sign in as "
                            "head@ashlane."))
    head_name, username = form.head_name.strip(), form.username.strip()
    taken = database.execute_sql('SELECT count(*) FROM "flexidesk_school_role" WHERE '
                                 '"code" = %s', (code,)).fetchone()[0]
    if taken:
        raise PolicyError(_("There is already a school with the code {code} on the server.")
                          .format(code=code))
    db.initialize(database)  # the rows below go through the models, on this connection
    with access.transaction(), access.setting_up():
        school_id = engines.add_school(database, name=form.school_name.strip(),
                                       headteacher_name=head_name, letter_signatory=head_name,
                                       nation=form.nation, role_name=f"school_{code}",
                                       code=code)
        database.use_school(school_id)
        server_accounts.add_staff(database, username, head_name, HEAD, form.password)
        founder = Actor(username, HEAD, head_name)
        for order, (name, kind, minutes) in enumerate(DEFAULT_CATALOGUE):
            access.create(founder, "catalogue.add", Intervention, name=_(name), kind=kind,
                          minutes_per_week=minutes, sort_order=order)
    return school_id, server_accounts.login_for(database, username)
