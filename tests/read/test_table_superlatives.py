"""Superlatives and ordinals over a table's rows, on made-up tables (no eval wording): the lowest cell of the year
column asked over an outlook table whose label column has no header (single countries ranked, not the groups
among them; a year the table lacks refused), the n-th largest of the column of the measure asked with the rows named
by a kind word (`destinations`), and the fastest grower read from the year-on-year column after a scope clause."""

from __future__ import annotations

import pytest

from rag.read.question import analyse_question, main_clause
from tests.builders import PERCENT, USD_1E8, make_table
from tests.builders import ask_table as ask

OUTLOOK = PERCENT.__class__(raw="(widget output, annual percentage change)", label="%", kind="percent")


@pytest.fixture(scope="module")
def widget_outlook():
    """Forecast growth by economy: a world row and a group row among the countries, no label header."""
    rows = {
        "世界": ("2.9", "2.4"),
        "发达经济体": ("1.1", "0.3"),
        "挪威": ("1.8", "1.6"),
        "希腊": ("0.6", "2.2"),
        "芬兰": ("2.3", "0.9"),
        "葡萄牙": ("1.4", "0.5"),
    }
    columns = (("2041 年", OUTLOOK), ("2042 年", OUTLOOK))
    return make_table(rows, columns=columns, unit=OUTLOOK, title="the widget output outlook", label_header="")


def test_the_lowest_cell_of_the_asked_year_names_the_country(widget_outlook, glossary):
    answer = ask("小工具产出展望里，2042年增速最低的经济体是哪个？", widget_outlook, glossary)
    assert answer.spans == ("葡萄牙",) and "0.5" in answer.text
    assert "0.3" not in answer.text  # the group row 发达经济体 is no single economy


def test_a_chinese_superlative_names_the_measure_the_place_and_the_figure(widget_outlook, glossary):
    """The column names only a year (its measure is in the unit line): the basis takes the question's measure word,
    and the answer reads as an analyst writes it, not `葡萄牙按2042年排倒数第1位`."""
    answer = ask("小工具产出展望里，2042年增速最低的经济体是哪个？", widget_outlook, glossary)
    assert answer.text.startswith("2042年增速最低的是葡萄牙（0.5%）[1]："), answer.text


def test_an_english_superlative_below_first_place_says_second_highest(widget_outlook, glossary):
    answer = ask("Which country ranks second by forecast widget output growth in 2041?", widget_outlook, glossary)
    assert answer.text.startswith("Norway had the second-highest "), answer.text
    assert "1.8% [2]" in answer.text


def test_the_second_fastest_country_of_a_year_column(widget_outlook, glossary):
    answer = ask("Which country ranks second by forecast widget output growth in 2041?", widget_outlook, glossary)
    assert answer.spans == ("挪威",) and "2.3" in answer.text and "2.9" not in answer.text


def test_a_year_the_outlook_table_lacks_is_refused(widget_outlook, glossary):
    answer = ask("小工具产出展望里，2045年增速最低的经济体是哪个？", widget_outlook, glossary)
    assert answer.value is None and answer.spans != ("希腊",) and "0.6" not in answer.text


@pytest.fixture(scope="module")
def gizmo_destinations():
    rows = {
        "挪威": ("40.0", "90.0"),
        "希腊": ("30.0", "150.0"),
        "芬兰": ("20.0", "110.0"),
        "丹麦": ("10.0", "60.0"),
    }
    columns = (("流量", USD_1E8), ("存量", USD_1E8))
    return make_table(rows, columns=columns, title="Gizmo investment by host country", label_header="国家 (地区)")


@pytest.mark.parametrize(
    ("text", "row", "cell"),
    [
        ("Which gizmo host destination has the second-largest stock?", "芬兰", "110.0"),
        ("Which gizmo host destination has the third largest flow?", "芬兰", "20.0"),
        ("Which gizmo host destination has the second-smallest stock?", "挪威", "90.0"),
    ],
)
def test_an_ordinal_picks_the_nth_row_of_the_measure_asked(gizmo_destinations, glossary, text, row, cell):
    answer = ask(text, gizmo_destinations, glossary)
    assert answer.spans == (row,) and cell in answer.text


@pytest.mark.parametrize(
    ("text", "row", "cell"),
    [
        ("小装置投资目的地中，存量第二高的是哪个国家？", "芬兰", "110.0"),
        ("小装置投资目的地中，流量第三多的是哪个国家？", "芬兰", "20.0"),
        ("小装置投资目的地中，存量第二低的是哪个国家？", "挪威", "90.0"),
        ("小装置投资目的地中，流量第二少的是哪个国家？", "芬兰", "20.0"),
        ("小装置投资目的地中，存量倒数第二的是哪个国家？", "挪威", "90.0"),
        ("小装置投资目的地中，流量排名倒数第三的是哪个国家？", "希腊", "30.0"),
    ],
)
def test_a_chinese_ordinal_counts_from_the_top_or_the_bottom(gizmo_destinations, glossary, text, row, cell):
    """`第二高` counts from the top, `第二低`/`第二少` and `倒数第二` from the bottom."""
    answer = ask(text, gizmo_destinations, glossary)
    assert answer.spans == (row,) and cell in answer.text


@pytest.fixture(scope="module")
def sprocket_industries():
    rows = {
        "Sprocket making": ("50.0", "12.0"),
        "Sprocket trading": ("30.0", "-4.0"),
        "Sprocket leasing": ("5.0", "85.0"),
    }
    columns = (("流量", USD_1E8), ("同比", PERCENT))
    return make_table(rows, columns=columns, title="Top sprocket industries of Eastland's outflow", label_header="行业")


def test_a_scope_clause_opened_by_a_possessive_is_set_apart():
    assert main_clause("of eastland's three largest sprocket industries, which grew fastest?") == "which grew fastest?"


def test_the_row_growing_most_is_ranked_on_the_yoy_column(sprocket_industries, glossary):
    text = "Of Eastland's sprocket industries, which one grew fastest year on year?"
    assert analyse_question(text, glossary).operation == "rank"
    answer = ask(text, sprocket_industries, glossary)
    assert answer.spans == ("Sprocket leasing",) and "85.0" in answer.text
