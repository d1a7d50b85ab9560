"""Columns of one year's quarters or month-ends (made-up tables): the column of the quarter or month the question
names answers, another one of the same year never does."""

from __future__ import annotations

import pytest

from rag.read.periods import dated_months, other_period
from rag.types import Unit
from tests.builders import ask_table as ask
from tests.builders import make_table

USD_MILLION = Unit(raw="USD million", label="USD million", kind="currency", currency="USD", scale=1e6, base="USD")


@pytest.fixture(scope="module")
def quarters():
    columns = tuple((header, USD_MILLION) for header in ("Q1 2031", "Q2 2031", "Q3 2031", "Q4 2031"))
    rows = {"Zorvian ferry revenue": ("410", "455", "472", "530"), "Zorvian ferry profit": ("38", "41", "44", "61")}
    return make_table(rows, columns=columns, unit=USD_MILLION, table_id="5-1", title="Zorvian ferries by quarter")


def test_the_quarter_named_picks_its_column(quarters, glossary):
    answer = ask("What was Zorvian ferry profit in the third quarter of 2031?", quarters, glossary)
    assert answer.source_value == pytest.approx(44)
    answer = ask("What was Zorvian ferry revenue in Q2 2031?", quarters, glossary)
    assert answer.source_value == pytest.approx(455)


def test_a_month_end_column_answers_only_its_own_month(glossary):
    columns = tuple((header, USD_MILLION) for header in ("October 31, 2031", "July 31, 2031"))
    rows = {"Zorvian harbour fees": ("92", "87")}
    table = make_table(rows, columns=columns, unit=USD_MILLION, table_id="5-2", title="Zorvian harbour fees")
    answer = ask("What were Zorvian harbour fees in July 2031?", table, glossary)
    assert answer.source_value == pytest.approx(87)
    assert ask("What were Zorvian harbour fees in April 2031?", table, glossary).refused  # no April column


def test_other_period_reads_quarters_and_dated_months_only():
    assert other_period("profit in Q3 2031", "Q1 2031") and not other_period("profit in Q3 2031", "Q3 2031 (a)")
    assert not other_period("profit in 2031", "Q1 2031")  # a question naming no quarter is not narrowed
    assert other_period("fees as of 30 June 2031", "December 31, 2031")
    assert not other_period("fees as of June 30, 2031", "2031")  # a year's column is no other period
    assert dated_months("We may see 2031 figures") == frozenset()  # the verb is no month
