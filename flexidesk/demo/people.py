"""The demo school's children and families: names, dates, classes and carers."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from flexidesk.demo.common import academic_year_start, weekday_on_or_after
from flexidesk.demo.names import (
    ADULT_MEN,
    ADULT_WOMEN,
    ALL_BOYS,
    ALL_GIRLS,
    BRITISH_GIRLS,
    BRITISH_SURNAMES,
    COUNTY,
    ESTABLISHMENT,
    GROUPS,
    LA_CODE,
    POSTCODE_LETTERS,
    PREFERRED,
    STREETS,
    TOWN,
    TREES,
    UPN_LETTERS,
    VILLAGES,
)


def upn_check_letter(body: str) -> str:
    """The DfE check letter for the 12 characters after it (weights 2..13, modulo 23)."""
    total = sum(int(ch) * weight for weight, ch in enumerate(body, start=2))
    return UPN_LETTERS[total % 23]



@dataclass
class DemoPupil:
    id: int
    first: str
    last: str
    preferred: str | None
    dob: dt.date
    year: int
    on_roll: dt.date
    sen: bool
    ehc: bool
    lac: bool
    pp: bool
    upn: str = ""
    class_name: str = ""
    adults: list[int] = field(default_factory=list)


@dataclass
class DemoAdult:
    id: int
    title: str
    first: str
    last: str
    phone: str
    email: str
    address: str
    postcode: str


class People:
    """Families of children and adults built from one random stream."""

    def __init__(self, rng: random.Random, n_pupils: int, today: dt.date):
        self.rng = rng
        self.today = today
        self.year_start = academic_year_start(today)
        self.pupils: list[DemoPupil] = []
        self.adults: list[DemoAdult] = []
        self.links: list[tuple] = []  # PupilAdult rows without id
        self._upns: dict[tuple[str, str, int], int] = {}
        self._addresses: set[str] = set()
        while len(self.pupils) < n_pupils:
            self._family(n_pupils - len(self.pupils))
        self._assign_classes()

    # families -------------------------------------------------------------------------------

    def _family(self, room: int) -> None:
        rng = self.rng
        weights = [g[0] for g in GROUPS]
        group = rng.choices(GROUPS, weights)[0]
        _share, girls, boys, surnames = group
        surname = rng.choice(surnames)
        if rng.random() < 0.04:  # some families carry both parents' names
            other = rng.choice(BRITISH_SURNAMES if rng.random() < 0.7 else surnames)
            if other != surname:
                surname = f"{surname}-{other}"
        size = min(room, rng.choices((1, 2, 3, 4), (58, 31, 9, 2))[0])
        lac = rng.random() < 0.011 and size == 1
        address, postcode = self._address()
        carers = self._carers(surname, address, postcode, lac, group)
        years = rng.sample(range(7), size)
        given: set[str] = set()
        for year in years:
            girl = rng.random() < 0.5
            pool = (girls if girl else boys) if rng.random() < 0.8 else (
                ALL_GIRLS if girl else ALL_BOYS)
            first = rng.choice(pool)
            while first in given:  # no two siblings share a first name
                first = rng.choice(ALL_GIRLS if girl else ALL_BOYS)
            given.add(first)
            preferred = PREFERRED.get(first) if rng.random() < 0.45 else None
            last = surname if rng.random() < 0.92 else rng.choice(surnames)
            pupil = self._pupil(first, last, preferred, year, lac)
            for priority, (adult_id, relationship, pr, lives) in enumerate(carers, start=1):
                self.links.append((pupil.id, adult_id, relationship, pr, lives, True, priority))
                pupil.adults.append(adult_id)

    def _carers(self, surname: str, address: str, postcode: str, lac: bool,
                group: tuple) -> list[tuple[int, str, bool, bool]]:
        """The family's adults: (adult id, relationship, parental responsibility, lives with)."""
        rng = self.rng
        if lac:  # the local authority shares parental responsibility; the carer gets letters
            carer = self._adult(rng.choice(("Mrs", "Ms", "Mr")), None, rng.choice(
                BRITISH_SURNAMES), address, postcode)
            return [(carer, "foster carer", False, True)]
        mother_last = surname if rng.random() < 0.8 else rng.choice(BRITISH_SURNAMES)
        mother = self._adult(rng.choice(("Mrs", "Mrs", "Ms", "Miss", "Dr")), "f",
                             mother_last, address, postcode, group)
        roll = rng.random()
        if roll < 0.62:
            father = self._adult(rng.choice(("Mr", "Mr", "Mr", "Dr")), "m", surname.split("-")[0],
                                 address, postcode, group)
            return [(mother, "mother", True, True), (father, "father", True, True)]
        if roll < 0.78:  # parents apart: both get letters, at their own addresses
            elsewhere, elsewhere_pc = self._address()
            father = self._adult("Mr", "m", surname.split("-")[0], elsewhere, elsewhere_pc,
                                 group)
            return [(mother, "mother", True, True), (father, "father", True, False)]
        if roll < 0.82:
            gran = self._adult("Mrs", "f", rng.choice(BRITISH_SURNAMES), address, postcode)
            return [(mother, "mother", True, True), (gran, "grandmother", True, True)]
        return [(mother, "mother", True, True)]

    def _address(self) -> tuple[str, str]:
        rng = self.rng
        for _attempt in range(50):
            street_index = rng.randrange(len(STREETS))
            number = rng.randint(1, 180)
            village = VILLAGES[street_index % len(VILLAGES)]
            line = f"{number} {STREETS[street_index]}"
            if line + village not in self._addresses:
                break
            line = f"Flat {rng.randint(1, 40)}, {line}"
            if line + village not in self._addresses:
                break
        self._addresses.add(line + village)
        district = 1 + street_index % 9
        unit = POSTCODE_LETTERS[(street_index * 7 + number // 20) % len(POSTCODE_LETTERS)]
        unit2 = POSTCODE_LETTERS[(street_index * 3 + number // 40) % len(POSTCODE_LETTERS)]
        postcode = f"KX{district} {number % 9 + 1}{unit}{unit2}"
        lines = [line, village] if village == TOWN else [line, village, TOWN]
        return "\n".join(lines + [COUNTY]), postcode

    def _adult(self, title: str, sex: str | None, last: str, address: str,
               postcode: str, group: tuple | None = None) -> int:
        rng = self.rng
        if sex is None:
            sex = "m" if title == "Mr" else "f"
        if group is not None and group[1] is not BRITISH_GIRLS and rng.random() < 0.8:
            first = rng.choice(group[2] if sex == "m" else group[1])
        else:
            first = rng.choice(ADULT_MEN if sex == "m" else ADULT_WOMEN)
        adult_id = len(self.adults) + 1
        # Ofcom's drama numbers and the reserved example domains: nobody real is reachable.
        phone = (f"07700 900{rng.randrange(1000):03d}" if rng.random() < 0.85
                 else f"01632 960{rng.randrange(1000):03d}")
        handle = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
        email = f"{handle}{rng.randint(1, 99)}@example.{rng.choice(('com', 'org', 'net'))}"
        self.adults.append(DemoAdult(adult_id, title, first, last, phone, email, address,
                                  postcode))
        return adult_id

    # children -------------------------------------------------------------------------------

    def _pupil(self, first: str, last: str, preferred: str | None, year: int,
               lac: bool) -> DemoPupil:
        rng = self.rng
        born_from = dt.date(self.year_start - 5 - year, 9, 1)
        dob = born_from + dt.timedelta(days=rng.randrange(365))
        started = weekday_on_or_after(dt.date(self.year_start - year, 9, 4))
        if year > 0 and rng.random() < 0.12:  # joined partway through
            started = weekday_on_or_after(started + dt.timedelta(days=rng.randrange(365 * year)))
        started = min(started, self.today)
        ehc = rng.random() < 0.025
        sen = not ehc and rng.random() < 0.13
        pp = lac or rng.random() < 0.24
        pupil = DemoPupil(len(self.pupils) + 1, first, last, preferred, dob, year, started,
                       sen, ehc, lac, pp)
        pupil.upn = self._upn(started.year % 100)
        self.pupils.append(pupil)
        return pupil

    def _upn(self, yy: int) -> str:
        """A unique, well-formed UPN: check letter, LA, establishment, year, serial."""
        rng = self.rng
        la, school = LA_CODE, ESTABLISHMENT
        if rng.random() < 0.15:  # moved here from another school, keeping their number
            la = rng.choice((LA_CODE, LA_CODE, "991", "992"))
            school = f"{rng.randint(2001, 2399)}"
        while self._upns.get((la, school, yy), 0) >= 999:
            school = f"{rng.randint(2001, 3999)}"
        serial = self._upns.get((la, school, yy), 0) + 1
        self._upns[(la, school, yy)] = serial
        body = f"{la}{school}{yy:02d}{serial:03d}"
        return upn_check_letter(body) + body

    def _assign_classes(self) -> None:
        by_year: dict[int, list[DemoPupil]] = {}
        for pupil in self.pupils:
            by_year.setdefault(pupil.year, []).append(pupil)
        for year, pupils in by_year.items():
            classes = max(1, math.ceil(len(pupils) / 30))
            prefix = "R" if year == 0 else str(year)
            names = []
            for i in range(classes):
                tree = TREES[(i + year) % len(TREES)]
                round_ = i // len(TREES)
                names.append(f"{prefix} {tree}" + (f" {round_ + 1}" if round_ else ""))
            order = sorted(pupils, key=lambda p: (p.last, p.first, p.id))
            self.rng.shuffle(order)
            for i, pupil in enumerate(order):
                pupil.class_name = names[i % classes]
