"""Amounts a report states as a total (`the total sales of the three firms were`): a sum asked of items no two
figures give is that amount, when a total word leads up to the figure; the firms named in the sentence before it
(`the three firms`) bind the names the question gives. Made-up country, firms and figures only."""

from __future__ import annotations

from rag.read.prose import figures_blanked, refers_to_set
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary
from rag.types import Chunk
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"


def ask(question: str, chunks: list[Chunk], glossary: Glossary):
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


def kettle_makers(lead: str) -> str:
    return (
        "In 2021, Ruritania's kettle industry kept growing. Among them, Alpha Works, Beta Forge and Gamma Mills were "
        "placed on KTX's list of the world's 80 largest kettle makers, two more than before. "
        f"{lead} 2.6 billion US dollars, accounting for 14.5%."
    )


QUESTION = "How much did Ruritania's three kettle makers on KTX's list of the 80 largest sell combined?"


def test_a_sum_asked_of_listed_firms_is_the_amount_stated_as_their_total(glossary):
    answer = ask(QUESTION, [prose_chunk(kettle_makers("The total sales of the three firms were"))], glossary)
    assert not answer.refused and answer.value is not None and round(answer.value, 2) == 2.6
    assert "2.6 billion" in answer.citations[0].quote


def test_an_amount_no_total_word_leads_up_to_is_no_stated_total(glossary):
    answer = ask(QUESTION, [prose_chunk(kettle_makers("The sales of the firms' best line were"))], glossary)
    assert answer.refused


def test_a_currency_names_no_place_of_the_sentence():
    assert "US" not in figures_blanked("Sales came to 2.6 billion US dollars and US$ 4 million in fees.")


def test_only_a_sentence_naming_its_set_by_size_drops_the_currency_s_country():
    assert refers_to_set("The total sales of the three firms were 2.6 billion US dollars.")
    assert not refers_to_set("Among them, 2.6 billion US dollars went to three firms.")
