"""Welsh mutations after "ar", "o", "i", "gyda", "â", "a" and "ei", as a Welsh reader expects."""

import datetime as dt

import pytest

from flexidesk.i18n import format_long_date, set_locale
from flexidesk.i18n.welsh import Mutable, Template, aspirate, fill, soft


@pytest.fixture
def cymraeg():
    set_locale("cy")
    yield
    set_locale("en")


@pytest.mark.parametrize("word, mutated", [
    ("dydd", "ddydd"), ("Dydd", "Ddydd"), ("Clwb", "Glwb"), ("pobl", "bobl"), ("tad", "dad"),
    ("Gwener", "Wener"), ("gardd", "ardd"), ("bore", "fore"), ("mam", "fam"), ("Llun", "Lun"),
    ("rhiant", "riant"), ("chwarae", "chwarae"), ("ffôn", "ffôn"), ("nain", "nain"),
    ("Ysgol", "Ysgol"), ("<b>Clwb</b>", "<b>Glwb</b>")])
def test_the_soft_mutation(word, mutated):
    assert soft(word) == mutated


@pytest.mark.parametrize("word, mutated", [
    ("Clwb", "Chlwb"), ("plant", "phlant"), ("tymor", "thymor"), ("dydd", "dydd"),
    ("chwarae", "chwarae")])
def test_the_aspirate_mutation(word, mutated):
    assert aspirate(word) == mutated


def test_a_date_mutates_after_ar_o_and_i_and_loses_its_capital(cymraeg):
    monday = Mutable(format_long_date(dt.date(2026, 11, 30)))
    friday = Mutable(format_long_date(dt.date(2026, 12, 4)))
    assert monday == "Dydd Llun 30 Tachwedd 2026"
    assert fill("Byddwn yn cwrdd ar {date}.", date=monday) == \
        "Byddwn yn cwrdd ar ddydd Llun 30 Tachwedd 2026."
    assert fill("O {start} i {end}", start=monday, end=friday) == \
        "O ddydd Llun 30 Tachwedd 2026 i ddydd Gwener 4 Rhagfyr 2026"
    assert fill("{date} yw'r diwrnod olaf.", date=monday).startswith("Dydd Llun")


def test_gyda_and_a_take_the_aspirate_and_a_name_keeps_its_letter(cymraeg):
    assert fill("Bydd {child} yn parhau gyda {what}.", child="Tomasz",
                what=Mutable("Clwb Gemau")) == "Bydd Tomasz yn parhau gyda Chlwb Gemau."
    assert fill("bydd y teulu'n dod â {child} i'r ysgol", child="Emre") == \
        "bydd y teulu'n dod ag Emre i'r ysgol"
    assert fill("dod â {child}", child="Tomasz") == "dod â Tomasz"  # a name keeps its T
    assert fill("Mrs Ashby a {other}", other="Anna Jones") == "Mrs Ashby ac Anna Jones"
    assert fill("ei {thing}", thing=Mutable("tad")) == "ei dad"
    assert fill("Diolch i {school}", school="Brookfield") == "Diolch i Brookfield"


def test_a_value_after_a_tag_still_follows_its_word(cymraeg):
    assert fill("ar <b>{date}</b>", date=Mutable("Dydd Gwener 4 Rhagfyr 2026")) == \
        "ar <b>ddydd Gwener 4 Rhagfyr 2026</b>"


def test_english_is_filled_as_it_is():
    set_locale("en")
    template = Template("on {date} with {what}")
    assert template.format(date=Mutable("Monday"), what=Mutable("Games Club")) == \
        "on Monday with Games Club"
