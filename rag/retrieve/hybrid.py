"""Hybrid retrieval: dense (FAISS inner product) + BM25 (jieba-segmented Chinese, stemmed English), fused.

Fusion is a weighted reciprocal-rank sum. Plain RRF weighs BM25 as much as the dense model, which on this
corpus is much weaker (dense found the evidence in the top 5 for far more questions), so the weights are
settings chosen by measurement (`rag eval --retrieval --sweep`); dense-only and BM25-only stay available.
The BM25 index is built once per `HybridRetriever`, never per query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from rag.index.embedding import Embedder
from rag.index.store import StoredIndex
from rag.lazy import shared_cached_property
from rag.settings import Settings
from rag.text.glossary import Glossary
from rag.text.thesaurus import Thesaurus, without_hedges
from rag.text.tokens import tokenize
from rag.types import Hit

MODES = ("hybrid", "dense", "bm25")


def weighted_rrf(rankings: Sequence[tuple[Sequence[int], float]], k: int = 60) -> dict[int, float]:
    """Fuse ranked lists of item ids: score(item) = sum over lists of weight / (k + rank), rank from 1."""
    scores: dict[int, float] = {}
    for ranked, weight in rankings:
        if weight <= 0:
            continue
        for rank, item in enumerate(ranked, 1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return scores


def top_indices(scores: np.ndarray, n: int, positive_only: bool = False) -> list[int]:
    """Indices of the n largest scores, best first (ties by index, for determinism)."""
    order = np.lexsort((np.arange(len(scores)), -scores))[:n]
    return [int(i) for i in order if not positive_only or scores[i] > 0]


@dataclass
class HybridRetriever:
    index: StoredIndex
    embedder: Embedder
    settings: Settings
    glossary: Glossary | None = None
    thesaurus: Thesaurus | None = None
    _texts: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._texts = [chunk.text for chunk in self.index.chunks]

    @shared_cached_property
    def bm25(self):
        import bm25s

        model = bm25s.BM25()
        model.index([tokenize(text) or ["\u2205"] for text in self._texts], show_progress=False)
        return model

    def bm25_scores(self, query: str) -> np.ndarray:
        expanded = self.glossary.expand_query(query) if self.glossary else query
        tokens = tokenize(expanded)
        if not tokens:
            return np.zeros(len(self._texts), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)

    @shared_cached_property
    def _matrix(self) -> np.ndarray:
        """Every chunk's vector, read back from FAISS once: scoped searches score only their documents' chunks."""
        return self.index.vectors.reconstruct_n(0, self.index.vectors.ntotal)

    def scope_ids(self, documents: Sequence[str] | None) -> np.ndarray | None:
        """Chunk positions inside the named documents (None: the whole corpus)."""
        if documents is None:
            return None
        wanted = set(documents)
        return np.array([i for i, chunk in enumerate(self.index.chunks) if chunk.doc_name in wanted], dtype=np.int64)

    def dense_ranking(self, query: str, n: int, scope: np.ndarray | None = None) -> tuple[list[int], list[float]]:
        vector = self.embedder.embed_query(query).reshape(1, -1).astype(np.float32)
        if scope is not None:
            scores = self._matrix[scope] @ vector[0]
            order = top_indices(scores, n)
            return [int(scope[i]) for i in order], [float(scores[i]) for i in order]
        scores, ids = self.index.vectors.search(vector, min(n, len(self._texts)))
        keep = ids[0] >= 0
        return [int(i) for i in ids[0][keep]], [float(s) for s in scores[0][keep]]

    def bm25_ranking(self, query: str, n: int, scope: np.ndarray | None = None) -> list[int]:
        scores = self.bm25_scores(query)
        if scope is not None:
            masked = np.zeros_like(scores)
            masked[scope] = scores[scope]
            scores = masked
        return top_indices(scores, n, positive_only=True)

    def search(
        self, query: str, k: int = 5, mode: str | None = None, documents: Sequence[str] | None = None
    ) -> list[Hit]:
        """The k best chunks for `query`; with `documents`, only chunks of those documents (by file name)."""
        mode = mode or self.settings.retrieval_mode
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}")
        query = without_hedges(query)  # `at face value`: how to take a figure, no word to search for
        query = self.thesaurus.expand(query) if self.thesaurus else query
        n = max(self.settings.candidates, k)
        scope = self.scope_ids(documents)
        dense_ids: list[int] = []
        dense_scores: list[float] = []
        bm25_ids: list[int] = []
        if mode in ("hybrid", "dense"):
            dense_ids, dense_scores = self.dense_ranking(query, n, scope)
        if mode in ("hybrid", "bm25"):
            bm25_ids = self.bm25_ranking(query, n, scope)
        dense_rank = {item: rank for rank, item in enumerate(dense_ids, 1)}
        bm25_rank = {item: rank for rank, item in enumerate(bm25_ids, 1)}
        if mode == "dense":
            fused = dict(zip(dense_ids, dense_scores, strict=True))
        elif mode == "bm25":
            fused = {item: 1.0 / rank for item, rank in bm25_rank.items()}
        else:
            fused = weighted_rrf(
                [(dense_ids, self.settings.dense_weight), (bm25_ids, self.settings.bm25_weight)], self.settings.fusion_k
            )
        ranked = sorted(fused, key=lambda item: (-fused[item], item))[:k]
        return [Hit(self.index.chunks[item], fused[item], dense_rank.get(item), bm25_rank.get(item)) for item in ranked]


def hit_record(rank: int, hit: Hit) -> dict:
    """One ranked hit as plain JSON (`rag search --json`, the HTTP API's /v1/search)."""
    chunk = hit.chunk
    return {
        "rank": rank,
        "score": round(hit.score, 6),
        "doc": chunk.doc_name,
        "kind": chunk.kind,
        "locator": chunk.locator,
        "heading": list(chunk.heading),
        "table_id": chunk.table_id,
        "row_label": chunk.row_label,
        "start_line": chunk.start_line,
        "end_line": chunk.end_line,
        "dense_rank": hit.dense_rank,
        "bm25_rank": hit.bm25_rank,
        "chunk_id": chunk.id,
        "text": chunk.text,
    }


def as_langchain_retriever(retriever: HybridRetriever, k: int = 5, mode: str | None = None):
    """The retriever as a LangChain `BaseRetriever`, so an answer chain can compose it with `|`."""
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document as LCDocument
    from langchain_core.retrievers import BaseRetriever

    class ReportRetriever(BaseRetriever):
        """Hybrid dense + BM25 search over the economic-policy reports."""

        hybrid: object
        k: int = 5
        mode: str | None = None

        def _get_relevant_documents(
            self, query: str, *, run_manager: CallbackManagerForRetrieverRun
        ) -> list[LCDocument]:
            return [hit_to_langchain(hit, LCDocument) for hit in self.hybrid.search(query, self.k, self.mode)]

    return ReportRetriever(hybrid=retriever, k=k, mode=mode)


def hit_to_langchain(hit: Hit, document_cls):
    chunk = hit.chunk
    metadata = {
        "chunk_id": chunk.id,
        "doc_name": chunk.doc_name,
        "kind": chunk.kind,
        "locator": chunk.locator,
        "heading": " / ".join(chunk.heading),
        "start_line": chunk.start_line,
        "end_line": chunk.end_line,
        "table_id": chunk.table_id,
        "row_label": chunk.row_label,
        "score": hit.score,
        "dense_rank": hit.dense_rank,
        "bm25_rank": hit.bm25_rank,
    }
    return document_cls(page_content=chunk.text, metadata=metadata)
