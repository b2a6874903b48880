"""Bounded text: the policy layer's own refusal of over-long, missing or multi-line input."""

import pytest

from flexidesk.policy.errors import PolicyError
from flexidesk.policy.text import NAME, bounded


def test_text_is_stripped_and_kept_within_its_limit():
    assert bounded("  Lego Therapy  ", "Name", NAME) == "Lego Therapy"
    assert bounded(None, "Notes", NAME) == ""


def test_too_long_text_is_refused_with_its_field_and_limit():
    with pytest.raises(PolicyError, match=r"Name is too long: 1,000,000 characters, and at most 100"):
        bounded("x" * 1_000_000, "Name", NAME)


def test_required_and_single_line_fields_say_what_is_wrong():
    with pytest.raises(PolicyError, match="Name is needed"):
        bounded("   ", "Name", NAME, required=True)
    with pytest.raises(PolicyError, match="Name must be on one line"):
        bounded("Ada\nLovelace", "Name", NAME, single_line=True)


@pytest.mark.parametrize("typed, written", [
    ("s62xp", "S6 2XP"), ("SW1A1AA", "SW1A 1AA"), ("  ec1a  1bb ", "EC1A 1BB"),
    ("cf10 1ea", "CF10 1EA"), ("M1 1AE", "M1 1AE"), ("b33 8th", "B33 8TH"), ("", "")])
def test_a_uk_postcode_is_written_the_uk_way(typed, written):
    from flexidesk.policy.text import postcode

    assert postcode(typed, "Postcode") == written


@pytest.mark.parametrize("typed", ["27 WALKLEY ROAD", "S6", "12345", "SW1A 1AAA", "6S 2XP"])
def test_what_is_not_a_uk_postcode_is_refused_naming_the_field(typed):
    from flexidesk.policy.errors import PolicyError
    from flexidesk.policy.text import postcode

    with pytest.raises(PolicyError, match="Postcode: .* is not a UK postcode"):
        postcode(typed, "Postcode")
