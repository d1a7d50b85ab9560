"""Alignment among the candidates: a table cell of another direction (outflows for an inflows question) gives way to
a sentence that does not give the other direction, so the sentence answers instead of a refusal (made-up report)."""

from __future__ import annotations

from rag.read.cells import cell_candidates
from rag.read.evidence import Evidence
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import PERCENT, USD_1E8, hits, make_table, prose_chunk, row_chunks, stored_index

TABLE = make_table(
    {"Widget making": ["271.5", "15.8"], "Gadget trade": ["120.0", "7.0"]},
    columns=(("2031", USD_1E8), ("share", PERCENT)),
    title="Freedonia's outward investment flows by industry, 2031",
)
SENTENCE = "In 2031 the utilised foreign capital of widget making rose 70%, accounting for 28% of the province."


def test_a_cell_of_another_direction_gives_way_to_a_sentence_of_the_direction_asked(glossary):
    from rag.read.lookup import other_way
    from rag.read.prose import prose_candidates

    prose = prose_chunk(SENTENCE, line=40)
    index = stored_index([TABLE], [*row_chunks(TABLE), prose])
    evidence = Evidence(tuple(hits(index.chunks)), index, glossary)
    inflows = analyse_question("What share of Freedonia's utilised foreign capital did widget making get?", glossary)
    outflows = analyse_question("What share of Freedonia's outward investment did widget making get?", glossary)
    sentence = next(pick for pick in prose_candidates(inflows, evidence) if pick.quantity.value == 28)
    for question, expected in ((inflows, True), (outflows, False)):
        cell = next(c for c in cell_candidates(question, evidence, "percent") if c.row.label == "Widget making")
        assert other_way(question, cell, sentence, evidence) is expected


def test_a_sentence_of_the_direction_asked_answers_where_the_cell_is_of_the_other(glossary):
    prose = prose_chunk(SENTENCE, line=40)
    chunks = [*row_chunks(TABLE), prose]
    index = stored_index([TABLE], chunks)
    question = "How large a share of the province's utilised foreign capital did widget making account for in 2031?"
    answer = grounded_answer(question, hits(chunks), index, glossary, PROJECT_ROOT / "prompts")
    assert not answer.refused and answer.value == 28, answer.text
