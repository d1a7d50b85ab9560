"""The quoted-figure path meets the constraints a table cell meets (made-up report): a sentence naming more of the
question's words does not stand in for a cell when the two name different measures of a contrast the question leaves
open (a stock for a flow table's cell), and a sentence about another company does not answer for the one asked."""

from __future__ import annotations

from rag.read.cells import cell_candidates
from rag.read.evidence import Evidence
from rag.read.question import analyse_question
from tests.builders import USD_1E8, hits, make_table, prose_chunk, row_chunks, stored_index

TABLE = make_table(
    {"Widget making": ["88.0"], "Gadget trade": ["41.5"]},
    columns=(("2031", USD_1E8),),
    title="Industry distribution of Freedonia's outward investment flows in 2031",
)
SENTENCE = "In 2031, Freedonia's widget making outward direct investment stock amounted to $912.4 billion."


def test_a_stock_sentence_does_not_stand_in_for_a_flow_cell_the_question_leaves_open(glossary):
    from rag.read.lookup import measures_apart
    from rag.read.prose import prose_candidates

    index = stored_index([TABLE], [*row_chunks(TABLE), prose_chunk(SENTENCE, line=40)])
    evidence = Evidence(tuple(hits(index.chunks)), index, glossary)
    for text, expected in (
        ("What outward direct investment went to Freedonia's widget making in 2031?", True),
        ("What was the outward direct investment stock of Freedonia's widget making in 2031?", False),
    ):
        question = analyse_question(text, glossary)
        cell = next(c for c in cell_candidates(question, evidence, "amount") if c.row.label == "Widget making")
        sentence = next(p for p in prose_candidates(question, evidence) if p.quantity.value > 100)
        assert measures_apart(cell, sentence, question, evidence) is expected, text


def test_a_sentence_about_another_company_does_not_answer_for_the_one_asked(glossary):
    from rag.read.prose import other_organisation

    question = analyse_question("在榜单中，格力排名第几？", glossary)
    assert other_organisation(question, "Haier ranked 301st on the list with revenue of $52 billion.", glossary)
    assert not other_organisation(question, "Gree ranked 322nd on the list with revenue of $49 billion.", glossary)
    assert not other_organisation(question, "Eleven appliance makers were on the list.", glossary)
    unnamed = analyse_question("在榜单中，家电企业有几家？", glossary)
    assert not other_organisation(unnamed, "Haier ranked 301st on the list with revenue of $52 billion.", glossary)
