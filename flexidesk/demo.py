"""A realistic, entirely fictional demo school of any size, deterministic per seed.

Everything is made up: the school, its town and local authority, its staff, the children
and their families. Dates are relative to today, so that "a decision due in two working
days" stays true on whatever day the demo is written; everything else follows the seed.
Rows go in with bulk inserts inside one transaction, so 40,000 pupils take seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flexidesk.demo_accounts import DEMO_ACCOUNTS
from flexidesk.i18n import _
from flexidesk.policy.calendar import WorkingCalendar
from flexidesk.policy.vocabulary import CHECKLIST, DEFAULT_CATALOGUE, FACTORS, format_sessions
from flexidesk.store import audit
from flexidesk.store.database import open_database
from flexidesk.store.errors import StoreError
from flexidesk.store.keyring import Keyring, keyfile_path
from flexidesk.store.models import (
    Adult,
    AgreementParty,
    ClosureDay,
    DueDiligenceItem,
    Enrolment,
    EnrolmentReview,
    FactorAssessment,
    FamilyContact,
    FlexiAgreement,
    FlexiAlternative,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiRequestAdult,
    FlexiReview,
    Intervention,
    Placement,
    PlacementReview,
    Provider,
    ProviderSite,
    Pupil,
    PupilAdult,
    School,
    StaffUser,
)

#: The demo's staff, one per role: (username, display name, role, password).

SCHOOL_NAME = "Kestrelford Brook Primary School"
TOWN = "Kestrelford"
COUNTY = "Wealdshire"
LOCAL_AUTHORITY = "Wealdshire County Council"
LA_CODE = "990"  # not a real local-authority number
ESTABLISHMENT = "2417"
MIN_PUPILS = 30  # enough children for every flexi stage and the placements
CHUNK = 500  # rows per INSERT statement

Progress = Callable[[float, str], None]

# --- names ------------------------------------------------------------------------------
# Each heritage group: (share of families, girls' names, boys' names, surnames). Children
# mostly take names from their family's group and sometimes from any group, as in a real
# English town; the combinations are random, so no name belongs to a real child.

_BRITISH_GIRLS = """Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella
Grace Daisy Sienna Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie
Matilda Ruby Alice Aurora Maya Esme Hallie Lucy Eliza Bonnie Ada Emilia Maisie Hannah Layla
Mila Thea Georgia Imogen Erin Nancy Harriet Orla Niamh Aoife Ciara Cerys Seren Ffion Megan
Carys Eilidh Chloe Jessica Lauren Abigail Holly Jasmine Scarlett Violet Iris Hazel Clara
Beatrice Edith Martha Mabel Penelope Rose Lottie Kitty Eva Anna Sophie Katie Caitlin Bethan
Tegan Annabel Rebecca Naomi Leah Esther Miriam Talia Elizabeth Margaret Katherine Keziah
Tiana Shanice Imani Nia""".split()
_BRITISH_BOYS = """Noah Oliver George Arthur Leo Harry Oscar Archie Henry Theodore Freddie Jack
Charlie Theo Alfie Jacob Thomas Finley Arlo William Lucas Roman Tommy Isaac Teddy Alexander
Luca Edward James Joshua Albie Elijah Max Reggie Hugo Louie Ronnie Rory Sebastian Samuel
Ezra Jude Harrison Toby Elliot Daniel Benjamin Joseph Dylan Ethan Callum Connor Liam Cian
Oisin Niall Rhys Dafydd Osian Gethin Owain Euan Fraser Hamish Angus Lewis Raphael Felix
Jasper Rupert Otis Stanley Frank Sonny Bobby Harvey Tyler Mason Logan Kieran Declan Ryan
Sean Aidan Nathan Aaron Caleb Levi Reuben Micah Gabriel Adam Patrick Matthew Luke Christopher
Zachary Frederick Jamal Malik Tyrese Kai Jayden""".split()
_BRITISH_SURNAMES = """Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts
Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson
Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen
James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook
Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Marshall Anderson
Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Campbell
Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens
Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard Andrews Stewart
Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson
Bradley Spencer Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong
Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh
Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton
Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke Bates Henderson Parry Burgess
Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton
Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins
Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon
Doyle Wallace George Jordan Hutchinson MacLeod Sinclair Morrison McKenzie Ferguson""".split()

_GROUPS: tuple[tuple[float, list[str], list[str], list[str]], ...] = (
    (0.60, _BRITISH_GIRLS, _BRITISH_BOYS, _BRITISH_SURNAMES),
    (0.07, "Zainab Aisha Fatima Maryam Hafsa Khadija Inaya Aaliyah Noor Hana Leila Yasmin "
           "Safiya Sana Mehwish Rabia Sumaya Amira Iman Zara Alisha Hiba".split(),
     "Muhammad Mohammed Ibrahim Yusuf Zayn Ayaan Ali Hamza Bilal Omar Idris Musa Ismail "
     "Zain Rayan Haroon Imran Tariq Saad Adil".split(),
     "Khan Hussain Ahmed Ali Rahman Miah Islam Uddin Chowdhury Akhtar Iqbal Malik Mahmood "
     "Aslam Qureshi Shah Begum Siddiqui Rashid Nawaz".split()),
    (0.05, "Priya Ananya Diya Kavya Ishani Riya Saanvi Simran Harleen Jasleen Amrit Meera "
           "Anika Tara Navya Jaspreet Pooja".split(),
     "Arjun Aarav Vihaan Rohan Dev Kabir Ishaan Reyansh Sahil Harjit Gurpreet Jaskaran "
     "Manveer Aryan Krish Nikhil Ravi".split(),
     "Patel Singh Kaur Sharma Mistry Chauhan Parmar Joshi Mehta Desai Gupta Kumar Sandhu "
     "Dhillon Gill Bains Sidhu Shah Rana Kapoor".split()),
    (0.05, "Zofia Zuzanna Julia Lena Oliwia Natalia Alicja Maja Hanna Wiktoria Amelia "
           "Ioana Andreea Elena Bianca Maria Daria".split(),
     "Kacper Jakub Szymon Filip Antoni Mikolaj Wojciech Jan Aleksander Andrei Matei "
     "Stefan Mihai Darius Luca Tudor".split(),
     "Nowak Kowalski Wisniewski Wojcik Kaminski Lewandowski Zielinski Szymanski Wozniak "
     "Dabrowski Popescu Ionescu Popa Stan Dumitru Radu Moldovan".split()),
    (0.05, "Nneka Chidinma Adaeze Amaka Ngozi Folake Temi Ayomide Abena Efua Adwoa "
           "Chioma Zainab Tolu Ifeoma Esi".split(),
     "Chukwuemeka Chidi Obinna Tobi Ayodele Femi Kwame Kofi Kwabena Tunde Emeka "
     "Kelechi Yaw Kojo Daniel Samuel".split(),
     "Okafor Okoye Adeyemi Adebayo Oladipo Eze Nwosu Obi Mensah Owusu Boateng Asante "
     "Osei Afolabi Ogunleye Appiah".split()),
    (0.04, "Maria Ines Beatriz Leonor Sara Giulia Chiara Sofia Matilde Francesca Ana "
           "Lucia Carolina".split(),
     "Tiago Rafael Duarte Mateo Marco Alessandro Lorenzo Joao Diogo Gabriel Tomas "
     "Pedro Matteo".split(),
     "Silva Santos Ferreira Pereira Costa Oliveira Rodrigues Almeida Rossi Russo "
     "Ferrari Esposito Romano Ricci".split()),
    (0.03, "Hodan Ifrah Ayan Sahra Hibo Najma Amina Fardowsa Ladan".split(),
     "Abdi Mohamed Abdirahman Hassan Abdullahi Liban Mustafe Yasin Ayub".split(),
     "Mohamed Abdullahi Warsame Farah Hassan Ahmed Ali Jama Nur Egal".split()),
    (0.03, "Ayse Elif Zeynep Defne Ebru Selin Ecem Nehir Yagmur".split(),
     "Emre Mehmet Deniz Kerem Mustafa Baran Efe Can Arda".split(),
     "Yilmaz Kaya Demir Sahin Celik Aydin Ozturk Arslan Dogan".split()),
    (0.03, "Mei Xin Yan Lin Hui Thuy Linh Mai Jia Yu Ngoc Anh".split(),
     "Wei Jun Hao Ming Minh Duc Bao Tuan Jie Hong Kai".split(),
     "Nguyen Tran Pham Chen Wang Li Zhang Liu Wong Cheung Lam Huang Le Ho".split()),
    (0.05, _BRITISH_GIRLS, _BRITISH_BOYS,
     "Campbell Thomas Brown Williams Clarke Francis Grant Campbell Morgan Reid Bailey "
     "Robinson Lewis Edwards Henry Gayle Ellis Barnes Douglas".split()),
)
_ALL_GIRLS = sorted({n for g in _GROUPS for n in g[1]})
_ALL_BOYS = sorted({n for g in _GROUPS for n in g[2]})

#: Familiar forms some children go by.
_PREFERRED = {
    "Alexander": "Alex", "Elizabeth": "Libby", "Oliver": "Ollie", "William": "Will",
    "Thomas": "Tom", "Benjamin": "Ben", "Samuel": "Sam", "Matilda": "Tilly",
    "Isabella": "Bella", "Margaret": "Maggie", "Katherine": "Kate", "Joseph": "Joe",
    "Daniel": "Dan", "Florence": "Flo", "Theodore": "Teddy", "Frederick": "Freddie",
    "Penelope": "Penny", "Christopher": "Kit", "Zachary": "Zac", "Abigail": "Abi",
    "Charlotte": "Lottie", "Jessica": "Jess", "Rebecca": "Becky", "Nathaniel": "Nate",
    "Chukwuemeka": "Emeka", "Aleksander": "Olek", "Wiktoria": "Wika", "Muhammad": "Mo",
}

_ADULT_WOMEN = """Sarah Emma Laura Rachel Claire Gemma Kirsty Nicola Hayley Kelly Zoe Amy Jodie
Natalie Lisa Joanne Victoria Stacey Leanne Charlotte Hannah Lucy Sophie Jennifer Rebecca
Amanda Helen Louise Samantha Katie Nadia Ruksana Shabana Nasreen Parveen Sunita Anjali
Harpreet Monika Agnieszka Katarzyna Magdalena Alina Cristina Funmi Yewande Grace Akosua
Marta Ana Fadumo Hawa Fatma Hatice Lan Hoa Mei Chantelle Marcia""".split()
_ADULT_MEN = """David Paul Mark Andrew Richard Michael Christopher Daniel Matthew James Steven
Robert Craig Gareth Lee Jamie Ryan Adam Ben Tom Stuart Neil Simon Carl Dean Wayne Martin
Imran Asif Tariq Naveed Sanjay Rajesh Manjit Tomasz Piotr Marcin Bogdan Ionut Olumide Chinedu
Kwesi Joao Nuno Ahmed Abdikarim Murat Huseyin Hung Wei Delroy Winston""".split()

_STREETS = """Brook Lane|Mill Road|Church Street|Kestrel Way|Orchard Close|Station Road|
Willow Grove|Hawthorn Avenue|Meadow View|Quarry Hill|Tanners Row|Ashdown Road|Chapel Walk|
Beech Crescent|Riverside Court|Fairfield Road|Linden Drive|Hollybush Lane|Market Street|
Victoria Terrace|Albert Road|Foxglove Close|Saxon Way|Priory Gardens|Bramble Rise|
Lark Rise|Weavers Close|Canal Side|Bridge Street|Cedar Park|Elm Tree Walk|Heron Drive|
Marlpit Lane|North Street|Southgate|Greenacres|Sycamore Close|Juniper Way|Clover Road|
Harebell Court|Otter Close|Mallard Way|Coronation Road|Jubilee Close|Queens Road|
Kingfisher Drive|Nightingale Avenue|Rowan Court|Copper Beech Road|Ferndale Road|
Blackthorn Close|Cherry Tree Lane|Badger Walk|Wren Close|Goldcrest Way|Poplar Avenue|
Magpie Lane|Stonecroft|Brewery Lane|Kiln Road""".replace("\n", "").split("|")
_VILLAGES = ("Kestrelford", "Kestrelford", "Kestrelford", "Kestrelford", "Lower Ashby",
             "Hatherleigh Green", "Fernbrook")
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's last part may use
_TREES = ("Willow", "Oak", "Rowan", "Hazel", "Birch", "Elm", "Beech", "Holly", "Maple",
          "Cedar", "Alder", "Larch", "Aspen", "Juniper", "Hawthorn", "Chestnut")
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


@dataclass
class SeedResult:
    """What seed_demo wrote: where, how much, how long it took, and how to sign in."""

    path: Path
    encrypted: bool
    school_name: str
    counts: dict[str, int]
    seconds: float
    accounts: tuple[tuple[str, str, str, str], ...] = DEMO_ACCOUNTS
    recovery_key: str | None = None
    today: dt.date = field(default_factory=dt.date.today)


class DemoExists(Exception):
    """The target file exists and --force was not given."""


# --- small helpers ------------------------------------------------------------------------


def upn_check_letter(body: str) -> str:
    """The DfE check letter for the 12 characters after it (weights 2..13, modulo 23)."""
    total = sum(int(ch) * weight for weight, ch in enumerate(body, start=2))
    return _UPN_LETTERS[total % 23]


def _academic_year_start(today: dt.date) -> int:
    """The calendar year in which the current school year began (it starts in September)."""
    return today.year if today.month >= 9 else today.year - 1


def _weekday_on_or_after(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def _working_day_before(cal: WorkingCalendar, d: dt.date, n: int) -> dt.date:
    """The n-th working day before ``d`` (``d`` itself never counts)."""
    found = 0
    while found < n:
        d -= dt.timedelta(days=1)
        if cal.is_working_day(d):
            found += 1
    return d


def _iso(d: dt.date | dt.datetime | None) -> str | None:
    if d is None:
        return None
    return d.isoformat(sep=" ") if isinstance(d, dt.datetime) else d.isoformat()


def _bulk(model, fields: Sequence, rows: list[tuple]) -> None:
    """Insert ``rows`` (tuples in ``fields`` order), CHUNK rows per INSERT statement.

    Values are already in stored form (ISO dates, ints, text), so the statement text is
    built once per chunk size and only parameters change: letting Peewee build 500-row
    statements value by value took most of a 40,000-pupil seed. Columns left out get
    their model default, as Model.insert_many would give them.
    """
    given = [f.column_name for f in fields]
    extra = [f for f in model._meta.sorted_fields
             if f.column_name not in given and f.default is not None and not f.primary_key]
    defaults = tuple(_stored(f.default() if callable(f.default) else f.default) for f in extra)
    columns = ", ".join(f'"{name}"' for name in given + [f.column_name for f in extra])
    placeholder = "(" + ", ".join("?" * (len(given) + len(extra))) + ")"
    head = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES '
    database = model._meta.database
    statements: dict[int, str] = {}
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        sql = statements.get(len(chunk))
        if sql is None:
            sql = statements[len(chunk)] = head + ", ".join([placeholder] * len(chunk))
        database.execute_sql(sql, [v for row in chunk for v in (*row, *defaults)])


def _stored(value):
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return _iso(value) if not isinstance(value, dt.time) else value.isoformat()
    return value


def _weighted_sample(rng: random.Random, items: Sequence, weights: Sequence[float],
                     k: int) -> list:
    """``k`` distinct items, likelier the heavier (Efraimidis-Spirakis keys)."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)),
                   reverse=True)
    return [items[i] for _key, i in keyed[:k]]


# --- the school's people ------------------------------------------------------------------


@dataclass
class _Pupil:
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
class _Adult:
    id: int
    title: str
    first: str
    last: str
    phone: str
    email: str
    address: str
    postcode: str


class _People:
    """Families of children and adults built from one random stream."""

    def __init__(self, rng: random.Random, n_pupils: int, today: dt.date):
        self.rng = rng
        self.today = today
        self.year_start = _academic_year_start(today)
        self.pupils: list[_Pupil] = []
        self.adults: list[_Adult] = []
        self.links: list[tuple] = []  # PupilAdult rows without id
        self._upns: dict[tuple[str, str, int], int] = {}
        self._addresses: set[str] = set()
        while len(self.pupils) < n_pupils:
            self._family(n_pupils - len(self.pupils))
        self._assign_classes()

    # families -------------------------------------------------------------------------------

    def _family(self, room: int) -> None:
        rng = self.rng
        weights = [g[0] for g in _GROUPS]
        group = rng.choices(_GROUPS, weights)[0]
        _share, girls, boys, surnames = group
        surname = rng.choice(surnames)
        if rng.random() < 0.04:  # some families carry both parents' names
            other = rng.choice(_BRITISH_SURNAMES if rng.random() < 0.7 else surnames)
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
                _ALL_GIRLS if girl else _ALL_BOYS)
            first = rng.choice(pool)
            while first in given:  # no two siblings share a first name
                first = rng.choice(_ALL_GIRLS if girl else _ALL_BOYS)
            given.add(first)
            preferred = _PREFERRED.get(first) if rng.random() < 0.45 else None
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
                _BRITISH_SURNAMES), address, postcode)
            return [(carer, "foster carer", False, True)]
        mother_last = surname if rng.random() < 0.8 else rng.choice(_BRITISH_SURNAMES)
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
            gran = self._adult("Mrs", "f", rng.choice(_BRITISH_SURNAMES), address, postcode)
            return [(mother, "mother", True, True), (gran, "grandmother", True, True)]
        return [(mother, "mother", True, True)]

    def _address(self) -> tuple[str, str]:
        rng = self.rng
        for _attempt in range(50):
            street_index = rng.randrange(len(_STREETS))
            number = rng.randint(1, 180)
            village = _VILLAGES[street_index % len(_VILLAGES)]
            line = f"{number} {_STREETS[street_index]}"
            if line + village not in self._addresses:
                break
            line = f"Flat {rng.randint(1, 40)}, {line}"
            if line + village not in self._addresses:
                break
        self._addresses.add(line + village)
        district = 1 + street_index % 9
        unit = _POSTCODE_LETTERS[(street_index * 7 + number // 20) % len(_POSTCODE_LETTERS)]
        unit2 = _POSTCODE_LETTERS[(street_index * 3 + number // 40) % len(_POSTCODE_LETTERS)]
        postcode = f"KX{district} {number % 9 + 1}{unit}{unit2}"
        lines = [line, village] if village == TOWN else [line, village, TOWN]
        return "\n".join(lines + [COUNTY]), postcode

    def _adult(self, title: str, sex: str | None, last: str, address: str,
               postcode: str, group: tuple | None = None) -> int:
        rng = self.rng
        if sex is None:
            sex = "m" if title == "Mr" else "f"
        if group is not None and group[1] is not _BRITISH_GIRLS and rng.random() < 0.8:
            first = rng.choice(group[2] if sex == "m" else group[1])
        else:
            first = rng.choice(_ADULT_MEN if sex == "m" else _ADULT_WOMEN)
        adult_id = len(self.adults) + 1
        # Ofcom's drama numbers and the reserved example domains: nobody real is reachable.
        phone = (f"07700 900{rng.randrange(1000):03d}" if rng.random() < 0.85
                 else f"01632 960{rng.randrange(1000):03d}")
        handle = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
        email = f"{handle}{rng.randint(1, 99)}@example.{rng.choice(('com', 'org', 'net'))}"
        self.adults.append(_Adult(adult_id, title, first, last, phone, email, address,
                                  postcode))
        return adult_id

    # children -------------------------------------------------------------------------------

    def _pupil(self, first: str, last: str, preferred: str | None, year: int,
               lac: bool) -> _Pupil:
        rng = self.rng
        born_from = dt.date(self.year_start - 5 - year, 9, 1)
        dob = born_from + dt.timedelta(days=rng.randrange(365))
        started = _weekday_on_or_after(dt.date(self.year_start - year, 9, 4))
        if year > 0 and rng.random() < 0.12:  # joined partway through
            started = _weekday_on_or_after(started + dt.timedelta(days=rng.randrange(365 * year)))
        started = min(started, self.today)
        ehc = rng.random() < 0.025
        sen = not ehc and rng.random() < 0.13
        pp = lac or rng.random() < 0.24
        pupil = _Pupil(len(self.pupils) + 1, first, last, preferred, dob, year, started,
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
        by_year: dict[int, list[_Pupil]] = {}
        for pupil in self.pupils:
            by_year.setdefault(pupil.year, []).append(pupil)
        for year, pupils in by_year.items():
            classes = max(1, math.ceil(len(pupils) / 30))
            prefix = "R" if year == 0 else str(year)
            names = []
            for i in range(classes):
                tree = _TREES[(i + year) % len(_TREES)]
                round_ = i // len(_TREES)
                names.append(f"{prefix} {tree}" + (f" {round_ + 1}" if round_ else ""))
            order = sorted(pupils, key=lambda p: (p.last, p.first, p.id))
            self.rng.shuffle(order)
            for i, pupil in enumerate(order):
                pupil.class_name = names[i % classes]


# --- the seed -----------------------------------------------------------------------------


class _Seeder:
    """Writes one demo school into the open database."""

    def __init__(self, seed: int, n_pupils: int, today: dt.date, progress: Progress | None):
        self.seed = seed
        self.today = today
        self.progress = progress or (lambda _fraction, _label: None)
        self.stamp = dt.datetime.combine(today, dt.time(8, 0)).isoformat(sep=" ")
        self.counts: dict[str, int] = {}
        self.closures = self._closures()
        self.cal = WorkingCalendar("ENG", self.closures)
        self.people = _People(random.Random(f"{seed}:people"), n_pupils, today)
        self.staff: dict[str, int] = {}

    def _rng(self, part: str) -> random.Random:
        return random.Random(f"{self.seed}:{part}")

    def days(self, n: int) -> dt.date:
        return self.today + dt.timedelta(days=n)

    def wd(self, n: int) -> dt.date:
        """``n`` working days after (n > 0) or before (n < 0) today."""
        if n >= 0:
            return self.cal.add_working_days(self.today, n)
        return _working_day_before(self.cal, self.today, -n)

    def _closures(self) -> list[dt.date]:
        """Two INSET days well away from the flexi deadlines, so both calendars agree there."""
        past = _weekday_on_or_after(self.today - dt.timedelta(days=75))
        future = _weekday_on_or_after(self.today + dt.timedelta(days=45))
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
        _bulk(StaffUser, (StaffUser.id, StaffUser.username, StaffUser.display_name,
                          StaffUser.role, StaffUser.email, StaffUser.active,
                          StaffUser.created_at), rows)
        self.staff = {role: i for i, (_u, _d, role, _p) in enumerate(DEMO_ACCOUNTS, 1)}
        _bulk(ClosureDay, (ClosureDay.date, ClosureDay.reason),
              [(_iso(d), _("Staff training day")) for d in self.closures])
        self._count("staff", len(rows))
        self._count("closure days", len(self.closures))

    def pupils(self) -> None:
        people = self.people
        _bulk(Pupil, (Pupil.id, Pupil.upn, Pupil.legal_first_name, Pupil.legal_last_name,
                      Pupil.preferred_name, Pupil.date_of_birth, Pupil.year_group,
                      Pupil.class_name, Pupil.sen_support, Pupil.ehc_plan, Pupil.looked_after,
                      Pupil.pupil_premium, Pupil.on_roll_date, Pupil.created_at),
              [(p.id, p.upn, p.first, p.last, p.preferred, _iso(p.dob), p.year, p.class_name,
                p.sen, p.ehc, p.lac, p.pp, _iso(p.on_roll), self.stamp) for p in people.pupils])
        _bulk(Adult, (Adult.id, Adult.title, Adult.first_name, Adult.last_name, Adult.phone,
                      Adult.email, Adult.address, Adult.postcode, Adult.created_at),
              [(a.id, a.title, a.first, a.last, a.phone, a.email, a.address, a.postcode,
                self.stamp) for a in people.adults])
        _bulk(PupilAdult, (PupilAdult.pupil, PupilAdult.adult, PupilAdult.relationship,
                           PupilAdult.parental_responsibility, PupilAdult.lives_with,
                           PupilAdult.receives_letters, PupilAdult.priority), people.links)
        self._count("pupils", len(people.pupils))
        self._count("adults", len(people.adults))

    # provision map --------------------------------------------------------------------------

    def provision(self) -> None:
        rng = self._rng("provision")
        leads = {"individual": "Sam Okoye", "group": "Mrs Fenwick (HLTA)"}
        catalogue = []
        for order, (name, kind, minutes) in enumerate(DEFAULT_CATALOGUE, start=1):
            confidential = name in ("Counselling",)
            interval = 4 if confidential else 6
            funding = ("Pupil premium", "School budget", "SEN budget")[order % 3]
            catalogue.append((order, _(name), kind, leads[kind], minutes,
                              (order * 3700) % 40000 + 6000, _(funding), interval,
                              confidential, True, order))
        _bulk(Intervention, (Intervention.id, Intervention.name, Intervention.kind,
                             Intervention.staff_lead, Intervention.minutes_per_week,
                             Intervention.cost_per_term_pence, Intervention.funding_stream,
                             Intervention.review_interval_weeks, Intervention.confidential,
                             Intervention.active, Intervention.sort_order), catalogue)
        self.interventions = catalogue
        self._count("interventions", len(catalogue))

        pupils = self.people.pupils
        weights = [1 + 4 * p.sen + 6 * p.ehc + 6 * p.lac + 1.5 * p.pp for p in pupils]
        # About 15% of pupils have provision now; a few more had some that has ended.
        chosen = _weighted_sample(rng, pupils, weights, round(len(pupils) * 0.18))
        forest = len(catalogue)  # Forest School is the last of the catalogue
        intervention_weights = [3 if i + 1 == forest else 1 for i in range(len(catalogue))]
        enrolments, reviews, contacts = [], [], []
        pastoral = self.staff["pastoral_lead"]
        for pupil in sorted(chosen, key=lambda p: p.id):
            how_many = rng.choices((1, 2, 3), (65, 27, 8))[0]
            picks = _weighted_sample(rng, catalogue, intervention_weights, how_many)
            for item in picks:
                enrolment_id = len(enrolments) + 1
                row, its_reviews = self._enrolment(rng, enrolment_id, pupil, item, pastoral)
                enrolments.append(row)
                reviews.extend(its_reviews)
                for _n in range(rng.choices((0, 1, 2), (30, 50, 20))[0]):
                    contacts.append(self._contact(rng, pupil, enrolment_id, item[1]))
            contacts.append(self._contact(rng, pupil, None, None))
        for pupil in rng.sample(pupils, max(1, len(pupils) // 40)):  # contact outside any
            contacts.append(self._contact(rng, pupil, None, None))
        _bulk(Enrolment, (Enrolment.id, Enrolment.pupil, Enrolment.intervention,
                          Enrolment.start_date, Enrolment.end_date, Enrolment.target,
                          Enrolment.entry_data, Enrolment.exit_data, Enrolment.staff,
                          Enrolment.confidential, Enrolment.next_review_date,
                          Enrolment.created_at), enrolments)
        _bulk(EnrolmentReview, (EnrolmentReview.enrolment, EnrolmentReview.review_date,
                                EnrolmentReview.score, EnrolmentReview.notes,
                                EnrolmentReview.reviewed_by, EnrolmentReview.next_review_date),
              reviews)
        _bulk(FamilyContact, (FamilyContact.pupil, FamilyContact.adult,
                              FamilyContact.enrolment, FamilyContact.contact_at,
                              FamilyContact.method, FamilyContact.summary,
                              FamilyContact.staff), contacts)
        self._count("enrolled pupils", len(chosen))
        self._count("enrolments", len(enrolments))
        self._count("enrolment reviews", len(reviews))
        self._count("family contacts", len(contacts))

    def _enrolment(self, rng: random.Random, enrolment_id: int, pupil: _Pupil, item: tuple,
                   staff_id: int) -> tuple[tuple, list[tuple]]:
        (intervention_id, name, _kind, lead, _minutes, _cost, _funding, interval,
         confidential, _active, _order) = item
        step = dt.timedelta(weeks=interval)
        start = max(pupil.on_roll, _weekday_on_or_after(self.days(-7 * rng.randint(1, 40))))
        start = min(start, self.today)
        ended = rng.random() < 0.2 and (self.today - start).days > 7 * interval + 7
        end = None
        if ended:
            end = start + dt.timedelta(days=rng.randint(7 * interval, (self.today - start).days - 1))
        last_day = end or self.today
        due = [start + step * k for k in range(1, 60) if start + step * k <= last_day]
        overdue = bool(not ended and due and rng.random() < 0.18)
        done = due[:-1] if overdue else due
        review_rows = []
        for when in done:
            score = rng.choices((-2, -1, 0, 1, 2), (3, 8, 25, 40, 24))[0]
            review_rows.append((enrolment_id, _iso(when), score, rng.choice(_REVIEW_NOTES[score]),
                                staff_id, _iso(when + step)))
        if ended:
            next_review = None
        elif overdue:
            next_review = due[-1]
        else:
            next_review = (done[-1] if done else start) + step
        target = rng.choice(_TARGETS)
        entry = rng.choice(_ENTRY_DATA)
        exit_data = rng.choice(_EXIT_DATA) if ended else ""
        row = (enrolment_id, pupil.id, intervention_id, _iso(start), _iso(end), target, entry,
               exit_data, lead, confidential, _iso(next_review), self.stamp)
        return row, review_rows

    def _contact(self, rng: random.Random, pupil: _Pupil, enrolment_id: int | None,
                 intervention: str | None) -> tuple:
        adult_id = pupil.adults[0] if pupil.adults else None
        adult = self.people.adults[adult_id - 1] if adult_id else None
        method = rng.choices(("phone", "email", "meeting", "letter", "text", "other"),
                             (35, 25, 20, 8, 10, 2))[0]
        who = f"{adult.title} {adult.last}" if adult else _("the family")
        what = intervention or rng.choice(_GENERAL_TOPICS)
        summary = rng.choice(_CONTACT_SUMMARIES[method]).format(who=who, what=what)
        when = dt.datetime.combine(self.days(-rng.randint(1, 120)),
                                   dt.time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))))
        staff = self.staff["pastoral_lead"] if rng.random() < 0.8 else self.staff["headteacher"]
        return (pupil.id, adult_id, enrolment_id, _iso(when), method, summary, staff)

    # alternative provision ------------------------------------------------------------------

    def providers(self) -> None:
        rng = self._rng("providers")
        head, pastoral = self.staff["headteacher"], self.staff["pastoral_lead"]
        providers, sites, items = [], [], []
        for provider_id, spec in enumerate(_PROVIDERS, start=1):
            (name, kind, contact, urn, approved, registered, state, its_sites) = spec
            street = _STREETS[(provider_id * 11) % len(_STREETS)]
            address = f"{provider_id * 7 + 2} {street}\n{TOWN}\n{COUNTY}"
            postcode = f"KX{provider_id + 1} {provider_id + 2}{_POSTCODE_LETTERS[provider_id]}Q"
            handle = name.lower().replace(" ", "-").replace("'", "")
            providers.append((provider_id, name, kind, address, postcode, contact,
                              f"01632 960{500 + provider_id * 17:03d}",
                              f"hello@{handle}.example.org", urn, approved, registered,
                              "" if not registered else f"990/6{provider_id:03d}",
                              _PROVIDER_NOTES[state], True, self.stamp))
            for site_name, site_street in its_sites:
                sites.append((len(sites) + 1, provider_id, site_name,
                              f"{rng.randint(1, 60)} {site_street}\n{TOWN}", postcode))
            items.extend(self._due_diligence(rng, provider_id, state, approved, registered,
                                             head, pastoral))
        _bulk(Provider, (Provider.id, Provider.name, Provider.provider_type, Provider.address,
                         Provider.postcode, Provider.contact_name, Provider.phone,
                         Provider.email, Provider.ofsted_urn, Provider.la_approved,
                         Provider.registered_school, Provider.registration_number,
                         Provider.notes, Provider.active, Provider.created_at), providers)
        _bulk(ProviderSite, (ProviderSite.id, ProviderSite.provider, ProviderSite.name,
                             ProviderSite.address, ProviderSite.postcode), sites)
        _bulk(DueDiligenceItem, (DueDiligenceItem.provider, DueDiligenceItem.item,
                                 DueDiligenceItem.status, DueDiligenceItem.evidence,
                                 DueDiligenceItem.checked_on, DueDiligenceItem.checked_by,
                                 DueDiligenceItem.expires_on), items)
        self._count("providers", len(providers))
        self._count("provider sites", len(sites))
        self._count("due-diligence items", len(items))
        self._placements(rng, sites)

    def _due_diligence(self, rng: random.Random, provider_id: int, state: str, approved: bool,
                       registered: bool, head: int, pastoral: int) -> list[tuple]:
        rows = []
        missing = {"ofsted_report", "risk_assessments", "child_protection", "data_protection"}
        for n, code in enumerate(CHECKLIST):
            checked = self.days(-rng.randint(20, 200))
            expires = checked + dt.timedelta(days=365) if code in _EXPIRING else None
            status, evidence = "held", _EVIDENCE.get(code, _("Copy seen and kept on file."))
            if code == "independent_registration" and not registered:
                status, evidence, expires = "not_applicable", _(
                    "Part-time provision only: registration is not required."), None
            if code == "ofsted_report" and not registered and state != "missing":
                status, evidence, expires = "not_applicable", _(
                    "Not inspected by Ofsted: the school's own visit report is on file."), None
            if state == "expired_insurance" and code == "insurance":
                expires = self.days(-rng.randint(5, 30))
                checked = expires - dt.timedelta(days=365)
                status, evidence = "expired", _(
                    "Public liability certificate on file has run out; renewal asked for.")
            if state == "missing" and code in missing:
                status = "requested" if code == "risk_assessments" else "missing"
                evidence, checked, expires = "", None, None
            if code == "la_approved_list" and not approved:
                status, evidence, checked, expires = "missing", _(
                    "Not on the local authority's list; the school's own checks are under way."), checked, None
            if state == "new":
                status = "requested" if n == 0 else "missing"
                evidence, checked, expires = "", None, None
            who = (head if n % 3 == 0 else pastoral) if checked else None
            rows.append((provider_id, code, status, evidence, _iso(checked), who, _iso(expires)))
        return rows

    def _placements(self, rng: random.Random, sites: list[tuple]) -> None:
        pupils = [p for p in self.people.pupils if p.year >= 2]
        weights = [1 + 5 * p.sen + 8 * p.ehc + 4 * p.lac for p in pupils]
        plans = list(_PLACEMENT_PLANS)
        plans += [plans[i % 2] for i in range(len(self.people.pupils) // 1000)]
        chosen = _weighted_sample(rng, pupils, weights, len(plans))
        self.placed = {p.id for p in chosen}
        site_of = {}
        for site in sites:
            site_of.setdefault(site[1], site[0])
        placements, reviews, contacts = [], [], []
        pastoral = self.staff["pastoral_lead"]
        for placement_id, (pupil, plan) in enumerate(zip(chosen, plans, strict=True), start=1):
            provider_id, status, code, start_weeks, weeks_long, sessions, override = plan
            start = _weekday_on_or_after(self.days(7 * start_weeks))
            planned_end = start + dt.timedelta(weeks=weeks_long)
            end = None
            if status == "ended":
                end = min(planned_end, self.days(-14))
            review_dates = []
            if status in ("active", "ended"):
                when = start + dt.timedelta(weeks=6)
                while when <= (end or self.today):
                    review_dates.append(when)
                    when += dt.timedelta(weeks=6)
            for when in review_dates:
                score = rng.choices((-1, 0, 1, 2), (10, 25, 40, 25))[0]
                reviews.append((placement_id, _iso(when), score, rng.randint(72, 100),
                                rng.choice(_PLACEMENT_NOTES), pastoral,
                                _iso(when + dt.timedelta(days=2)),
                                rng.choice(_FAMILY_FEEDBACK),
                                _iso(when + dt.timedelta(weeks=6))))
            next_review = None if status in ("ended", "cancelled") else (
                (review_dates[-1] if review_dates else start) + dt.timedelta(weeks=6))
            la_notified = start - dt.timedelta(days=7) if code != "K" else start - dt.timedelta(days=21)
            placements.append((
                placement_id, pupil.id, provider_id, site_of.get(provider_id), status,
                _iso(start), _iso(planned_end), _iso(end), rng.choice(_OBJECTIVES),
                _("Back to a full week in class over the final six weeks, a session at a time, "
                  "with the class teacher meeting the provider's key worker first."),
                format_sessions(sessions), code,
                _("The provider emails the school office by 10am each day, and phones at once "
                  "if the child has not arrived."),
                rng.choice((0, 4500, 9000, 12000)) * 100,
                _("Pupil premium") if pupil.pp else _("School budget"),
                _iso(la_notified if status != "planned" else None), override,
                _iso(next_review), self.stamp))
            contacts.append((pupil.id, pupil.adults[0] if pupil.adults else None, placement_id,
                             _iso(dt.datetime.combine(start - dt.timedelta(days=10),
                                                      dt.time(15, 30))),
                             "meeting", _("Met the family to agree the objectives and the plan "
                                          "for coming back to a full week in school."), pastoral))
        _bulk(Placement, (Placement.id, Placement.pupil, Placement.provider, Placement.site,
                          Placement.status, Placement.start_date, Placement.planned_end_date,
                          Placement.end_date, Placement.objectives, Placement.return_plan,
                          Placement.sessions, Placement.attendance_code,
                          Placement.attendance_reporting, Placement.cost_pence,
                          Placement.funding_stream, Placement.la_notified_on,
                          Placement.override_justification, Placement.next_review_date,
                          Placement.created_at), placements)
        _bulk(PlacementReview, (PlacementReview.placement, PlacementReview.review_date,
                                PlacementReview.score, PlacementReview.attendance_percent,
                                PlacementReview.notes, PlacementReview.reviewed_by,
                                PlacementReview.family_feedback_on,
                                PlacementReview.family_feedback,
                                PlacementReview.next_review_date), reviews)
        _bulk(FamilyContact, (FamilyContact.pupil, FamilyContact.adult, FamilyContact.placement,
                              FamilyContact.contact_at, FamilyContact.method,
                              FamilyContact.summary, FamilyContact.staff), contacts)
        self._count("placements", len(placements))
        self._count("placement reviews", len(reviews))
        self._count("family contacts", len(contacts))

    # flexi-schooling ------------------------------------------------------------------------

    def flexi(self) -> None:
        """One request at every stage, with meetings, considerations, decisions, agreements."""
        rng = self._rng("flexi")
        candidates = [p for p in self.people.pupils
                      if p.id not in self.placed and not p.lac and p.adults]
        pupils = rng.sample(candidates, len(_FLEXI_PLANS))
        head = self.staff["headteacher"]
        tables: dict[str, list] = {k: [] for k in ("requests", "adults", "meetings", "factors",
                                                   "alternatives", "decisions", "agreements",
                                                   "parties", "reviews")}
        for request_id, (pupil, plan) in enumerate(zip(pupils, _FLEXI_PLANS, strict=True), 1):
            self._flexi_request(rng, request_id, pupil, plan, head, tables)
        _bulk(FlexiRequest, (FlexiRequest.id, FlexiRequest.pupil, FlexiRequest.received_on,
                             FlexiRequest.requested_sessions, FlexiRequest.reasons,
                             FlexiRequest.stage, FlexiRequest.needs_met_in_school,
                             FlexiRequest.needs_met_notes, FlexiRequest.agree_justification,
                             FlexiRequest.withdrawn_on, FlexiRequest.ended_on,
                             FlexiRequest.end_reason, FlexiRequest.notice_weeks,
                             FlexiRequest.created_at), tables["requests"])
        _bulk(FlexiRequestAdult, (FlexiRequestAdult.request, FlexiRequestAdult.adult),
              tables["adults"])
        _bulk(FlexiMeeting, (FlexiMeeting.request, FlexiMeeting.meeting_date,
                             FlexiMeeting.meeting_time, FlexiMeeting.place, FlexiMeeting.held,
                             FlexiMeeting.attendees, FlexiMeeting.notes), tables["meetings"])
        _bulk(FactorAssessment, (FactorAssessment.request, FactorAssessment.factor,
                                 FactorAssessment.rating, FactorAssessment.note),
              tables["factors"])
        _bulk(FlexiAlternative, (FlexiAlternative.request, FlexiAlternative.intervention,
                                 FlexiAlternative.provider), tables["alternatives"])
        _bulk(FlexiDecision, (FlexiDecision.request, FlexiDecision.outcome,
                              FlexiDecision.decided_on, FlexiDecision.due_on,
                              FlexiDecision.reasons, FlexiDecision.decided_by),
              tables["decisions"])
        _bulk(FlexiAgreement, (FlexiAgreement.id, FlexiAgreement.request,
                               FlexiAgreement.start_date, FlexiAgreement.home_sessions,
                               FlexiAgreement.review_interval_weeks,
                               FlexiAgreement.first_review_date, FlexiAgreement.notice_weeks,
                               FlexiAgreement.home_educator, FlexiAgreement.special_terms,
                               FlexiAgreement.la_notified_on, FlexiAgreement.drafted_on,
                               FlexiAgreement.active_from), tables["agreements"])
        _bulk(AgreementParty, (AgreementParty.agreement, AgreementParty.name,
                               AgreementParty.capacity, AgreementParty.adult,
                               AgreementParty.signed_on), tables["parties"])
        _bulk(FlexiReview, (FlexiReview.request, FlexiReview.review_date, FlexiReview.outcome,
                            FlexiReview.new_sessions, FlexiReview.notes,
                            FlexiReview.next_review_date, FlexiReview.reviewed_by),
              tables["reviews"])
        self._count("flexi requests", len(tables["requests"]))

    def _flexi_request(self, rng: random.Random, request_id: int, pupil: _Pupil, plan: str,
                       head: int, tables: dict[str, list]) -> None:
        """Write one request as far as ``plan`` takes it, dating every step from today."""
        cal = self.cal
        sessions = rng.choice(_REQUESTED_SESSIONS)
        meeting = {  # the meeting date for each plan, counted in working days from today
            "received": None, "meeting_arranged": self.wd(4), "due_in_two": None,
            "overdue": self.wd(-8), "considered": self.wd(-1), "decided": self.wd(-4),
            "declined": self.wd(-16), "agreement_drafted": self.wd(-18),
            "active": self.wd(-95), "ended": self.wd(-190), "withdrawn": self.wd(-3),
        }[plan]
        if plan == "due_in_two":
            target = self.wd(2)
            meeting = self.today
            while cal.decision_due(meeting) != target or not cal.is_working_day(meeting):
                meeting -= dt.timedelta(days=1)
        if plan == "received":
            received = self.wd(-2)
        elif plan == "meeting_arranged":
            received = self.wd(-5)
        else:
            received = _working_day_before(cal, meeting, 12)
        stage = {"due_in_two": "meeting_held", "overdue": "meeting_held",
                 "declined": "letter_issued"}.get(plan, plan)
        held = plan not in ("received", "meeting_arranged", "withdrawn")
        decided = plan in ("decided", "declined", "agreement_drafted", "active", "ended")
        agreed = decided and plan != "declined"
        needs_met = None
        needs_notes = ""
        justification = ""
        if decided or plan == "considered":
            needs_met = not agreed
            needs_notes = (_("The Nurture Group and weekly Forest School sessions, with a "
                             "check-in each morning, can meet these needs in school.")
                           if needs_met else
                           _("The needs described are about the family's wish for more time "
                             "together in outdoor learning, not needs the school's provision "
                             "is meant to meet."))
            if agreed:
                justification = _("No unmet need that in-school or alternative provision could "
                                  "address; the arrangement is small, and the family's home "
                                  "plan covers the same curriculum areas on home days.")
        withdrawn_on = self.wd(-6) if plan == "withdrawn" else None
        ended_on = self.wd(-15) if plan == "ended" else None
        end_reason = {"withdrawn": "withdrawn", "ended": "notice_family"}.get(plan)
        notice = 4 if plan == "ended" else None
        tables["requests"].append((
            request_id, pupil.id, _iso(received), format_sessions(sessions),
            rng.choice(_FLEXI_REASONS), stage, needs_met, needs_notes, justification,
            _iso(withdrawn_on), _iso(ended_on), end_reason, notice, self.stamp))
        adults = pupil.adults[:2]
        tables["adults"].extend((request_id, a) for a in adults)
        family = " and ".join(f"{self.people.adults[a - 1].title} "
                              f"{self.people.adults[a - 1].last}" for a in adults)
        if meeting is not None:
            tables["meetings"].append((
                request_id, _iso(meeting), "15:30:00", _("Headteacher's office"), held,
                f"{family}; {DEMO_ACCOUNTS[0][1]}, {_('Headteacher')}" if held else "",
                rng.choice(_MEETING_NOTES) if held else ""))
        if plan in ("overdue",):  # weighing begun, not finished
            for code in list(FACTORS)[:3]:
                tables["factors"].append((request_id, code, "neutral", _FACTOR_NOTES[code][0]))
        if plan in ("considered", "decided", "declined", "agreement_drafted", "active", "ended"):
            for code in FACTORS:
                rating = (rng.choice(("neutral", "concern", "serious_concern"))
                          if not agreed else rng.choice(("supports", "neutral", "neutral")))
                if code == "safeguarding":
                    rating = "neutral"
                note = _FACTOR_NOTES[code][0 if agreed else 1]
                tables["factors"].append((request_id, code, rating, note))
        if plan == "declined":
            nurture = next(i[0] for i in self.interventions if i[1] == _("Nurture Group"))
            forest = next(i[0] for i in self.interventions if i[1] == _("Forest School"))
            tables["alternatives"].extend(
                [(request_id, nurture, None), (request_id, forest, None), (request_id, None, 1)])
        if not decided:
            return
        due = cal.decision_due(meeting)
        decided_on = min(due, cal.add_working_days(meeting, 3))
        reasons = (_("The school can meet these needs through the Nurture Group, Forest School "
                     "and a placement at Kestrel Vale Learning Centre; a regular part-week at "
                     "home would break the continuity of phonics and maths teaching.")
                   if not agreed else
                   _("A small pattern the class timetable can absorb, with no unmet need the "
                     "school's own provision is meant for; learning at home is planned and "
                     "will be reviewed each term."))
        tables["decisions"].append((request_id, "agreed" if agreed else "declined",
                                    _iso(decided_on), _iso(due), reasons, head))
        if plan in ("decided", "declined"):
            return
        drafted = cal.add_working_days(decided_on, 3)
        start = {"agreement_drafted": self.wd(8), "active": cal.add_working_days(drafted, 10),
                 "ended": cal.add_working_days(drafted, 10)}[plan]
        first_review = start + dt.timedelta(weeks=13)
        all_signed = plan in ("active", "ended")
        agreement_id = len(tables["agreements"]) + 1
        home = sessions[-2:] if len(sessions) > 2 else sessions
        tables["agreements"].append((
            agreement_id, request_id, _iso(start), format_sessions(home), 13,
            _iso(first_review), 4, family.split(" and ")[0],
            _("Home days move to school days in the weeks of national assessments and the "
              "class trip."), _iso(drafted + dt.timedelta(days=2)) if all_signed else None,
            _iso(drafted), _iso(start) if all_signed else None))
        tables["parties"].append((agreement_id, f"Mrs {DEMO_ACCOUNTS[0][1]}", "headteacher",
                                  None, _iso(cal.add_working_days(drafted, 1))))
        for n, adult_id in enumerate(adults):
            adult = self.people.adults[adult_id - 1]
            signed = cal.add_working_days(drafted, 2 + n) if (all_signed or n == 0) else None
            tables["parties"].append((agreement_id, f"{adult.title} {adult.first} {adult.last}",
                                      "parent", adult_id, _iso(signed)))
        review = first_review
        while all_signed and review <= (ended_on or self.today):
            tables["reviews"].append((
                request_id, _iso(review), "continue", "",
                _("Going well: work done at home comes back to class each Monday and "
                  "friendships are steady. Carry on as agreed."),
                _iso(review + dt.timedelta(weeks=13)), head))
            review += dt.timedelta(weeks=13)


# --- wording and fixed shapes -------------------------------------------------------------

_TARGETS = (
    "To name three feelings and one way to manage each by the next review.",
    "To join a small-group game and take turns without adult prompting.",
    "To settle into class within ten minutes of arriving each morning.",
    "To ask an adult for help using the agreed card when worried.",
    "To share ideas in a group discussion at least once a session.",
    "To play cooperatively at lunchtime with two named friends.",
    "To use a calm-down strategy independently after a disagreement.",
    "To complete a shared build, taking on each role in turn.",
)
_ENTRY_DATA = (
    "SDQ total difficulties 19 (high)", "SDQ total difficulties 16 (slightly raised)",
    "Boxall profile: developmental strand 62", "Boxall profile: diagnostic strand 38",
    "Pupil voice wellbeing scale: 2 of 5", "Teacher wellbeing scale: 2 of 5",
    "Leuven involvement scale: 2", "Attendance 88% this term",
)
_EXIT_DATA = (
    "SDQ total difficulties 12 (average)", "Boxall profile: developmental strand 78",
    "Pupil voice wellbeing scale: 4 of 5", "Leuven involvement scale: 4",
    "Attendance 96% this term", "Teacher wellbeing scale: 4 of 5",
)
_REVIEW_NOTES = {
    -2: ("Finding sessions very hard; pause and talk with the family about another approach.",),
    -1: ("A difficult few weeks at home have shown in sessions; keep going and check in weekly.",
         "Less settled than at the start; try a smaller group."),
    0: ("Attends happily but little change yet in class; keep the same target.",
        "Steady, no clear change; revisit the target with the class teacher."),
    1: ("Growing in confidence and joining in more; class teacher sees some change too.",
        "Uses the strategies with a reminder; move towards doing so without one.",
        "Family report calmer mornings; keep going."),
    2: ("Target met: now does this without prompting in class and at play.",
        "Clear progress; ready to step down to a fortnightly check-in."),
}
_GENERAL_TOPICS = ("attendance this half term", "settling after the holiday",
                   "friendships at lunchtime", "sleep and mornings", "a worry about moving house",
                   "the class trip", "homework routines")
_CONTACT_SUMMARIES = {
    "phone": ("Phoned {who} about {what}; agreed to speak again after the next review.",
              "{who} called in about {what}; talked through what helps at home."),
    "email": ("Emailed {who} an update on {what}, with the dates of the next sessions.",
              "{who} emailed with a question about {what}; replied the same day."),
    "meeting": ("Met {who} after school to talk about {what}; shared the target and how it "
                "is going.", "Short meeting with {who} at pick-up about {what}."),
    "letter": ("Letter to {who} about {what}, with the review dates.",),
    "text": ("Text to {who}: reminder about {what} tomorrow.",),
    "other": ("Note passed to {who} via the class teacher about {what}.",),
}
_EXPIRING = {"insurance", "staff_vetting", "safeguarding_confirmation", "risk_assessments",
             "health_safety", "child_protection", "la_approved_list"}
_EVIDENCE = {
    "la_approved_list": "Listed on the council's approved providers list, checked online.",
    "ofsted_report": "Latest inspection report read and saved; judged good.",
    "independent_registration": "Registration number checked on the DfE register.",
    "staff_vetting": "Single central record seen on a visit: all staff who work with pupils.",
    "safeguarding_confirmation": "Signed letter confirming DBS checks for every adult.",
    "insurance": "Employer's and public liability certificates, copies on file.",
    "risk_assessments": "Site and activity risk assessments received and read.",
    "attendance": "Attendance policy received; daily register shared by email.",
}
_PROVIDER_NOTES = {
    "complete": "All checks in place; visited this term.",
    "expired_insurance": "Good provision; waiting for the renewed insurance certificate.",
    "missing": "Several documents still outstanding after our first visit.",
    "not_listed": "Not on the council's list; the school is checking everything itself.",
    "new": "New contact: first visit to be arranged.",
}
#: (name, type, contact, Ofsted URN, LA approved, registered school, due-diligence state, sites)
_PROVIDERS = (
    ("Kestrel Vale Learning Centre", "Alternative provision academy", "Mr Gareth Pryce",
     "149902", True, True, "complete",
     (("Main centre", "Tanners Row"), ("Forest base", "Quarry Hill"))),
    ("Riverside Farm Learning", "Care farm", "Mrs Jo Whitlock", "", True, False,
     "expired_insurance", (("Riverside Farm", "Canal Side"),)),
    ("Wildwood Outdoor Education", "Outdoor learning", "Ms Ffion Rees", "", True, False,
     "missing", (("Wildwood Camp", "Marlpit Lane"), ("Fernbrook Woods", "Badger Walk"))),
    ("Hillside Boxing Academy", "Sports mentoring", "Mr Delroy Campbell", "", False, False,
     "not_listed", (("Hillside Gym", "Kiln Road"),)),
    ("Bright Steps Tuition", "One-to-one tuition", "Mrs Anjali Mehta", "", False, False, "new",
     (("Bright Steps rooms", "Market Street"),)),
)
#: (provider id, status, attendance code, start in weeks from today, planned weeks, sessions,
#:  override justification)
_PLACEMENT_PLANS = (
    (1, "active", "D", -15, 24, ("tue_am", "tue_pm", "thu_am", "thu_pm"), ""),
    (1, "active", "K", -8, 18, ("mon_am", "mon_pm", "wed_am", "wed_pm", "fri_am"), ""),
    (2, "active", "B", -13, 20, ("wed_pm", "fri_pm"), ""),
    (3, "ended", "B", -34, 18, ("thu_pm",), ""),
    (1, "planned", "B", 2, 12, ("fri_am", "fri_pm"), ""),
    (4, "active", "B", -5, 12, ("mon_pm",),
     "The only provider able to offer the one-to-one mentoring the plan needs; the school "
     "has seen its staff checks and insurance itself and visits every fortnight."),
)
_OBJECTIVES = (
    "Rebuild confidence and routines so that the child is ready for a full week in class.",
    "Practical, hands-on learning to re-engage with maths and writing, with a daily diary.",
    "Learn to manage anger safely with a trusted adult, and carry the strategies into school.",
    "Keep up attendance and friendships while the school puts longer-term support in place.",
)
_PLACEMENT_NOTES = (
    "Attends well and is proud of the work done; provider and class teacher agree next steps.",
    "Some mornings are hard; the provider's key worker and the school now share a plan.",
    "Making good progress against the objectives; start planning the return to class.",
)
_FAMILY_FEEDBACK = (
    "Family pleased: says their child talks about the sessions at home.",
    "Family would like more notice of changes to the timetable; agreed to share it weekly.",
    "Family feel it is helping and want to keep the same days.",
)
_REQUESTED_SESSIONS = (
    ("fri_am", "fri_pm"), ("wed_pm", "fri_am", "fri_pm"), ("mon_am", "mon_pm"),
    ("thu_pm", "fri_pm"), ("tue_am", "tue_pm", "fri_pm"),
)
_FLEXI_REASONS = (
    "We want to share in our child's learning through outdoor projects and time with "
    "grandparents, while keeping the friendships and structure school gives.",
    "Our child tires quickly and we think a shorter week would help; we would cover reading "
    "and maths at home.",
    "We home educated until this year and would like to keep some of that: nature study and "
    "music lessons on Fridays.",
    "A parent works shifts and Friday is our one family day; we have a plan for learning at "
    "home on that day.",
)
_MEETING_NOTES = (
    "Talked through the family's reasons and the home learning plan; explained how the "
    "policy works and that a decision follows within five working days.",
    "Parents shared their plan for home days; discussed friendships, assessments and what "
    "the school already offers.",
)
#: For each consideration: a note leaning towards agreeing, and one towards declining.
_FACTOR_NOTES = {
    "provision": ("No need identified that our interventions or providers are meant for.",
                  "Nurture Group and Forest School can meet the needs described."),
    "continuity": ("Home day falls on Friday, when new teaching is lightest.",
                   "The days asked for carry phonics and maths teaching that builds daily."),
    "organisation": ("No effect on class organisation or funding.",
                     "Part-time attendance complicates grouping and the class timetable."),
    "resources": ("No extra staffing needed.",
                  "Catch-up on missed teaching would fall to the teaching assistant."),
    "discipline": ("Unlikely to affect other children.",
                   "Other families in the class may ask for the same."),
    "peers": ("Close friendships; home day clashes with no clubs.",
              "Misses the class's Friday team games and the buddy scheme."),
    "safeguarding": ("No concerns; home learning plan seen.",
                     "No concerns; usual checks in place."),
    "outcomes": ("On track; reading and maths at home fit the class plan.",
                 "Below the expected standard in reading; full-time teaching is the best help."),
}
#: One request per stage (plus one with a decision due in two working days and one overdue).
_FLEXI_PLANS = ("received", "meeting_arranged", "due_in_two", "overdue", "considered",
                "decided", "declined", "agreement_drafted", "active", "ended", "withdrawn")


# --- the public face ----------------------------------------------------------------------


def _files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
            keyfile_path(path)]


def seed_demo(path: Path | str, pupils: int = 300, seed: int = 1, *, encrypted: bool = True,
              force: bool = False, progress: Progress | None = None,
              today: dt.date | None = None) -> SeedResult:
    """Write the fictional demo school to ``path`` and return what was written.

    ``encrypted`` makes a SQLCipher file with a key file holding a slot per demo account;
    otherwise a plain file with no key file. An existing file is replaced only with
    ``force`` (else DemoExists). ``progress(fraction, label)`` is told of each step.
    ``today`` anchors every date (default: the real today).
    """
    path = Path(path)
    if pupils < MIN_PUPILS:
        raise ValueError(_("The demo school needs at least {n} pupils.").format(n=MIN_PUPILS))
    existing = [p for p in _files(path) if p.exists()]
    if existing and not force:
        raise DemoExists(_("{path} already exists. Add --force to replace it with a new demo "
                           "school.").format(path=existing[0]))
    for old in existing:
        old.unlink()
    started = time.perf_counter()
    today = today or dt.date.today()
    recovery = None
    key = None
    tell = progress or (lambda _fraction, _label: None)
    rows_progress = progress
    if encrypted:
        # The key slots (scrypt, on purpose slow) take about as long as the rows: half each.
        users = [(username, display, password) for username, display, _r, password in DEMO_ACCOUNTS]
        label = _("keys for the demo accounts")
        tell(0.0, label)
        _ring, key, recovery = Keyring.create(
            path, users, demo=True, progress=lambda done, total: tell(done / total / 2, label))
        if progress is not None:
            rows_progress = lambda fraction, text: progress(0.5 + fraction / 2, text)  # noqa: E731
    try:
        seeder = _Seeder(seed, pupils, today, rows_progress)
        database = open_database(path, key, create=True)
        try:
            with database.atomic():
                seeder.run()
        finally:
            database.close()
    except BaseException:
        for made in _files(path):  # a half-written demo is no use to anyone
            made.unlink(missing_ok=True)
        raise
    return SeedResult(path, encrypted, SCHOOL_NAME, seeder.counts,
                      time.perf_counter() - started, DEMO_ACCOUNTS, recovery, today)


def ensure_demo(path: Path | str, progress: Progress | None = None) -> None:
    """Create the encrypted demo school at ``path`` if there is none yet (for --demo)."""
    path = Path(path)
    if not path.exists():
        seed_demo(path, force=True, progress=progress)


def describe(result: SeedResult) -> str:
    """A short plain summary of a seeded demo, for the command line."""
    c = result.counts
    lines = [
        _("Demo school written: {school}").format(school=result.school_name),
        _("File: {path} ({kind})").format(
            path=result.path, kind=_("encrypted, key file beside it") if result.encrypted
            else _("plain, not encrypted: for benchmarks only")),
        _("{pupils} pupils and {adults} adults; {enrolments} enrolments in {interventions} "
          "interventions; {providers} providers with {placements} placements; "
          "{requests} flexi-schooling requests.").format(
            pupils=c.get("pupils", 0), adults=c.get("adults", 0),
            enrolments=c.get("enrolments", 0), interventions=c.get("interventions", 0),
            providers=c.get("providers", 0), placements=c.get("placements", 0),
            requests=c.get("flexi requests", 0)),
        _("Took {seconds:.1f} seconds.").format(seconds=result.seconds),
    ]
    if result.encrypted:
        lines.append(_("Sign in with one of these demo accounts (name / password):"))
        for username, display, _role, password in result.accounts:
            lines.append(f"  {username:<10} {password:<15} {display}")
        if result.recovery_key:
            lines.append(_("Recovery key (demo only): {key}").format(key=result.recovery_key))
    return "\n".join(lines)


def seed_demo_command(args: argparse.Namespace) -> int:
    """``flexidesk seed-demo``: write the demo school and print a summary; returns the exit code."""
    try:
        result = seed_demo(args.db, args.pupils, args.seed, encrypted=not args.plain,
                           force=args.force)
    except (DemoExists, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (StoreError, OSError) as exc:
        print(_("The demo school could not be written: {reason}").format(reason=exc),
              file=sys.stderr)
        return 1
    print(describe(result))
    return 0
