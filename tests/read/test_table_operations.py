"""Operations over a table's rows (made-up tables and wording): a named group of economies as a class (G7, ASEAN),
the single countries of a table that mixes them with groups, a count of such rows meeting a condition, the row with
the lowest growth rate, a named row's position by its growth rate, the mean of one row over a year range, and a
forecast column named by its year beside the edition's date. A subset that cannot be resolved is refused."""

from __future__ import annotations

import pytest

from rag.read.question import analyse_question
from rag.read.subsets import asked_class, member_classes, qualifiers_of
from tests.builders import PERCENT, USD_1E8, make_table
from tests.builders import ask_table as ask


@pytest.fixture(scope="module")
def gadget_outlook():
    """Gadget output growth projections for groups of economies and single countries (groups first, as the
    outlooks print them)."""
    rows = {
        "世界": ("3.0", "3.1", "3.3"),
        "发达经济体": ("1.5", "1.6", "1.7"),
        "美国": ("2.0", "2.2", "1.8"),
        "欧元区": ("0.9", "1.0", "1.4"),
        "德国": ("0.1", "0.4", "1.2"),
        "法国": ("0.8", "0.9", "1.3"),
        "意大利": ("0.7", "0.6", "0.8"),
        "日本": ("1.1", "0.8", "1.0"),
        "英国": ("0.3", "0.6", "1.5"),
        "加拿大": ("1.0", "1.3", "2.1"),
        "新兴市场和发展中经济体": ("4.1", "4.3", "4.4"),
        "中国": ("5.0", "4.7", "4.2"),
        "印度": ("7.0", "6.6", "6.3"),
        "低收入发展中国家": ("4.2", "4.9", "5.4"),
        "越南": ("5.1", "5.8", "4.6"),
    }
    columns = (("2030 年", PERCENT), ("2031 年", PERCENT), ("2032 年", PERCENT))
    return make_table(
        rows,
        columns=columns,
        unit=PERCENT,
        table_id="7-3",
        title="Gadget output growth projections of the Ruritanian Outlook",
        label_header="",
    )


def test_groups_of_economies_are_classes_read_from_the_question(glossary):
    assert asked_class("the mean of the G7 members") == "g7"
    assert asked_class("东盟国家中哪个最多") == "asean"
    assert asked_class("Which single economy grows fastest?") == "country"
    assert asked_class("单独列出的国家，有几个") == "country"
    assert member_classes("加拿大", glossary) >= {"g7", "g20", "country"}
    assert "country" not in (member_classes("欧元区", glossary) or set())


def test_the_mean_over_a_named_group_takes_its_members_only(gadget_outlook, glossary):
    answer = ask(
        "Taking the mean of the Ruritanian Outlook's 2032 gadget output growth projections over the seven G7 "
        "economies, what rate results?",
        gadget_outlook,
        glossary,
    )
    assert not answer.refused
    assert answer.value == pytest.approx(round((1.8 + 1.2 + 1.3 + 0.8 + 1.0 + 1.5 + 2.1) / 7, 3))
    assert {c.row_label for c in answer.citations} == {"美国", "德国", "法国", "意大利", "日本", "英国", "加拿大"}


def test_a_stated_member_count_the_table_does_not_hold_is_refused(glossary):
    rows = {"美国": ("2.0",), "德国": ("1.0",), "日本": ("0.5",), "中国": ("4.0",)}
    table = make_table(rows, columns=(("2032 年", PERCENT),), unit=PERCENT, table_id="7-4",
                       title="Gadget output growth projections", label_header="")  # fmt: skip
    answer = ask("What is the mean 2032 gadget output growth projection of the seven G7 economies?", table, glossary)
    assert answer.refused and answer.value is None


def test_a_table_printing_the_group_row_is_no_set_of_members(glossary):
    rows = {"东盟": ("30.0",), "越南": ("10.0",), "泰国": ("8.0",), "德国": ("5.0",)}
    table = make_table(rows, columns=(("2031 年", USD_1E8),), table_id="7-5",
                       title="Ruritania's gadget exports by destination", label_header="")  # fmt: skip
    qualifiers = qualifiers_of(analyse_question("What were the combined gadget exports to ASEAN in 2031?", glossary))
    assert qualifiers.cls == "asean"
    answer = ask("What were the combined gadget exports to ASEAN in 2031?", table, glossary)
    assert answer.source_value != pytest.approx(18.0)  # not Viet Nam and Thailand added up beside the ASEAN row


def test_a_count_of_single_countries_meeting_a_condition_leaves_groups_out(gadget_outlook, glossary):
    answer = ask("展望表里单独列出的国家，有几个国家2032年增速预测超过4%？", gadget_outlook, glossary)
    assert answer.value == pytest.approx(3) and answer.unit == "count"
    counted, _, others = answer.text.partition("其余")
    assert all(name in counted for name in ("中国", "印度", "越南")) and "美国" in others
    cited = {c.row_label for c in answer.citations}
    assert {"中国", "印度", "越南", "美国"} <= cited and not cited & {"世界", "欧元区", "低收入发展中国家"}


def test_the_fastest_single_economy_is_a_country_not_a_group(gadget_outlook, glossary):
    answer = ask("Which single economy does the Ruritanian Outlook expect to grow fastest in 2031?", gadget_outlook,
                 glossary)  # fmt: skip
    assert answer.text.startswith("India")
    assert "低收入发展中国家" not in {c.row_label for c in answer.citations}


def test_a_row_of_neither_country_nor_group_leaves_the_single_countries_unresolved(glossary):
    rows = {"德国": ("1.0",), "Zembla": ("9.0",), "日本": ("0.5",)}
    table = make_table(rows, columns=(("2031 年", PERCENT),), unit=PERCENT, table_id="7-6",
                       title="Gadget output growth projections", label_header="")  # fmt: skip
    answer = ask("Which single economy is projected to grow fastest in 2031 in gadget output?", table, glossary)
    assert answer.refused and answer.value is None


@pytest.fixture(scope="module")
def gizmo_deals():
    rows = {
        "合计": ("500", "400", "-20"),
        "风能": ("200", "180", "-10"),
        "港口": ("100", "40", "-60"),
        "电网": ("150", "120", "-20"),
        "矿山": ("50", "60", "20"),
    }
    columns = (("金额 2030", USD_1E8), ("金额 2031", USD_1E8), ("金额 增长率", PERCENT))
    return make_table(rows, columns=columns, table_id="7-7", title="Gizmo finance deals by field, 2030-2031")


def test_the_sharpest_percentage_fall_is_the_lowest_growth_rate():
    from rag.text.glossary import Glossary

    question = analyse_question(
        "In which sector did gizmo deal value see the sharpest percentage fall?", Glossary.load()
    )
    assert question.by_rate and question.lowest
    gentle = analyse_question("Which sector saw the smallest percentage fall in gizmo deal value?", Glossary.load())
    assert gentle.by_rate and not gentle.lowest


def test_which_sector_fell_most_in_percent_is_answered_from_the_rate_column(gizmo_deals, glossary):
    answer = ask(
        "In which sector did gizmo deal value see the sharpest percentage fall in 2031?", gizmo_deals, glossary
    )
    assert not answer.refused
    # the row, subject first
    assert answer.spans == ("港口",) and answer.text.startswith("Port had the lowest"), answer.text


def test_a_named_rows_position_by_growth_leaves_the_total_out(gizmo_deals, glossary):
    answer = ask("Ranked by growth in 2031, where did 电网 stand among the fields of gizmo finance?", gizmo_deals,
                 glossary)  # fmt: skip
    assert answer.value == pytest.approx(3) and answer.unit == "rank"


def test_the_yearly_mean_of_one_row_over_a_range_written_with_a_dash(glossary):
    rows = {"北方": ("10.0", "20.0", "30.0", "40.0"), "南方": ("1.0", "2.0", "3.0", "4.0")}
    columns = tuple((f"{year} 年", USD_1E8) for year in range(2028, 2032))
    table = make_table(rows, columns=columns, table_id="7-8", title="Ruritania's gadget investment by region",
                       label_header="区域")  # fmt: skip
    answer = ask("2028—2030年北方年均小部件投资规模是多少？", table, glossary)
    assert answer.source_value == pytest.approx(20.0)
    assert len(answer.citations) == 3


def test_a_month_dated_edition_is_not_the_year_asked(glossary):
    question = analyse_question("What is the Outlook's April 2031 projection for Canadian gadget growth in 2032?",
                                glossary)  # fmt: skip
    assert question.years == (2032,) and "Canada" in question.entities
    chinese = analyse_question("展望2031年4月预测的2032年印度增速是多少？", glossary)
    assert chinese.years == (2032,)
    both = analyse_question("What were the 2031 and 2032 forecasts for India?", glossary)
    assert both.years == (2031, 2032)


def test_a_forecast_named_by_its_year_and_edition_reads_the_years_column(gadget_outlook, glossary):
    answer = ask("What is the Ruritanian Outlook's April 2030 projection for Canadian gadget output growth in 2032?",
                 gadget_outlook, glossary)  # fmt: skip
    assert answer.value == pytest.approx(2.1)


def test_a_portion_asks_for_a_share(glossary):
    question = analyse_question("In 2031, what portion of the gadget flow came from new equity?", glossary)
    assert question.asked == "percent" and "share" in question.measures


def test_an_average_rate_of_one_year_over_a_group_is_the_mean_of_its_rows(gadget_outlook, glossary):
    answer = ask("展望表中，七国集团2031年的平均增速预测是多少？", gadget_outlook, glossary)
    assert answer.value == pytest.approx(round((2.2 + 0.4 + 0.9 + 0.6 + 0.8 + 0.6 + 1.3) / 7, 3))


def test_a_group_the_table_holds_one_member_of_is_refused_not_answered_by_that_row(gadget_outlook, glossary):
    answer = ask("What was the mean 2031 gadget output growth of the ASEAN economies?", gadget_outlook, glossary)
    assert answer.refused and answer.value is None


def test_a_group_over_a_year_the_table_lacks_is_refused_not_answered_by_another_row(gadget_outlook, glossary):
    answer = ask("Averaging the Outlook's 2033 gadget output growth projections for the G7 economies, what rate do "
                 "you get?", gadget_outlook, glossary)  # fmt: skip
    assert answer.refused and answer.value is None


def test_the_largest_chinese_percentage_fall_is_the_lowest_rate(gizmo_deals, glossary):
    answer = ask("2031年小部件融资中，哪个领域的交易金额降幅最大？", gizmo_deals, glossary)
    assert not answer.refused and "港口" in answer.text.split("：")[0]


def test_a_closed_group_the_table_prints_in_part_is_refused(gadget_outlook, glossary):
    """Three of the BRICS members are printed (China, India, no others): their mean is no figure for the group."""
    answer = ask("What is the average 2031 gadget output growth projection of the BRICS economies?", gadget_outlook,
                 glossary)  # fmt: skip
    assert answer.refused and answer.value is None


def test_a_closed_group_printed_in_full_less_its_left_out_members_is_answered(gadget_outlook, glossary):
    answer = ask("Excluding Japan, what is the average 2031 gadget output growth projection of the G7 economies?",
                 gadget_outlook, glossary)  # fmt: skip
    assert answer.value == pytest.approx(round((2.2 + 0.4 + 0.9 + 0.6 + 0.6 + 1.3) / 6, 3))
