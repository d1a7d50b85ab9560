"""A figure its sentence states as a part of the whole the sentence before gives (`Among them, ...`) answers only a
question that names that part. Made-up text only."""

from __future__ import annotations

from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import hits, prose_chunk, stored_index

TEXT = (
    "In 2031, Freedonia's outward investment flow went on rising. "
    "Among them, 14 of Freedonia's cooperative dairy enterprises had an investment flow of 820 million US dollars, "
    "accounting for 37.5% of the flow that year."
)


def ask(question: str, glossary):
    chunk = prose_chunk(TEXT)
    return grounded_answer(question, hits([chunk]), stored_index([], [chunk]), glossary, PROJECT_ROOT / "prompts")


def test_a_part_figure_does_not_answer_for_the_whole(glossary):
    answer = ask("What was Freedonia's outward investment flow in 2031?", glossary)
    assert answer.refused and answer.value is None, answer.text
    assert "cooperative dairy enterprises" in answer.text


def test_a_part_figure_answers_a_question_naming_the_part(glossary):
    answer = ask("What was the investment flow of Freedonia's cooperative dairy enterprises in 2031?", glossary)
    assert not answer.refused and answer.value == 820, answer.text
