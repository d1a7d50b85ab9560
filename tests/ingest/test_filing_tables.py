"""Tables as company filings print them (made-up companies and figures): unit rows, spanning periods, `$1,452.4`,
`(2,020)`, `—`, per-column unit marks, a title from the sentence before, Markdown pipe tables."""

from __future__ import annotations

import pytest

from rag.ingest.coverage import table_coverage
from rag.ingest.tables import cell_unit, parse_tables, scaled_value, table_blocks
from rag.types import Document, Table


def make_doc(lines: list[str], name: str = "filing.txt") -> Document:
    return Document(name=name, title=name, lines=tuple(lines), headings=tuple(() for _ in lines), sha256="0" * 64)


def only_table(lines: list[str], name: str = "filing.txt") -> Table:
    tables = parse_tables(make_doc(lines, name))
    assert len(tables) == 1
    return tables[0]


def row(table: Table, label: str):
    return next(r for r in table.rows if r.label == label)


UNIT_ROW_FIRST = [
    "Widget Corp annual report",
    "",
    "Table 7-1: Segment results",
    "($ in millions)\t\t\t\t",
    "Fiscal year ending December 31:\t2019\t2018\tYr.-to-Yr. Percent Change\t",
    "Gizmos\t$1,452.4\t$ 1,036.9\t40.1%\t",
    "Sprockets\t(2,020)\t—\t(15)%\t",
    "Percentage of revenue\t13.0%\t12.5%\t\t",
    "Leverage\t1.2x\t0.9x\t\t",
    "Other(a)\t1,234(a)\t1,200*\t2.8\t",
]


def test_unit_row_above_the_header_is_read_not_skipped() -> None:
    table = only_table(UNIT_ROW_FIRST)
    assert table.title == "Table 7-1: Segment results"
    assert table.unit_line == "($ in millions)"
    assert [c.header for c in table.columns] == ["2019", "2018", "Yr.-to-Yr. Percent Change"]
    assert table.label_header == "Fiscal year ending December 31:"
    assert [r.label for r in table.rows] == ["Gizmos", "Sprockets", "Percentage of revenue", "Leverage", "Other(a)"]


def test_cells_as_printed_and_as_numbers() -> None:
    table = only_table(UNIT_ROW_FIRST)
    gizmos, sprockets = row(table, "Gizmos"), row(table, "Sprockets")
    assert [(c.text, c.value) for c in gizmos.cells] == [("$1,452.4", 1452.4), ("$ 1,036.9", 1036.9), ("40.1%", 40.1)]
    assert [c.value for c in sprockets.cells] == [-2020.0, None, -15.0]
    assert [c.value for c in row(table, "Other(a)").cells] == [1234.0, 1200.0, 2.8]


def test_units_from_the_unit_row_and_the_cells_marks() -> None:
    table = only_table(UNIT_ROW_FIRST)
    gizmos = row(table, "Gizmos")
    assert cell_unit(table, gizmos, 0).label == "USD million"
    assert cell_unit(table, gizmos, 2).kind == "percent"
    assert scaled_value(table, gizmos, 0) == 1_452_400_000.0
    assert scaled_value(table, gizmos, 2) == 40.1
    share = row(table, "Percentage of revenue")
    assert [cell_unit(table, share, i).kind for i in (0, 1)] == ["percent", "percent"]
    assert cell_unit(table, row(table, "Leverage"), 0).kind == "multiple"
    assert cell_unit(table, row(table, "Sprockets"), 0).label == "USD million"


def test_spanning_period_over_years_and_unit_marks_per_column() -> None:
    table = only_table(
        [
            "Table 2-1: Deferred taxes",
            "\t\tYears Ended September 30,\t",
            "\t2019\t2018\t2017",
            "\tUS$000\tUS$000\tUS$000",
            "Deferred tax assets\t\t\t",
            "Loss carryforwards\t$161,119\t$129,436\t$99,001",
            "Capital losses\t155\t417\t—",
        ]
    )
    assert [c.header for c in table.columns] == [
        "Years Ended September 30, 2019 US$000",
        "Years Ended September 30, 2018 US$000",
        "Years Ended September 30, 2017 US$000",
    ]
    losses = row(table, "Loss carryforwards")
    assert losses.section == "Deferred tax assets"
    assert cell_unit(table, losses, 2).label == "USD thousand"
    assert scaled_value(table, row(table, "Capital losses"), 1) == 417_000.0


def test_as_of_header_and_currency_marks_of_other_countries() -> None:
    table = only_table(
        [
            "Table 3-1: Cash by currency",
            "\tAs of December 31, 2019\t",
            "\tAmount\tShare",
            "Held in China\tRMB 120.5\t40%",
            "Held in Japan\t¥88.0\t30%",
            "Held in New Zealand\tNZ$ 12.0\t4%",
        ]
    )
    assert [c.header for c in table.columns] == ["As of December 31, 2019 Amount", "As of December 31, 2019 Share"]
    assert cell_unit(table, row(table, "Held in China"), 0).currency == "CNY"
    assert cell_unit(table, row(table, "Held in New Zealand"), 0).currency == "NZD"
    assert cell_unit(table, row(table, "Held in Japan"), 1).kind == "percent"


def test_title_and_scale_from_the_sentence_before_and_per_share_rows() -> None:
    table = only_table(
        [
            "Results improved. Quarterly results are summarized below (in thousands, except per share data):",
            "",
            "\tQ4 2019\tQ3 2019",
            "Net revenue\t$6,573\t$6,135",
            "Net income per share:\t\t",
            "Basic\t$0.34\t$0.28",
        ]
    )
    assert table.title == "Quarterly results are summarized below (in thousands, except per share data):"
    assert table.unit_line == "(in thousands, except per share data)"
    revenue, basic = row(table, "Net revenue"), row(table, "Basic")
    assert cell_unit(table, revenue, 0).label == "USD thousand"
    assert scaled_value(table, revenue, 0) == 6_573_000.0
    assert cell_unit(table, basic, 0).scale == 1.0
    assert scaled_value(table, basic, 0) == 0.34


def test_share_counts_and_per_share_amounts_excepted_from_the_scale() -> None:
    table = only_table(
        [
            "Table 4-1: Loss per share",
            "(in thousands, except share and per share data)\t\t",
            "\t2019\t2018",
            "Net loss\t$(15,571)\t$(24,122)",
            "Weighted average shares outstanding\t16,041,000\t15,949,000",
            "Loss per common share, basic\t$(0.96)\t$(1.50)",
        ]
    )
    loss, shares, per_share = table.rows
    assert scaled_value(table, loss, 0) == -15_571_000.0
    assert (cell_unit(table, shares, 0).kind, scaled_value(table, shares, 0)) == ("count", 16_041_000.0)
    assert (cell_unit(table, per_share, 0).label, scaled_value(table, per_share, 0)) == ("USD per share", -0.96)


def test_scale_stated_once_for_the_document() -> None:
    table = only_table(
        [
            "ACME INC. NOTES TO THE FINANCIAL STATEMENTS (Expressed in thousands of U.S. dollars — except share data)",
            "",
            "Revenue grew.",
            "",
            "Table 1-1: Revenue",
            "\t2019\t2018",
            "Product\t317,220\t289,016",
            "Service\t(1,770)\t(1,012)",
        ]
    )
    assert table.unit.label == "USD thousand"
    assert scaled_value(table, row(table, "Service"), 0) == -1_770_000.0


def test_a_bare_dollar_table_states_no_scale() -> None:
    table = only_table(["Table 1-1: Grants", "\t2019\t2018", "Fair value\t$9.87\t$12.45", "Granted\t551,214\t478,210"])
    assert cell_unit(table, row(table, "Fair value"), 0).scale is None
    assert scaled_value(table, row(table, "Fair value"), 0) == 9.87


def test_chinese_unit_row_first() -> None:
    table = only_table(["表 2-1 出口", "单位：亿元\t\t", "地区\t2021\t2022", "华东\t1,200.5\t1,300.0"])
    assert table.unit.label == "CNY 100 million"
    assert scaled_value(table, table.rows[0], 1) == 130_000_000_000.0


def test_markdown_pipe_table() -> None:
    lines = [
        "# Widget Corp",
        "",
        "Revenue by segment (in millions):",
        "",
        "| Segment | 2019 | 2018 |",
        "|---|---:|---:|",
        "| Gizmos | $1,452.4 | $1,036.9 |",
        "| Sprockets | (20.2) | — |",
        "",
    ]
    table = only_table(lines, "widget.md")
    assert (table.start_line, table.end_line) == (5, 8)
    assert table.title == "Revenue by segment (in millions):"
    assert [c.header for c in table.columns] == ["2019", "2018"]
    assert [c.value for c in row(table, "Sprockets").cells] == [-20.2, None]
    assert cell_unit(table, row(table, "Gizmos"), 0).label == "USD million"
    assert parse_tables(make_doc(lines, "widget.txt")) == []  # pipes are Markdown syntax only in .md files


@pytest.mark.parametrize(
    "lines",
    [
        ["(in millions)\t\t", "\t\t"],
        ["a\tb", "\t"],
        ["($ in millions)\t\t\t", "Year\t2019\t2018"],
        ["| a | b |", "|---|---|"],
    ],
)
def test_odd_blocks_never_raise(lines: list[str]) -> None:
    parse_tables(make_doc(lines, "odd.md"))


def test_coverage_counts_missed_blocks_and_unread_cells() -> None:
    doc = make_doc(
        [
            "Table 1-1: Rates",
            "\t2019\t2018",
            "Risk-free rate\t1.7%-1.9%\t2.1%",
            "Expected term\t5\t5",
            "",
            "Orphan\t12\t13",
            "Other\t1\t2",
        ]
    )
    tables = parse_tables(doc)
    coverage = table_coverage(doc, tables)
    assert (coverage.tables, coverage.blocks, coverage.missed_lines) == (1, 2, (6,))
    assert (coverage.numeric_cells, coverage.cells_without_value) == (4, 1)
    assert coverage.examples == ("1.7%-1.9%",)
    assert not coverage.complete
    assert "1 tab blocks not read as a table; 3/4 numeric cells read (75.0 %)" in coverage.line()
    assert len(table_blocks(doc)) == 2


def test_a_rows_label_states_its_unit() -> None:
    """A label marking a percentage (`(%)`, `% of`, `Percentage`) or stating a scale gives its row that unit; a `%`
    after a figure in a label (`4.5% notes`) marks nothing."""
    table = only_table(
        [
            "Table 2-1: Key figures",
            "($ in millions)\t\t",
            "\t2019\t2018",
            "Net sales\t$1,200.5\t$1,100.0",
            "Return on capital (%)\t9.6\t9.5",
            "% of net sales\t12\t11",
            "Percentage of total orders\t40.0\t38.5",
            "4.5% notes due 2026\t300.0\t300.0",
            "Orders booked (in thousands)\t1,250\t1,100",
        ]
    )
    for label in ("Return on capital (%)", "% of net sales", "Percentage of total orders"):
        assert cell_unit(table, row(table, label), 0).kind == "percent", label
    assert scaled_value(table, row(table, "Return on capital (%)"), 0) == 9.6
    assert scaled_value(table, row(table, "4.5% notes due 2026"), 0) == 300_000_000.0
    orders = row(table, "Orders booked (in thousands)")
    assert (cell_unit(table, orders, 0).scale, scaled_value(table, orders, 0)) == (1e3, 1_250_000.0)


def test_per_share_amounts_keep_scale_one_without_an_exception_in_the_note() -> None:
    table = only_table(
        [
            "Table 3-1: Earnings",
            "(in thousands)\t\t",
            "\t2019\t2018",
            "Net income\t$12,500\t$11,000",
            "Diluted earnings per share\t$2.55\t$2.20",
            "Weighted average shares used in computing earnings per share\t4,900\t5,000",
        ]
    )
    assert scaled_value(table, row(table, "Net income"), 0) == 12_500_000.0
    per_share = row(table, "Diluted earnings per share")
    assert (cell_unit(table, per_share, 0).label, scaled_value(table, per_share, 0)) == ("USD per share", 2.55)
    shares = row(table, "Weighted average shares used in computing earnings per share")
    assert scaled_value(table, shares, 0) == 4_900_000.0


SUM_LINES = [
    "Gadget Ltd annual report",
    "",
    "Table 4-1: Warranty reserves",
    "\t2021\t2020",
    "Opening reserve\t$40.0\t$35.5",
    "Charged in year\t12.5\t9.0",
    "Released\t—\t(1.0)",
    "\t52.5\t43.5",
    "Used in year\t(10.5)\t(3.5)",
    "\t$42.0\t$40.0",
    "Total liabilities:\t\t",
    "North\t7\t5",
    "South\t3\t4",
    "\t10\t9",
    "Memo: headcount\t120\t118",
    "\t99\t98",
]


def test_unlabelled_sum_rows_are_labelled_as_totals() -> None:
    """An unlabelled line whose figures add up the lines above it is a total: `Total`, or the section that names
    the total; a sum line counts as the first part of a second one (a subtotal less a deduction); a nil `—` adds
    nothing; an unlabelled line that is no sum keeps its empty label."""
    table = only_table(SUM_LINES)
    unlabelled = [r for r in table.rows if not r.raw_label]
    assert [(r.label, r.cells[0].text) for r in unlabelled] == [
        ("Total", "52.5"),
        ("Total", "$42.0"),
        ("Total liabilities", "10"),
        ("", "99"),
    ]


DEEP_SPANS = [
    "Widget Corp annual report",
    "",
    "Table 7-9: Revenues by line",
    "\tYear ended 31 December\t\t\t",
    "\t2031\t\t2030\t",
    "\t\t% of total\t\t% of total",
    "\tAmount\trevenues\tAmount\trevenues",
    "Gizmos\t1,200\t60%\t1,000\t55%",
    "Sprockets\t800\t40%\t820\t45%",
]


def test_a_span_in_a_deep_header_ends_where_a_row_above_opens_another() -> None:
    table = only_table(DEEP_SPANS)
    headers = [column.header for column in table.columns]
    assert headers == [
        "Year ended 31 December 2031 Amount",
        "Year ended 31 December 2031 % of total revenues",
        "Year ended 31 December 2030 Amount",
        "Year ended 31 December 2030 % of total revenues",
    ]
