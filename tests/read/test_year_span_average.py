"""The mean of a row's figures over a range of years whose number of years the question states (`the three years
from A to B`), told apart from a compound rate over the range (made-up table)."""

from __future__ import annotations

import pytest

from rag.read.question import analyse_question, averages_year_span, counted_years
from tests.builders import PERCENT, ask_table, make_table

FORECASTS = make_table(
    {"阿根廷": ("1.0", "4.0", "7.0", "3.0"), "墨西哥": ("2.0", "2.5", "3.0", "9.0")},
    columns=(("2031", PERCENT), ("2032", PERCENT), ("2033", PERCENT), ("2034", PERCENT)),
    title="Gadget output growth forecasts, 2031-2034",
    label_header="国家",
)


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("2031年至2033年这三年", (3,)),
        ("over the four years 2031-2034", (4,)),
        ("a 2-year window", (2,)),
        ("2031年", ()),
    ],
)
def test_a_stated_number_of_years_is_read_and_a_year_is_not_one(text, counts):
    assert counted_years(text.lower()) == counts


def test_a_mean_over_a_counted_span_averages_every_year_of_it(glossary):
    question = "阿根廷2031年到2033年这三年的产出增速平均是多少？"
    parsed = analyse_question(question, glossary)
    assert parsed.operation == "average" and parsed.years == (2031, 2032, 2033)
    answer = ask_table(question, FORECASTS, glossary)
    assert not answer.refused and answer.value == pytest.approx(4.0)  # (1 + 4 + 7) / 3
    assert len(answer.citations) == 3


def test_an_english_mean_over_the_counted_years_of_a_range(glossary):
    answer = ask_table(
        "What is the mean of Mexico's output growth over the three years 2032 to 2034?", FORECASTS, glossary
    )
    assert not answer.refused and answer.value == pytest.approx(14.5 / 3, abs=0.01)


@pytest.mark.parametrize(
    "question",
    [
        "阿根廷2031年至2033年的年均增速是多少？",  # a compound annual rate
        "What was Argentina's average annual growth from 2031 to 2033?",
        "What was the average of Argentina's output growth in 2031 and 2033?",  # two years, no count: not a span
        "阿根廷2031年至2033年这两年的平均增速是多少？",  # the count does not fit the range
    ],
)
def test_no_span_mean_without_a_count_that_fits_the_range_or_for_an_annual_rate(question):
    parsed_years = (2031, 2033)
    assert not averages_year_span(question.lower(), parsed_years)
