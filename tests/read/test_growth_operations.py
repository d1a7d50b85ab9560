"""Change and growth over made-up tables (no eval wording): a percentage change asked in Chinese, two shares of two
years compared in percentage points, a ratio of the count columns when counts are asked, the row that grew fastest
among measure sub-rows (the count rows under each section), the weakest grower by a table's rate column, and the
value a growth rate the question states implies for the year before. Each refuses when an operand is missing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.ingest.tables import parse_tables
from rag.read.question import analyse_question, counted_figure, main_clause
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.types import Document
from tests.builders import PERCENT, USD_1E8, hits, make_table, prose_chunk, row_chunks, stored_index
from tests.builders import ask_table as ask


def parsed_table(lines: list[str]):
    """The one table of a made-up document, read by the real table parser (two header rows, section rows)."""
    document = Document(
        name="made_up.txt", title="made up", lines=tuple(lines), headings=tuple(() for _ in lines), sha256="0" * 64
    )
    [table] = parse_tables(document)
    return table


@pytest.mark.parametrize(
    ("text", "operation", "asked"),
    [
        ("东港的小工具投资2031年较2030年增长百分之几？", "growth_rate", "percent"),
        ("2030年到2031年东港小工具投资的增幅是多少？", "growth_rate", "percent"),
        ("小工具投资占总投资的比重，2031年较2030年下降了多少个百分点？", "difference", "points"),
        ("In number of deals, how many times as many gizmo deals went to A as to B?", "ratio", "count"),
        ("How many times as much gizmo money went to A as to B in 2031?", "ratio", "amount"),
        ("Among the gizmo segments of the plant table, which saw its order count grow fastest?", "rank", "percent"),
    ],
)
def test_change_operations_are_read_from_the_question(glossary, text, operation, asked):
    question = analyse_question(text, glossary)
    assert (question.operation, question.asked) == (operation, asked)


def test_a_scope_clause_before_the_comma_is_not_the_question_proper():
    assert main_clause("among the listed harbours, which one grew least?") == "which one grew least?"
    assert main_clause("of the gizmo plants, which is largest?") == "which is largest?"
    assert main_clause("in 2031, how much did x earn?") == "in 2031, how much did x earn?"  # a year, no scope


@pytest.fixture(scope="module")
def harbour_investment():
    rows = {"东港": ("80.0", "100.0"), "西港": ("50.0", "40.0")}
    columns = (("2030年", USD_1E8), ("2031年", USD_1E8))
    return make_table(rows, columns=columns, title="Gadget investment of the harbours, 2030-2031", label_header="港口")


def test_a_percentage_change_asked_in_chinese_is_a_rate_with_both_years_cited(harbour_investment, glossary):
    answer = ask("东港的小工具投资2031年较2030年增长百分之几？", harbour_investment, glossary)
    assert not answer.refused and answer.value == pytest.approx(25.0) and answer.unit == "%"
    assert answer.formula.startswith("(100 − 80) / 80")
    assert {c.column for c in answer.citations} == {"2030年", "2031年"}


def test_a_percentage_change_from_a_year_the_table_lacks_is_refused(harbour_investment, glossary):
    answer = ask("东港的小工具投资2031年较2029年增长百分之几？", harbour_investment, glossary)
    assert answer.refused and answer.value is None


@pytest.fixture(scope="module")
def gadget_shares():
    rows = {"2029年": ("20.0", "31.0"), "2030年": ("30.0", "40.0"), "2031年": ("35.0", "25.5")}
    columns = (("金额", USD_1E8), ("比重", PERCENT))
    return make_table(
        rows, columns=columns, title="Gadget investment and its share of all investment", label_header="年份"
    )


def test_two_shares_of_two_years_differ_in_percentage_points(gadget_shares, glossary):
    answer = ask("小工具投资占总投资的比重，2031年较2030年下降了多少个百分点？", gadget_shares, glossary)
    assert not answer.refused and answer.value == pytest.approx(14.5) and answer.unit == "percentage points"
    assert answer.formula.startswith("40 − 25.5")
    assert {c.row_label for c in answer.citations} == {"2030年", "2031年"}


def test_a_share_gap_with_a_year_the_table_lacks_is_refused(gadget_shares, glossary):
    answer = ask("小工具投资占总投资的比重，2031年较2027年下降了多少个百分点？", gadget_shares, glossary)
    assert answer.refused and answer.value is None


@pytest.fixture(scope="module")
def deals_by_sector():
    return parsed_table(
        [
            "Table 5-2: Gizmo deals by sector, 2030-2031",
            "",
            "Unit: USD 100 million, %, PCS",
            "",
            "行业\t金额\t\t数量\t",
            "\t2030\t2031\t2030\t2031",
            "建筑业\t600\t660\t8000\t9000",
            "采矿业\t400\t500\t2500\t3000",
            "",
            "Source: made up.",
        ]
    )


def test_a_ratio_of_counts_divides_the_count_columns(deals_by_sector, glossary):
    answer = ask(
        "In number of deals, how many times as many gizmo deals went to construction as to mining in 2031?",
        deals_by_sector,
        glossary,
    )
    assert not answer.refused and answer.value == pytest.approx(3.0) and answer.unit == "times"
    assert answer.formula.startswith("9000 / 3000")
    assert {c.column for c in answer.citations} == {"数量 2031"}


def test_a_ratio_of_amounts_still_divides_the_amount_columns(deals_by_sector, glossary):
    answer = ask(
        "How many times as much gizmo money went to construction as to mining in 2031?", deals_by_sector, glossary
    )
    assert answer.formula.startswith("660 / 500")


def test_a_ratio_of_counts_of_a_year_the_table_lacks_is_refused(deals_by_sector, glossary):
    answer = ask(
        "In number of deals, how many times as many gizmo deals went to construction as to mining in 2028?",
        deals_by_sector,
        glossary,
    )
    assert answer.refused and answer.value is None


@pytest.fixture(scope="module")
def plant_segments():
    """Each segment prints two measure rows (value, number of projects) under its own section row."""
    return parsed_table(
        [
            "Table 5-3: Gizmo plant investment by segment, 2030-2031",
            "",
            "Unit: USD 100 million, %, PCS",
            "",
            "部门 / 行业\t2030\t2031\t增长率",
            "小工具\t\t\t",
            "金额\t100.0\t150.0\t50",
            "项目数量\t40\t44\t10",
            "其中：微型小工具\t\t\t",
            "金额\t30.0\t33.0\t10",
            "项目数量\t10\t14\t40",
            "玩具\t\t\t",
            "金额\t50.0\t80.0\t60",
            "项目数量\t20\t19\t-5",
            "",
            "Source: made up.",
        ]
    )


def test_the_fastest_grower_among_measure_rows_is_the_section_of_the_asked_measure(plant_segments, glossary):
    counted = ask(
        "Among the segments of the gizmo plant investment table, which segment's number of projects grew fastest "
        "in 2031?",
        plant_segments,
        glossary,
    )
    assert counted.spans == ("微型小工具",) and "40" in counted.text
    valued = ask(
        "Among the segments of the gizmo plant investment table, which segment's investment value grew fastest "
        "in 2031?",
        plant_segments,
        glossary,
    )
    assert valued.spans == ("玩具",) and "60" in valued.text


@pytest.fixture(scope="module")
def harbour_throughput():
    teu = PERCENT.__class__(raw="ten thousand TEU", label="10,000 TEU", kind="quantity", scale=1e4)
    rows = {"东港": ("500.0", "3.5"), "西港": ("400.0", "-2.0"), "南港": ("300.0", "8.1")}
    columns = (("吞吐量", teu), ("年增长", PERCENT))
    return make_table(rows, columns=columns, unit=teu, title="Throughput of the gizmo harbours", label_header="港口")


def test_the_weakest_grower_is_ranked_on_the_rate_column_when_no_two_years_are_printed(harbour_throughput, glossary):
    answer = ask(
        "Of the gizmo ports listed, which recorded the weakest growth in throughput?", harbour_throughput, glossary
    )
    assert answer.spans == ("西港",) and "-2.0" in answer.text and "had the lowest" in answer.text
    assert "400.0" not in answer.text  # not ranked on the throughput itself


@pytest.fixture(scope="module")
def project_turnover():
    """Turnover by industry with each row's growth on the year before; the title dates it to 2031."""
    rows = {"Gizmo projects": ("20.0", "25.0", "60.0"), "Widget projects": ("13.3", "-5.0", "40.0")}
    columns = (("营业额", USD_1E8), ("同比", PERCENT), ("比重", PERCENT))
    return make_table(rows, columns=columns, title="Turnover of projects by industry in 2031", label_header="行业")


def test_a_growth_rate_the_question_states_implies_the_year_before(project_turnover, glossary):
    answer = ask(
        "Gizmo projects grew their turnover by 25% in 2031. What 2030 turnover does that imply?",
        project_turnover,
        glossary,
    )
    assert not answer.refused and answer.source_value == pytest.approx(16.0)
    assert answer.formula.startswith("20 / (1 + 25 %)") and len(answer.citations) == 2


def test_a_garbled_title_year_gives_way_to_the_year_its_section_names(project_turnover, glossary):
    misdated = replace(project_turnover, title="Table 1-1: Turnover of projects by industry in 2013", toc_title="")
    chunks = [*row_chunks(misdated), prose_chunk("In 2031 the turnover of gizmo projects rose sharply.")]
    index = stored_index([misdated], chunks)
    question = "Gizmo projects grew their turnover by 25% in 2031. What 2030 turnover does that imply?"
    answer = grounded_answer(question, hits(chunks), index, glossary, PROJECT_ROOT / "prompts")
    assert not answer.refused and answer.source_value == pytest.approx(16.0)
    unstated = "Going by their turnover and its growth, what turnover did gizmo projects have in 2030?"
    assert "/ (1 +" not in grounded_answer(unstated, hits(chunks), index, glossary, PROJECT_ROOT / "prompts").text


def test_a_stated_rate_no_row_prints_is_refused(project_turnover, glossary):
    answer = ask(
        "Gizmo projects grew their turnover by 31% in 2031. What 2030 turnover does that imply?",
        project_turnover,
        glossary,
    )
    assert answer.refused and answer.value is None


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("By what percent did the number of gizmo deals in construction rise from 2030 to 2031?", 12.5),
        ("2030年到2031年，建筑业小玩意交易数量的变化率是多少？", 12.5),
        ("By what percent did the value of gizmo deals in construction rise from 2030 to 2031?", 10.0),
    ],
)
def test_a_growth_rate_of_a_count_takes_the_count_columns(deals_by_sector, glossary, text, rate):
    answer = ask(text, deals_by_sector, glossary)
    assert not answer.refused and answer.value == pytest.approx(rate)


def test_the_figure_counted_is_named_by_a_count_word_alone():
    assert counted_figure("By how many percent did the number of gizmo deals rise?") == "count"
    assert counted_figure("Gizmo projects grew their turnover by 25%. What does that imply for 2030?") == "amount"
    assert counted_figure("据此推算2030年小玩意交易数量是多少？") == "count"
    assert counted_figure("据此推算2030年小玩意交易额是多少？") == "amount"
