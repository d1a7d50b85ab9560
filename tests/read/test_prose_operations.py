"""Operations over figures stated in prose (no table holds them): compound growth, the value a stated growth rate
implies for the year before, and the operands each answer cites. Made-up sentences only."""

from __future__ import annotations

from rag.answer.verify import verify_numbers
from rag.read.question import question_years
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary
from rag.types import Chunk
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"


def ask(question: str, chunks: list[Chunk], glossary: Glossary):
    """The grounded answer when `chunks` are the only passages retrieved and indexed."""
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


def test_a_period_opening_the_question_names_both_its_years():
    assert question_years("Between 2019 and 2021, how fast did gadget sales grow?") == (2019, 2021)
    assert question_years("Since 2019 how fast did gadget sales grow?") == (2019,)


def test_compound_annual_growth_is_computed_from_the_two_amounts_not_the_stated_total_growth(glossary):
    prose = prose_chunk(
        "Gadget sales of the ten largest makers rose from $4 trillion in 2019 to $9 trillion in 2021, up 125%."
    )
    answer = ask(
        "Between 2019 and 2021, at what compound annual rate did gadget sales of the ten largest makers grow?",
        [prose],
        glossary,
    )
    assert not answer.refused and answer.value == 50.0 and answer.unit == "%"
    assert "(9 / 4)^(1/2)" in answer.formula and "$9 trillion; $4 trillion" in answer.citations[0].value_text
