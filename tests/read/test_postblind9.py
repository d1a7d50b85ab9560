"""A ratio's operands follow the question's comparison; a later year's level stated with its change against the
asked year answers as the level less the change. Made-up text only."""

from __future__ import annotations

from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import ask_table, hits, make_table, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"


def _glide_table():
    rows = {"批发和零售业": ["12.0", "42.5", "8.1"], "采矿业": ["9.0", "17.0", "3.2"]}
    return make_table(rows, title="Zembla's outward investment in glider trades by industry, 2021-2022")


def test_the_thing_that_exceeds_is_the_numerator(glossary):
    asked = (
        "By what multiple did Zembla's 2022 outward investment in wholesale and retail exceed its mining investment?"
    )
    answer = ask_table(asked, _glide_table(), glossary)
    assert not answer.refused and answer.value == 2.5, answer.text
    assert list(answer.steps[-1].operands) == [42.5, 17.0], answer.steps


LINES = ["In 2031, 14 glider guilds of Port Ostrel trained 2,480 pupils, 530 more than in the same period of 2030."]


def _ask(question: str, glossary):
    chunks = [prose_chunk(text, line=n, doc_name="guilds.txt") for n, text in enumerate(LINES, 1)]
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


def test_the_year_before_a_stated_change_is_the_level_less_the_change(glossary):
    answer = _ask("How many pupils did the glider guilds of Port Ostrel train in 2030?", glossary)
    assert answer.value != 2480, answer.text
    assert answer.refused or (answer.value == 1950 and answer.steps and answer.steps[-1].op == "difference"), (
        answer.text
    )


def test_the_year_of_the_level_is_still_the_level(glossary):
    answer = _ask("How many pupils did the glider guilds of Port Ostrel train in 2031?", glossary)
    assert not answer.refused and answer.value == 2480, answer.text
