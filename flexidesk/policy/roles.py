"""The four roles staff hold and what they are called (read by the sign-in form, before
the database layer has loaded)."""

from __future__ import annotations

from flexidesk.i18n import N_
from flexidesk.store.codes import ROLES

HEAD, PASTORAL, OFFICE, GOVERNOR = ROLES

ROLE_LABELS = {
    HEAD: N_("Headteacher"),
    PASTORAL: N_("Pastoral Lead"),
    OFFICE: N_("Office"),
    GOVERNOR: N_("Governor"),
    # held only on a trust's server
    "trust_ap_lead": N_("Trust AP lead"),
    "trust_safeguarding_lead": N_("Trust safeguarding lead"),
    "trust_governor": N_("Trust governor"),
}
