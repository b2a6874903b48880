"""Every document a family receives, for a family named in Latin, Arabic and Chinese script, in
English, Welsh and both: every name is there to read, as its own script writes it."""

import unicodedata

import pytest

from flexidesk.documents.fonts import SEPARATOR
from flexidesk.documents.render import render
from flexidesk.policy.school.preferences import set_letter_language
from tests.unit.documents import world as w
from tests.unit.documents.flexi_data import pdf_text


def readable(pdf: bytes) -> str:
    """The text a reader's copy-and-paste gets, with Arabic's shaped letter forms as letters."""
    return unicodedata.normalize("NFKC", pdf_text(pdf)).replace(SEPARATOR, " ")


@pytest.mark.parametrize("language", ["en", "cy", "cy+en"])
@pytest.mark.parametrize("script", sorted(w.FAMILIES))
def test_every_document_names_the_family_in_their_own_script(head, script, language):
    world = w.make_world(head, script)
    set_letter_language(head, language)
    for kind in w.FAMILY_KINDS:
        text = readable(render(kind, w.params_of(kind, world, head)))
        names = w.names_in(script)[:1] if kind == "ap_register" else w.names_in(script)
        for name in names:
            assert name in text, (kind, name)
        if language != "cy" and kind != "ap_register":
            assert "Ms Ada Quill" in text, kind  # Latin beside them, in the one font
        assert "\ufffd" not in text and "\uffff" not in text, kind  # no glyph lost


def test_a_chinese_name_keeps_its_order_and_english_punctuation_stays_english(head):
    world = w.make_world(head, "chinese")
    letter = readable(render("flexi_invitation", w.params_of("flexi_invitation", world, head)))
    assert "Mrs 李丽" in letter and "Mr 王伟" in letter  # family name first, as written
    assert "Dear Mrs 李," in letter  # the English comma, not "，"
    assert "flexi-schooling for 小龙." in letter
    assert not set(letter) & set("，。：；！？（）")
    agreement = readable(render("flexi_agreement", w.params_of("flexi_agreement", world, head)))
    assert "王小龙" in agreement  # the child's name, family name first
