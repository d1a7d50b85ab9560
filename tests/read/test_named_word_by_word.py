"""A name of several words printed word by word, a word by another name the glossary gives it
(`rag.read.matching.named_word_by_word`): the park's sentence names the park; the country's row does not."""

from __future__ import annotations

from rag.read.matching import mentions
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary, Term
from tests.builders import hits, indexed_prose


def with_park(glossary: Glossary) -> Glossary:
    made_up = (Term("赞布拉", "Zembla", "country"), Term("蓝山园区", "Lanshan Park (Lanshan, blue mount)", "other"))
    return Glossary((*glossary.terms, *made_up))


def test_a_word_renamed_by_the_glossary_names_the_whole_name(glossary):
    park = with_park(glossary)
    text = "So far, blue mount park in Zembla has drawn gadget investment of USD 7.4 billion in all."
    assert mentions("Zembla Lanshan", text, park)
    assert not mentions("Zembla Lanshan", "Zembla drew gadget investment of USD 7.4 billion.", park)
    assert not mentions("Zembla Lanshan", "So far, blue mount park has drawn USD 7.4 billion.", park)
    assert mentions("Zembla Lanshan", "Lanshan Park in Zembla drew USD 7.4 billion.", park)


def test_the_parks_sentence_answers_for_the_park(glossary):
    park = with_park(glossary)
    text = "Built in Zembla in 2026, blue mount park has drawn a total actual investment of USD 7.4 billion so far."
    chunk, index = indexed_prose(text)
    question = "What is the total actual investment in the Zembla Lanshan park?"
    answered = grounded_answer(question, hits([chunk]), index, park, PROJECT_ROOT / "prompts")
    assert not answered.refused and answered.value == 7.4, answered.text
