"""The asked kind and the direction of a ratio on every path (made-up harbours, countries and figures): a ranking that
names where a figure comes from asks no rank, and a multiple taken over an earlier base is the later figure over it."""

from __future__ import annotations

import pytest

from rag.read.question import analyse_question, ratio_over_earlier
from rag.text.glossary import Glossary, Term
from rag.types import Unit
from tests.builders import PERCENT, ask_table, make_table
from tests.builders import hits as _hits
from tests.builders import prose_chunk as _prose
from tests.builders import stored_index as _index

TEU_1E4 = Unit(raw="ten thousand TEU", label="10,000 TEU", kind="quantity", scale=1e4, base="TEU")


@pytest.fixture(scope="module")
def harbours(glossary):
    """The real glossary with two made-up harbours."""
    made_up = (Term("甲港", "Port of Zembla", "region"), Term("乙港", "Port of Vulgaria", "region"))
    return Glossary(glossary.terms + made_up)


def _ranking():
    return make_table(
        {"甲港": ("2", "812.5", "4.10"), "乙港": ("7", "640.0", "-2.30")},
        columns=(("全球排名", None), ("吞吐量", TEU_1E4), ("年增长", PERCENT)),
        unit=TEU_1E4,
        table_id="7-4",
        title="Table 7-4: Ruritanian harbours by container throughput in 2031",
        label_header="港口",
    )


def test_a_chinese_ranking_named_as_the_source_asks_the_measure_not_the_rank(harbours):
    question = analyse_question("在码头排名中，乙港吞吐量为多少？", harbours)
    assert question.asked == "amount"
    # the rank itself asked, inside the same frame or without it
    assert analyse_question("在全球港口排名中，乙港排第几？", harbours).asked == "rank"
    assert analyse_question("乙港的吞吐量在全球排名第几？", harbours).asked == "rank"


def test_an_amount_asked_over_a_ranking_table_reads_the_amount_cell(harbours):
    answer = ask_table("在码头排名中，乙港吞吐量为多少？", _ranking(), harbours)
    assert not answer.refused, answer.text
    assert answer.source_value == pytest.approx(640.0), answer.text
    assert answer.unit != "rank"


@pytest.mark.parametrize(
    ("text", "years", "later_first"),
    [
        ("2031年到2036年，卢里塔尼亚茶叶出口额增至原先的几倍？", (2031, 2036), True),
        ("From 2031 to 2036, how many times did Ruritania's tea exports multiply?", (2031, 2036), True),
        ("Between 2031 and 2036, how many times did Ruritania's tea exports multiply?", (2031, 2036), True),
        (
            "How many times its original size were Ruritania's tea exports in 2036, counting from 2031?",
            (2036, 2031),
            True,
        ),
        # the year named first is the numerator where no base is named
        ("卢里塔尼亚2031年茶叶出口额是2036年的几倍？", (2031, 2036), False),
        ("How many times Ruritania's 2031 tea exports were its 2036 exports?", (2031, 2036), False),
    ],
)
def test_a_multiple_over_an_earlier_base_or_a_span_is_the_later_over_the_earlier(text, years, later_first):
    assert ratio_over_earlier(text, years) is later_first


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2031年到2036年，卢里塔尼亚茶叶出口额增至原先的几倍？", 2.5),
        ("From 2031 to 2036, Ruritania's tea exports grew to how many times their original level?", 2.5),
        ("卢里塔尼亚2031年茶叶出口额是2036年的几倍？", 0.4),
    ],
)
def test_a_prose_multiple_of_two_years_follows_the_asked_direction(glossary, text, value):
    from rag.read.reader import grounded_answer
    from rag.settings import PROJECT_ROOT

    prose = _prose("Ruritania's tea exports rose from USD 2.0 billion in 2031 to USD 5.0 billion in 2036.")
    answer = grounded_answer(text, _hits([prose]), _index([], [prose]), glossary, PROJECT_ROOT / "prompts")
    assert not answer.refused and answer.value == pytest.approx(value, abs=0.01), answer.text


def test_a_ranking_title_with_its_own_rank_column_leaves_the_throughput_cells_amounts(harbours):
    table = make_table(
        {"甲港": ("2", "812.5", "4.10"), "乙港": ("7", "640.0", "-2.30")},
        columns=(("排名", None), ("吞吐量", TEU_1E4), ("增长率", PERCENT)),
        unit=TEU_1E4,
        table_id="7-5",
        title="2031 harbour league ranking",
        label_header="港口",
    )
    answer = ask_table("乙港在2031年完成的吞吐量为多少？", table, harbours)
    assert not answer.refused, answer.text
    assert answer.source_value == pytest.approx(640.0), answer.text
