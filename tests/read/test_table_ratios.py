"""Two-operand operations over the right rows and columns of a table (made-up tables and text, no eval wording): a
share's whole is the group row the question names, its column the kind it measures (number or value); a value per
item divides an amount by the count of the same row and year; a change between two columns of one row in points."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.read.derived import falls
from rag.read.question import analyse_question, asks_division_by_count, asks_points, share_kind
from rag.read.reader import grounded_answer
from rag.types import Unit
from tests.builders import PERCENT, USD_1E8, make_table, prose_chunk
from tests.builders import ask_table as ask
from tests.builders import hits as _hits
from tests.builders import stored_index as _index
from tests.read.test_reader import PROMPTS

COUNT = Unit(raw="count", label="count", kind="count")
USD_BILLION = Unit(raw="USD billion", label="USD billion", kind="currency", currency="USD", scale=1e9, base="USD")


@pytest.fixture(scope="module")
def widget_regions():
    """Widget outflows by region: world, two groups of economies, and the regions listed under each group."""
    rows = {
        "世界": ("500", "400"),
        "发达经济体": ("300", "250"),
        "欧洲": ("120", "100"),
        "北美": ("150", "120"),
        "发展中经济体": ("200", "150"),
        "亚洲": ("180", "130"),
    }
    table = make_table(
        rows,
        columns=(("2021 年", USD_1E8), ("2022 年", USD_1E8)),
        title="Widget outflows by region, 2021-2022",
        label_header="区域",
    )
    sections = {"欧洲": "发达经济体", "北美": "发达经济体", "亚洲": "发展中经济体"}
    return replace(table, rows=tuple(replace(row, section=sections.get(row.label, "")) for row in table.rows))


@pytest.fixture(scope="module")
def widget_projects():
    """Widget projects by sector: their value (USD billion) and their number, in two years, with a total row."""
    columns = (("金额 2021", USD_BILLION), ("金额 2022", USD_BILLION), ("数量 2021", COUNT), ("数量 2022", COUNT))
    rows = {
        "合计": ("80", "82", "210", "190"),
        "制造业": ("40", "50", "100", "80"),
        "金融业": ("40", "32", "110", "110"),
    }
    return make_table(rows, columns=columns, unit=USD_BILLION, table_id="7-2", title="Widget projects by sector")


@pytest.mark.parametrize(
    ("question", "whole"),
    [
        ("What percentage of the developed economies' widget outflows in 2022 came from Europe?", "发达经济体"),
        ("What share of developed economies' widget outflows did Europe account for in 2022?", "发达经济体"),
        ("2022年发达经济体的对外投资中欧洲占比多少？", "发达经济体"),
        ("What percentage of the world's widget outflows in 2022 came from Europe?", "世界"),
    ],
)
def test_a_shares_whole_is_the_group_row_the_question_names(widget_regions, glossary, question, whole):
    answer = ask(question, widget_regions, glossary)
    assert not answer.refused, answer.text
    expected = {"发达经济体": 100 / 250 * 100, "世界": 100 / 400 * 100}[whole]
    assert answer.value == pytest.approx(expected, abs=0.01)
    assert {c.row_label for c in answer.citations} >= {"欧洲", whole}


def test_a_share_of_the_number_of_items_is_taken_from_the_count_columns(widget_projects, glossary):
    by_number = ask("2022年制造业的项目数量占全部项目的比重是多少？", widget_projects, glossary)
    assert by_number.value == pytest.approx(80 / 190 * 100, abs=0.01)
    assert {c.column for c in by_number.citations} == {"数量 2022"}
    by_value = ask("2022年制造业项目金额占比多少？", widget_projects, glossary)
    assert by_value.value == pytest.approx(50 / 82 * 100, abs=0.01)
    assert {c.column for c in by_value.citations} == {"金额 2022"}


def test_the_kind_a_share_measures():
    assert share_kind("What share of all widget projects were in finance?") == "count"
    assert share_kind("2022年制造业的项目数量占全部项目的比重是多少？") == "count"  # `多少` asks; it names no amount
    assert share_kind("2022年制造业投资金额占比多少？") == "amount"
    assert share_kind("What share of the outflows came from Europe?") == "amount"


def test_the_average_size_of_one_item_is_its_amount_over_its_count_of_that_year(widget_projects, glossary):
    question = "How large was a manufacturing widget project, on average, in 2022?"
    assert analyse_question(question, glossary).operation == "per_count"
    answer = ask(question, widget_projects, glossary)
    assert answer.source_value == pytest.approx(50 / 80)  # 2022's amount over 2022's count, not a mean of years
    assert {c.column for c in answer.citations} == {"金额 2022", "数量 2022"}


def test_dividing_an_amount_by_a_count_asks_a_value_per_item():
    assert asks_division_by_count("what results from dividing x's stock by the count of its overseas firms?")
    assert not asks_division_by_count("dividing x's stock by its flow, what do you get?")


def test_a_slowdown_between_two_forecast_columns_of_one_row_is_a_difference_in_points(glossary):
    columns = (("2023 年", PERCENT), ("2024 年", PERCENT), ("2025 年", PERCENT))
    table = make_table(
        {"世界": ("3.0", "3.1", "3.2"), "日本": ("1.9", "0.9", "1.0"), "俄罗斯": ("3.6", "3.2", "1.8")},
        columns=columns,
        unit=PERCENT,
        title="Widget output growth projections",
        label_header="国家",
    )
    question = "By how many points does Russia's forecast growth rate slow from 2024 to 2025?"
    parsed = analyse_question(question, glossary)
    assert (parsed.operation, parsed.asked) == ("difference", "points")
    assert falls(parsed)  # `growth rate` names the rate; `slow` is the direction asked
    answer = ask(question, table, glossary)
    assert answer.value == pytest.approx(1.4) and answer.unit == "percentage points"
    assert {c.column for c in answer.citations} == {"2024 年", "2025 年"}


def test_points_words():
    assert asks_points("by how much did it change, in points?")
    assert asks_points("增速下降了几个百分点？")
    assert not asks_points("what share did it hold?")


@pytest.mark.parametrize(
    "text, question, value",
    [
        (  # divided by the count of the items the question names: 900 / 60, not 900 / 40
            "By the end of 2022, 40 investors of Gadget Province had set up 60 overseas widget enterprises, "
            "with a stock of 900 million US dollars.",
            "What is Gadget Province's end-2022 widget stock divided by its number of overseas widget enterprises?",
            15,
        ),
        (  # a group's own count and amount: 300 / 10
            "In 2022, 50 investors of Gadget Province invested abroad: 40 private widget enterprises invested 200 "
            "million US dollars, and 10 state-run widget enterprises invested 300 million US dollars.",
            "On average, how much did Gadget Province invest per state-run widget enterprise in 2022?",
            30,
        ),
    ],
)
def test_a_value_per_item_from_prose_takes_the_count_and_amount_of_the_items_named(text, question, value, glossary):
    chunk = prose_chunk(text)
    answer = grounded_answer(question, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
    assert not answer.refused, answer.text
    assert answer.value == pytest.approx(value) and answer.unit == "USD million"


@pytest.mark.parametrize(
    "question",
    [
        "In 2022, what share of the G7's widget outflows came from Europe?",  # no row of the whole named
        "What share of the developing economies' widget outflows came from Europe in 2022?",  # not of that group
        "2022年转型经济体的对外投资中欧洲占比多少？",
    ],
)
def test_a_share_of_a_whole_the_table_does_not_hold_is_refused(widget_regions, glossary, question):
    answer = ask(question, widget_regions, glossary)
    assert answer.refused and answer.value is None


def test_a_question_naming_a_group_takes_the_groups_row_not_its_other_row(widget_regions, glossary):
    from tests.builders import indexed_table

    rows = widget_regions.rows + (replace(widget_regions.rows[2], label="其他发达经济体", line=99),)
    table = replace(widget_regions, rows=rows)
    index = indexed_table(table, glossary)
    ranked = sorted(index.chunks, key=lambda c: c.row_label != "其他发达经济体")  # the `other` row retrieved first
    question = "By what percent did developed economies' widget outflows change from 2021 to 2022?"
    answer = grounded_answer(question, _hits(ranked), index, glossary, PROMPTS)
    assert {c.row_label for c in answer.citations} == {"发达经济体"}
    assert answer.value == pytest.approx((250 - 300) / 300 * 100, abs=0.01)
