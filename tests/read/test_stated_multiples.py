"""A level asked for the earlier of two years, with a multiple stated between them to work from, is not answered by
the later year's figure. Made-up text only."""

from __future__ import annotations

from rag.read.question import works_from_multiple
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import hits, prose_chunk, stored_index


def test_a_multiple_to_work_from_is_read_only_when_the_last_clause_asks_the_earlier_year():
    assert works_from_multiple("freedonia's 2031 exports were 40 times those of 2011; what were they in 2011?")
    assert works_from_multiple("2031年弗里多尼亚出口是2011年的40倍，据此推算2011年出口约为多少？")
    assert not works_from_multiple("how many times larger were freedonia's exports in 2031 than in 2011?")
    assert not works_from_multiple("2031年出口是2011年的40倍，2031年出口是多少？")


def test_a_level_worked_from_a_stated_multiple_is_not_the_later_years_figure(glossary):
    text = "In 2031, Freedonia's outward investment flow reached 96.4 billion US dollars."
    chunk = prose_chunk(text)
    question = "Freedonia's 2031 investment flow was 40 times its 2011 level; going by that, what was the flow in 2011?"
    answer = grounded_answer(question, hits([chunk]), stored_index([], [chunk]), glossary, PROJECT_ROOT / "prompts")
    assert answer.refused and answer.value is None, answer.text


def test_a_level_worked_from_a_multiple_comes_only_from_a_sentence_naming_the_earlier_year(glossary):
    text = (
        "Between 2011 and 2031 Freedonia opened up fast. "
        "Freedonia's outward investment has amounted to 57.3 billion US dollars in all since the charter."
    )
    chunk = prose_chunk(text)
    question = "Freedonia's 2031 investment flow was 40 times its 2011 level; going by that, what was the flow in 2011?"
    answer = grounded_answer(question, hits([chunk]), stored_index([], [chunk]), glossary, PROJECT_ROOT / "prompts")
    assert answer.refused and answer.value is None, answer.text
