"""Retrieval evaluation: recall@1/5/10 and MRR of the evidence on the dev set, overall and by language/kind.

A hit counts as evidence when it comes from the evidence's document, its line range covers the evidence line,
and its text contains the evidence quote (long prose lines hold several chunks; the quote pins the sentence).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from evals.numeric import DevQuestion as Question
from evals.numeric import load_dev_set
from rag.retrieve.hybrid import HybridRetriever, top_indices, weighted_rrf
from rag.types import Chunk

KS = (1, 5, 10)
DEPTH = 10


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def is_evidence(chunk: Chunk, evidence: Iterable[dict]) -> bool:
    text = _squash(chunk.text)
    return any(
        chunk.doc_name == ev["doc"]
        and chunk.start_line <= ev["line"] <= chunk.end_line
        and _squash(ev.get("quote", "")) in text
        for ev in evidence
    )


def first_relevant_rank(chunks: list[Chunk], evidence: tuple[dict, ...]) -> int | None:
    return next((rank for rank, chunk in enumerate(chunks, 1) if is_evidence(chunk, evidence)), None)


def score_ranks(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    metrics = {f"recall@{k}": sum(1 for r in ranks if r is not None and r <= k) / n for k in KS}
    metrics["mrr@10"] = sum(1.0 / r for r in ranks if r is not None and r <= DEPTH) / n
    metrics["n"] = len(ranks)
    return metrics


def grouped(questions: list[Question], ranks: list[int | None]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[int | None]] = defaultdict(list)
    for question, rank in zip(questions, ranks, strict=True):
        groups["overall"].append(rank)
        groups[f"lang={question.lang}"].append(rank)
        groups[f"kind={question.kind}"].append(rank)
        if question.cross_lingual:
            groups["cross_lingual"].append(rank)
    return {name: score_ranks(values) for name, values in sorted(groups.items())}


def _sweep(retriever: HybridRetriever, questions: list[Question]) -> dict[str, dict[str, float]]:
    """Recall and MRR for several fusion settings, from one dense and one BM25 ranking per question."""
    chunks = retriever.index.chunks
    n = retriever.settings.candidates
    runs = []
    for question in questions:
        query = retriever.thesaurus.expand(question.question) if retriever.thesaurus else question.question
        dense, _ = retriever.dense_ranking(query, n)
        bm25 = top_indices(retriever.bm25_scores(query), n, positive_only=True)
        runs.append((dense, bm25))
    configs = {"dense": (1.0, 0.0, 60), "bm25": (0.0, 1.0, 60)}
    for weight in (0.1, 0.2, 0.3, 0.5, 0.7, 1.0):
        for k in (10, 60):
            configs[f"rrf w_bm25={weight} k={k}"] = (1.0, weight, k)
    results = {}
    for name, (w_dense, w_bm25, k) in configs.items():
        ranks = []
        for question, (dense, bm25) in zip(questions, runs, strict=True):
            fused = weighted_rrf([(dense, w_dense), (bm25, w_bm25)], k)
            order = sorted(fused, key=lambda item: (-fused[item], item))[:DEPTH]
            ranks.append(first_relevant_rank([chunks[i] for i in order], question.evidence))
        results[name] = score_ranks(ranks)
    return results


def run_retrieval_eval(
    retriever: HybridRetriever, dataset: Path, out: Path, sweep: bool = False, printer=print
) -> dict:
    questions = [q for q in load_dev_set(dataset) if q.evidence]
    if not questions:
        raise ValueError(f"{dataset} has no questions with evidence")
    ranks, misses = [], []
    for question in questions:
        hits = retriever.search(question.question, k=DEPTH)
        rank = first_relevant_rank([hit.chunk for hit in hits], question.evidence)
        ranks.append(rank)
        if rank is None or rank > 5:
            misses.append(
                {
                    "id": question.id,
                    "question": question.question,
                    "rank": rank,
                    "top": [hit.chunk.locator for hit in hits[:3]],
                }
            )
    report = {
        "dataset": str(dataset),
        "mode": retriever.settings.retrieval_mode,
        "settings": {
            "dense_weight": retriever.settings.dense_weight,
            "bm25_weight": retriever.settings.bm25_weight,
            "fusion_k": retriever.settings.fusion_k,
            "embedder": retriever.embedder.name,
        },
        "chunks": len(retriever.index.chunks),
        "groups": grouped(questions, ranks),
        "misses_at_5": misses,
    }
    report["overall"] = report["groups"]["overall"]
    if sweep:
        report["sweep"] = _sweep(retriever, questions)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print_report(report, printer)
    printer(f"report written to {out}")
    return report


def print_report(report: dict, printer=print) -> None:
    header = f"{'group':<26}{'n':>5}{'R@1':>8}{'R@5':>8}{'R@10':>8}{'MRR':>8}"
    printer(header)
    printer("-" * len(header))
    rows = list(report["groups"].items()) + [(f"[sweep] {k}", v) for k, v in report.get("sweep", {}).items()]
    for name, m in rows:
        printer(
            f"{name:<26}{m['n']:>5}{m['recall@1']:>8.3f}{m['recall@5']:>8.3f}{m['recall@10']:>8.3f}{m['mrr@10']:>8.3f}"
        )
