"""The demo's writer: one class that writes the school, its staff and its children."""

from __future__ import annotations

import datetime as dt
import random

from flexidesk.demo.common import (
    Progress,
    bulk,
    demo_terms,
    iso,
    weekday_on_or_after,
    working_day_before,
)
from flexidesk.demo.flexi import FlexiSeeding
from flexidesk.demo.names import COUNTY, LOCAL_AUTHORITY, PROVISION_LEAD, SCHOOL_NAME, TOWN
from flexidesk.demo.people import People
from flexidesk.demo.providers import ProvidersSeeding
from flexidesk.demo.provision import ProvisionSeeding
from flexidesk.demo_accounts import DEMO_ACCOUNTS
from flexidesk.i18n import _
from flexidesk.policy.school.catalogue import PROVISION_LEAD_KEY
from flexidesk.policy.school.working_days import WorkingCalendar
from flexidesk.store import audit
from flexidesk.store.models import (
    Adult,
    ClosureDay,
    Pupil,
    PupilAdult,
    School,
    Setting,
    StaffUser,
    Term,
)


class Seeder(ProvisionSeeding, ProvidersSeeding, FlexiSeeding):
    """Writes one demo school into the open database."""

    def __init__(self, seed: int, n_pupils: int, today: dt.date, progress: Progress | None):
        self.seed = seed
        self.today = today
        self.progress = progress or (lambda _fraction, _label: None)
        self.stamp = dt.datetime.combine(today, dt.time(8, 0)).isoformat(sep=" ")
        self.counts: dict[str, int] = {}
        self.closures = self._closures()
        self.terms = demo_terms(today)
        self.cal = WorkingCalendar("ENG", self.closures, [(s, e) for _n, s, e in self.terms])
        self.people = People(random.Random(f"{seed}:people"), n_pupils, today)
        self.staff: dict[str, int] = {}

    def _rng(self, part: str) -> random.Random:
        return random.Random(f"{self.seed}:{part}")

    def days(self, n: int) -> dt.date:
        return self.today + dt.timedelta(days=n)

    def wd(self, n: int) -> dt.date:
        """``n`` working days after (n > 0) or before (n < 0) today."""
        if n >= 0:
            return self.cal.add_working_days(self.today, n)
        return working_day_before(self.cal, self.today, -n)

    def _closures(self) -> list[dt.date]:
        """Two INSET days well away from the flexi deadlines, so both calendars agree there."""
        past = weekday_on_or_after(self.today - dt.timedelta(days=75))
        future = weekday_on_or_after(self.today + dt.timedelta(days=45))
        return [past, future]

    def run(self) -> None:
        steps = (
            (_("school and staff"), self.school),
            (_("children and families"), self.pupils),
            (_("interventions"), self.provision),
            (_("providers and placements"), self.providers),
            (_("flexi-schooling requests"), self.flexi),
        )
        for done, (label, step) in enumerate(steps):
            self.progress(done / len(steps), label)
            step()
        audit.record("system", "demo.seed", "school", 1,
                     after={"seed": self.seed, "pupils": len(self.people.pupils)})
        self.progress(1.0, _("done"))

    def _count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    # school ---------------------------------------------------------------------------------

    def school(self) -> None:
        head = DEMO_ACCOUNTS[0][1]
        School.insert(
            id=1, name=SCHOOL_NAME, address=f"Brook Lane\n{TOWN}\n{COUNTY}", postcode="KX1 4BL",
            phone="01632 960417", email="office@kestrelford-brook.example.org",
            website="www.kestrelford-brook.example.org", headteacher_name=f"Mrs {head}",
            nation="ENG", locale="en_GB", letter_signatory=f"Mrs {head}",
            signatory_title=_("Headteacher"), local_authority=LOCAL_AUTHORITY,
            la_notify_flexi=True, created_at=self.stamp).execute()
        rows = [(i, username, display, role,
                 f"{username}@kestrelford-brook.example.org", True, self.stamp)
                for i, (username, display, role, _password) in enumerate(DEMO_ACCOUNTS, 1)]
        bulk(StaffUser, (StaffUser.id, StaffUser.username, StaffUser.display_name,
                          StaffUser.role, StaffUser.email, StaffUser.active,
                          StaffUser.created_at), rows)
        self.staff = {role: i for i, (_u, _d, role, _p) in enumerate(DEMO_ACCOUNTS, 1)}
        bulk(ClosureDay, (ClosureDay.date, ClosureDay.reason),
              [(iso(d), _("Staff training day")) for d in self.closures])
        self._count("staff", len(rows))
        self._count("closure days", len(self.closures))
        bulk(Term, (Term.name, Term.start_date, Term.end_date),
             [(name, iso(start), iso(end)) for name, start, end in self.terms])
        self._count("terms", len(self.terms))
        Setting.insert(key=PROVISION_LEAD_KEY, value=PROVISION_LEAD).execute()

    def pupils(self) -> None:
        people = self.people
        bulk(Pupil, (Pupil.id, Pupil.upn, Pupil.legal_first_name, Pupil.legal_last_name,
                      Pupil.preferred_name, Pupil.date_of_birth, Pupil.year_group,
                      Pupil.class_name, Pupil.sen_support, Pupil.ehc_plan, Pupil.looked_after,
                      Pupil.pupil_premium, Pupil.on_roll_date, Pupil.created_at),
              [(p.id, p.upn, p.first, p.last, p.preferred, iso(p.dob), p.year, p.class_name,
                p.sen, p.ehc, p.lac, p.pp, iso(p.on_roll), self.stamp) for p in people.pupils])
        bulk(Adult, (Adult.id, Adult.title, Adult.first_name, Adult.last_name, Adult.phone,
                      Adult.email, Adult.address, Adult.postcode, Adult.created_at),
              [(a.id, a.title, a.first, a.last, a.phone, a.email, a.address, a.postcode,
                self.stamp) for a in people.adults])
        bulk(PupilAdult, (PupilAdult.pupil, PupilAdult.adult, PupilAdult.relationship,
                           PupilAdult.parental_responsibility, PupilAdult.lives_with,
                           PupilAdult.receives_letters, PupilAdult.priority), people.links)
        self._count("pupils", len(people.pupils))
        self._count("adults", len(people.adults))
