"""Table lookups and row operations chosen by the kind of figure asked (made-up tables): a printed year-on-year
rate for a growth between two consecutive years, an amount asked of a ranked row, the extreme of the rows a
question lists, a count of rows above a fraction of the whole, the shares of a class's members added, and a row
label named by its alias."""

from __future__ import annotations

import pytest

from rag.read.matching import names_of
from rag.read.question import analyse_question
from tests.builders import PERCENT, USD_1E8, ask_table, make_table


def regions_2031():
    return make_table(
        {
            "Northland": ("420.0", "-12.5", "60.0"),
            "Southland": ("280.0", "7.5", "40.0"),
            "合计": ("700.0", "-5.0", "100.0"),
        },  # fmt: skip
        columns=(("金额", USD_1E8), ("同比", PERCENT), ("比重", PERCENT)),
        title="Zembla's gizmo investment by destination region in 2031",
        label_header="地区",
    )


def test_a_growth_between_consecutive_years_is_the_printed_year_on_year_rate(glossary):
    answer = ask_table(
        "Zembla's gizmo investment in Northland in 2031: by what percentage did it change from 2030?",
        regions_2031(),
        glossary,
    )
    assert not answer.refused and answer.value == pytest.approx(-12.5)


def test_a_growth_over_two_years_is_not_the_printed_year_on_year_rate(glossary):
    answer = ask_table(
        "Zembla's gizmo investment in Northland in 2031: by what percentage did it change from 2029?",
        regions_2031(),
        glossary,
    )
    assert answer.refused


def test_an_amount_asked_of_a_row_of_a_named_ranking_is_the_amount(glossary):
    question = "How much gizmo investment did Eastland record in 2031 in the top-ten ranking?"
    assert analyse_question(question, glossary).asked == "amount"
    assert analyse_question("Where did Eastland place in the 2031 ranking?", glossary).asked == "rank"


def test_the_extreme_of_the_listed_rows_leaves_the_other_rows_out(glossary):
    table = make_table(
        {"Gizmos": ("10.0", "13.0", "30"), "Gadgets": ("20.0", "29.0", "45"), "Widgets": ("8.0", "9.0", "12"),
         "Sprockets": ("5.0", "9.0", "80")},
        title="Zembla's gizmo investment in four manufacturing sectors, 2030-2031",
    )  # fmt: skip
    question = "Which of Gizmos, Gadgets and Widgets had the highest growth rate in 2031?"
    answer = ask_table(question, table, glossary)
    assert not answer.refused and answer.text.startswith("Gadgets")
    assert "Sprockets" not in answer.text


def test_rows_at_or_above_a_fraction_of_the_whole_are_counted_on_the_share_column(glossary):
    table = make_table(
        {"Total": ("500.0", "3.0", "100.0"), "Gizmos": ("200.0", "-4.0", "40.0"), "Gadgets": ("100.0", "25.0", "20.0"),
         "Widgets": ("90.0", "30.0", "18.0"), "Sprockets": ("110.0", "22.0", "22.0")},
        columns=(("流量", USD_1E8), ("同比", PERCENT), ("比重", PERCENT)),
        title="Zembla's outward investment flows by sector in 2031",
    )  # fmt: skip
    answer = ask_table(
        "How many sectors each took at least a fifth of Zembla's outward investment flow in 2031?", table, glossary
    )
    assert not answer.refused and answer.value == pytest.approx(3.0)  # 40, 20 and 22; not the growth rates


def test_the_share_of_a_class_among_the_top_rows_adds_its_members_shares(glossary):
    rows = {"印度尼西亚": ("9.0", "18.0"), "埃及": ("6.0", "12.0"), "秘鲁": ("5.0", "10.0"), "肯尼亚": ("4.0", "8.0"),
            "美国": ("3.5", "7.0"), "尼日利亚": ("3.0", "6.0"), "马来西亚": ("2.5", "5.0"), "法国": ("2.0", "4.0"),
            "德国": ("1.5", "3.0"), "日本": ("1.0", "2.0")}  # fmt: skip
    table = make_table(
        rows,
        columns=(("营业额", USD_1E8), ("占比", PERCENT)),
        title="Zembla's top ten gizmo markets by sales turnover in 2031",
        label_header="国家",
    )
    answer = ask_table(
        "Among Zembla's top ten gizmo markets in 2031, what was the share of the African ones?", table, glossary
    )
    assert not answer.refused and answer.value == pytest.approx(26.0)  # 12 + 8 + 6


def test_the_mainland_is_named_by_the_china_row(glossary):
    assert "China" in names_of("中国内地", glossary)
    table = make_table(
        {"中国": ("300.0",), "中国香港": ("120.0",), "德国": ("90.0",)},
        columns=(("小工具出口", USD_1E8),),
        title="Gizmo exports of selected economies in 2031",
        label_header="经济体",
    )
    answer = ask_table("2031年中国内地和中国香港的小工具出口合计是多少？", table, glossary)
    assert not answer.refused and "300 + 120 = 420" in answer.formula and "420亿美元" in answer.text
