"""Who a letter goes to: the adults who receive letters, one copy for each household.

Adults at one address share a copy ("Dear Mrs and Mr Ashby"); a parent at another address
gets their own. An adult with no address on record shares the first household's copy. Every
letter greets two parents the same way: one surname is written once ("Mrs and Mr Ashby"),
two surnames each in full ("Mrs Ashby and Mr Lund"), joined in the letter's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from flexidesk.documents import wording
from flexidesk.documents.address import fit_address
from flexidesk.documents.styles import stylesheet
from flexidesk.store.models import PupilAdult


def letter_adults(pupil_id: int) -> list:
    """The child's adults who receive letters (as the contact import or the office set it),
    main contact first."""
    return [link.adult for link in PupilAdult.select().where(
        PupilAdult.pupil == pupil_id, PupilAdult.receives_letters == True)  # noqa: E712
        .order_by(PupilAdult.priority, PupilAdult.id)]


def _address(adult) -> list[str]:
    lines = [line.strip() for line in (adult.address or "").splitlines() if line.strip()]
    if (adult.postcode or "").strip():
        lines.append(adult.postcode.strip())
    return lines


def _key(lines: list[str]) -> tuple[str, ...]:
    """Two ways of typing one address are one household: case, spaces and commas ignored."""
    return tuple("".join(ch for ch in line.casefold() if ch.isalnum()) for line in lines)


def greeting(adults: Sequence) -> list[str]:
    """The parts of the greeting: "Mrs", "Mr Ashby" for one surname; each name otherwise."""
    if (len(adults) == 2 and all(a.title for a in adults)
            and adults[0].last_name.casefold() == adults[1].last_name.casefold()):
        return [adults[0].title, f"{adults[1].title} {adults[1].last_name}"]
    return [f"{a.title} {a.last_name}" if a.title else a.full_name for a in adults]


def household(adults: Sequence) -> dict:
    """One copy's addressees: their names, greeting and address (joined per language later)."""
    address = next((_address(a) for a in adults if _address(a)), [])
    return {"names": [a.full_name for a in adults], "greeting": greeting(adults),
            "address": address}


def households(adults: Sequence) -> list[dict]:
    """One household for each distinct address, in the order of the adults (main contact
    first); adults with no address join the first household."""
    groups: dict[tuple[str, ...], list] = {}
    homeless = []
    for adult in adults:
        lines = _address(adult)
        if lines:
            groups.setdefault(_key(lines), []).append(adult)
        else:
            homeless.append(adult)
    found = list(groups.values()) or [[]]
    found[0] = [a for a in adults if a in found[0] or a in homeless]
    return [household(group) for group in found if group] or [household([])]


def family_params(adults: Sequence) -> dict:
    """The family section of a letter's params: every household, and (for older readers of
    the params) the first household's parts at the top level.

    Refuses (AddressTooLong) when an address cannot fit the envelope window, before anything
    is printed or recorded.
    """
    homes = households(adults)
    style = stylesheet()["Address"]
    for home in homes:
        if home["address"]:
            fit_address(address_block(home), style)
    first = homes[0]
    return {**first, "households": homes,
            "address_lines": address_block(first),
            "salutation": wording.names_list(first["greeting"])}


def address_block(family: dict) -> list[str]:
    """The household's names (joined in the letter's language) over their address."""
    return wording.address_block(family)


def copies_of(family: dict) -> list[dict]:
    """The households a letter goes to (a letter issued before households were kept: one)."""
    return family.get("households") or [family]
