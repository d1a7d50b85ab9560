"""Open lists: a figure printed after `A, B, C and other places` is the list's total, never A's own (made-up text)."""

from __future__ import annotations

from rag.index.facts import sentence_facts
from rag.read.open_lists import is_list_glue, open_list_of
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.types import Document
from tests.builders import hits, prose_chunk, stored_index

ENDS = ("and other", "etc", "等地")
SENTENCE = (
    "Ruritania held trade weeks in Zembla, Vulgaria, the Red Coast and other places, and won a total of 940 orders."
)


def ask(question: str, text: str, glossary):
    """The reader's answer over one passage, with the index's facts of its sentence (`rag.index.facts`)."""
    chunk = prose_chunk(text)
    document = Document("t.txt", "Report", ("", "", text), ((),) * 3, "0" * 64)
    index = stored_index([], [chunk], list(sentence_facts(document, 3, text)))
    return grounded_answer(question, hits([chunk]), index, glossary, PROJECT_ROOT / "prompts")


def test_a_name_in_an_open_list_before_the_figure_is_one_item_of_it():
    at = SENTENCE.find("940")
    assert open_list_of(SENTENCE, "Vulgaria", at, ENDS) == "Vulgaria, the Red Coast and other places"
    assert open_list_of(SENTENCE, "Zembla", at, ENDS).startswith("Zembla, Vulgaria")
    assert open_list_of(SENTENCE, "Ruritania", at, ENDS) == ""  # the subject, not an item
    assert open_list_of("Zembla and other places won 12 orders.", "Zembla", 25, ENDS) == "Zembla and other places"
    assert open_list_of("在甲城、乙城等地签约12个项目。", "乙城", 10, ENDS) == "乙城等地"


def test_list_glue_holds_only_short_names_and_no_figure():
    assert is_list_glue(", Vulgaria, the Red Coast ")
    assert is_list_glue("")
    assert not is_list_glue(", where 12 fairs were held in the spring of that year, ")


def test_a_list_total_does_not_answer_for_one_item(glossary):
    answer = ask("How many orders did Ruritania's trade weeks in Vulgaria win?", SENTENCE, glossary)
    assert answer.refused and answer.value is None, answer.text
    own = "Ruritania held trade weeks in Vulgaria, and won a total of 940 orders there."
    answered = ask("How many orders did Ruritania's trade weeks in Vulgaria win?", own, glossary)
    assert not answered.refused and answered.value == 940, answered.text


def test_a_name_followed_by_other_words_or_a_figure_in_the_next_sentence_is_no_item():
    text = "Zembla will help its free port to carry out reforms in trade, finance and other fields. It set up 13 zones."
    assert open_list_of(text, "free port", text.find("13"), ENDS) == ""
    assert open_list_of(text, "finance", text.find("13"), ENDS) == ""  # the figure is in the next sentence


def test_a_question_naming_every_item_asks_for_the_lists_figure(glossary):
    text = "In 2031 Ruritania's exports to Zembla, Vulgaria and other places grew 12%."
    answer = ask("How fast did Ruritania's exports to Zembla and Vulgaria grow in 2031?", text, glossary)
    assert not answer.refused and answer.value == 12, answer.text
    refused = ask("How fast did Ruritania's exports to Zembla grow in 2031?", text, glossary)
    assert refused.refused, refused.text
