"""Aggregates over a named subset of a table's rows (made-up tables and wording): the first N rows, the rows of a
class, rows left out; a sum, a share of the whole, a count, the extreme row; a subset not fully resolved is refused."""

from __future__ import annotations

import pytest

from rag.read.rank_asks import rank_basis
from rag.read.subsets import asked_class, excluded_names, member_classes, printed_table, top_n
from tests.builders import PERCENT, USD_1E8, make_table
from tests.builders import ask_table as ask


@pytest.fixture(scope="module")
def widget_buyers():
    """Widget exports by buyer country, largest first, with the share of each in the exporter's total."""
    rows = {
        "德国": ("40.0", "40.0"),
        "埃及": ("20.0", "20.0"),
        "日本": ("15.0", "15.0"),
        "肯尼亚": ("10.0", "10.0"),
        "法国": ("8.0", "8.0"),
        "秘鲁": ("7.0", "7.0"),
    }
    columns = (("出口额", USD_1E8), ("比重", PERCENT))
    return make_table(
        rows,
        columns=columns,
        table_id="9-2",
        title="Widget exports of Ruritania by buyer country in 2031",
        label_header="国家",
    )


@pytest.fixture(scope="module")
def gizmo_ranking():
    """A ranking of gizmo makers: rank and output; one row no class file knows."""
    rows = {"瑞典": ("1", "90"), "印度": ("2", "80"), "荷兰": ("3", "70"), "Zembla": ("4", "60")}
    columns = (("排名", None), ("产量", USD_1E8))
    return make_table(rows, columns=columns, table_id="9-3", title="Top 4 gizmo makers in 2031", label_header="国家")


def test_top_n_reads_numbers_before_and_after_the_ranking_word():
    assert top_n("What did the four largest buyers take?") == 4
    assert top_n("the top 3 buyers") == 3
    assert top_n("前五大买家合计多少") == 5
    assert top_n("the largest buyer") is None


def test_classes_and_left_out_names_are_read_from_the_question(glossary):
    assert asked_class("the African buyers among them") == "africa"
    assert asked_class("有几个欧洲国家") == "europe"
    assert excluded_names("Excluding Germany and Japan, what did the rest take?") == ["Germany", "Japan"]
    assert excluded_names("除德国外，哪个国家最多？") == ["德国"]
    assert member_classes("Kenya", glossary) == {"africa", "country"} and member_classes("Zembla", glossary) is None


def test_sum_over_the_first_n_rows_cites_each(widget_buyers, glossary):
    answer = ask("What did Ruritania's three largest widget buyers take together in 2031?", widget_buyers, glossary)
    assert not answer.refused
    assert answer.source_value == pytest.approx(75.0)
    assert {c.row_label for c in answer.citations} == {"德国", "埃及", "日本"}


def test_share_of_the_first_n_rows_adds_their_printed_shares(widget_buyers, glossary):
    answer = ask(
        "What combined share of Ruritania's widget exports went to its two largest buyers?", widget_buyers, glossary
    )
    assert answer.value == pytest.approx(60.0) and answer.unit == "%"


def test_sum_over_a_class_takes_its_members_only(widget_buyers, glossary):
    answer = ask("What was the combined widget export to the African buyer countries in 2031?", widget_buyers, glossary)
    assert answer.source_value == pytest.approx(30.0)
    assert {c.row_label for c in answer.citations} == {"埃及", "肯尼亚"}


def test_a_count_word_that_names_the_members_summed_asks_their_total(widget_buyers, glossary):
    answer = ask("2031年小部件出口买家中，属于非洲的几个国家出口额合计是多少？", widget_buyers, glossary)
    assert answer.source_value == pytest.approx(30.0) and answer.unit != "count"
    assert {c.row_label for c in answer.citations} == {"埃及", "肯尼亚"}
    counted = ask("2031年小部件出口买家中，非洲国家合计有多少个？", widget_buyers, glossary)
    assert counted.value == pytest.approx(2) and counted.unit == "count"


def test_a_class_whose_members_the_question_lists_by_name_takes_those_rows(widget_buyers, glossary):
    answer = ask(
        "What was the mean 2031 widget export to the two European buyers (Germany, France)?", widget_buyers, glossary
    )
    assert answer.source_value == pytest.approx(24.0)
    assert {c.row_label for c in answer.citations} == {"德国", "法国"}


def test_a_listed_member_the_class_rows_lack_is_refused(widget_buyers, glossary):
    answer = ask(
        "What was the mean 2031 widget export to the two European buyers (Germany, Italy)?", widget_buyers, glossary
    )
    assert answer.refused and answer.value is None


def test_exclusion_leaves_the_named_row_out_of_the_extreme(widget_buyers, glossary):
    answer = ask("Excluding Germany, which buyer took the largest widget exports?", widget_buyers, glossary)
    assert not answer.refused
    assert answer.text.startswith("Egypt")
    assert "德国" not in {c.row_label for c in answer.citations}


def test_count_of_a_class_among_the_first_n_ranked_rows(gizmo_ranking, glossary):
    answer = ask("How many of the top three gizmo makers are European?", gizmo_ranking, glossary)
    assert answer.value == pytest.approx(2) and answer.unit == "count"


def test_a_class_over_rows_of_unknown_class_is_refused_not_counted_in_part(gizmo_ranking, glossary):
    answer = ask("How many of the top four gizmo makers are European?", gizmo_ranking, glossary)
    assert answer.refused and answer.value is None


def test_more_rows_than_the_table_ranks_is_refused(widget_buyers, glossary):
    answer = ask("What did the ten largest widget buyers take together in 2031?", widget_buyers, glossary)
    assert answer.refused and answer.value is None


def test_cumulative_sum_over_a_year_range_of_a_table_of_year_rows(glossary):
    rows = {"2029年": ("10.0",), "2030年": ("12.5",), "2031年": ("11.0",), "2032年": ("9.0",)}
    table = make_table(
        rows,
        columns=(("流量", USD_1E8),),
        table_id="9-4",
        title="Ruritania's gadget flows by year",
        label_header="年份",
    )
    answer = ask("What was Ruritania's cumulative gadget flow from 2029 to 2031?", table, glossary)
    assert answer.source_value == pytest.approx(33.5)
    assert {c.row_label for c in answer.citations} == {"2029年", "2030年", "2031年"}


def test_a_position_ranked_by_a_named_column_is_a_rank(widget_buyers, glossary):
    answer = ask("Ranked by widget exports, where did Japan stand among the buyers?", widget_buyers, glossary)
    assert answer.value == pytest.approx(3) and answer.unit == "rank"


def test_a_sum_over_a_class_among_the_first_n_is_not_read_as_the_largest_row(widget_buyers, glossary):
    answer = ask(
        "What was the combined export to the African countries among its four biggest buyers?", widget_buyers, glossary
    )
    assert answer.source_value == pytest.approx(30.0)


def test_the_row_with_the_largest_fall_between_two_years(glossary):
    rows = {
        "合计": ("100", "80", "-20"),
        "制造业": ("50", "45", "-10"),
        "金融业": ("30", "15", "-50"),
        "采矿业": ("20", "20", "0"),
    }
    table = make_table(rows, table_id="9-5", title="Ruritania's gadget investment by industry, 2021-2022")
    answer = ask("Which industry saw the largest drop in gadget investment from 2021 to 2022?", table, glossary)
    assert answer.text.startswith("Finance")
    assert {c.row_label for c in answer.citations} == {"制造业", "金融业", "采矿业"}


@pytest.fixture(scope="module")
def gadget_industries():
    rows = {
        "合计": ("100", "80", "-20"),
        "制造业": ("50", "45", "-10"),
        "金融业": ("30", "15", "-50"),
        "采矿业": ("20", "20", "0"),
    }
    return make_table(rows, table_id="9-6", title="Ruritania's gadget investment by industry, 2021-2022")


def test_chinese_count_of_rows_over_a_threshold(gadget_industries, glossary):
    answer = ask("2022年投资超过18亿美元的行业一共有多少个？", gadget_industries, glossary)
    assert answer.value == pytest.approx(2) and answer.unit == "count"


@pytest.mark.parametrize(
    "question",
    [
        "Excluding manufacturing, what was the total gadget investment in 2022?",
        "除制造业外，2022年各行业投资合计多少？",
    ],
)
def test_a_sum_leaves_out_the_excluded_row_and_the_total(gadget_industries, glossary, question):
    answer = ask(question, gadget_industries, glossary)
    assert answer.source_value == pytest.approx(35.0)
    assert {c.row_label for c in answer.citations} == {"金融业", "采矿业"}


def test_a_mean_over_the_rows_other_than_one(gadget_industries, glossary):
    answer = ask(
        "What was the average 2022 gadget investment of the industries other than finance?", gadget_industries, glossary
    )
    assert answer.source_value == pytest.approx(32.5)


def test_an_excluded_name_no_row_holds_is_refused(gadget_industries, glossary):
    answer = ask("Excluding agriculture, what was the total gadget investment in 2022?", gadget_industries, glossary)
    assert answer.refused and answer.value is None


def test_exclusion_words_need_their_whole_phrase():
    assert excluded_names("Except for Japan, which buyer took most?") == ["Japan"]
    assert excluded_names("扣除通胀因素后，合计增长多少？") == []
    assert excluded_names("除了德国和日本以外，合计多少？") == ["德国", "日本"]


def test_a_class_skips_group_rows_and_counts_known_non_members_out(glossary):
    rows = {
        "世界": ("3.0",),
        "发达经济体": ("1.5",),
        "德国": ("0.4",),
        "日本": ("0.9",),
        "中国": ("4.5",),
        "印度": ("6.0",),
    }
    columns = (("2031年", PERCENT),)
    table = make_table(rows, columns=columns, unit=PERCENT, table_id="9-7", title="Gadget output growth projections")
    answer = ask(
        "Among advanced economies, which has the lowest projected gadget output growth in 2031?", table, glossary
    )
    assert answer.text.startswith("Germany") and "figure in 2031" in answer.text
    assert {c.row_label for c in answer.citations} == {"德国", "日本"}


def test_a_position_asked_of_a_named_row_reads_the_rank_column(gizmo_ranking, glossary):
    answer = ask("Among the top 4 gizmo makers, what position did the Netherlands occupy?", gizmo_ranking, glossary)
    assert answer.value == pytest.approx(3) and answer.unit == "rank"


def test_the_last_basis_a_question_ranks_by_picks_the_column(glossary):
    """A table printed in order of one column, re-ranked on another the question names last."""
    rows = {"智利": ("30.0", "50.0"), "挪威": ("20.0", "90.0"), "越南": ("10.0", "70.0"), "加纳": ("5.0", "10.0")}
    columns = (("流量", USD_1E8), ("存量", USD_1E8))
    table = make_table(rows, columns=columns, table_id="9-8", title="Ruritania's gizmo investment", label_header="国家")
    answer = ask("The gizmo table is sorted by flow; re-ranked by stock, where does Chile stand?", table, glossary)
    assert answer.value == pytest.approx(3) and answer.unit == "rank"
    answer = ask("按存量重新排序，智利排第几？", table, glossary)
    assert answer.value == pytest.approx(3) and answer.unit == "rank"


def test_where_a_row_ranks_by_a_named_column_is_its_position_not_a_text_question(glossary):
    """`where do X rank by Y` opens like a question asking for a place's name; the rank verb with its basis asks
    the row's position on that column."""
    rows = {"智利": ("30.0", "50.0"), "挪威": ("20.0", "90.0"), "越南": ("10.0", "70.0"), "加纳": ("5.0", "10.0")}
    columns = (("流量", USD_1E8), ("存量", USD_1E8))
    table = make_table(rows, columns=columns, table_id="9-9", title="Ruritania's gizmo investment", label_header="国家")
    answer = ask("Where does Vietnam rank by stock among the economies in Ruritania's gizmo table?", table, glossary)
    assert answer.value == pytest.approx(2) and answer.unit == "rank"


def test_the_basis_a_ranking_question_names():
    assert rank_basis("Ordered by flow, and then ranked by stock instead, where is X?") == "stock instead"
    assert rank_basis("按存量排序，X排第几？") == "存量"
    assert rank_basis("What place did X take?") == ""


def test_a_table_named_by_its_printed_number_reads_that_number():
    assert printed_table("表9-5所列各港口的货物吞吐量") == (9, 5)
    assert printed_table("the harbours listed in Table 9.5") == (9, 5)
    assert printed_table("the harbours of Zembla") is None


@pytest.fixture(scope="module")
def harbour_cargo():
    """Cargo handled by Zembla's harbours in 2031, with the table's own total row."""
    rows = {"北湾港": ("120.5",), "石崖港": ("80.0",), "青河港": ("44.5",), "合计": ("245.0",)}
    columns = (("货运量", USD_1E8),)
    return make_table(rows, columns=columns, table_id="9-5", title="Cargo of Zembla's harbours", label_header="港口")


@pytest.mark.parametrize(
    "question",
    ["表9-5所列港口的货运量共计多少？", "What is the combined throughput of the harbours listed in Table 9-5?"],
)
def test_a_sum_over_the_rows_a_numbered_table_lists(harbour_cargo, glossary, question):
    answer = ask(question, harbour_cargo, glossary)
    assert answer.source_value == pytest.approx(245.0)
    assert {c.row_label for c in answer.citations} == {"北湾港", "石崖港", "青河港"}


def test_the_rows_of_another_numbered_table_are_not_summed(harbour_cargo, glossary):
    answer = ask("表9-6所列港口的货运量共计多少？", harbour_cargo, glossary)
    assert answer.refused
