"""A ratio of two values per item (made-up text, no eval wording): each side's amount over the count of that
side's own items, each division a step, and no ratio of the amounts where a side's items are not counted."""

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
