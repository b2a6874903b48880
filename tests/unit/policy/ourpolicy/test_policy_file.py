"""A policy file's problems are named by their line, their key path and the reason, and the
file is data only: nothing in it is run, and nothing of a refused file is saved."""

import json

import pytest

from flexidesk.policy import ourpolicy
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.ourpolicy.located import Located
from flexidesk.policy.ourpolicy.transfer import import_policy, policy_file_text, read_policy_file


def _file(tmp_path, change=None, *, text_change=None):
    body = ourpolicy.default_policy()
    if change:
        change(body)
    text = policy_file_text(body)
    if text_change:
        text = text_change(text)
    path = tmp_path / "policy.json"
    path.write_text(text, encoding="utf-8")
    return path, text


def _line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of ``text`` holding ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def _refusal(path) -> list[str]:
    with pytest.raises(ourpolicy.PolicyRefused) as refused:
        read_policy_file(path)
    return [str(p) for p in refused.value.problems]


def test_an_unknown_key_is_refused_with_its_line(tmp_path):
    path, text = _file(tmp_path, text_change=lambda t: t.replace(
        '"review_every": "half_term"', '"review_every": "half_term",\n    "formula": "1+1"'))
    line = _line_of(text, '"formula"')
    assert _refusal(path) == [f"line {line}: ap.formula: is not a key FlexiDesk knows"]


def test_an_out_of_range_number_is_refused_with_its_line(tmp_path):
    def far(body):
        body["flexi"]["deadline_days"] = 45

    path, text = _file(tmp_path, far)
    line = _line_of(text, '"deadline_days": 45')
    assert _refusal(path) == [
        f"line {line}: flexi.deadline_days: must be from 1 to 30, not 45"]


def test_a_wrong_type_is_refused_with_its_line(tmp_path):
    def words(body):
        body["ap"]["full_time_hours"] = "eighteen"
        body["flexi"]["governing_body_rule"] = "yes"

    path, text = _file(tmp_path, words)
    # In the file's order (its "ap" section comes first), not the checker's.
    assert _refusal(path) == [
        f"line {_line_of(text, 'full_time_hours')}: ap.full_time_hours: "
        "must be a whole number",
        f"line {_line_of(text, 'governing_body_rule')}: flexi.governing_body_rule: "
        "must be true or false"]


def test_a_template_with_an_unknown_field_is_refused_with_its_line(tmp_path):
    def unknown(body):
        body["letters"]["decision_declined"]["cy"] = "Annwyl {parent_name}, {child_name}."

    path, text = _file(tmp_path, unknown)
    problems = _refusal(path)
    assert len(problems) == 1
    line = _line_of(text, "{parent_name}")
    assert problems[0].startswith(f"line {line}: letters.decision_declined.cy: uses the field "
                                  "{parent_name}, which this paragraph does not have")


def test_a_problem_inside_a_consideration_points_at_it(tmp_path):
    def bad_code(body):
        body["flexi"]["considerations"][2]["code"] = "Not A Code"

    path, text = _file(tmp_path, bad_code)
    line = _line_of(text, '"Not A Code"')
    assert _refusal(path) == [f"line {line}: flexi.considerations[3].code: must be a short "
                              "code of small letters, digits and underscores"]


def test_a_missing_key_points_at_the_object_that_lacks_it(tmp_path):
    text = json.dumps({"format": "flexidesk-policy", "format_version": 1,
                       "policy": {"flexi": {"deadline_days": 5, "meeting_required": True,
                                            "nonsense": 1}}}, indent=2)
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    assert _refusal(path) == [
        f"line {_line_of(text, 'nonsense')}: flexi.nonsense: is not a key FlexiDesk knows"]


def test_a_key_given_twice_is_refused_not_silently_overwritten(tmp_path):
    path, text = _file(tmp_path, text_change=lambda t: t.replace(
        '"notice_weeks": 4', '"notice_weeks": 4,\n    "notice_weeks": 2'))
    line = _line_of(text, '"notice_weeks": 2')
    assert _refusal(path) == [f"line {line}: flexi.notice_weeks: is given twice"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_not_a_number_is_refused(tmp_path, constant):
    path, _text = _file(tmp_path, text_change=lambda t: t.replace(
        '"notice_weeks": 4', f'"notice_weeks": {constant}'))
    with pytest.raises(PolicyError, match="is not a number a policy may hold"):
        read_policy_file(path)


def test_unreadable_json_says_its_line(tmp_path):
    path, text = _file(tmp_path, text_change=lambda t: t.replace('"notice_weeks": 4',
                                                                 '"notice_weeks": 4 +'))
    with pytest.raises(PolicyError, match=rf"line {_line_of(text, 'notice_weeks')}\)"):
        read_policy_file(path)


def test_deep_nesting_is_refused_plainly(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"format": "flexidesk-policy", "policy": ' + "[" * 50000 + "]" * 50000
                    + "}", encoding="utf-8")
    with pytest.raises(PolicyError, match="nested too deeply"):
        read_policy_file(path)


def test_a_refused_file_saves_nothing_and_a_good_one_becomes_the_draft(head, tmp_path):
    def far(body):
        body["flexi"]["deadline_days"] = 45

    bad, _text = _file(tmp_path, far)
    with pytest.raises(ourpolicy.PolicyRefused) as refused:
        import_policy(head, bad)
    assert "line " in str(refused.value)  # the dialog's message carries the line
    assert ourpolicy.draft() is None
    good, _text = _file(tmp_path, lambda b: b["flexi"].update(deadline_days=8))
    import_policy(head, good)
    assert ourpolicy.draft().deadline_days == 8


def test_located_gives_lines_of_keys_and_array_items():
    text = '{\n  "a": [\n    {"b": 1},\n    2\n  ],\n  "c": {}\n}'
    located = Located(text)
    assert located.data == {"a": [{"b": 1}, 2], "c": {}}
    assert (located.line("a"), located.line("a[1]"), located.line("a[1].b"),
            located.line("a[2]"), located.line("c"), located.line("c.missing")) == (2, 3, 3, 4,
                                                                                    6, 6)
