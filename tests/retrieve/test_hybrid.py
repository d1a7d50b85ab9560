"""Fusion, ranking and the hybrid retriever over a small index built with the fake embedder."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from rag.index.build import build_index
from rag.index.store import load_index
from rag.retrieve.hybrid import HybridRetriever, as_langchain_retriever, top_indices, weighted_rrf
from rag.text.glossary import Glossary
from tests.fakes import HashEmbedder

# --- weighted_rrf --------------------------------------------------------------------------------------------


def test_rrf_sums_weight_over_k_plus_rank():
    scores = weighted_rrf([([7, 3, 5], 1.0), ([3, 9], 0.5)], k=10)
    assert scores == pytest.approx({7: 1 / 11, 3: 1 / 12 + 0.5 / 11, 5: 1 / 13, 9: 0.5 / 12})


def test_rrf_order_follows_agreement_between_lists():
    scores = weighted_rrf([([1, 2, 3], 1.0), ([2, 3, 1], 1.0)], k=60)
    assert sorted(scores, key=lambda item: -scores[item]) == [2, 1, 3]


def test_rrf_weights_decide_between_disagreeing_lists():
    lists = [[1, 2], [2, 1]]
    first_heavy = weighted_rrf([(lists[0], 1.0), (lists[1], 0.3)])
    second_heavy = weighted_rrf([(lists[0], 0.3), (lists[1], 1.0)])
    assert first_heavy[1] > first_heavy[2]
    assert second_heavy[2] > second_heavy[1]


@pytest.mark.parametrize("weight", [0.0, -1.0])
def test_rrf_ignores_lists_without_positive_weight(weight):
    scores = weighted_rrf([([1, 2], 1.0), ([3, 2], weight)], k=60)
    assert set(scores) == {1, 2}
    assert scores[2] == pytest.approx(1 / 62)


def test_rrf_k_flattens_rank_differences():
    sharp = weighted_rrf([([1, 2], 1.0)], k=1)
    flat = weighted_rrf([([1, 2], 1.0)], k=1000)
    assert sharp[1] / sharp[2] == pytest.approx(3 / 2)
    assert flat[1] / flat[2] == pytest.approx(1002 / 1001)


def test_rrf_of_nothing_is_empty():
    assert weighted_rrf([]) == {}
    assert weighted_rrf([([], 1.0)]) == {}


# --- top_indices ---------------------------------------------------------------------------------------------


def test_top_indices_best_first_ties_by_index():
    scores = np.array([1.0, 3.0, 3.0, 0.0, 3.0, 2.0], dtype=np.float32)
    assert top_indices(scores, 4) == [1, 2, 4, 5]
    assert top_indices(scores, 2) == [1, 2]
    assert top_indices(scores, 100) == [1, 2, 4, 5, 0, 3]


def test_top_indices_is_deterministic_for_all_equal_scores():
    scores = np.zeros(50, dtype=np.float32)
    assert top_indices(scores, 5) == [0, 1, 2, 3, 4]
    assert top_indices(scores, 5, positive_only=True) == []


def test_top_indices_positive_only_drops_zero_and_negative():
    scores = np.array([0.0, -1.0, 0.5, 2.0], dtype=np.float32)
    assert top_indices(scores, 4, positive_only=True) == [3, 2]


# --- HybridRetriever -----------------------------------------------------------------------------------------


@pytest.fixture
def retriever(settings):
    glossary = Glossary.load()
    embedder = HashEmbedder()
    build_index(settings, embedder, glossary, log=lambda _m: None, progress=False)
    return HybridRetriever(load_index(settings.index_dir), embedder, settings, glossary)


def test_dense_mode_ranks_by_inner_product(retriever):
    # A query sharing words with every chunk, so the top scores are distinct (no ties to break).
    question = "investment 2022 USD billion table"
    hits = retriever.search(question, k=4, mode="dense")
    assert len(hits) == 4
    assert [h.dense_rank for h in hits] == [1, 2, 3, 4]
    assert all(h.bm25_rank is None for h in hits)
    query = retriever.embedder.vector(question)
    expected = sorted(
        (float(np.dot(query, retriever.index.vectors.reconstruct(i))) for i in range(len(retriever.index.chunks))),
        reverse=True,
    )
    assert [h.score for h in hits] == pytest.approx(expected[:4], abs=1e-5)


def test_dense_mode_finds_the_sentence_that_shares_the_words(retriever):
    hit = retriever.search("port throughput in partner countries", k=1, mode="dense")[0]
    assert "Port throughput" in hit.chunk.text


def test_bm25_mode_sets_only_bm25_ranks(retriever):
    hits = retriever.search("制造业", k=3, mode="bm25")
    assert len(hits) == 3
    assert [h.bm25_rank for h in hits] == [1, 2, 3]
    assert all(h.dense_rank is None for h in hits)
    assert [h.score for h in hits] == pytest.approx([1.0, 1 / 2, 1 / 3])
    assert retriever.embedder.query_calls == 0  # BM25 mode never embeds the query


def test_bm25_mode_returns_only_matching_chunks(retriever):
    hits = retriever.search("port throughput", k=5, mode="bm25")
    assert [h.chunk.start_line for h in hits] == [hits[0].chunk.start_line]
    assert "Port throughput" in hits[0].chunk.text
    assert retriever.search("zzzz qqqq", k=5, mode="bm25") == []


def test_hybrid_mode_fuses_both_rankings(retriever):
    settings = retriever.settings
    hits = retriever.search("manufacturing investment", k=5, mode="hybrid")
    assert len(hits) == 5
    assert all(h.dense_rank is not None or h.bm25_rank is not None for h in hits)
    assert any(h.dense_rank is not None and h.bm25_rank is not None for h in hits)
    for hit in hits:
        expected = 0.0
        if hit.dense_rank is not None:
            expected += settings.dense_weight / (settings.fusion_k + hit.dense_rank)
        if hit.bm25_rank is not None:
            expected += settings.bm25_weight / (settings.fusion_k + hit.bm25_rank)
        assert hit.score == pytest.approx(expected)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_default_mode_comes_from_settings(retriever):
    retriever.settings = replace(retriever.settings, retrieval_mode="bm25")
    hits = retriever.search("制造业", k=2)
    assert all(h.dense_rank is None and h.bm25_rank is not None for h in hits)


def test_hybrid_with_zero_bm25_weight_is_the_dense_order(retriever):
    question = "outward investment manufacturing 2022 USD"  # distinct dense scores: no ties
    dense = retriever.search(question, k=5, mode="dense")
    retriever.settings = replace(retriever.settings, bm25_weight=0.0)
    hybrid = retriever.search(question, k=5, mode="hybrid")
    assert [h.chunk.id for h in hybrid] == [h.chunk.id for h in dense]


def test_k_larger_than_candidates_still_returns_k(retriever):
    retriever.settings = replace(retriever.settings, candidates=2)
    hits = retriever.search("investment", k=6, mode="dense")
    assert len(hits) == 6
    assert len({h.chunk.id for h in hits}) == 6


def test_k_larger_than_the_index_returns_everything_once(retriever):
    total = len(retriever.index.chunks)
    hits = retriever.search("investment", k=total + 10, mode="dense")
    assert len(hits) == total
    assert len({h.chunk.id for h in hits}) == total


def test_unknown_mode_raises_value_error(retriever):
    with pytest.raises(ValueError, match="unknown retrieval mode 'sparse'"):
        retriever.search("manufacturing", k=3, mode="sparse")


def test_chinese_query_finds_the_chinese_row_through_bm25(retriever):
    top = retriever.search("制造业", k=1, mode="bm25")[0].chunk
    assert (top.kind, top.table_id, top.row_label) == ("table_row", "1-1", "制造业")
    assert "271.5" in top.text


def test_glossary_expansion_reaches_the_english_gloss(retriever):
    # 制造 alone is a segment of 制造业, but the expansion adds "manufacturing", which only the glossed chunks and
    # the English prose share; without a glossary only Chinese tokens match.
    expanded = retriever.bm25_scores("制造业")
    plain = HybridRetriever(retriever.index, retriever.embedder, retriever.settings, None).bm25_scores("制造业")
    prose = next(i for i, c in enumerate(retriever.index.chunks) if "Manufacturing investment" in c.text)
    assert plain[prose] == 0
    assert expanded[prose] > 0


def test_english_query_finds_the_chinese_labelled_row(retriever):
    top = retriever.search("manufacturing", k=1, mode="bm25")[0].chunk
    assert (top.kind, top.row_label) == ("table_row", "制造业")
    assert "制造业 (manufacturing)" in top.text
    hybrid = retriever.search("manufacturing", k=3, mode="hybrid")
    assert any(h.chunk.row_label == "制造业" for h in hybrid)


def test_bm25_index_is_built_once(retriever, monkeypatch):
    import bm25s

    built = []
    original = bm25s.BM25.index

    def counting_index(self, *args, **kwargs):
        built.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(bm25s.BM25, "index", counting_index)
    first = retriever.bm25
    for query in ("制造业", "manufacturing", "port throughput"):
        retriever.search(query, k=3, mode="bm25")
        retriever.search(query, k=3, mode="hybrid")
    assert len(built) == 1
    assert retriever.bm25 is first


def test_dense_mode_does_not_build_bm25(retriever, monkeypatch):
    import bm25s

    def refuse(self, *args, **kwargs):
        raise AssertionError("BM25 built for a dense-only search")

    monkeypatch.setattr(bm25s.BM25, "index", refuse)
    assert len(retriever.search("manufacturing", k=3, mode="dense")) == 3


def test_search_is_deterministic(retriever):
    first = retriever.search("investment abroad 2022", k=5)
    second = retriever.search("investment abroad 2022", k=5)
    assert [(h.chunk.id, h.score) for h in first] == [(h.chunk.id, h.score) for h in second]


# --- LangChain -----------------------------------------------------------------------------------------------


def test_langchain_retriever_returns_documents_with_citations(retriever):
    from langchain_core.documents import Document

    docs = as_langchain_retriever(retriever, k=2, mode="bm25").invoke("制造业")
    assert len(docs) == 2
    assert all(isinstance(doc, Document) for doc in docs)
    first = docs[0]
    assert first.metadata["doc_name"] == "b_tables.txt"
    assert first.metadata["table_id"] == "1-1"
    assert first.metadata["locator"] == "table 1-1, row 制造业 (line 6)"
    assert first.metadata["row_label"] == "制造业"
    assert first.metadata["bm25_rank"] == 1 and first.metadata["dense_rank"] is None
    assert first.page_content == retriever.search("制造业", k=1, mode="bm25")[0].chunk.text
    assert docs[1].metadata["locator"].startswith("table 1-1 (lines ")


def test_langchain_retriever_prose_metadata(retriever):
    docs = as_langchain_retriever(retriever, k=1, mode="dense").invoke("port throughput in partner countries")
    meta = docs[0].metadata
    assert meta["doc_name"] == "a_policy.txt"
    assert meta["table_id"] == ""
    assert meta["locator"] == f"lines {meta['start_line']}-{meta['end_line']}"
    assert meta["heading"] == "Chapter 2 Risks and outlook"
    assert meta["kind"] == "prose"
