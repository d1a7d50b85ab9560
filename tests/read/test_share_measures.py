"""In-table shares (`derive_portion`, `derive_share`) take their cells from a column of the measure asked
(`cell_measures.measure_fits`): a table naming no measure holds a year's flows, never a stock. Made-up report of
Valdoria's widget investment."""

from __future__ import annotations

from tests.builders import USD_1E8, make_table
from tests.read.test_apart_operands import ask

NOTE = "Valdoria's widget makers opened several new plants abroad in 2031, most of them assembly lines."


def destinations(column: str, title: str):
    rows = {"非洲": ["24.8"], "大洋洲": ["7.2"], "合计": ["124.0"]}
    return make_table(rows, columns=((column, USD_1E8),), title=title, label_header="地区")


FLOWS = destinations("2031", "Valdoria's widget investment by destination, 2031")
STOCKS = destinations("2031年末存量", "Valdoria's widget investment stock by destination, 2031")
STOCK_PERCENT = (
    "Valdoria's widget investment stock in Africa at the close of 2031, as a percentage of Valdoria's whole stock?"
)
STOCK_SHARE = "Of Valdoria's widget investment stock at the close of 2031, what share sat in Africa?"


def test_a_stock_percentage_is_not_taken_from_a_table_of_flows(glossary):
    answer, _ = ask(STOCK_PERCENT, NOTE, glossary, FLOWS)
    assert answer.refused and answer.value is None


def test_a_stock_share_is_not_taken_from_a_table_of_flows(glossary):
    answer, _ = ask(STOCK_SHARE, NOTE, glossary, FLOWS)
    assert answer.refused and answer.value is None


def test_a_stock_percentage_is_taken_from_a_table_of_stocks(glossary):
    answer, problems = ask(STOCK_PERCENT, NOTE, glossary, STOCKS)
    assert not answer.refused and answer.value == 20.0  # 24.8 / 124.0 × 100
    assert problems == []


def test_a_flow_percentage_is_taken_from_a_table_naming_no_measure(glossary):
    question = "What was Valdoria's widget investment in Africa in 2031 as a percentage of all its widget investment?"
    answer, problems = ask(question, NOTE, glossary, FLOWS)
    assert not answer.refused and answer.value == 20.0
    assert problems == []


def test_a_row_naming_the_measure_asked_fits_a_table_naming_none(glossary):
    # a filing-like expense table: its `stock units` row is what a question about stock units asks, though no column
    # or title names a stock
    table = make_table(
        {"Vested gizmo grants": ["31.0"], "Nonvested stock units": ["93.0"], "Total gizmo grant expense": ["124.0"]},
        columns=(("2031", USD_1E8),),
        title="Valdoria gizmo grant expense, 2031",
        label_header="grant",
    )
    question = "In 2031, what percentage of the total gizmo grant expense did the nonvested stock units make up?"
    answer, _ = ask(question, NOTE, glossary, table)
    assert not answer.refused and answer.value == 75.0  # 93 / 124
