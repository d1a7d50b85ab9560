"""Embedding speed options on a fixed sample: document and query encoding time, and how far the vectors move.

Usage: `.venv/bin/python -m evals.bench_embed_options VARIANT` with VARIANT `fp32`, `max512` or `int8_max512`
(run each, back to back), then `... --compare fp32 int8_max512`. The sample is every other whole-table chunk of the
index (10 of 19, by length) and 40 row or prose chunks (seed 0), and the first 20 dev questions. Vectors go to
`evals/reports/embed-options/VARIANT*.npy`; `--compare` prints the mean cosine between two variants' vectors and
the overlap of the top 5 of each question over the sample. Speed and drift only: recall needs a rebuilt index
(`RAG_EMBED_QUANTIZE=int8 RAG_EMBED_MAX_TOKENS=512 python -m evals --retrieval`).
"""

from __future__ import annotations

import json
import os
import random
import sys
import time

import numpy as np

from evals.bench import ROOT, percentile

OUT = ROOT / "evals" / "reports" / "embed-options"


def sample_texts() -> tuple[list[str], list[str]]:
    chunks = [json.loads(line) for line in (ROOT / "index" / "chunks.jsonl").open(encoding="utf-8")]
    tables = sorted((c["text"] for c in chunks if c["kind"] == "table"), key=len)
    others = random.Random(0).sample([c for c in chunks if c["kind"] != "table"], 40)
    with (ROOT / "evals" / "dev_set.jsonl").open(encoding="utf-8") as file:
        questions = [json.loads(line)["question"] for line in file if line.strip()][:20]
    return tables[::2] + [c["text"] for c in others], questions


def measure(variant: str) -> dict:
    from rag.index.embedding import SentenceTransformerEmbedder
    from rag.settings import Settings

    settings = Settings.from_env(
        embed_max_tokens=512 if "max512" in variant else None, embed_quantize="int8" if "int8" in variant else None
    )
    model = SentenceTransformerEmbedder(settings).model
    docs, questions = sample_texts()
    model.encode_query(["warm-up"])
    started = time.perf_counter()
    doc_vectors = model.encode_document(docs, batch_size=settings.embed_batch_size, normalize_embeddings=True)
    doc_s = time.perf_counter() - started
    latencies = []
    for question in questions:
        started = time.perf_counter()
        model.encode_query([question], normalize_embeddings=True)
        latencies.append((time.perf_counter() - started) * 1000)
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / f"{variant}.npy", doc_vectors)
    np.save(OUT / f"{variant}_q.npy", model.encode_query(questions, normalize_embeddings=True))
    return {
        "variant": variant,
        "docs": len(docs),
        "doc_s": round(doc_s, 1),
        "query_p50_ms": round(percentile(latencies, 50), 1),
        "load_average": round(os.getloadavg()[0], 1),
    }


def compare(a: str, b: str) -> dict:
    docs_a, docs_b = np.load(OUT / f"{a}.npy"), np.load(OUT / f"{b}.npy")
    queries_a, queries_b = np.load(OUT / f"{a}_q.npy"), np.load(OUT / f"{b}_q.npy")
    top_a = np.argsort(-queries_a @ docs_a.T, axis=1)[:, :5]
    top_b = np.argsort(-queries_b @ docs_b.T, axis=1)[:, :5]
    return {
        "doc_cosine_mean": round(float((docs_a * docs_b).sum(1).mean()), 3),
        "query_cosine_mean": round(float((queries_a * queries_b).sum(1).mean()), 3),
        "top5_overlap": round(float(np.mean([len(set(x) & set(y)) / 5 for x, y in zip(top_a, top_b, strict=True)])), 3),
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--compare"] and len(argv) == 3:
        print(json.dumps(compare(argv[1], argv[2])))
        return 0
    if len(argv) != 1 or argv[0] not in ("fp32", "max512", "int8_max512"):
        print("usage: python -m evals.bench_embed_options fp32|max512|int8_max512 | --compare A B", file=sys.stderr)
        return 2
    print(json.dumps(measure(argv[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
