"""A table row less the `其中` sub-rows a question leaves out (`setting B aside, how much A`): A − B from one column,
both rows cited, and no answer from the part's own row (made-up table, read by the real table parser)."""

from __future__ import annotations

import pytest

from rag.read.subsets import excluded_names, wrapped_names
from tests.builders import ask_table
from tests.read.test_growth_operations import parsed_table


@pytest.fixture(scope="module")
def plants():
    return parsed_table(
        [
            "Table 6-2: Zembla's gizmo plant investment by segment, 2030-2031",
            "",
            "Unit: USD 100 million, %, PCS",
            "",
            "部门 / 行业\t2030\t2031\t增长率",
            "机械设备\t\t\t",
            "金额\t100.0\t150.0\t50",
            "项目数量\t40\t44\t10",
            "其中：汽车\t\t\t",
            "金额\t30.0\t33.5\t10",
            "项目数量\t10\t14\t40",
            "采矿业\t\t\t",
            "金额\t50.0\t80.0\t60",
            "项目数量\t20\t19\t-5",
            "",
            "Source: made up.",
        ]
    )


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Setting the car makers aside, what did X invest?", ["car makers"]),
        ("撇开汽车和电力不算，机械设备投资多少？", ["汽车", "电力"]),
        ("Leaving for the coast, how much did X spend?", []),  # no closing word: nothing left out
        ("Leaving costs high, prices were set aside", []),  # a clause break between, nothing between
    ],
)
def test_the_words_between_an_opening_and_a_closing_exclusion_word_are_left_out(text, names):
    assert wrapped_names(text) == names or excluded_names(text) == names


def test_a_row_less_its_sub_row_named_in_english(plants, glossary):
    answer = ask_table(
        "Setting automobiles aside, how much gizmo plant money did Zembla put into machinery and equipment in 2031?",
        plants,
        glossary,
    )
    assert not answer.refused and answer.source_value == pytest.approx(116.5)  # 150.0 − 33.5
    assert len(answer.citations) == 2 and "150" in answer.formula and "33.5" in answer.formula


def test_a_row_less_its_sub_row_in_chinese_counts_too(plants, glossary):
    answer = ask_table("撇开汽车不算，2030年Zembla机械设备的小工具厂项目数量是多少？", plants, glossary)
    assert not answer.refused and answer.value == pytest.approx(30.0)  # 40 − 10
    assert "汽车以外为30（40 − 10）" in answer.text and "之差" not in answer.text, answer.text  # it names the rest


def test_a_part_not_printed_under_the_row_gives_no_difference(plants, glossary):
    answer = ask_table(
        "Setting automobiles aside, how much gizmo plant money did Zembla put into mining in 2031?", plants, glossary
    )
    assert answer.source_value != pytest.approx(80.0 - 33.5)


def test_a_part_left_out_after_a_chinese_exclusion_word_closing_no_phrase(plants, glossary):
    answer = ask_table("2031年Zembla机械设备的小工具厂项目中，不算汽车还有多少个？", plants, glossary)
    assert not answer.refused and answer.value == pytest.approx(30.0)  # 44 − 14
