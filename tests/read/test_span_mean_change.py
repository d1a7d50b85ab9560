"""The change between the means of two spans of years (`the change in the average X between A-B and B-C`): each
span's mean, then the later mean less the earlier, not the gap between the end years (made-up filing table)."""

from __future__ import annotations

import pytest

from rag.read.derived import mean_spans, year_ranges
from rag.read.question import analyse_question
from rag.types import Unit
from tests.builders import ask_table, make_table

USD_1E6 = Unit(raw="$ in millions", label="USD million", kind="currency", currency="USD", scale=1e6, base="USD")

GADGETS = make_table(
    {"Widget licence fees": ("410.0", "530.0", "770.0")},
    columns=(("2041", USD_1E6), ("2042", USD_1E6), ("2043", USD_1E6)),
    unit=USD_1E6,
    title="Zarnovian Gadget Works revenue and costs",
    label_header="",
)


def test_two_year_ranges_are_read_in_order():
    assert year_ranges("between 2041-2042, and 2042-2043") == [(2041, 2042), (2042, 2043)]


@pytest.mark.parametrize(
    "question",
    [
        "How much did the average widget licence fees change between 2041-2042 and 2042-2043?",
        "By how much did the average widget licence fees rise from 2041-2042 to 2042-2043?",
    ],
)
def test_the_means_of_two_spans_are_set_against_each_other(question, glossary):
    assert mean_spans(analyse_question(question, glossary)) == ((2041, 2042), (2042, 2043))
    answer = ask_table(question, GADGETS, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(180.0)  # 650 - 470, not 770 - 410
    assert [step.op for step in answer.steps] == ["mean", "mean", "difference"]


@pytest.mark.parametrize(
    "question",
    [
        "How much did the average widget licence fees change from 2041 to 2043?",  # one range: a named figure
        "What was the widget licence fees change between 2041-2042 and 2042-2043?",  # no average word
    ],
)
def test_no_span_means_without_two_ranges_and_an_average_word(question, glossary):
    assert mean_spans(analyse_question(question, glossary)) is None
