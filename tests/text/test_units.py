"""Unit lines and column unit assignment."""

from __future__ import annotations

import pytest

from rag.text.units import (
    assign_column_units,
    normalize_unit,
    parse_unit_line,
    percent_unit_from_note,
    stated_scale,
)
from rag.types import Unit

USD_1E8 = ("currency", "USD", 1e8, "USD 100 million")
USD_BARE = ("currency", "USD", None, "USD (scale not stated)")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("USD 100 million", USD_1E8),
        ("100 million US dollars", USD_1E8),
        ("100 million USD", USD_1E8),
        ("亿美元", USD_1E8),
        ("billion USD", ("currency", "USD", 1e9, "USD billion")),
        ("USD billion", ("currency", "USD", 1e9, "USD billion")),
        ("十亿美元", ("currency", "USD", 1e9, "USD billion")),
        ("万美元", ("currency", "USD", 1e4, "USD 10,000")),
        ("亿元", ("currency", "CNY", 1e8, "CNY 100 million")),
        ("亿元人民币", ("currency", "CNY", 1e8, "CNY 100 million")),
        ("USD trillion", ("currency", "USD", 1e12, "USD trillion")),
        ("us \\$", USD_BARE),
        ("\\$", USD_BARE),
        ("$", USD_BARE),
        ("USD", USD_BARE),
        ("US dollars", USD_BARE),
        ("%", ("percent", "", None, "%")),
        ("a", ("count", "", None, "count")),
        ("PCS", ("count", "", None, "count")),
        ("pcs", ("count", "", None, "count")),
        ("个", ("count", "", None, "count")),
        ("项", ("count", "", None, "count")),
        ("ten thousand TEU", ("quantity", "", 1e4, "10,000 TEU")),
        ("万标箱", ("quantity", "", 1e4, "10,000 TEU")),
    ],
)
def test_normalize_unit(raw: str, expected: tuple) -> None:
    unit = normalize_unit(raw)
    assert (unit.kind, unit.currency, unit.scale, unit.label) == expected
    assert unit.raw == raw


def test_normalize_unit_bases_and_unknown() -> None:
    assert normalize_unit("亿美元").base == "USD"
    assert normalize_unit("万标箱").base == "TEU"
    assert normalize_unit("trillion").scale == 1e12
    odd = normalize_unit("tonnes of oil equivalent")
    assert (odd.kind, odd.label, odd.scale) == ("unknown", "tonnes of oil equivalent", None)


def test_bare_dollar_never_gets_a_scale() -> None:
    for raw in ("us \\$", "\\$", "$", "USD", "US dollars"):
        assert normalize_unit(raw).scale is None


@pytest.mark.parametrize(
    ("line", "labels"),
    [
        ("Unit: USD 100 million, %", ["USD 100 million", "%"]),
        ("Unit: \\$, %, a", ["USD (scale not stated)", "%", "count"]),
        ("Unit: billion USD, %, PCS", ["USD billion", "%", "count"]),
        ("Unit: ten thousand TEU, %", ["10,000 TEU", "%"]),
        ("单位：亿美元，%", ["USD 100 million", "%"]),
        ("(Unit: 10,000 TEU)", ["10,000 TEU"]),
        ("Unit: us \\$", ["USD (scale not stated)"]),
        ("Unit:", []),
    ],
)
def test_parse_unit_line(line: str, labels: list[str]) -> None:
    assert [unit.label for unit in parse_unit_line(line)] == labels


def test_parse_unit_line_keeps_raw() -> None:
    assert [unit.raw for unit in parse_unit_line("Unit: 100 million US dollars, %, PCS")] == [
        "100 million US dollars",
        "%",
        "PCS",
    ]


def test_assign_column_units_by_header_semantics() -> None:
    units = parse_unit_line("Unit: USD billion, %, PCS")
    headers = ["金额 2021", "金额 增长率", "数量 2021", "数量 增长率", "同比", "比重", "流量占比", "全球排名"]
    labels = [unit.label if unit else None for unit in assign_column_units(headers, units)]
    assert labels == ["USD billion", "%", "count", "%", "%", "%", "%", None]


def test_assign_column_units_without_matching_unit() -> None:
    units = parse_unit_line("Unit: USD 100 million")
    assert assign_column_units(["流量", "同比", "数量"], units) == [units[0], None, None]
    assert assign_column_units(["流量"], []) == [None]


def test_assign_column_units_single_percent_unit_applies_to_all() -> None:
    percent = Unit(raw="(real GDP, annual percentage change)", label="%", kind="percent")
    assert assign_column_units(["2023 年", "2024 年", "位次"], [percent]) == [percent, percent, None]


def test_percent_unit_from_note() -> None:
    unit = percent_unit_from_note("(real GDP, annual percentage change)")
    assert unit is not None and unit.kind == "percent" and unit.raw == "(real GDP, annual percentage change)"
    assert percent_unit_from_note("(a) at a symposium") is None


@pytest.mark.parametrize(
    ("text", "label", "raw"),
    [
        ("($ in millions)", "USD million", "($ in millions)"),
        ("(in thousands, except per share data)", "thousand", "(in thousands, except per share data)"),
        ("in millions of USD", "USD million", "in millions of USD"),
        ("(Dollars in millions)", "USD million", "(Dollars in millions)"),
        ("Costs are shown below (in millions, except percentages):", "million", "(in millions, except percentages)"),
        ("NOTES (Expressed in thousands of U.S. dollars)", "USD thousand", "(Expressed in thousands of U.S. dollars)"),
        ("(RMB in millions, unless specified)", "CNY million", "(RMB in millions, unless specified)"),
    ],
)
def test_stated_scale_in_notes_and_sentences(text: str, label: str, raw: str) -> None:
    unit = stated_scale(text)
    assert (unit.label, unit.raw) == (label, raw)


def test_stated_scale_needs_the_filing_phrase_in_running_text() -> None:
    assert stated_scale("Revenue was $5 million higher than in 2018.") is None
    assert stated_scale("(millions)") is None
    assert stated_scale("(millions)", whole=True).scale == 1e6


@pytest.mark.parametrize(
    ("cell", "label"),
    [
        ("$'000", "USD thousand"),
        ("$’000", "USD thousand"),
        ("US$000", "USD thousand"),
        ("RMB'000", "CNY thousand"),
        ("(000s)", "thousand"),
        ("$M", "USD million"),
        ("€m", "EUR million"),
        ("NZ$ MILLION", "NZD million"),
    ],
)
def test_stated_scale_of_header_marks(cell: str, label: str) -> None:
    assert stated_scale(cell, whole=True).label == label


@pytest.mark.parametrize("cell", ["2019", "Total", "Percent Change", "December 31, 2019", "$"])
def test_header_words_state_no_scale(cell: str) -> None:
    assert stated_scale(cell, whole=True) is None


@pytest.mark.parametrize(
    ("raw", "currency"),
    [("NZ$", "NZD"), ("A$", "AUD"), ("HK$", "HKD"), ("US$", "USD"), ("us \\$", "USD"), ("£", "GBP"), ("€", "EUR")],
)
def test_currencies_of_other_countries(raw: str, currency: str) -> None:
    assert normalize_unit(raw).currency == currency
