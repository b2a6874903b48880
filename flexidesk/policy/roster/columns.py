"""What the MIS exports mean: their column names (SIMS, Arbor, Bromcom) and how their values read.

A column is recognised by its name with case, spaces and punctuation ignored, so "Legal
Surname", "legal_surname" and "LegalSurname" are one name. Values are read strictly: a
value FlexiDesk cannot read is a bad row with a reason, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TypeVar

from flexidesk.i18n import N_, _
from flexidesk.policy.text import date_problem, shown
from flexidesk.store.database import db

#: The mapping's choice for a column that is not imported.
IGNORE = ""

#: Pupil export fields: code, label, and the column names the MIS write for it.
PUPIL_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "upn": (N_("UPN"), ("upn", "uniquepupilnumber", "pupilupn", "studentupn")),
    "legal_last_name": (N_("Legal surname"), (
        "legalsurname", "legallastname", "surname", "lastname", "familyname")),
    "legal_first_name": (N_("Legal first name"), (
        "legalforename", "legalfirstname", "forename", "firstname", "givenname")),
    "preferred_name": (N_("Preferred first name"), (
        "preferredforename", "preferredfirstname", "knownas", "preferredname")),
    "date_of_birth": (N_("Date of birth"), ("dob", "dateofbirth", "birthdate")),
    "year_group": (N_("Year group"), (
        "year", "yeargroup", "ncyear", "ncyearactual", "curriculumyear",
        "nationalcurriculumyear")),
    "class_name": (N_("Registration group"), (
        "reg", "reggroup", "registrationgroup", "registrationform", "form", "class",
        "tutorgroup")),
    "sen_status": (N_("SEN status"), ("senstatus", "senprovision", "sen")),
    "ehc_plan": (N_("EHC plan"), ("ehcplan", "ehcp", "hasehcplan")),
    "pupil_premium": (N_("Pupil premium"), (
        "pupilpremium", "pupilpremiumindicator", "pp", "ppeligible")),
    "looked_after": (N_("Looked after"), (
        "lookedafter", "incare", "cla", "lac", "childlookedafter")),
    "eal": (N_("EAL"), ("eal", "englishasanadditionallanguage", "ealstatus")),
    "enrolment_status": (N_("Enrolment status"), (
        "enrolmentstatus", "enrollmentstatus", "enrolstatus", "status")),
    "gender": (N_("Gender"), ("gender", "sex")),
    "on_roll_date": (N_("Admission date"), (
        "admissiondate", "dateofadmission", "startdate", "entrydate", "enrolmentdate")),
    "left_date": (N_("Leaving date"), (
        "dateofleaving", "leavingdate", "leftdate", "dateleft", "enddate")),
}
PUPIL_REQUIRED = ("upn", "legal_first_name", "legal_last_name", "date_of_birth", "year_group")

#: Contacts export fields, as above.
CONTACT_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "upn": (N_("Pupil's UPN"), ("upn", "pupilupn", "studentupn")),
    "contact_ref": (N_("Contact ID"), ("contactid", "contactref", "personid", "contactpersonid")),
    "title": (N_("Title"), ("title", "contacttitle")),
    "first_name": (N_("First name"), (
        "forename", "firstname", "contactforename", "contactfirstname")),
    "last_name": (N_("Surname"), ("surname", "lastname", "contactsurname", "contactlastname")),
    "relationship": (N_("Relationship"), (
        "relationship", "relationshiptype", "relationshiptopupil", "relationshiptostudent")),
    "priority": (N_("Priority"), ("priority", "contactpriority", "contactorder")),
    "parental_responsibility": (N_("Parental responsibility"), (
        "parentalresponsibility", "hasparentalresponsibility", "pr")),
    "receives_letters": (N_("Receives letters"), (
        "correspondence", "receivescorrespondence", "receivesletters", "mailing",
        "sendcorrespondence")),
    "lives_with": (N_("Lives with the pupil"), (
        "liveswithpupil", "liveswith", "liveswithstudent", "livesatsameaddress")),
    "address_1": (N_("Address line 1"), ("address", "addressline1", "address1", "street")),
    "address_2": (N_("Address line 2"), ("addressline2", "address2", "locality")),
    "town": (N_("Town"), ("town", "city", "posttown", "addressline3")),
    "county": (N_("County"), ("county",)),
    "postcode": (N_("Postcode"), ("postcode", "postalcode")),
    "phone": (N_("Telephone"), (
        "telephone", "phone", "mobile", "mobiletelephone", "mobilenumber", "hometelephone",
        "telephonenumber", "primarytelephone")),
    "email": (N_("Email"), ("email", "emailaddress", "primaryemail")),
}
CONTACT_REQUIRED = ("upn", "first_name", "last_name")


def normalise(name: str) -> str:
    """A column name with case, spaces and punctuation taken out."""
    return re.sub(r"[\W_]+", "", name.casefold())


def guess_mapping(header: list[str], fields: dict[str, tuple[str, tuple[str, ...]]]
                  ) -> list[str]:
    """For each column, the field it holds (IGNORE if none); a field goes to its first column."""
    lookup = {alias: code for code, (_label, aliases) in fields.items() for alias in aliases}
    taken: set[str] = set()
    mapping = []
    for name in header:
        code = lookup.get(normalise(name), IGNORE)
        if code in taken:
            code = IGNORE
        taken.add(code)
        mapping.append(code)
    return mapping


def looks_like_contacts(header: list[str]) -> bool:
    """Whether a file's columns are a contacts export (relationships, no dates of birth)."""
    pupils = set(guess_mapping(header, PUPIL_FIELDS))
    contacts = set(guess_mapping(header, CONTACT_FIELDS))
    return "date_of_birth" not in pupils and bool(
        contacts & {"relationship", "parental_responsibility", "contact_ref"})


# --- values -------------------------------------------------------------------------------

T = TypeVar("T")

#: "K - SEN Support", "C - Current", "Y4 - Year 4": a short code, a dash or colon, its words.
_CODED = re.compile(r"(?P<code>[^\s:\-\u2013\u2014][^\s:]{0,5})"
                    r"(?:\s+[-\u2013\u2014]\s+|\s*:\s*)(?P<words>\S.*)")


def split_code(text: str) -> tuple[str, str] | None:
    """('K', 'SEN Support') from 'K - SEN Support', as SIMS writes coded values; else None."""
    match = _CODED.fullmatch(text.strip())
    return (match.group("code"), match.group("words").strip()) if match else None


def read_coded(text: str, parse: Callable[[str], T]) -> T:
    """A coded column's value, written as its code, its words, or "code - words".

    The code decides; where the words say something else the value is refused rather than
    guessed ("K - No Special Educational Need")."""
    try:
        return parse(text)
    except ValueError as plain:
        parts = split_code(text)
        if parts is None:
            raise
        code, words = parts
        try:
            value = parse(code)
        except ValueError:
            try:
                return parse(words)
            except ValueError:
                raise plain from None
        try:
            said = parse(words)
        except ValueError:
            return value  # words FlexiDesk does not know ("Current (single registration)")
        if said != value:
            raise ValueError(_("“{text}”: the code {code} and the words after it say different "
                               "things").format(text=text.strip(), code=code)) from None
        return value

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?")
_UK = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: [\d:]+)?")


def parse_date(text: str) -> dt.date:
    """A date written dd/mm/yyyy or yyyy-mm-dd; ValueError with the reason otherwise."""
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _UK.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise ValueError(_("“{text}” is not a date written dd/mm/yyyy or yyyy-mm-dd").format(
            text=shown(text)))
    try:
        day_given = dt.date(year, month, day)
    except ValueError:
        raise ValueError(_("there is no such date as {text}").format(text=shown(text))) from None
    problem = date_problem(day_given)
    if problem is not None:
        raise ValueError(problem)
    return day_given


_YEAR = re.compile(r"(?:y|yr|year|nc|ncyear)?(r|rec|reception|n|n1|n2|nursery|\d{1,2})")


def parse_year(text: str) -> int:
    """A year group (R, Reception, Y4, Year 4, 4) as 0..6; ValueError for any other year."""
    match = _YEAR.fullmatch(normalise(text))
    if not match:
        raise ValueError(_("“{text}” is not a year group").format(text=shown(text)))
    value = match.group(1)
    if value in ("r", "rec", "reception"):
        return 0
    if value.isdigit() and 1 <= int(value) <= 6:
        return int(value)
    raise ValueError(_("“{text}” is not a year group of a primary school (Reception to "
                       "Year 6)").format(text=shown(text)))


_SEN = {
    "n": "N", "no": "N", "none": "N", "nosen": "N", "nospecialeducationalneed": "N",
    "nospecialeducationalneeds": "N", "notsen": "N",
    "k": "K", "sensupport": "K", "support": "K", "senk": "K",
    "e": "E", "ehcplan": "E", "ehcp": "E", "educationhealthandcareplan": "E",
    "s": "E", "statement": "E", "statementofsen": "E",
}


def parse_sen(text: str) -> str:
    """SEN status as its census code: N (none), K (SEN support) or E (EHC plan); blank is N."""
    key = normalise(text)
    if not key:
        return "N"
    if key in _SEN:
        return _SEN[key]
    raise ValueError(_("“{text}” is not an SEN status (N, K or E, or their words)").format(
        text=text))


_TRUE = {"y", "yes", "true", "t", "1", "x"}
_FALSE = {"", "n", "no", "false", "f", "0"}


def parse_flag(text: str, label: str) -> bool:
    """Yes or no, as the MIS write it (Y/N, Yes/No, True/False, 1/0; blank is no)."""
    key = normalise(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(_("“{text}” is not yes or no for {field}").format(text=shown(text),
                                                                         field=label))


_ON_ROLL = {"c", "current", "enrolled", "onroll", "singleregistration", "m", "main",
            "maindualregistration", "dualmain", "s", "subsidiary", "g", "guest", "active",
            "registered"}
_LEFT = {"l", "left", "leaver", "former", "offroll", "inactive", "leavers", "past"}


def parse_status(text: str) -> bool:
    """Whether an enrolment status says the child has left (blank means on roll)."""
    key = normalise(text)
    if not key or key in _ON_ROLL:
        return False
    if key in _LEFT:
        return True
    raise ValueError(_("“{text}” is not an enrolment status FlexiDesk knows").format(
        text=shown(text)))


_GENDERS = {"f": "F", "female": "F", "girl": "F", "m": "M", "male": "M", "boy": "M"}


def gender_code(text: str) -> str:
    """F or M as the census writes them ("F - Female" too); any other answer is kept as the
    MIS gave it."""
    parts = split_code(text)
    if parts is not None and normalise(parts[0]) in _GENDERS:
        return _GENDERS[normalise(parts[0])]
    return _GENDERS.get(normalise(text), text)


#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


def formula_warning(line: int, label: str, value: str) -> str | None:
    """A warning for a name a spreadsheet would run as a formula ('=HYPERLINK(…)'), else None."""
    value = value.strip()
    if not value.startswith(FORMULA_STARTS):
        return None
    return _("line {n}: the {field} “{value}” starts with “{first}”, which a spreadsheet "
             "would read as a formula; check it in the MIS").format(
        n=line, field=label.lower(), value=value[:40], first=value[0])


def parse_priority(text: str) -> int:
    """A contact's priority: 1 is called first."""
    key = text.strip()
    if not key:
        return 1
    if key.isdigit() and 1 <= int(key) <= 99:
        return int(key)
    raise ValueError(_("“{text}” is not a priority (1, 2, 3…)").format(text=shown(text)))


#: The columns a pupil import compares and writes (beyond the UPN).
PUPIL_COLUMNS = ("legal_first_name", "legal_last_name", "preferred_name", "date_of_birth",
                 "year_group", "class_name", "sen_support", "ehc_plan", "pupil_premium",
                 "looked_after", "eal", "gender", "on_roll_date", "left_date")


def stored_form(value) -> object:
    """A value as SQLite holds it (dates as ISO text, flags as 0/1), to compare with raw rows.

    A server's driver reads dates and flags back as they are, so there they stay as they are."""
    if getattr(db.obj, "engine", "") == "postgresql":
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value
