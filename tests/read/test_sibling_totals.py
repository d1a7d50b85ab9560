"""A share whose whole is printed only in a sibling table (`rag.read.sibling_totals`): taken when the part table's
rows add up to the sibling's total in the same column, refused when they do not. Made-up tables of gadget plants."""

from __future__ import annotations

from rag.types import Unit
from tests.builders import PERCENT, ask_tables, make_table

PLANTS = Unit(raw="座", label="count", kind="count")
COLUMNS = (("数量 2037", PLANTS), ("数量 2038", PLANTS), ("数量 增长率", PERCENT))


def two_breakdowns(total_2038: str):
    """Gadget plants by region (no total row) and by fuel (a 合计 row printing `total_2038` for 2038)."""
    by_region = make_table(
        {"北岸地区": ("310", "420", "35"), "南岸地区": ("190", "230", "21")},
        columns=COLUMNS,
        unit=PLANTS,
        table_id="4-1",
        title="Gadget plants by region, 2037-2038",
        label_header="地区",
        title_line=8,
    )
    by_fuel = make_table(
        {"合计": ("500", total_2038, "30"), "燃气": ("260", "300", "15"), "风能": ("240", "350", "46")},
        columns=COLUMNS,
        unit=PLANTS,
        table_id="4-2",
        title="Gadget plants by fuel, 2037-2038",
        label_header="燃料",
        title_line=20,
    )
    return by_region, by_fuel


def test_a_sibling_total_the_rows_add_up_to_is_the_whole(glossary):
    answer = ask_tables("2038年小工具工厂数量中，北岸地区占比多少？", two_breakdowns("650"), glossary)
    assert not answer.refused
    assert answer.value is not None and abs(answer.value - 64.62) < 0.01  # 420 / (420 + 230 = 650)
    assert {c.table_id for c in answer.citations} == {"4-1", "4-2"}
    assert "420 + 230 = 650" in answer.formula


def test_a_sibling_total_the_rows_do_not_add_up_to_is_refused(glossary):
    answer = ask_tables("2038年小工具工厂数量中，北岸地区占比多少？", two_breakdowns("700"), glossary)
    assert answer.refused or answer.value is None or abs(answer.value - 60.0) > 0.5
    assert "60" not in answer.text
