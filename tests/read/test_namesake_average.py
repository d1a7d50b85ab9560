"""An average of one row a question names in full, over its years, not beside a namesake row the question only
half-names (`ending` beside `beginning` balance, `basic` beside `diluted`; made-up filing table)."""

from __future__ import annotations

import pytest

from rag.types import Unit
from tests.builders import ask_table, make_table

USD_1E3 = Unit(raw="$ in thousands", label="USD thousand", kind="currency", currency="USD", scale=1e3, base="USD")

FEES = make_table(
    {
        "Inspection fees": ("2,100", "1,800"),
        "Inspection-related fees": ("40", "36"),
        "Tax fees": ("9", "7"),
        "Opening balance of warranty reserves": ("300", "280"),
        "Closing balance of warranty reserves": ("320", "300"),
    },
    columns=(("2042", USD_1E3), ("2041", USD_1E3)),
    unit=USD_1E3,
    title="Quellmark Instruments fees and reserves",
    label_header="",
)


@pytest.mark.parametrize(
    ("question", "mean"),
    [
        ("What is the average Inspection-related fees?", 38.0),  # not beside `Inspection fees`
        ("What is the average Inspection fees?", 1950.0),
        ("What was the average annual closing balance of warranty reserves?", 310.0),
    ],
)
def test_one_row_named_in_full_is_averaged_over_its_years(question, mean, glossary):
    answer = ask_table(question, FEES, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(mean)
    assert len(answer.citations) == 2


def test_two_rows_named_are_still_averaged_together(glossary):
    answer = ask_table("What is the average of Inspection fees and Tax fees?", FEES, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(1054.5)
