"""Bounded text: the policy layer's own refusal of over-long, missing or multi-line input, and
of the characters nobody sees."""

import pytest

from flexidesk.policy.errors import PolicyError
from flexidesk.policy.text import LINE, NAME, NOTE, PARAGRAPH, bounded, clean, shown


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


# --- exact limits, each named limit's value, and characters nobody sees -------------------------


def test_each_named_limit_is_the_one_the_forms_promise():
    assert (NAME, LINE, PARAGRAPH, NOTE) == (100, 200, 2_000, 10_000)


@pytest.mark.parametrize("limit", [NAME, LINE, PARAGRAPH, NOTE])
def test_exactly_the_limit_fits_and_one_more_is_refused(limit):
    assert bounded("x" * limit, "Notes", limit) == "x" * limit
    with pytest.raises(PolicyError, match=f"Notes is too long: {limit + 1:,} characters, and "
                                          f"at most {limit:,} fit"):
        bounded("x" * (limit + 1), "Notes", limit)


def test_invisible_characters_do_not_count_towards_the_limit():
    assert bounded("x" * NAME + "\x00\u202e", "Name", NAME) == "x" * NAME


@pytest.mark.parametrize("breaking", ["Ada\rLovelace", "Ada\r\nLovelace", "Ada\nLovelace",
                                      "Ada\u2028Lovelace"])
def test_a_single_line_field_refuses_every_kind_of_line_break(breaking):
    with pytest.raises(PolicyError, match="Name must be on one line"):
        bounded(breaking, "Name", NAME, single_line=True)


def test_a_lone_carriage_return_in_notes_is_a_line_break_kept():
    assert bounded("First\rSecond\r\nThird", "Notes", NOTE) == "First\nSecond\nThird"


@pytest.mark.parametrize("typed, kept", [
    ("Ada\x00", "Ada"),                       # NUL
    ("\u202eAda Fenwick", "Ada Fenwick"),     # right-to-left override
    ("Ada\u202d\u202c\u2066\u2069", "Ada"),   # overrides, embeddings, isolates
    ("A\x1b[31mda", "A[31mda"),               # an escape code loses its escape
    ("\ufeffAda", "Ada"),                      # a stray byte-order mark
    ("Ada\tFenwick", "Ada Fenwick"),          # a tab in one line is a space
    ("سارا\u200fعلی", "سارا\u200fعلی"),         # the right-to-left mark some names need stays
    ("Zoë Brontë", "Zoë Brontë"),
])
def test_names_lose_the_characters_nobody_sees(typed, kept):
    assert bounded(typed, "Name", NAME, single_line=True) == kept


def test_a_name_made_only_of_invisible_characters_is_missing():
    with pytest.raises(PolicyError, match="Name is needed"):
        bounded("\u202e\x00\u2066", "Name", NAME, required=True, single_line=True)


def test_clean_keeps_line_breaks_in_notes_and_drops_lone_surrogates():
    assert clean("one\r\ntwo\x00\ud800") == "one\ntwo"


def test_a_value_repeated_in_a_message_is_cut_to_a_readable_length():
    assert shown("G" * 1_000_000) == "G" * 60 + "… (1,000,000 characters)"
    assert shown("A123\n456") == "A123 456"
    assert shown("short") == "short"
