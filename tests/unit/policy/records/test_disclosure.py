"""Secondary suppression: no count hidden as "fewer than 3" can be worked out from the rest."""

from flexidesk.policy.records.disclosure import Sum, withhold, worked_out


def test_a_total_beside_one_hidden_part_is_withheld():
    # Year 3: 4, Year 5: hidden (really 1), total 5: 5 - 4 gives Year 5 away.
    cells = {"y3": 4, "y5": None, "total": 5}
    sums = [Sum(["y3", "y5"], ["total"])]
    assert worked_out(cells, sums) == ["y5"]
    assert withhold(cells, sums, prefer=["total"]) == {"total"}
    assert worked_out(cells, sums, withheld={"total"}) == []


def test_without_a_total_to_withhold_the_smallest_count_beside_it_goes():
    cells = {"a": None, "b": 7, "c": 40, "total": 48}
    sums = [Sum(["a", "b", "c"], ["total"])]
    assert withhold(cells, sums, fixed={"total"}) == {"b"}


def test_two_hidden_parts_at_the_ends_of_their_range_are_given_away_too():
    # Two hidden parts that must add to 2 are both 1; to 3, they could be 1 and 2 either way.
    sums = [Sum(["a", "b", "c"], ["total"])]
    assert sorted(worked_out({"a": None, "b": None, "c": 10, "total": 12}, sums)) == ["a", "b"]
    assert worked_out({"a": None, "b": None, "c": 10, "total": 13}, sums) == []


def test_sums_are_followed_from_one_table_to_the_next():
    # The places in the costs table are the children of the provision table's row.
    cells = {"lego_y3": 4, "lego_y5": None, "lego_places": 5, "all": 20, "other": 15}
    sums = [Sum(["lego_y3", "lego_y5"], ["lego_places"]),
            Sum(["lego_y3", "lego_y5", "other"], ["all"])]
    held = withhold(cells, sums, prefer=["lego_places"])
    assert "lego_places" in held and worked_out(cells, sums, held) == []


def test_nothing_is_withheld_when_nothing_is_hidden_or_nothing_can_be_worked_out():
    sums = [Sum(["a", "b"], ["t"])]
    assert withhold({"a": 3, "b": 4, "t": 7}, sums) == set()
    assert withhold({"a": None, "b": None, "t": None}, sums) == set()
