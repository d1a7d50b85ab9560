"""The fact matcher over the real index with the real EmbeddingGemma retriever (marked `model`): the dense ranks it
blends come from real retrieval, and a made-up question about one table cell finds that cell."""

from __future__ import annotations

import pytest

from rag.engine import open_retriever
from rag.read.evidence import Evidence
from rag.read.facts_match import match_facts
from rag.read.question import analyse_question
from rag.settings import Settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def retriever():
    return open_retriever(Settings.from_env(), rebuild=True, log=lambda _msg: None)


def test_a_cell_question_matches_its_cell_first_with_dense_ranks_from_retrieval(retriever):
    question = "How much did Chinese investors put into manufacturing abroad in 2022, as a flow?"
    hits = retriever.search(question, k=8)
    assert all(hit.dense_rank is not None for hit in hits[:3])
    parsed = analyse_question(question, retriever.glossary)
    matches, refusal = match_facts(parsed, Evidence(tuple(hits), retriever.index, retriever.glossary))
    assert refusal is None
    best = matches[0].fact
    assert best.source == "table" and best.row[-1] == "制造业"
    assert 2022 in best.periods or "2022" in best.table_title
    assert any("流量" in part for part in best.column)
    assert len(matches) == 1 or matches[0].score > matches[1].score
