"""Values per item (made-up text, no eval wording): a ratio of two, each side's amount over the count of that
side's own items, each division a step, and no ratio of the amounts where a side's items are not counted; a count
per item, the things counted over the items counted in one sentence."""

from __future__ import annotations

import pytest

from rag.read.question import analyse_question, averages_an_item
from rag.read.reader import grounded_answer
from tests.builders import hits as _hits
from tests.builders import prose_chunk
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
