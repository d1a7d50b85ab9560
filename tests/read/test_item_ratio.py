"""Values per item (made-up text, no eval wording): a ratio of two, each side's amount over the count of that
side's own items, each division a step, and no ratio of the amounts where a side's items are not counted; a count
per item, the things counted over the items counted in one sentence."""

from __future__ import annotations

import pytest

from rag.read.question import analyse_question, averages_an_item, items_asked
from rag.read.reader import grounded_answer
from rag.read.row_lists import rows_count
from tests.builders import USD_1E8, make_table, prose_chunk, row_chunks
from tests.builders import hits as _hits
from tests.builders import stored_index as _index
from tests.read.test_reader import PROMPTS

GUILDS = (
    "In 2030, Zembla's outward investment came from two groups: 50 co-operative widget firms invested 2.0 billion US "
    "dollars, 40 percent of the total; 300 private widget firms invested 3.0 billion US dollars, 60 percent."
)
UNCOUNTED = (
    "In 2030, Zembla's co-operative widget firms invested 2.0 billion US dollars abroad and its private widget firms "
    "invested 3.0 billion US dollars."
)
ASKED = (
    "By how many times did the average investment of a private widget firm exceed that of a co-operative firm in "
    "Zembla?"
)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("the average outlay of a widget firm", True),
        ("the average outlay of each widget firm", True),
        ("the average outlay of the widget firms' owners", False),
    ],
)
def test_of_before_one_items_article_joins_the_item_to_the_average(text, asks):
    assert averages_an_item(text) is asks


def test_a_ratio_of_values_per_item_divides_each_sides_amount_by_its_own_count(glossary):
    chunk = prose_chunk(GUILDS)
    assert analyse_question(ASKED, glossary).operation == "ratio"
    answer = grounded_answer(ASKED, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
    # (3.0 / 300) / (2.0 / 50) = 0.01 / 0.04, not the amounts' 1.5
    assert answer.value == pytest.approx(0.25)
    assert [step.op for step in answer.steps] == ["ratio", "ratio", "ratio"]


def test_a_ratio_of_values_per_item_is_refused_when_the_items_are_not_counted(glossary):
    chunk = prose_chunk(UNCOUNTED)
    answer = grounded_answer(ASKED, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
    assert answer.refused and answer.value != pytest.approx(1.5)


PATENTS = (
    "Across Zembla, 120 gadget patents were filed in 2030, 30 of them abroad. The valley opened 8 research parks, "
    "which filed 34 gadget patents."
)
PATENTS_ASKED = "How many gadget patents did each of the valley's research parks file on average?"


def test_a_count_per_item_divides_the_things_counted_by_the_items_counted_in_one_sentence(glossary):
    chunk = prose_chunk(PATENTS)
    assert analyse_question(PATENTS_ASKED, glossary).operation == "per_count"
    answer = grounded_answer(PATENTS_ASKED, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
    assert answer.value == pytest.approx(4.25)  # 34 / 8, not the country's 120 patents
    assert [step.op for step in answer.steps] == ["ratio"]


def test_a_count_per_item_is_refused_when_the_items_are_not_counted_beside_it(glossary):
    chunk = prose_chunk("Across Zembla, 120 gadget patents were filed in 2030 by the valley's research parks.")
    answer = grounded_answer(PATENTS_ASKED, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
    assert answer.refused


def test_the_items_a_value_per_item_is_spread_over_are_named_after_a_per_word():
    assert {"firm", "enterprise", "company"} <= items_asked("the average outlay of each of zembla's gadget firms")
    assert items_asked("每家企业的平均营业额") >= {"enterprise", "firm"}
    assert items_asked("the average outlay of zembla in 2030") == frozenset()


def test_a_table_of_destinations_counts_no_firms():
    places = make_table({"Freedonia": ("1.2", "3.4", "5")}, title="Zembla's gadget projects by destination country")
    firms = make_table({"Acme Widgets": ("1.2", "3.4", "5")}, title="Top gadget enterprises of Zembla")
    asked = items_asked("what was the turnover of each of zembla's gadget firms above usd 90 million?")
    assert not rows_count(places, asked) and rows_count(firms, asked) and rows_count(places, frozenset())


SIZES = (
    "In 2030, 12 gadget enterprises of Zembla each had a turnover of more than 80 million US dollars abroad, with a "
    "total turnover of 1.5 billion US dollars."
)


def test_a_mean_per_firm_of_firms_above_a_threshold_is_their_stated_total_over_their_stated_count(glossary):
    places = make_table(
        {"Freedonia": ("2.0",), "Ruritania": ("1.5",), "Zenda": ("0.3",)},
        columns=(("2030", USD_1E8),),
        title="Zembla's gadget turnover abroad by destination country",
        label_header="Country",
    )
    chunk = prose_chunk(SIZES)
    asked = "In 2030, what turnover did each of Zembla's gadget enterprises with over US$80 million make on average?"
    answer = grounded_answer(asked, _hits([chunk, *row_chunks(places)]), _index([places], [chunk]), glossary, PROMPTS)
    assert answer.value == pytest.approx(125) and answer.unit == "USD million"  # 1.5 billion / 12


def test_a_value_per_item_naming_an_amount_asks_the_amount_whatever_count_word_names_the_items(glossary):
    question = analyse_question("泽姆布拉获奖的几家小部件企业每家营业额平均有多少？", glossary)
    assert (question.operation, question.asked) == ("per_count", "amount")
