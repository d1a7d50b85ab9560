"""A threshold stated as a fraction in words (`more than half`, `一半以上`): a percentage the rows' shares are
tested against (made-up table)."""

from __future__ import annotations

import pytest

from rag.read.operations import fraction_thresholds
from tests.builders import PERCENT, USD_1E8, ask_table, make_table


@pytest.mark.parametrize(
    ("text", "values"),
    [("占总额一半以上的年份", [50.0]), ("more than half of the total", [50.0]), ("less than a third", [33.33])],
)
def test_a_bounded_fraction_word_is_a_percentage_threshold(text, values):
    assert [q.value for q in fraction_thresholds(text)] == values


def test_a_fraction_with_no_bound_word_is_no_threshold():
    assert fraction_thresholds("half of the gizmo makers") == []


def test_the_years_whose_share_is_over_half_are_counted(glossary):
    table = make_table(
        {"2030年": ("10.0", "40.0"), "2031年": ("12.0", "55.0"), "2032年": ("15.0", "61.5"), "2033年": ("9.0", "50.0")},
        columns=(("小工具出口", USD_1E8), ("小工具出口占比", PERCENT)),
        title="Zembla's gizmo exports and their share of all exports, 2030-2033",
        label_header="年份",
    )
    answer = ask_table("2030年以来，小工具出口占比超过一半的年份有几个？", table, glossary)
    assert not answer.refused and answer.value == pytest.approx(2.0)  # 2031 and 2032; 50.0 is not above half
