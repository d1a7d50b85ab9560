"""A column header naming a unit of time in brackets (`Average remaining term (in years)`): its figures count that
unit, and the table's scale note (`dollars in millions`) stays with the amount columns (made-up filing table)."""

from __future__ import annotations

import pytest

from rag.ingest.table_units import bracketed_count_unit
from tests.ingest.test_filing_tables import only_table, row

LEASES = [
    "Quorvane Shipping annual report",
    "",
    "Vessel leases signed during the year were as follows (dollars in millions):",
    "",
    "Table 3-1: Financial data",
    "\tCommitted amount\tAverage remaining term (in years)",
    "Bulk carriers\t$48.2\t7",
    "Feeder vessels\t12.5\t4",
]


def test_a_term_in_years_is_not_scaled_by_the_note_for_amounts() -> None:
    table = only_table(LEASES)
    amount, term = table.columns
    assert amount.unit is not None and amount.unit.scale == 1e6
    assert term.unit is not None and term.unit.label == "years" and term.unit.scale == 1.0
    assert row(table, "Bulk carriers").cells[1].value == 7.0


@pytest.mark.parametrize(
    ("header", "label"),
    [("Term (in years)", "years"), ("Notice period (months)", "months"), ("Amount (in millions)", None)],
)
def test_a_bracketed_unit_of_time(header, label) -> None:
    unit = bracketed_count_unit(header)
    assert (unit.label if unit else None) == label


AWARDS = [
    "Pellandor Freight annual report",
    "",
    "Stock unit activity for the year was as follows (number of shares in thousands):",
    "",
    "Table 5-1: Financial data",
    "\tNumber of Shares\tWeighted-Average Grant Price",
    "Outstanding at start of year\t640\t$31.20",
    "Granted\t215\t28.75",
]


def test_a_scale_said_of_shares_leaves_the_price_column_unscaled() -> None:
    table = only_table(AWARDS)
    shares, price = table.columns
    assert shares.unit is not None and shares.unit.scale == 1e3
    assert price.unit is not None and (price.unit.scale or 1.0) == 1.0 and price.unit.currency == "USD"


def test_a_scale_said_of_dollars_still_scales_every_amount_column() -> None:
    table = only_table([line.replace("number of shares in thousands", "dollars in thousands") for line in AWARDS])
    assert all(column.unit is not None and column.unit.scale == 1e3 for column in table.columns)


BROKERAGE = [
    "Tessaly Brokerage annual report",
    "",
    "Earnings per unit were computed as follows (in thousands, except per unit amounts):",
    "",
    "Table 7-1: Financial data",
    "\t2031\t2030",
    "Net earnings\t$8,415\t$6,902",
    "Weighted average number of units outstanding\t2,310\t2,275",
    "Discounted fee revenue\t$1,120\t$990",
]


def test_a_row_that_counts_things_is_no_amount_of_money() -> None:
    table = only_table(BROKERAGE)
    units = row(table, "Weighted average number of units outstanding").unit
    assert units is not None and units.kind == "count" and units.scale == 1e3 and not units.currency
    assert row(table, "Net earnings").unit is None  # the column's money unit still holds
    assert row(table, "Discounted fee revenue").unit is None  # `count` inside a word counts nothing
