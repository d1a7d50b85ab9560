"""A move in rank one sentence states (made-up text): `ranked 9th, up from 2024, 27` or `from 27th to 9th`; the
places moved are the two ranks' difference, in the direction asked, with the sentence cited."""

from __future__ import annotations

import pytest

from rag.read.rank_moves import stated_ranks
from rag.read.reader import grounded_answer
from tests.builders import hits, prose_chunk, stored_index
from tests.read.test_reader import PROMPTS

SENTENCE = (
    "In 2031 the Gadget Readiness Survey placed Ruritania among the leading economies, with a global ranking of 9th, "
    "up from 2024, 27, ahead of several larger economies."
)


def ask_prose(question: str, text: str, glossary):
    chunks = [prose_chunk(text)]
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


def test_a_sentence_states_an_earlier_and_a_later_rank():
    assert stated_ranks("ranking of 9th, up from 2024, 27, ahead") == (27, 9)
    assert stated_ranks("Ruritania slipped from 4th in 2024 to 11th in 2031.") == (4, 11)
    assert stated_ranks("卢里塔尼亚从2024年的第27位升至第9位。") == (27, 9)
    assert stated_ranks("placed 3rd, with sales of 12.5 billion, up from 9.1 billion") is None
    assert stated_ranks("ranked 3rd, up from 31% a year earlier") is None


def test_the_places_gained_are_the_two_ranks_difference(glossary):
    answer = ask_prose(
        "From 2024 to 2031, how many places did Ruritania climb in the Gadget Readiness Survey?", SENTENCE, glossary
    )
    assert answer.value == pytest.approx(18) and answer.unit == "rank"
    assert answer.citations and answer.steps


def test_a_fall_asked_of_a_rise_stated_is_refused(glossary):
    answer = ask_prose(
        "From 2024 to 2031, how many places did Ruritania fall in the Gadget Readiness Survey?", SENTENCE, glossary
    )
    assert answer.refused


def test_a_year_the_sentence_does_not_name_is_refused(glossary):
    answer = ask_prose(
        "From 2020 to 2031, how many places did Ruritania climb in the Gadget Readiness Survey?", SENTENCE, glossary
    )
    assert answer.refused
