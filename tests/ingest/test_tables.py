"""Table parsing on the real seed report and on small synthetic documents."""

from __future__ import annotations

import random

import pytest

from rag.ingest.tables import cell_unit, parse_number, parse_tables, table_line_ranges
from rag.settings import PROJECT_ROOT
from rag.types import Document, Table

SEED = PROJECT_ROOT / "seeds" / "000_f2b7a4193a625dc4.txt"
EXPECTED_IDS = [f"1-{n}" for n in range(1, 13)] + ["3-1"] + [f"4-{n}" for n in range(1, 7)]


def make_doc(lines: list[str] | tuple[str, ...], name: str = "synthetic") -> Document:
    return Document(name=name, title=name, lines=tuple(lines), headings=tuple(() for _ in lines), sha256="0" * 64)


@pytest.fixture(scope="module")
def tables() -> dict[str, Table]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return {table.table_id: table for table in parse_tables(make_doc(lines, SEED.name))}


def labels(table: Table) -> list[str]:
    return [row.label for row in table.rows]


def row(table: Table, label: str, section: str = ""):
    return next(r for r in table.rows if r.label == label and (not section or r.section == section))


# --- seed report -----------------------------------------------------------------------------------------


def test_nineteen_tables_with_toc_ids_in_order(tables: dict[str, Table]) -> None:
    assert list(tables) == EXPECTED_IDS
    starts = [table.start_line for table in tables.values()]
    assert starts == sorted(starts)


def test_garbled_titles_get_ids_from_toc(tables: dict[str, Table]) -> None:
    garbled = tables["1-12"]
    assert garbled.printed_id == "1-23"
    assert garbled.title == "Table 1-23 deprives the global innovation index in the top 20"
    assert garbled.toc_title == "Top 20 Global Innovation Index for the year 2013"
    assert tables["1-2"].printed_id == ""
    assert tables["1-2"].title.startswith('Table 1 - "22 years')
    assert tables["1-10"].printed_id == "1-10"
    assert tables["4-4"].printed_id == "4-4"
    assert tables["1-5"].toc_title == "International project financing transactions in major fields from 2021 to 2022"


def test_toc_lines_are_not_tables(tables: dict[str, Table]) -> None:
    covered = table_line_ranges(tables.values())
    assert not covered & set(range(1, 200))  # chapter/section TOC (77-134), table list (138-156), figure list
    assert min(table.title_line for table in tables.values()) == 220


def test_line_span_unit_line_and_source(tables: dict[str, Table]) -> None:
    first = tables["1-1"]
    assert (first.title_line, first.start_line, first.end_line) == (220, 224, 236)
    assert first.unit_line == "Unit: us \\$"
    assert first.source == "World Investment Report (2023)"
    assert set(range(220, 237)) <= table_line_ranges([first])
    assert tables["1-7"].source == "the world investment report (2023)."


def test_two_header_rows_forward_fill_and_group_growth(tables: dict[str, Table]) -> None:
    table = tables["1-3"]
    assert table.header_rows[0] == ("经济体", "金额", "", "增长率", "数量", "", "增长率")
    assert [c.header for c in table.columns] == [
        "金额 2021",
        "金额 2022",
        "金额 增长率",
        "数量 2021",
        "数量 2022",
        "数量 增长率",
    ]
    assert table.columns[5].parts == ("数量", "增长率")
    assert [c.unit.label for c in table.columns] == ["USD (scale not stated)"] * 2 + ["%", "count", "count", "%"]
    assert row(table, "发展中经济体").cells[4].value == 6808


def test_table_1_8_spanning_headers(tables: dict[str, Table]) -> None:
    table = tables["1-8"]
    assert table.label_header == "年份"
    assert [c.header for c in table.columns] == [
        "流量",
        "新增股权 金额",
        "新增股权 比重",
        "当期收益再投资 金额",
        "当期收益再投资 比重",
        "债务工具投资 金额",
        "债务工具投资 比重",
    ]
    assert labels(table)[0] == "2006年" and len(table.rows) == 17


def test_side_by_side_records(tables: dict[str, Table]) -> None:
    table = tables["1-2"]
    assert len(table.rows) == 20
    assert table.label_header == "国家"
    assert [c.header for c in table.columns] == ["排名", "流出流量"]
    assert [r.cells[0].value for r in table.rows] == list(range(1, 21))
    assert row(table, "新加坡").line == row(table, "美国").line == 245
    assert row(table, "中国").cells[1].value == 1631.2
    assert len(tables["1-12"].rows) == 20
    assert row(tables["1-12"], "中国").cells[0].value == 12


def test_section_rows_are_not_records(tables: dict[str, Table]) -> None:
    table = tables["1-7"]
    assert "电子和电气设备" not in labels(table) and "汽车" not in labels(table)
    assert [(r.section, r.label) for r in table.rows[:4]] == [
        ("电子和电气设备", "金额"),
        ("电子和电气设备", "项目数量"),
        ("电子和电气设备 / 半导体", "金额"),
        ("电子和电气设备 / 半导体", "项目数量"),
    ]
    assert row(table, "金额", "汽车").cells[1].value == 589.5


def test_row_unit_for_count_rows(tables: dict[str, Table]) -> None:
    table = tables["1-7"]
    amount, projects = row(table, "金额", "汽车"), row(table, "项目数量", "汽车")
    assert cell_unit(table, amount, 0).label == "USD 100 million"
    assert cell_unit(table, projects, 0).kind == "count"
    assert cell_unit(table, projects, 2).kind == "percent"


def test_dash_rows_are_sub_rows(tables: dict[str, Table]) -> None:
    europe = row(tables["1-1"], "欧洲")
    assert (europe.raw_label, europe.section) == ("- 欧洲", "发达经济体")
    oceania = row(tables["1-1"], "大洋洲")
    assert oceania.section == "发展中经济体"
    assert oceania.cells[-1].value == -20.8
    assert row(tables["1-1"], "发达经济体").section == ""


def test_cells_dash_and_number_formats(tables: dict[str, Table]) -> None:
    lodging = row(tables["1-9"], "住宿和餐饮业")
    assert lodging.cells[2].text == "-" and lodging.cells[2].value is None
    assert row(tables["1-9"], "文化、体育和娱乐业").cells[1].value == 1600.0
    ports = tables["3-1"]
    assert [r.cells[1].value for r in ports.rows[:3]] == [4915.8, 3530.1, 2988]
    assert row(ports, "青岛港").cells[2].text == "12.00"


def test_missing_unit_line_keeps_note(tables: dict[str, Table]) -> None:
    table = tables["1-11"]
    assert table.unit_line == ""
    assert table.notes == ("(real GDP, annual percentage change)",)
    assert table.unit is not None and table.unit.kind == "percent"
    assert table.label_header == ""
    assert [c.header for c in table.columns] == ["2023 年", "2024 年", "2025 年"]
    assert all(c.unit is table.unit for c in table.columns)


def test_units_of_port_table(tables: dict[str, Table]) -> None:
    table = tables["3-1"]
    assert table.unit.label == "10,000 TEU" and table.unit.scale == 1e4
    assert table.label_header == "港口"
    assert [c.unit.label if c.unit else None for c in table.columns] == [None, "10,000 TEU", "%"]


def test_table_unit_is_main_unit(tables: dict[str, Table]) -> None:
    assert tables["1-9"].unit.label == "USD 100 million"
    assert tables["1-5"].unit.label == "USD billion"
    assert tables["1-2"].unit.scale is None
    assert tables["1-12"].unit is None


# --- parse_number ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,631.2", 1631.2), ("-8.8", -8.8), ("−3", -3.0), ("12.00", 12.0), ("2988", 2988.0), (" 4915.8 ", 4915.8)],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["-", "", "  ", "中国", "2006年", "1-2", "1,63", "abc1"])
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


# --- synthetic documents ---------------------------------------------------------------------------------


def test_document_without_toc_uses_printed_ids_then_order() -> None:
    doc = make_doc(
        [
            "Table 2-5: Exports",
            "Unit: 亿美元",
            "国家\t金额",
            "中国\t12.5",
            "",
            "Some prose.",
            "Exports by port",
            "港口\t金额",
            "上海\t3",
            "Source: customs",
        ]
    )
    found = parse_tables(doc)
    assert [t.table_id for t in found] == ["2-5", "T2"]
    assert found[0].source == "" and found[0].end_line == 4
    assert found[0].unit.label == "USD 100 million"
    # No `Table` line: the line before names the table; it stays prose (the title line is the header).
    assert (found[1].title, found[1].title_line, found[1].end_line) == ("Exports by port", 8, 10)
    assert found[1].source == "customs"


def test_toc_overrides_duplicate_or_backward_printed_ids() -> None:
    doc = make_doc(
        [
            "Table 1-1: First\t3",
            "Table 1-2: Second\t4",
            "Table 1-3: Third\t5",
            "",
            "Table 1-2: first printed wrong",
            "a\tb",
            "x\t1",
            "",
            "Table 1-1 behind",
            "a\tb",
            "y\t2",
        ]
    )
    found = parse_tables(doc)
    assert [(t.table_id, t.printed_id, t.toc_title) for t in found] == [
        ("1-2", "1-2", "Second"),
        ("1-3", "1-1", "Third"),
    ]


def test_malformed_tables_do_not_crash() -> None:
    assert parse_tables(make_doc(["only\tone line"])) == []
    assert parse_tables(make_doc(["\t\t", "\t"])) == []
    assert parse_tables(make_doc([])) == []
    ragged = parse_tables(make_doc(["名称\t甲\t乙", "一\t1", "二\t2\t3\t4\t5", "三\t1\t2"]))
    assert len(ragged) == 1
    assert [len(r.cells) for r in ragged[0].rows] == [2, 2, 2]
    assert ragged[0].rows[0].cells[1].text == ""


def test_random_tab_lines_never_raise() -> None:
    rng = random.Random(20240601)
    tokens = [
        "",
        "-",
        "- 欧洲",
        "其中：半导体",
        "12.5",
        "-3",
        "1,200",
        "2021",
        "Table 1-1:",
        "Unit: %",
        "Source: x",
        "金额",
        "增长率",
        "(note)",
        "排名",
        "国家",
        "\u2212",
        "a b",
        "...",
    ]
    for _ in range(300):
        lines = []
        for _ in range(rng.randint(0, 12)):
            cells = [rng.choice(tokens) for _ in range(rng.randint(1, 7))]
            lines.append(rng.choice(["\t", " ", "\t\t"]).join(cells))
        for table in parse_tables(make_doc(lines)):
            assert table.start_line <= table.end_line
            assert all(len(r.cells) == len(table.columns) for r in table.rows)


def test_toc_with_dot_leaders_and_no_tab() -> None:
    doc = make_doc(["Table 5-1: Trade ........ 12", "", "Table 9 - garbled", "a\tb", "x\t1"])
    [table] = parse_tables(doc)
    assert (table.table_id, table.printed_id, table.toc_title, table.title_line) == ("5-1", "", "Trade", 3)
