"""How an answer shows a computed figure (`rag.text.figures`, `Formula.render`): rounding by kind as data, a
guard that keeps a small figure's digits, Chinese unit words, and the unit named once. Made-up values."""

from __future__ import annotations

import pytest

from rag.text.figures import rounding_rules, shown, shown_decimals, unit_joins, unit_name
from rag.text.numbers import before_growth, difference, mean, part_from_share, ratio, total


@pytest.mark.parametrize(
    ("value", "kind", "most", "text"),
    [
        (7.0949, "ratio", 4, "7.09"),  # a ratio to two decimals
        (3.140, "percent", 3, "3.14"),  # trailing zeros go
        (281.516, "amount", 3, "281.52"),  # an amount to two decimals in its stated unit
        (0.04496, "amount", 5, "0.045"),  # a small figure keeps the digits that hold it within 0.1 %
        (0.482, "ratio", 3, "0.482"),  # 0.48 would move it by 0.4 %
        (12.6, "amount", 1, "12.6"),  # never more decimals than the figure has
        (2.6544, "amount", 1, "2.7"),  # nor than its computation kept (`most`)
        (41.0, "count", None, "41"),  # a count is whole
        (-1.0049, "amount", 4, "-1.005"),  # the guard holds for a fall too
    ],
)
def test_a_computed_figure_is_rounded_by_its_kind_within_the_shift_the_data_allows(value, kind, most, text):
    assert shown(value, kind, most) == text


def test_the_rounding_rules_are_data_and_a_broken_file_is_one_line_that_says_what_to_do(tmp_path):
    assert int(rounding_rules()["ratio"]) == 2 and rounding_rules()["max_shift"] > 0
    broken = tmp_path / "rounding.tsv"
    broken.write_text("kind\tdecimals\namount\t2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lack ratio"):
        rounding_rules(broken)
    assert shown_decimals(5.5, "no such kind") == 1  # an unknown kind is rounded as an amount


@pytest.mark.parametrize(
    ("label", "zh", "joins"),
    [
        ("USD 100 million", "亿美元", True),
        ("USD billion", "十亿美元", False),  # Chinese names 十亿 beside a number, not after it
        ("CNY trillion", "万亿元", True),
        ("10,000 TEU", "万标箱", True),
        ("times", "倍", True),
        ("widgets", "widgets", False),  # no Chinese for a word: the label as it is
    ],
)
def test_a_unit_label_is_named_in_chinese_words(label, zh, joins):
    assert unit_name(label, "zh") == zh
    assert unit_name(label, "en") == label
    assert unit_joins(label) is joins


def test_a_formula_names_its_unit_once_as_each_language_writes_it():
    assert difference(679, 406).render("USD billion", "en") == "679 − 406 = USD 273 billion"
    assert difference(406, 679).render("USD billion", "en") == "406 − 679 = -USD 273 billion"
    assert difference(679, 406).render("USD billion", "zh") == "679 − 406 = 273（单位：十亿美元）"
    assert total([1.5, 2.25]).render("USD 100 million", "zh") == "1.5 + 2.25 = 3.75亿美元"
    assert total([1.5, 2.25]).render("USD 100 million", "en") == "1.5 + 2.25 = 3.75 (USD 100 million)"
    assert before_growth(211.7, -24.8).render("USD 100 million", "zh") == "211.7 / (1 − 24.8 %) = 281.52亿美元"
    assert ratio(66.55, 9.38).render("倍", "zh") == "66.55 / 9.38 = 7.09倍"
    assert mean([2.1, 1.8, 6.5, 4.1, 1.2]).render("%") == "(2.1 + 1.8 + 6.5 + 4.1 + 1.2) / 5 = 3.14 %"
    assert part_from_share(154.99, 24.4).render("USD billion", "zh") == "154.99 × 24.4 % = 37.82（单位：十亿美元）"
    assert total([8.2, 5.8]).render() == "8.2 + 5.8 = 14.0"  # a sum keeps its operands' decimals
