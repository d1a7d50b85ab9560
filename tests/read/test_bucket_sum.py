"""A total over a range of years from the period buckets of a schedule of payments due (`2044`, `2045 - 2046`):
the buckets that together make up the range, not the schedule's total column; the Total row only when no part is
named (made-up filing table)."""

from __future__ import annotations

import pytest

from rag.read.derived import bucket_span
from rag.types import Unit
from tests.builders import ask_table, make_table

USD_1E3 = Unit(raw="in thousands", label="USD thousand", kind="currency", currency="USD", scale=1e3, base="USD")

SCHEDULE = make_table(
    {
        "Equipment rental obligations": ("4,100", "7,300", "2,250", "13,650"),
        "Supply contracts": ("900", "450", "—", "1,350"),
        "Total": ("5,000", "7,750", "2,250", "15,000"),
    },
    columns=(("2044", USD_1E3), ("2045 - 2046", USD_1E3), ("2047 - 2048", USD_1E3), ("Total", USD_1E3)),
    unit=USD_1E3,
    title="Vantorian Mills payments due by period",
    label_header="",
)


@pytest.mark.parametrize(
    ("header", "span"),
    [("2044", (2044, 2044)), ("2045 - 2046", (2045, 2046)), ("2047–2049", (2047, 2049)), ("2049 and after", None)],
)
def test_a_bucket_is_a_header_of_years_alone(header, span):
    assert bucket_span(header) == span


@pytest.mark.parametrize(
    ("question", "total"),
    [
        ("What are the total equipment rental obligations due from 2044 to 2046?", 11400.0),
        ("How much do the supply contracts due between 2044 and 2046 add up to?", 1350.0),
        ("What are the total equipment rental obligations due from 2044 to 2048?", 13650.0),
        ("What is the total of all payments due from 2044 to 2046?", 12750.0),
    ],
)
def test_the_buckets_making_up_a_range_are_added(question, total, glossary):
    answer = ask_table(question, SCHEDULE, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(total)
