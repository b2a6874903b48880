"""File > Print our policy in brief: the rules in force, a page in each language, each page
headed and numbered in its own language."""

import io

from pypdf import PdfReader

from flexidesk.documents.our_policy import brief_params, render_brief
from tests.clock import TODAY
from tests.unit.policy.ourpolicy.policy_steps import adopt_with


def _pages(head, language: str) -> list[str]:
    pdf = render_brief(brief_params(head, TODAY, language))
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_default_rules_say_no_version_is_adopted_yet(head, school):
    (page,) = _pages(head, "en")
    assert "Our flexi-schooling and alternative provision policy in brief" in page
    assert "within 5 school days" in page and "has not adopted a version" in page


def test_an_adopted_version_is_printed_with_its_own_rules_in_both_languages(head, school):
    def ten_school_days(body):
        body["flexi"]["deadline_days"] = 10

    adopt_with(head, ten_school_days)
    welsh, english = _pages(head, "cy+en")
    assert "Ein polisi addysg hyblyg" in welsh and "Tudalen 1 o 2" in welsh
    assert "policy in brief" not in welsh  # the Welsh page is Welsh, header included
    assert "within 10 school days" in english and "version 1" in english
    assert "Page 2 of 2" in english and "Ein polisi" not in english
