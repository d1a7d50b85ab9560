"""A condition on a figure's sign (`negative`, `负增长`) is a threshold of zero: which words state one (a name such as
`the negative list` states none), the years of a row below (above) it, and the rows of negative growth counted
(made-up table)."""

from __future__ import annotations

import pytest

from rag.read.operations import stated_sign
from rag.read.question import analyse_question
from tests.builders import PERCENT, USD_1E8, ask_table, make_table

FLOWS = make_table(
    {"鲁里塔尼亚": ("12.5", "-3.0", "4.0", "-0.5"), "采矿业": ("1.0", "2.0", "3.0", "4.0")},
    columns=(("2031", USD_1E8), ("2032", USD_1E8), ("2033", USD_1E8), ("2034", USD_1E8)),
    title="Gizmo investment flows by source, 2031-2034",
    label_header="来源",
)


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("when was it negative", "negative"),
        ("哪几年为正值", "positive"),
        ("a nonnegative rate", ""),
        ("负增长", "negative"),
    ],
)
def test_sign_words_are_read_as_whole_words(text, sign):
    assert stated_sign(text) == sign


def test_the_years_a_row_is_negative_are_those_below_zero(glossary):
    question = "2031至2034年间，鲁里塔尼亚小工具投资哪些年份是负值？"
    assert analyse_question(question, glossary).operation == "years_if"
    answer = ask_table("2031至2034年间，鲁里塔尼亚小工具投资哪些年份是负值？", FLOWS, glossary)
    assert not answer.refused and answer.spans == ("2032", "2034")


def test_a_positive_condition_takes_the_years_above_zero(glossary):
    answer = ask_table("鲁里塔尼亚的小工具投资在2031至2034年间哪些年为正值？", FLOWS, glossary)
    assert not answer.refused and answer.spans == ("2031", "2033")


def test_rows_of_negative_growth_are_counted_below_zero(glossary):
    rates = make_table(
        {"阿根廷": ("-1.5",), "墨西哥": ("2.0",), "越南": ("-0.2",), "德国": ("0.4",)},
        columns=(("2031 年", PERCENT),),
        title="Gizmo output growth forecasts by economy, 2031",
        label_header="经济体",
    )
    answer = ask_table("表中2031年小工具产出出现负增长的国家共有几个？", rates, glossary)
    assert not answer.refused and answer.value == pytest.approx(2.0)
