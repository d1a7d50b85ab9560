"""Shares of a whole held by a group of rows (made-up tables and wording): the rows passing a threshold the question
sets, summed over the table's total row; the threshold stated after a relative word or in a premise sentence."""

from __future__ import annotations

import pytest

from rag.read.row_lists import split_condition
from tests.builders import PERCENT, USD_1E8, ask_tables, make_table, ranking_and_world
from tests.builders import ask_table as ask


@pytest.fixture(scope="module")
def lantern_investment():
    """Borduria's lantern investment abroad by industry in 2041, with a printed share column."""
    rows = {
        "合计": ("400.0", "100.0"),
        "制造业": ("180.0", "45.0"),
        "金融业": ("120.0", "30.0"),
        "建筑业": ("60.0", "15.0"),
        "教育": ("40.0", "10.0"),
    }
    return make_table(
        rows,
        columns=(("流量", USD_1E8), ("比重", PERCENT)),
        table_id="3-7",
        title="Industry distribution of Borduria's lantern investment abroad in 2041",
    )


def test_the_rows_above_a_threshold_are_summed_over_the_total_row(lantern_investment, glossary):
    answer = ask(
        "In 2041, what combined share of Borduria's lantern investment abroad went to the industries that each "
        "received more than USD 10 billion?",
        lantern_investment,
        glossary,
    )
    assert answer.value == pytest.approx(75.0)  # (180 + 120) / 400: 制造业 and 金融业; the total row is no industry
    assert answer.unit == "%"


def test_a_premise_sentence_sets_the_threshold_of_the_group(lantern_investment, glossary):
    answer = ask(
        "Three industries each got over USD 5 billion of Borduria's lantern investment abroad in 2041. "
        "Together, what share of the total did they hold?",
        lantern_investment,
        glossary,
    )
    assert answer.value == pytest.approx(90.0)  # (180 + 120 + 60) / 400


def test_a_premise_is_split_only_when_one_earlier_sentence_sets_a_threshold():
    head, condition = split_condition("Two ports each handled over 5 million tonnes. What did they handle together?")
    assert "over 5 million" in condition and "together" in head
    assert split_condition("Two ports were busy. What did they handle together?") is None


def test_a_sum_of_amounts_is_still_an_amount(lantern_investment, glossary):
    answer = ask(
        "What was the combined 2041 lantern investment abroad of Borduria's industries that each received more "
        "than USD 10 billion?",
        lantern_investment,
        glossary,
    )
    assert answer.value == pytest.approx(30.0) and answer.unit != "%"  # USD 30 billion: no share was asked


def test_a_country_share_of_the_world_row_another_table_prints(glossary):
    tables = ranking_and_world({"world": ("3500.0", "3000.0"), "developed economies": ("2000.0", "1800.0")})
    answer = ask_tables(
        "In 2041, Syldavia's lantern FDI outflows made up what share of all world outflows?", tables, glossary
    )
    assert answer.value == pytest.approx(20.0)  # 600 / 3000: Syldavia's row over the world's 2041 cell


def test_no_world_share_without_a_world_row_of_the_asked_year(glossary):
    tables = ranking_and_world({"world": ("3500.0", "-"), "developed economies": ("2000.0", "1800.0")})
    answer = ask_tables(
        "In 2041, Syldavia's lantern FDI outflows made up what share of all world outflows?", tables, glossary
    )
    assert answer.value is None  # the 2040 world row is a near miss: refused


def test_a_share_held_together_is_never_the_sum_of_two_growth_rates(glossary):
    """Two groups' gadget project values with their growth rates and no total row: asked the share they hold
    together, the growth rates added (64 + 25) are no share of anything (`adds_rates_of_change`): refused."""
    table = make_table(
        {"发达经济体": ["412", "516", "25"], "发展中经济体": ["233", "381", "64"]},
        columns=(("金额 2030", USD_1E8), ("金额 2031", USD_1E8), ("金额 增长率", PERCENT)),
        title="Table 2-1: Gadget projects by economy group, 2030-2031",
        label_header="经济体",
    )
    question = "What share did developed and developing economies hold together of 2031 gadget project value?"
    answer = ask(question, table, glossary)
    assert answer.refused and answer.value is None
