"""Operations over a set of table rows (made-up tables and wording): the last N of a ranking and sums or shares over
them, counts over a subset (the first N, a class) of the rows meeting a condition (a fall of more than N %, a
shrinking figure, one year against another), and counts of years read down a table of year rows."""

from __future__ import annotations

import pytest

from rag.read.aggregates import comparative, fall_threshold
from rag.read.derived import named_whole
from rag.read.subsets import bottom_n, counts_rows, top_n
from rag.text.numbers import extract_quantities
from tests.builders import PERCENT, USD_1E8, make_table
from tests.builders import ask_table as ask


@pytest.fixture(scope="module")
def sprocket_ranking():
    """A top-six ranking of sprocket buyers: rank, amount and share."""
    rows = {
        "德国": ("1", "40.0", "40.0"),
        "埃及": ("2", "20.0", "20.0"),
        "日本": ("3", "15.0", "15.0"),
        "肯尼亚": ("4", "10.0", "10.0"),
        "法国": ("5", "8.0", "8.0"),
        "秘鲁": ("6", "7.0", "7.0"),
    }
    columns = (("序号", None), ("出口额", USD_1E8), ("比重", PERCENT))
    return make_table(
        rows, columns=columns, table_id="8-1", title="Top six sprocket buyers of Ruritania in 2031", label_header="国家"
    )


@pytest.fixture(scope="module")
def sprocket_industries():
    """Sprocket spending per sector: the amount and its growth on the year before."""
    rows = {
        "合计": ("200.0", "-10.0"),
        "制造业": ("80.0", "-60.0"),
        "金融业": ("50.0", "12.0"),
        "采矿业": ("30.0", "-20.0"),
        "建筑业": ("20.0", "-75.5"),
        "教育": ("10.0", "300.0"),
        "房地产业": ("5.0", "-49.9"),
    }
    columns = (("流量", USD_1E8), ("同比", PERCENT))
    return make_table(
        rows, columns=columns, table_id="8-2", title="Ruritania's sprocket investment by industry in 2031"
    )


def test_the_last_n_rows_are_read_before_or_after_their_word():
    assert bottom_n("the bottom 3 buyers") == 3
    assert bottom_n("the four smallest buyers") == 4
    assert bottom_n("the two buyers at the bottom of the top-six list") == 2
    assert top_n("the two buyers at the bottom of the top-six list") == 6
    assert bottom_n("倒数三个买家") == 3
    assert bottom_n("over the last five years") is None and bottom_n("the smallest buyer") is None


def test_a_share_of_the_last_rows_of_a_top_n_list_adds_their_shares(sprocket_ranking, glossary):
    answer = ask(
        "What share did the three buyers at the bottom of Ruritania's top-six sprocket list take together?",
        sprocket_ranking,
        glossary,
    )
    assert answer.value == pytest.approx(25.0) and answer.unit == "%"
    assert {c.row_label for c in answer.citations} == {"肯尼亚", "法国", "秘鲁"}


def test_a_sum_over_the_bottom_rows_follows_the_rank_column(sprocket_ranking, glossary):
    answer = ask(
        "Summed over its bottom two sprocket buyers, what did Ruritania export in 2031?", sprocket_ranking, glossary
    )
    assert answer.source_value == pytest.approx(15.0)
    assert {c.row_label for c in answer.citations} == {"法国", "秘鲁"}


def test_the_bottom_n_of_no_more_rows_than_n_is_refused(sprocket_ranking, glossary):
    answer = ask("What did the bottom six sprocket buyers take together in 2031?", sprocket_ranking, glossary)
    assert answer.refused and answer.value is None


def test_a_threshold_after_a_fall_word_is_the_size_of_a_fall():
    def fell(text: str) -> bool:
        return fall_threshold(text, next(q for q in extract_quantities(text) if q.kind == "percent"))

    assert fell("how many industries' sprocket investment fell by more than 50%")
    assert fell("同比降幅超过50%的行业有几个")
    assert not fell("how many industries grew by more than 50%")
    assert not fell("how many industries held a share above 5%")


@pytest.mark.parametrize(
    "question",
    ["同比降幅超过50%的行业有几个？", "In how many industries did sprocket investment fall by more than 50% in 2031?"],
)
def test_a_count_of_falls_larger_than_a_threshold_tests_rates_below_minus_it(sprocket_industries, glossary, question):
    answer = ask(question, sprocket_industries, glossary)
    assert answer.value == pytest.approx(2) and answer.unit == "count"
    counted = answer.text.split(". ")[0].split("。")[0]
    assert "-60.0" in counted and "-75.5" in counted and "-49.9" not in counted  # a fall of 49.9 % is not over 50
    assert "合计" not in {c.row_label for c in answer.citations}  # every industry is tested, the total is none


def test_a_count_over_the_first_n_rows_of_those_that_shrank(sprocket_industries, glossary):
    answer = ask(
        "Among Ruritania's four biggest sprocket industries of 2031, how many saw their investment shrink?",
        sprocket_industries,
        glossary,
    )
    assert answer.value == pytest.approx(3) and answer.unit == "count"  # education (300 %) is no biggest four
    assert {c.row_label for c in answer.citations} == {"制造业", "金融业", "采矿业", "建筑业"}  # every one tested
    assert "-60.0" in answer.text and "-20.0" in answer.text  # the rates the verdicts read, not the amounts


def test_comparatives_name_one_direction():
    assert comparative("grow faster in 2032 than in 2031") == "rise"
    assert comparative("a lower figure in 2032 than in 2031") == "fall"
    assert comparative("higher or lower") == ""


def test_a_degree_word_before_a_manner_word_points_the_way_both_words_do():
    assert comparative("expand more slowly in 2032 than in 2031") == "fall"
    assert comparative("expand less quickly in 2032 than in 2031") == "fall"
    assert comparative("expand more rapidly in 2032 than in 2031") == "rise"
    assert comparative("expand less slowly in 2032 than in 2031") == "rise"


@pytest.fixture(scope="module")
def gadget_outlook():
    """Projected gadget output growth: groups, advanced economies and others."""
    rows = {
        "世界": ("3.0", "3.1"),
        "发达经济体": ("1.5", "1.6"),
        "德国": ("0.4", "1.1"),
        "日本": ("0.9", "0.8"),
        "法国": ("1.0", "1.0"),
        "加拿大": ("1.2", "2.0"),
        "中国": ("4.5", "4.0"),
        "印度": ("6.0", "6.5"),
    }
    columns = (("2031年", PERCENT), ("2032年", PERCENT))
    return make_table(rows, columns=columns, unit=PERCENT, table_id="8-3", title="Gadget output growth projections")


def test_a_count_over_a_class_compares_two_years_of_each_member(gadget_outlook, glossary):
    answer = ask(
        "How many advanced economies, counting only those printed one by one, should grow faster in 2032 than in 2031?",
        gadget_outlook,
        glossary,
    )
    assert answer.value == pytest.approx(2) and answer.unit == "count"  # Germany, Canada; Japan falls, France flat
    counted, _, others = answer.text.partition("The others")
    assert "Germany 1.1 / 0.4" in counted and "Canada 2.0 / 1.2" in counted and "Japan" in others
    assert {c.row_label for c in answer.citations} == {"德国", "日本", "法国", "加拿大"}  # the members, no group


def test_a_count_comparing_two_years_the_other_way(gadget_outlook, glossary):
    answer = ask(
        "How many advanced economies, counting only those printed one by one, should grow slower in 2032 than in 2031?",
        gadget_outlook,
        glossary,
    )
    assert answer.value == pytest.approx(1)  # Japan


def test_a_count_of_years_reads_a_table_of_year_rows_over_a_long_range(glossary):
    rows = {f"{year}年": (f"{value:.1f}", f"{share:.1f}") for year, value, share in [
        (2020, 100, 30), (2021, 120, 45), (2022, 90, 41), (2023, 80, 20), (2024, 130, 50),
        (2025, 140, 39), (2026, 150, 44), (2027, 160, 38), (2028, 170, 60), (2029, 180, 10),
        (2030, 190, 42), (2031, 200, 47),
    ]}  # fmt: skip
    columns = (("收益再投资 金额", USD_1E8), ("收益再投资 比重", PERCENT))
    table = make_table(
        rows, columns=columns, table_id="8-4", title="Ruritania's gadget flows by year", label_header="年份"
    )
    answer = ask(
        "Between 2021 and 2031, how many years had reinvested gadget earnings exceed 40% of Ruritania's flow?",
        table,
        glossary,
    )
    assert answer.value == pytest.approx(7) and answer.unit == "count"


@pytest.fixture(scope="module")
def gadget_years():
    """Gadget flows by year with the part reinvested, amounts only: no share column."""
    rows = {
        "2028年": ("100.0", "30.0"),
        "2029年": ("120.0", "60.0"),
        "2030年": ("90.0", "36.0"),
        "2031年": ("80.0", "40.0"),
    }
    columns = (("流量", USD_1E8), ("收益再投资 金额", USD_1E8))
    return make_table(
        rows, columns=columns, table_id="8-5", title="Ruritania's gadget flows by year", label_header="年份"
    )


def test_a_percentage_of_a_named_whole_is_each_years_part_over_its_whole(gadget_years, glossary):
    answer = ask(
        "How many years had reinvested gadget earnings exceed 45% of Ruritania's gadget flow?",
        gadget_years,
        glossary,
    )
    assert answer.value == pytest.approx(2) and answer.unit == "count"  # 2029 50 %, 2031 50 %; 2030 is 40 %
    assert "60.0 / 120.0 = 50.00 %" in answer.text
    assert {c.row_label for c in answer.citations} == {"2028年", "2029年", "2030年", "2031年"}


def test_an_amount_is_not_compared_with_a_percentage_of_no_named_whole(gadget_years, glossary):
    answer = ask("How many years had reinvested gadget earnings exceed 45%?", gadget_years, glossary)
    assert answer.refused and answer.value is None


def test_the_whole_a_percentage_is_of_is_read_in_either_language():
    assert named_whole("were gadget earnings reinvested above 40% of the total gadget flow in those years?") == (
        "total gadget flow"
    )
    assert named_whole("收益再投资占流量的比重超过40%的年份有几个？") == "流量"
    assert named_whole("how many years exceeded 40%?") == ""


def test_a_chinese_count_of_years_over_a_share_of_a_named_whole(gadget_years, glossary):
    answer = ask("收益再投资金额占流量的比重超过45%的年份有几年？", gadget_years, glossary)
    assert answer.value == pytest.approx(2) and answer.unit == "count"


def test_a_count_of_rows_whose_part_exceeds_a_percentage_of_their_whole(glossary):
    rows = {
        "合计": ("200.0", "80.0"),
        "制造业": ("100.0", "50.0"),
        "金融业": ("60.0", "12.0"),
        "采矿业": ("40.0", "18.0"),
    }
    columns = (("流量", USD_1E8), ("收益再投资 金额", USD_1E8))
    table = make_table(rows, columns=columns, table_id="8-6", title="Ruritania's gadget flows by industry in 2031")
    answer = ask(
        "In how many industries did reinvested gadget earnings exceed 40% of the industry's gadget flow?",
        table,
        glossary,
    )
    assert answer.value == pytest.approx(2) and answer.unit == "count"  # manufacturing 50 %, mining 45 %
    assert "50.0 / 100.0 = 50.00 %" in answer.text
    assert {c.row_label for c in answer.citations} == {"制造业", "金融业", "采矿业"}


def test_a_percentage_threshold_over_a_subset_of_amounts_is_refused(glossary):
    rows = {"德国": ("1", "40.0"), "埃及": ("2", "20.0"), "日本": ("3", "15.0"), "法国": ("4", "8.0")}
    table = make_table(
        rows, columns=(("序号", None), ("出口额", USD_1E8)), table_id="8-7", title="Top four sprocket buyers in 2031"
    )
    answer = ask("How many of the top three sprocket buyers took more than 18% in 2031?", table, glossary)
    assert answer.refused and answer.value is None  # the table prints amounts, no shares


def test_a_count_word_before_a_measure_asks_no_number_of_rows():
    assert counts_rows("how many are forecast to expand faster in 2032 than in 2031?")
    assert counts_rows("其中有几个国家的增速高于4%？")
    assert not counts_rows("a exceeds b by how many percentage points?")
    assert not counts_rows("how many times larger was a than b?")
    assert not counts_rows("a比b高多少个百分点？")


def test_a_part_is_not_taken_for_the_whole_the_question_names(glossary):
    """`X占某流量的比重` scores the flow column best; the flow is the whole, and the part is X's column."""
    rows = {
        "2028年": ("100.0", "50.0", "30.0"),
        "2029年": ("120.0", "40.0", "60.0"),
        "2030年": ("90.0", "30.0", "36.0"),
        "2031年": ("80.0", "20.0", "44.0"),
    }
    columns = (("流量", USD_1E8), ("新增股权 金额", USD_1E8), ("收益再投资 金额", USD_1E8))
    table = make_table(rows, columns=columns, table_id="8-7", title="Ruritania's gadget flows", label_header="年份")
    answer = ask("2028至2031年间，收益再投资占小部件年度流量之比重超过45%的年份有几个？", table, glossary)
    assert answer.value == pytest.approx(2) and answer.unit == "count"  # 2029 50 %, 2031 55 %; 2030 40 %
    assert "60.0 / 120.0 = 50.00 %" in answer.text
