"""Operations over sets of rows named by position, by a far superlative, one by one, or by comparing two rows over
years (made-up tables and wording): each answer shows its formula and cites every operand; a range, an item or a
year the table does not print is refused, never answered with nearby rows."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.read.derived import listed_items
from rag.read.question import analyse_question
from rag.read.subsets import far_rows, rank_span
from tests.builders import PERCENT, USD_1E8, make_table
from tests.builders import ask_table as ask


@pytest.fixture(scope="module")
def widget_ranking():
    """A top-eight ranking of widget exporters, printed in two halves side by side (rank, country, amount)."""
    rows = {
        "德国": ("1", "90.0"), "日本": ("2", "70.0"), "法国": ("3", "50.0"), "埃及": ("4", "40.0"),
        "秘鲁": ("5", "30.0"), "肯尼亚": ("6", "20.0"), "印度": ("7", "12.0"), "巴西": ("8", "8.0"),
    }  # fmt: skip
    columns = (("排名", None), ("出口额", USD_1E8))
    return make_table(
        rows, columns=columns, table_id="9-1", title="Top eight widget exporters of 2031", label_header="国家"
    )


@pytest.fixture(scope="module")
def widget_industries():
    """Widget investment by industry, no rank column, rows not in order of size."""
    rows = {
        "合计": ("300.0", "5.0"), "建筑业": ("12.0", "1.0"), "制造业": ("150.0", "2.0"), "教育": ("3.0", "9.0"),
        "金融业": ("90.0", "3.0"), "采矿业": ("40.0", "-4.0"), "房地产业": ("5.0", "-8.0"),
    }  # fmt: skip
    columns = (("流量", USD_1E8), ("同比", PERCENT))
    return make_table(rows, columns=columns, table_id="9-2", title="Ruritania's widget investment by industry, 2031")


@pytest.fixture(scope="module")
def widget_growth():
    """Projected widget output growth by country (percent)."""
    rows = {"德国": ("1.0", "2.0"), "法国": ("3.0", "1.5"), "日本": ("0.5", "0.7"), "印度": ("6.0", "6.4")}
    columns = (("2031 年", PERCENT), ("2032 年", PERCENT))
    return make_table(
        rows, columns=columns, unit=PERCENT, table_id="9-3", title="Widget output growth projections",
        label_header="国家",
    )  # fmt: skip


@pytest.fixture(scope="module")
def widget_regions():
    """Widget outflows of two regions over five years."""
    rows = {"欧洲": ("5.0", "7.0", "2.0", "9.0", "1.0"), "亚洲": ("4.0", "8.0", "3.0", "6.0", "2.0")}
    columns = tuple((f"{year} 年", USD_1E8) for year in range(2027, 2032))
    return make_table(
        rows, columns=columns, table_id="9-4", title="Widget outflows by region, 2027-2031", label_header="区域"
    )


def test_a_range_of_positions_is_read_in_either_language():
    assert rank_span("the exporters ranked 5th to 7th") == (5, 7)
    assert rank_span("positions 3-6 of the list") == (3, 6)
    assert rank_span("the 2nd through 4th largest") == (2, 4)
    assert rank_span("排名第五至第七位的国家") == (5, 7)
    assert rank_span("第3到6名") == (3, 6)
    assert rank_span("from 2027 to 2031") is None and rank_span("the 3rd and 5th exporters") is None


def test_a_sum_over_a_range_of_positions_follows_the_rank_column(widget_ranking, glossary):
    answer = ask("What did the widget exporters ranked 5th to 7th export in 2031 combined?", widget_ranking, glossary)
    assert answer.source_value == pytest.approx(62.0)
    assert answer.formula.startswith("30 + 20 + 12")
    assert [c.row_label for c in answer.citations[:3]] == ["秘鲁", "肯尼亚", "印度"]


def test_a_chinese_mean_over_a_range_of_positions(widget_ranking, glossary):
    answer = ask("2031年出口额排名第二至第四位的国家平均出口额是多少？", widget_ranking, glossary)
    assert answer.source_value == pytest.approx(53.33, abs=0.01)
    assert {c.row_label for c in answer.citations} == {"日本", "法国", "埃及"}


def test_a_range_past_the_last_printed_position_is_refused(widget_ranking, glossary):
    answer = ask("What did the widget exporters ranked 7th to 10th export in 2031 combined?", widget_ranking, glossary)
    assert answer.refused and answer.value is None


def test_a_far_superlative_closes_a_number_of_rows():
    assert far_rows("the three sectors that took in the least money") == ("bottom", 3)
    assert far_rows("the four markets in which the firms sold most in 2031") == ("top", 4)
    assert far_rows("三个投资最少的行业") == ("bottom", 3)
    assert far_rows("at least three industries") is None and far_rows("two of them took most of it") is None


def test_the_last_rows_of_a_table_with_no_rank_column_are_sorted_by_the_column(widget_industries, glossary):
    answer = ask(
        "Between them, how much did the three sectors taking in the least widget investment in 2031 receive?",
        widget_industries,
        glossary,
    )
    assert answer.source_value == pytest.approx(20.0)  # 12 + 5 + 3, the total row left out
    assert {c.row_label for c in answer.citations} == {"建筑业", "教育", "房地产业"}


def test_a_chinese_sum_of_the_smallest_rows(widget_industries, glossary):
    answer = ask("2031年小部件投资最少的两个行业合计多少？", widget_industries, glossary)
    assert answer.source_value == pytest.approx(8.0)


def test_a_mean_over_the_first_rows_is_computed_from_them(widget_industries, glossary):
    answer = ask(
        "What was the mean flow of the two sectors that drew the highest widget investment in 2031?",
        widget_industries,
        glossary,
    )
    assert answer.source_value == pytest.approx(120.0) and "/ 2" in answer.formula


def test_the_items_a_question_lists_are_read_in_order(glossary):
    question = analyse_question("What is the average 2032 growth of Germany, France and India?", glossary)
    assert listed_items(question) == ("Germany", "France", "India")
    assert question.operation == "average"


def test_an_average_growth_over_listed_items_is_their_mean(widget_growth, glossary):
    answer = ask(
        "For 2032, what growth rate do Germany, Japan and India average?",
        widget_growth,
        glossary,
    )
    assert answer.value == pytest.approx(3.033, abs=1e-3) and answer.unit == "%"
    assert {c.row_label for c in answer.citations} == {"德国", "日本", "印度"}


def test_a_mean_over_listed_items_refuses_an_item_the_table_lacks(widget_growth, glossary):
    answer = ask(
        "What is the average 2032 growth rate projected for Germany, Japan and Brazil?", widget_growth, glossary
    )
    assert answer.refused and answer.value is None
    assert "Brazil" in answer.text


def test_a_count_of_years_one_row_is_above_another(widget_regions, glossary):
    answer = ask(
        "Between 2027 and 2031, how many years saw Asia send out larger widget flows than Europe?",
        widget_regions,
        glossary,
    )
    assert answer.value == pytest.approx(3) and answer.unit == "count"  # 2028, 2029, 2031
    assert len(answer.citations) == 10  # both rows' cells of every year


def test_a_chinese_count_of_years_one_row_is_below_another(widget_regions, glossary):
    answer = ask("2027-2031年间，欧洲的小部件流出有几年低于亚洲？", widget_regions, glossary)
    assert answer.value == pytest.approx(3)


def test_a_count_over_years_the_table_does_not_print_is_refused(widget_regions, glossary):
    answer = ask(
        "Between 2025 and 2031, in how many years was Asia's widget outflow above Europe's?", widget_regions, glossary
    )
    assert answer.refused and answer.value is None


def test_listed_items_need_a_joining_word(glossary):
    assert listed_items(analyse_question("德国和法国2032年增长预测的平均值是多少？", glossary)) == ("德国", "法国")
    assert listed_items(analyse_question("2032年全球制造业增长是多少？", glossary)) == ()


@pytest.mark.parametrize(
    "question",
    [
        "What was the combined 2031 widget investment in manufacturing, finance and gizmology?",
        "2031年小部件对制造业、金融业和玩具业的投资合计多少？",
    ],
)
def test_a_sum_over_a_list_ending_with_an_unknown_item_is_refused(widget_industries, glossary, question):
    answer = ask(question, widget_industries, glossary)
    assert answer.refused and answer.value is None
    assert "gizmology" in answer.text or "玩具业" in answer.text


def test_a_sum_over_a_list_of_known_items_is_answered(widget_industries, glossary):
    answer = ask("2031年小部件对制造业、金融业和采矿业的投资合计多少？", widget_industries, glossary)
    assert answer.source_value == pytest.approx(280.0)


@pytest.fixture(scope="module")
def widget_sources():
    """Widget flows by year (rows) and by source (columns)."""
    rows = {f"{year}年": cells for year, cells in [
        (2027, ("10.0", "4.0")), (2028, ("12.0", "13.0")), (2029, ("9.0", "3.0")), (2030, ("7.0", "8.0")),
    ]}  # fmt: skip
    columns = (("新增股权 金额", USD_1E8), ("债务工具投资 金额", USD_1E8))
    table = make_table(
        rows, columns=columns, table_id="9-5", title="Widget flows by source, 2027-2030", label_header="年份"
    )
    two_rows = tuple(replace(c, parts=tuple(c.header.split())) for c in table.columns)  # a group header over each
    return replace(table, columns=two_rows)


def test_a_count_of_years_one_column_is_above_another_reads_year_rows(widget_sources, glossary):
    answer = ask(
        "From 2027 to 2030, in how many years was widget equity investment larger than debt instrument investment?",
        widget_sources,
        glossary,
    )
    assert answer.value == pytest.approx(2) and answer.unit == "count"  # 2027, 2029
    assert answer.text.index("new equity") < answer.text.index("debt instruments")
    reversed_order = ask(
        "From 2027 to 2030, in how many years was widget debt instrument investment larger than equity investment?",
        widget_sources,
        glossary,
    )
    assert reversed_order.value == pytest.approx(2)  # 2028, 2030
