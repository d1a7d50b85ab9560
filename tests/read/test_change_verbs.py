"""A Chinese verb of change with `了多少` after it (`扩大了多少`, `提高了多少`, `缩小了多少`; `change_verb_zh` of
`rag/data/operations.tsv`) over two years asks the change between them, the later level less the earlier: a level
stated `from A to B` answers with B − A, never with B quoted. Made-up text only."""

from __future__ import annotations

import pytest

from rag.read.question import question_operation
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import hits, indexed_prose

TEXT = (
    "Over the past five years, Zembla's gadget exports climbed from 4.1 trillion florins in 2030 to 5.6 trillion "
    "florins in 2035; the paid-in capital of its gizmo parks Expanded from 212.6 billion florins to 287.9 billion "
    "florins, with an average annual growth rate of 6.3%."
)


@pytest.mark.parametrize("verb", ["扩大", "提高", "缩小", "增加"])
def test_a_change_verb_over_two_years_asks_a_difference(verb):
    question = f"赞巴拉小工具园区实缴资本2035年比2030年{verb}了多少亿弗罗林"
    assert question_operation(question, (2030, 2035), "zh") == "difference"


def test_a_multiple_after_a_change_verb_is_no_difference():
    question = "赞巴拉小工具园区实缴资本2035年比2030年扩大了多少倍"
    assert question_operation(question, (2030, 2035), "zh") != "difference"


def test_a_from_to_pair_answers_how_much_it_grew_with_the_change(glossary):
    chunk, index = indexed_prose(TEXT)
    question = "赞巴拉小工具园区的实缴资本在2030至2035年间扩大了多少"
    answer = grounded_answer(question, hits([chunk]), index, glossary, PROJECT_ROOT / "prompts")
    assert not answer.refused and answer.value == pytest.approx(75.3)
    assert "287.9 − 212.6" in answer.text


@pytest.mark.parametrize(
    "text",
    [
        "The paid-in capital of Zembla's gizmo parks reached 287.9 billion florins in 2035, ranking first.",
        "The paid-in capital of Zembla's gizmo parks Expanded to 287.9 billion florins, ranking first.",
    ],
)
def test_a_level_alone_does_not_answer_how_much_it_grew(text, glossary):
    chunk, index = indexed_prose(text)
    question = "赞巴拉小工具园区的实缴资本在2030至2035年间扩大了多少"
    answer = grounded_answer(question, hits([chunk]), index, glossary, PROJECT_ROOT / "prompts")
    assert answer.refused and "287.9" not in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "How much did the paid-in capital of Zembla's gizmo parks expand from 2030 to 2035?",
        "How much larger was the paid-in capital of Zembla's gizmo parks in 2035 than in 2030?",
    ],
)
def test_an_english_change_question_is_answered_with_the_change_too(question, glossary):
    chunk, index = indexed_prose(TEXT)
    answer = grounded_answer(question, hits([chunk]), index, glossary, PROJECT_ROOT / "prompts")
    assert not answer.refused and answer.value == pytest.approx(75.3)
