"""A sentence naming the industry or group of places the question names outranks its neighbour about another group:
alignment asks a looked-up sentence's figure to name them in its own words (`rag.read.prose.own_qualifiers`)."""

from __future__ import annotations

from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import hits, indexed_prose


def ask_indexed(question: str, text: str, glossary):
    chunk, index = indexed_prose(text)
    return grounded_answer(question, hits([chunk]), index, glossary, PROJECT_ROOT / "prompts")


def test_the_sentence_naming_the_group_asked_answers_not_its_neighbour(glossary):
    text = (
        "Joining the Belt and Road plan, Zembla's trade in gadgets with partner states rose 7.2% annually. "
        "Under the Pacific accord, Zembla's gadget trade with member countries grew at a yearly rate of 4.9% over "
        "six years."
    )
    question = "At what yearly rate did Zembla's gadget trade with the Belt and Road countries rise over six years?"
    answered = ask_indexed(question, text, glossary)
    assert not answered.refused and answered.value == 7.2, answered.text


def test_no_sentence_naming_the_group_is_still_refused(glossary):
    text = "Under the Pacific accord, the yearly growth of Zembla's gadget trade with member states averaged 4.9%."
    question = "At what yearly rate did Zembla's gadget trade with the Belt and Road countries rise over six years?"
    refused = ask_indexed(question, text, glossary)
    assert refused.refused and refused.value is None, refused.text
