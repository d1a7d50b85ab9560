"""Two years' figures of one measure that no single sentence states together, each in a sentence of its own (one
in an overview, the other in a later chapter): the difference between the years is computed from both, each operand
printed nearest its own year; a year no sentence gives a figure for is refused, never answered with a near year's.
Made-up text only."""

from __future__ import annotations

import pytest

from rag.read.bound_measures import measures_differ
from rag.read.derived import names_another
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.numbers import extract_quantities
from rag.types import Chunk
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

OVERVIEW = prose_chunk(
    "In 2041, the revenue of Corvania's harbour dredging services reached 83.40 billion crowns, a rise of 6.5% "
    "over the previous year."
)
CHAPTER = prose_chunk(
    "Completed in 2040, Corvania's harbour dredging services revenue of 78.31 billion crowns was roughly flat, "
    "while new dredging orders came to 120.6 billion crowns.",
    line=40,
)


def ask(question: str, chunks: list[Chunk], glossary):
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


def test_two_years_stated_in_two_sentences_give_their_difference(glossary):
    got = ask(
        "By how much did Corvania's harbour dredging revenue in 2041 exceed that in 2040?",
        [OVERVIEW, CHAPTER],
        glossary,
    )
    assert not got.refused and got.value == pytest.approx(5.09)
    assert "83.4" in got.formula and "78.31" in got.formula
    assert len(got.citations) == 2
    assert [(step.op, step.operands) for step in got.steps] == [("difference", (83.4, 78.31))]


def test_a_year_no_sentence_gives_a_figure_for_is_refused(glossary):
    got = ask(
        "By how much did Corvania's harbour dredging revenue in 2041 exceed that in 2039?",
        [OVERVIEW, CHAPTER],
        glossary,
    )
    assert got.refused and got.value is None


def test_another_measure_of_the_other_year_does_not_stand_in(glossary):
    got = ask(
        "How much larger were Corvania's new dredging orders in 2041 than in 2040?", [OVERVIEW, CHAPTER], glossary
    )
    assert got.refused and got.value is None


def test_figures_of_two_stages_are_not_two_years_of_one_measure():
    completed = "In 2041 the completed turnover of Corvania pier contracts was 6.2 billion crowns."
    signed = "In 2040 the newly signed pier contracts of Corvania were worth 5.1 billion crowns."
    operands = [(text, next(q for q in extract_quantities(text) if q.kind != "year")) for text in (completed, signed)]
    assert measures_differ(*operands)
    assert not measures_differ(operands[0], operands[0])


def test_a_chinese_question_takes_each_years_figure_from_its_own_sentence(glossary):
    got = ask(
        "2041年科尔瓦尼亚（Corvania）港口疏浚收入（harbour dredging revenue）比2040年多多少？",
        [OVERVIEW, CHAPTER],
        glossary,
    )
    assert not got.refused and got.value == pytest.approx(5.09)


NORTH = prose_chunk(
    "By the end of 2041, Arvel Province held a kelp-farm stock of 40.2 billion crowns. In Arvel Province in 2041, "
    "the kelp-farm investment flow was 9.6 billion crowns, first among the provinces. By the end of 2041 Brisk "
    "Province held a stock of 31.0 billion crowns. The kelp-farm investment flow was 7.1 billion crowns in 2041, "
    "second among the provinces."
)


def test_a_sentence_naming_the_other_province_alone_is_not_this_ones_figure(glossary):
    got = ask(
        "In 2041, how much larger was Arvel Province's kelp-farm investment flow than Brisk Province's?",
        [NORTH],
        glossary,
    )
    assert not got.refused and got.value == pytest.approx(2.5)


def test_a_shared_word_of_two_names_names_neither_apart(glossary):
    question = analyse_question("How much larger was Arvel Province's flow than Brisk Province's?", glossary)
    assert names_another("In Arvel Province the flow was 9.6 billion.", "Brisk Province", question, glossary)
    assert not names_another(
        "The flow was 7.1 billion, second among the provinces.", "Brisk Province", question, glossary
    )
