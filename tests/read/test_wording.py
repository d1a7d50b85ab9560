"""Answer sentences as an analyst writes them (`rag.read.wording`, `rag.read.compose.state_cell`): subject first,
the table's topic and the row named, the kind of figure said in words (a rise or fall, a share, a position), and the
table's coordinates left to the citation. Made-up tables; every number stays verifiable against the cited row."""

from __future__ import annotations

import pytest

from rag.answer.verify import verify_numbers
from rag.index.store import StoredIndex
from rag.read.wording import header_measure, table_topic
from rag.types import Unit
from tests.builders import PERCENT, USD_1E8, ask_table, make_table, row_chunks, stored_index

COUNT = Unit(raw="a", label="count", kind="count")


def _verified(answer, table) -> bool:
    index: StoredIndex = stored_index([table], row_chunks(table))
    return verify_numbers(answer.text, answer.citations, answer.formula, index.table) == []


@pytest.mark.parametrize(
    ("title", "topic"),
    [
        ("Industry distribution of gadget flows in Zhejiang Province in 2012", "Zhejiang Province's gadget flows"),
        ("Gadget projects by economy, 2012-2022", "gadget projects"),
        ("Top 20 Gadget Index for the year 2013", "Gadget Index"),
        (
            "Distribution of top ten countries (regions) in Zhejiang Province in terms of turnover of gadget works"
            " in 22",
            "Zhejiang Province's turnover of gadget works",
        ),
        ("Gadget ports selected as the top ten widget ports in the world ranked by the volume they handled", ""),
    ],
)
def test_a_titles_frame_is_stripped_to_the_topic_its_figures_measure(title, topic, glossary):
    assert table_topic(title, glossary) == topic


@pytest.fixture
def flows():
    return make_table(
        {"采矿业": ("12.0", "-4.9", "7.5"), "制造业": ("30.0", "1600.0", "18.8")},
        columns=(("流量", USD_1E8), ("同比", PERCENT), ("比重", PERCENT)),
        table_id="9-1",
        title="Industry distribution of gadget flows in Zhejiang Province in 2022",
    )


def test_an_amount_names_the_tables_subject_and_row_and_says_the_rows_change_in_words(flows, glossary):
    answer = ask_table("How much gadget investment did Zhejiang make in mining in 2022?", flows, glossary)
    assert answer.text.startswith(
        "Zhejiang Province's gadget flow in mining in 2022 was USD 1.2 billion (12.0 in the table's unit of "
        "USD 100 million), down 4.9% year on year [1]."
    ), answer.text
    assert "比重" not in answer.text and "Same row" not in answer.text  # the row's other cells stay in the citation
    assert answer.value == pytest.approx(1.2) and _verified(answer, flows)
    chinese = ask_table("2022年浙江省采矿业的流量是多少？", flows, glossary)
    assert chinese.text.startswith("2022年采矿业的流量为12亿美元，同比下降4.9% [1]。"), chinese.text


def test_a_growth_question_gets_a_rise_or_fall_with_its_sign_in_the_verb(flows, glossary):
    fell = ask_table(
        "How did Zhejiang's gadget investment in mining change from the year before in 2022?", flows, glossary
    )
    assert fell.text.startswith("Zhejiang Province's gadget flow in mining fell 4.9% year on year in 2022 [1]."), (
        fell.text
    )
    assert fell.value == pytest.approx(-4.9) and _verified(fell, flows)
    grew = ask_table("How far did Zhejiang's gadget investment in manufacturing grow in 2022?", flows, glossary)
    assert "manufacturing rose 1,600% year on year in 2022 [1]." in grew.text, grew.text
    assert _verified(grew, flows)
    chinese = ask_table("2022年浙江省采矿业的流量同比变了多少？", flows, glossary)
    assert chinese.text.startswith("2022年采矿业的流量同比下降4.9% [1]。"), chinese.text


def test_a_share_says_what_the_row_accounts_for(flows, glossary):
    answer = ask_table("What share of the 2022 gadget flows of Zhejiang went to mining?", flows, glossary)
    assert answer.text.startswith("Mining accounted for 7.5% of Zhejiang Province's gadget flow in 2022 [1]."), (
        answer.text
    )


def test_a_rank_is_a_position_named_by_the_question(glossary):
    table = make_table(
        {"韩国": ("10",), "芬兰": ("6",)},
        columns=(("2023 年位次", None),),
        table_id="9-2",
        title="Top 20 Gadget Index for the year 2013",
        label_header="国家 / 经济体",
    )
    answer = ask_table("In the 2023 Gadget Index, where did South Korea rank?", table, glossary)
    assert answer.text.startswith("South Korea ranked 10th in the Gadget Index in 2023 [1]."), answer.text
    assert answer.value == 10
    chinese = ask_table("2023年韩国在小工具指数中排名第几？", table, glossary)
    assert chinese.text.startswith("2023年韩国排名第10位 [1]。"), chinese.text


def test_a_count_names_what_is_counted_with_thousands_separators(glossary):
    table = make_table(
        {"合计": ("15318", "16001", "4"), "发展中经济体": ("4976", "6808", "37")},
        columns=(("数量 2021", COUNT), ("数量 2022", COUNT), ("数量 增长率", PERCENT)),
        table_id="9-3",
        title="Gadget projects by economy, 2012-2022",
        label_header="经济体",
    )
    total = ask_table("How many gadget projects were there in total in 2021?", table, glossary)
    assert total.text.startswith("The total number of gadget projects in 2021 was 15,318 [1]."), total.text
    assert total.value == 15318 and _verified(total, table)
    latest = ask_table("In developing economies, how many gadget projects were announced in 2022?", table, glossary)
    assert latest.text.startswith(
        "The number of gadget projects in developing economies in 2022 was 6,808, up 37% year on year [1]."
    ), latest.text


def test_a_ranking_sentence_names_the_row_and_what_it_is_ranked_by_not_the_tables_coordinates(flows, glossary):
    answer = ask_table("Where did mining rank among the industries by 2022 gadget investment?", flows, glossary)
    assert answer.text.startswith(
        "Mining ranked 2nd by Zhejiang Province's gadget flow in 2022: manufacturing 30.0 [1] > mining 12.0 [2]."
    ), answer.text
    assert "table" not in answer.text and "流量" not in answer.text  # the coordinates are the citations'
    assert answer.value == 2 and _verified(answer, flows)
    chinese = ask_table("2022年浙江省采矿业的流量在各行业中排第几？", flows, glossary)
    ranked = "采矿业按2022年流量从大到小排第2位：制造业 30.0 [1] > 采矿业 12.0 [2]。"
    assert chinese.text.startswith(ranked), chinese.text
    fastest = ask_table("Which industry's gadget investment grew fastest in 2022?", flows, glossary)
    assert fastest.text.startswith("Manufacturing had the highest year-on-year growth of"), fastest.text


@pytest.mark.parametrize(
    ("header", "measure"),
    [
        ("金额 2021", "金额"),
        ("2022 年", ""),
        ("Years Ended July 28, 2018", ""),
        ("(Restated)1 2018", ""),
        ("2019*", ""),
        ("FY19 Gadget sales", "Gadget sales"),
        ("Gross margin 2019", "Gross margin"),  # a word that starts like a month is no date
        ("As of 31 December 2019 (in thousands)", ""),
        ("Property, plant and gadgets", "Property, plant and gadgets"),
    ],
)
def test_a_column_header_without_its_period_and_remarks_names_its_measure(header, measure):
    assert header_measure(header) == measure
