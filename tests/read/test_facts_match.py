"""The fact matcher: a single-value question matched to the typed facts of its evidence. Made-up tables, sentences
and questions; the embedding signal is faked by the dense ranks the hits carry (the retriever's, in real use)."""

from __future__ import annotations

from dataclasses import replace

from rag.read.compose import AnswerDraft, load_templates
from rag.read.evidence import Evidence
from rag.read.facts_match import (
    MatchWeights,
    clear_winner,
    dense_score,
    fact_lookup,
    match_facts,
)
from rag.read.question import analyse_question
from rag.read.refusals import Refusal, Unmet
from rag.settings import PROJECT_ROOT
from rag.types import Answer, Hit
from tests.builders import PERCENT, USD_1E8, make_table, prose_chunk, row_chunks, stored_index, table_document

WIDGETS = make_table(
    {"小部件制造": ["100.5", "120.5", "19.9"], "齿轮贸易": ["80.25", "90.25", "12.5"]},
    columns=(("2021", USD_1E8), ("2022", USD_1E8), ("增长率", PERCENT)),
    title="Freedonia's outward investment flows by industry, 2021-2022",
)


def evidence_of(table, glossary, dense=None, extra_chunks=(), extra_facts=()):
    """Every row of `table` retrieved, best first, with the dense ranks given (the fake embedder)."""
    from rag.index.facts import table_facts

    chunks = row_chunks(table)
    facts = list(table_facts(table_document(table), [table], glossary)) + list(extra_facts)
    index = stored_index([table], [*chunks, *extra_chunks], facts)
    ranks = dense or list(range(1, len(chunks) + len(extra_chunks) + 1))
    retrieved = [*chunks, *extra_chunks]
    pairs = enumerate(zip(retrieved, ranks, strict=True))
    hits = [Hit(chunk, 1.0 / (i + 1), dense_rank=rank) for i, (chunk, rank) in pairs]
    return Evidence(tuple(hits), index, glossary)


def look_up(question: str, evidence: Evidence, glossary):
    parsed = analyse_question(question, glossary)
    draft = AnswerDraft(parsed, load_templates(PROJECT_ROOT / "prompts", parsed.lang))
    return fact_lookup(draft, parsed, evidence)


def test_the_year_asked_picks_its_column_and_another_year_is_never_given(glossary):
    evidence = evidence_of(WIDGETS, glossary)
    answer = look_up("How much did Freedonia invest abroad in 小部件制造 in 2022?", evidence, glossary)
    assert isinstance(answer, Answer) and answer.source_value == 120.5
    refused = look_up("How much did Freedonia invest abroad in 小部件制造 in 2019?", evidence, glossary)
    assert refused == Refusal(Unmet.YEAR)


def test_a_growth_question_gets_the_percent_cell_and_an_amount_question_the_amount(glossary):
    evidence = evidence_of(WIDGETS, glossary)
    rate = look_up("How high was the growth rate of 齿轮贸易 investment by Freedonia?", evidence, glossary)
    assert isinstance(rate, Answer) and rate.source_value == 12.5


def test_an_entity_no_row_table_or_clause_names_is_refused_for_that_entity(glossary):
    evidence = evidence_of(WIDGETS, glossary)
    refused = look_up("How much did Sylvania invest abroad in 小部件制造 in 2022?", evidence, glossary)
    assert isinstance(refused, Refusal) and refused.unmet is Unmet.ENTITY


def test_the_row_the_question_names_wins_over_a_closer_dense_neighbour(glossary):
    # the other row is the dense retriever's first pick, but the question names this one
    evidence = evidence_of(WIDGETS, glossary, dense=[2, 1])
    answer = look_up("How much did Freedonia invest abroad in 小部件制造 in 2021?", evidence, glossary)
    assert isinstance(answer, Answer) and answer.source_value == 100.5


def test_the_dense_signal_breaks_an_otherwise_even_match():
    assert dense_score(1) > dense_score(2) > dense_score(20) > dense_score(None) == 0.0


def test_two_facts_of_different_values_scored_alike_leave_the_choice_open(glossary):
    evidence = evidence_of(WIDGETS, glossary, dense=[1, 1])
    parsed = analyse_question("How much did Freedonia invest abroad in 2022?", glossary)
    matches, refusal = match_facts(parsed, evidence, MatchWeights(dense=0.0))
    assert refusal is None and len(matches) >= 2
    assert isinstance(clear_winner([replace(matches[0], score=2.0), replace(matches[1], score=1.97)]), Refusal)
    assert clear_winner([replace(matches[0], score=2.0), replace(matches[1], score=1.0)]) == replace(
        matches[0], score=2.0
    )


def test_a_prose_figure_answers_with_its_sentence_when_its_clause_names_the_entity(glossary):
    from rag.index.facts import sentence_facts
    from rag.types import Document

    sentence = "In 2022, Freedonia's widget exports reached USD 4.5 billion, while gear imports fell 3%."
    chunk = prose_chunk(sentence, line=40)
    document = Document("t.txt", "Report", ("",) * 41, (("Chapter 1",),) * 41, "0" * 64)
    facts = list(sentence_facts(document, 40, sentence))
    evidence = evidence_of(WIDGETS, glossary, extra_chunks=[chunk], extra_facts=facts)
    answer = look_up("How much were Freedonia's widget exports in 2022?", evidence, glossary)
    assert isinstance(answer, Answer)
    assert answer.citations[0].quote == sentence and "4.5" in answer.text


def test_a_table_printed_in_two_panels_answers_from_the_panel_of_the_row_asked(glossary):
    two_panels = make_table({"小部件制造": ["100.5", "120.5", "19.9"], "齿轮贸易": ["80.25", "90.25", "12.5"]})
    rows = (two_panels.rows[0], replace(two_panels.rows[1], line=two_panels.rows[0].line))  # both on one line
    table = replace(two_panels, rows=rows)
    evidence = evidence_of(table, glossary, dense=[1, 1])
    answer = look_up("What did China invest abroad in 齿轮贸易 in 2022?", evidence, glossary)
    assert isinstance(answer, Answer) and answer.source_value == 90.25
