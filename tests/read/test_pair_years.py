"""The years one named row's figure tops (or trails) another's, read column by column over a table of year columns
(made-up table and wording): each year's two cells cited, the years met named; a verb turned round, a threshold
of the question's own or a year the table lacks is no such answer."""

from __future__ import annotations

import pytest

from rag.read.aggregates import pair_direction
from tests.builders import USD_1E8, make_table
from tests.builders import ask_table as ask


@pytest.fixture(scope="module")
def gadget_regions():
    """Gadget outflows of two regions over five years: Oceania above Africa in 2028 and 2030 only."""
    rows = {"非洲": ("6.0", "2.0", "7.5", "1.0", "9.0"), "大洋洲": ("4.0", "8.0", "3.0", "6.0", "2.0")}
    columns = tuple((f"{year} 年", USD_1E8) for year in range(2027, 2032))
    return make_table(
        rows, columns=columns, table_id="5-3", title="Gadget outflows by region, 2027-2031", label_header="区域"
    )


def test_a_verb_of_passing_sets_the_first_row_above_or_below_the_second():
    assert pair_direction("in which years did a exceed b?") == "rise"
    assert pair_direction("哪些年甲超过了乙？") == "rise"
    assert pair_direction("in which years did a trail b?") == "fall"
    assert pair_direction("in which years was a exceeded by b?") == ""
    assert pair_direction("哪一年甲被乙超过？") == ""


def test_the_years_one_row_exceeds_another_are_named_with_both_cells(gadget_regions, glossary):
    answer = ask("2027至2031年间，哪些年大洋洲的小部件流出超过了非洲？", gadget_regions, glossary)
    assert not answer.refused and "2028" in answer.text and "2030" in answer.text
    assert "2027" not in answer.text.split("：")[1].split("。")[0]  # the years met come before the rest
    assert len(answer.citations) == 10  # both rows' cells of every year
    english = ask("In which years did Oceania's gadget outflows exceed Africa's?", gadget_regions, glossary)
    assert not english.refused and english.spans == ("2028", "2030")


def test_the_years_one_row_trails_another(gadget_regions, glossary):
    answer = ask("In which years did Africa's gadget outflows trail Oceania's?", gadget_regions, glossary)
    assert answer.spans == ("2028", "2030")


def test_a_range_the_table_does_not_cover_is_refused(gadget_regions, glossary):
    answer = ask("2024至2031年间，哪些年大洋洲的小部件流出超过了非洲？", gadget_regions, glossary)
    assert answer.refused


def test_a_verb_of_passing_also_counts_the_years(gadget_regions, glossary):
    answer = ask("In how many years did Oceania's gadget outflows exceed Africa's?", gadget_regions, glossary)
    assert answer.value == pytest.approx(2) and answer.unit == "count"
