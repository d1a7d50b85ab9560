"""The head noun of a question's possessive phrase binds the figure that answers it (made-up text)."""

from __future__ import annotations

from rag.read.clause_subjects import subject_clause
from rag.read.head_noun import asked_head
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.numbers import extract_quantities
from tests.builders import hits, prose_chunk, stored_index


def ask(question: str, text: str, glossary):
    chunk = prose_chunk(text)
    return grounded_answer(question, hits([chunk]), stored_index([], [chunk]), glossary, PROJECT_ROOT / "prompts")


def test_the_head_is_the_last_word_of_the_possessive_phrase():
    assert asked_head("How much went into Freedonia's coastal and inland wind farms in Borduria?") == "farm"
    assert asked_head("What rate did Freedonia's digital service platforms achieve last year?") == "platform"
    assert asked_head("What yearly rate have Freedonia's digital service platforms attained since 2030?") == "platform"
    assert asked_head("How many of Freedonia's newly signed deals were there?") == "deal"


def test_no_head_without_a_phrase_or_for_a_measure(glossary):
    assert asked_head("What was Freedonia's growth in 2030?") == ""
    assert asked_head("What was Freedonia's outward FDI flow in 2030?") == ""
    assert asked_head("Freedonia的风电场投资了多少？") == ""


def test_a_clause_opened_by_with_goes_on_about_the_noun_before_it():
    text = "Freedonia had 12 offshore wind farms, with a total investment of US $6 billion."
    assert "farms" in subject_clause(text, extract_quantities(text)[-1])
    within = "Freedonia had 12 offshore wind farms, within reach of US $6 billion."
    assert "farms" not in subject_clause(within, extract_quantities(within)[-1])


def test_a_figure_bound_to_the_asked_noun_beats_another_noun_s_figure_in_its_sentence(glossary):
    text = (
        "By the end of 2031, Freedonia's direct investment in Borduria and Arcadia exceeded US $40 billion, and there "
        "were 12 offshore wind farms, with a total investment of about US $6 billion."
    )
    answer = ask(
        "By the end of 2031, how much had been put into Freedonia's offshore wind farms in Borduria?", text, glossary
    )
    assert not answer.refused and answer.value == 6, answer.text


def test_a_sentence_naming_the_asked_noun_beats_one_about_the_whole(glossary):
    text = (
        "Over the last four years, Freedonia's goods trade grew from 3 trillion ducats to 4 trillion ducats, with an "
        "average annual growth of 7%. The scale of digital service platforms has tripled in four years, and their "
        "turnover has passed 1 trillion ducats, with an average annual growth of about 30%."
    )
    answer = ask(
        "What yearly average growth did Freedonia's digital service platforms achieve over four years?", text, glossary
    )
    assert not answer.refused and answer.value == 30, answer.text


def test_a_count_question_is_bound_by_its_counted_noun_not_a_head(glossary):
    from rag.read.head_noun import question_head
    from rag.read.question import analyse_question

    question = analyse_question("How many engineers did Freedonia's shipping firms send abroad in 2031?", glossary)
    assert question_head(question) == ""
    assert asked_head("How much did Freedonia's shipping firms send abroad in 2031?") == "firm"
