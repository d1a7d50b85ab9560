"""The shortest part of a quoted sentence that answers a question asking for words (made-up sentences)."""

from __future__ import annotations

from rag.read.question import analyse_question
from rag.read.span_trim import answering_piece, leads, reason_part, without_echo
from rag.read.spans import shortest_answer


def test_a_reason_is_what_follows_the_cause_word():
    assert reason_part("up 4% on last year, driven by higher gizmo volumes in the north") == (
        "higher gizmo volumes in the north"
    )
    assert reason_part("mainly due to lower widget prices") == "lower widget prices"


def test_the_earliest_and_longest_cause_word_is_cut_at():
    assert reason_part("by $3 million as a result of fewer sprocket sales, due to weak demand") == (
        "fewer sprocket sales, due to weak demand"
    )


def test_a_sentence_opening_with_its_cause_or_holding_none_is_kept():
    opening = "Because of the sprocket recall, the gizmo margin fell"
    assert reason_part(opening) == opening
    assert reason_part("the gizmo margin fell sharply") == "the gizmo margin fell sharply"
    assert reason_part("driven by it") == "driven by it"  # too little follows


def test_a_trailing_clause_restating_the_question_is_left_out(glossary):
    question = analyse_question("Why was the gizmo margin lower?", glossary)
    assert without_echo("Because of the sprocket recall, the gizmo margin was lower", question.terms) == (
        "Because of the sprocket recall"
    )
    kept = "Because of the sprocket recall, widget sales slowed"
    assert without_echo(kept, question.terms) == kept


def test_a_reason_question_gets_the_cause_alone(glossary):
    question = analyse_question("What drove the rise in widget revenue?", glossary)
    sentence = "Widget revenue rose 6% compared to last year, driven by new sprocket contracts in Ruritania."
    assert shortest_answer(sentence, question) == "new sprocket contracts in Ruritania"


def test_a_question_asking_no_reason_keeps_its_cause_words(glossary):
    question = analyse_question("What is the gizmo allowance?", glossary)
    sentence = "The gizmo allowance is an estimate of losses due to unpaid sprocket invoices."
    assert "due to unpaid sprocket invoices" in shortest_answer(sentence, question)


def test_a_sentence_joined_across_a_table_is_cut_at_its_colon():
    terms = frozenset({"gizmo", "credit", "reflect"})
    joined = "Segment results are given as follows (in millions): (1) Gizmo credits reflect vouchers sold to dealers"
    assert answering_piece(joined, terms) == "Gizmo credits reflect vouchers sold to dealers"


def test_the_lead_to_a_table_is_never_the_answering_piece():
    terms = frozenset({"gizmo", "receiv", "current"})
    joined = "Current gizmo receivables consisted of the following: Included in other assets of the widget unit"
    assert answering_piece(joined, terms) == "Included in other assets of the widget unit"
    assert leads("Current gizmo receivables consisted of the following")
    assert not leads("Included in other assets of the widget unit")


def test_a_colon_inside_a_sentence_does_not_cut_it():
    sentence = "The plan has two aims: lower sprocket costs and faster gizmo sales"
    assert answering_piece(sentence, frozenset({"plan", "aim"})) == sentence
