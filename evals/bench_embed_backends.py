"""Embedding backends compared in one process, interleaved: document and query speed, and cosine to the first.

Usage: `.venv/bin/python -m evals.bench_embed_backends torch onnx onnx-block8 onnx-int8 onnx:1 [--rounds 2]`.
A variant is BACKEND[-block8|-int8|-bfloat16][:THREADS]: plain `onnx` is the float32 graph, block8 is onnx only
(THREADS only for onnx: ONNX Runtime sessions are per variant,
torch's thread count is per process, `RAG_TORCH_THREADS`). The first variant is the reference for the cosines.
Sample: 48 chunks of the index (seed 1) and the first 20 dev questions, with the default 512-token cap. Each round
runs every variant in turn (documents, then each question alone), so all variants see the same machine load;
compare the ratios. Prints one JSON line per variant and writes `evals/reports/embed-backends.json`.
Recall needs a rebuilt index: `RAG_EMBED_BACKEND=onnx RAG_INDEX_DIR=/tmp/idx-onnx python -m evals --retrieval`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from dataclasses import replace

import numpy as np

from evals.bench import ROOT, percentile

OUT = ROOT / "evals" / "reports" / "embed-backends.json"


def sample() -> tuple[list[str], list[str]]:
    chunks = [json.loads(line) for line in (ROOT / "index" / "chunks.jsonl").open(encoding="utf-8")]
    with (ROOT / "evals" / "dev_set.jsonl").open(encoding="utf-8") as file:
        questions = [json.loads(line)["question"] for line in file if line.strip()][:20]
    return [c["text"] for c in random.Random(1).sample(chunks, 48)], questions


def variant_settings(variant: str, base):
    """`onnx-int8:1` -> backend onnx, int8 quantization, one ONNX Runtime thread."""
    spec, _, threads = variant.partition(":")
    backend, _, option = spec.partition("-")
    known = option in ("", "int8", "bfloat16") or (option == "block8" and backend == "onnx")
    if backend not in ("torch", "onnx") or not known or (threads and backend != "onnx"):
        raise SystemExit(f"unknown variant {variant!r}; use torch[-int8|-bfloat16] or onnx[-block8|-int8][:THREADS]")
    return replace(
        base,
        embed_backend=backend,
        embed_quantize=option if option in ("int8", "block8") else "",
        embed_dtype="bfloat16" if option == "bfloat16" else "float32",
        torch_threads=int(threads) if threads else base.torch_threads,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="+")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    from rag.index.embedding import SentenceTransformerEmbedder
    from rag.settings import Settings

    base = Settings.from_env()
    models = {v: SentenceTransformerEmbedder(variant_settings(v, base)).model for v in args.variants}
    docs, questions = sample()
    for model in models.values():
        model.encode_query(["warm-up"])
        model.encode_document(docs[:4], batch_size=base.embed_batch_size)
    doc_seconds = {v: [] for v in models}
    latencies = {v: [] for v in models}
    vectors = {}
    for _ in range(args.rounds):
        for variant, model in models.items():
            started = time.perf_counter()
            doc_vectors = model.encode_document(docs, batch_size=base.embed_batch_size, normalize_embeddings=True)
            doc_seconds[variant].append(time.perf_counter() - started)
            for question in questions:
                started = time.perf_counter()
                model.encode_query([question], normalize_embeddings=True)
                latencies[variant].append((time.perf_counter() - started) * 1000)
            query_vectors = model.encode_query(questions, normalize_embeddings=True)
            vectors[variant] = (np.asarray(doc_vectors, np.float32), np.asarray(query_vectors, np.float32))
    reference = vectors[args.variants[0]]
    rows = []
    for variant in models:
        doc_cos = (vectors[variant][0] * reference[0]).sum(axis=1)
        query_cos = (vectors[variant][1] * reference[1]).sum(axis=1)
        rows.append(
            {
                "variant": variant,
                "docs": len(docs),
                "doc_s": [round(s, 1) for s in doc_seconds[variant]],
                "docs_per_s": round(len(docs) * len(doc_seconds[variant]) / sum(doc_seconds[variant]), 2),
                "query_p50_ms": round(percentile(latencies[variant], 50), 1),
                "doc_cosine_mean": round(float(doc_cos.mean()), 4),
                "doc_cosine_min": round(float(doc_cos.min()), 4),
                "query_cosine_mean": round(float(query_cos.mean()), 4),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"load_average": os.getloadavg(), "rows": rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
