"""A share computed from a part and a whole that are counts (`rag.read.sentence_pairs.asks_counted`): it answers a
question that names what they count, never a question about an amount, on made-up text about Ruritania."""

from __future__ import annotations

from rag.read.counted import counted_phrase
from rag.read.question import analyse_question
from rag.read.sentence_pairs import asks_counted, parts_of_wholes
from rag.text.numbers import extract_quantities
from tests.builders import prose_chunk

TEXT = (
    "In 2023, a total of 900 gadget makers in Ruritania exported abroad. Among them, 120 were foundries with sales "
    "of US$2 billion."
)


def found_part():
    found = parts_of_wholes(prose_chunk(TEXT))
    assert found and found[0].part.value == 120 and found[0].whole.value == 900
    return found[0]


def test_the_noun_after_a_count_ends_at_a_word_that_ends_the_phrase():
    sentence = "Some 2,300 local suppliers in the region joined."
    assert counted_phrase(sentence, extract_quantities(sentence)[0]) == "local suppliers"


def test_a_share_of_counts_answers_a_question_naming_what_they_count(glossary):
    question = analyse_question("What share of Ruritania's gadget makers were foundries in 2023?", glossary)
    assert asks_counted(question, found_part(), glossary)


def test_a_share_of_counts_does_not_answer_a_question_about_an_amount(glossary):
    question = analyse_question("What share of Ruritania's 2023 export sales did its state sector hold?", glossary)
    assert not asks_counted(question, found_part(), glossary)
