"""A growth stated as a multiple (`增长2.5倍`, `rose by 2.5 times`, `grew 2.5-fold`) is a growth of N × 100 %, not a
level N times another's (`是2030年的3倍`, `增长到3倍`); it answers a growth question in its own unit, and pairs
with the percentages of a `respectively` list it leads. Made-up text only."""

from __future__ import annotations

import pytest

from rag.read.prose import figures, grows_by_multiple, growth_kind
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import hits, indexed_prose


def _multiplier(sentence: str):
    return next(q for q in figures(sentence, "percent") if q.kind == "times")


@pytest.mark.parametrize(
    "sentence",
    [
        "Zembla's gadget output rose by 2.5 times in 2031.",
        "Gadget exports grew 2.5-fold over the decade.",
        "2031年赞巴拉小工具产量增长2.5倍。",
        "2031年赞巴拉小工具产量增长了约2.5倍。",
    ],
)
def test_a_multiplier_a_rise_word_leads_up_to_is_a_growth(sentence):
    quantity = _multiplier(sentence)
    assert grows_by_multiple(sentence, quantity) and growth_kind(sentence, quantity) == "percent"


@pytest.mark.parametrize(
    "sentence",
    [
        "赞巴拉2031年小工具产量是2021年的3倍。",  # a level's ratio to another year's
        "赞巴拉小工具产量增长到3倍。",  # reached three times the level: +200 %, not +300 %
        "Gadget output was 3 times as large as in 2021.",
        "The gadget setup 3 times a year was kept.",  # `up` ends a longer word
    ],
)
def test_a_level_s_multiple_is_no_growth(sentence):
    assert not grows_by_multiple(sentence, _multiplier(sentence))


TEXT = (
    "In 2031, Zembla's gadget freight trains made and the value of gadgets carried rose by 2.5 times and 40% "
    "respectively."
)


def test_a_growth_question_is_answered_by_the_multiple_of_its_item_in_a_respective_list(glossary):
    chunk, index = indexed_prose(TEXT)
    question = "2031年赞巴拉小工具货运列车开行数量增长了多少？"
    answer = grounded_answer(question, hits([chunk]), index, glossary, PROJECT_ROOT / "prompts")
    assert not answer.refused and answer.value == pytest.approx(2.5) and answer.unit == "times"
    assert "2.5倍" in answer.text


def test_the_other_item_of_the_list_keeps_its_percentage(glossary):
    chunk, index = indexed_prose(TEXT)
    question = "In 2031, what was the growth in the worth of the gadgets Zembla carried?"
    answer = grounded_answer(question, hits([chunk]), index, glossary, PROJECT_ROOT / "prompts")
    assert answer.value == pytest.approx(40.0)
