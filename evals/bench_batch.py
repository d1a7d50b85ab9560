"""Throughput of `rag batch` over the dev-set questions, timed after the models are loaded.

Usage: `.venv/bin/python evals/bench_batch.py [--dataset evals/dev_set.jsonl] [--mode grounded] [--repeat 1]`

Loads the retriever and the answer engine once (reported separately), answers one warm-up question, then runs
`rag.batch.run_batch` over a CSV of the dev-set questions with the loaded engine and prints questions/second. Uses
the real index (`Settings.from_env()`); build it first with `rag index`. `RAG_TORCH_THREADS=1` measured 2.5x
faster than the default 2 threads while another process kept one of the 2 cores busy (oversubscribed OpenMP).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dev_questions(dataset: Path) -> list[dict]:
    with dataset.open(encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


def write_input(path: Path, records: list[dict], repeat: int) -> int:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["id", "lang", "kind", "question"])
        rows = [[r["id"], r["lang"], r["kind"], r["question"]] for _ in range(repeat) for r in records]
        writer.writerows(rows)
    return len(rows)


def load_engine(mode: str):
    from rag.cli import _engine, open_retriever
    from rag.settings import Settings

    retriever = open_retriever(Settings.from_env(), rebuild=False, log=lambda m: print(m, file=sys.stderr))
    return _engine(retriever, mode)


def _conditions() -> str:
    """Torch threads and machine load: on a shared 2-core machine they change the figure several-fold."""
    import os

    import torch

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"torch threads {torch.get_num_threads()}, {os.cpu_count()} CPUs, load average {load}"


def measure_batch(engine, records: list[dict], mode: str = "grounded", repeat: int = 1) -> dict:
    """Answer `records` (dev-set rows) through `rag.batch.run_batch` with a loaded engine; throughput and latency."""
    from evals.bench import percentile
    from rag.batch import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        source, output = Path(tmp) / "questions.csv", Path(tmp) / "answers.csv"
        count = write_input(source, records, repeat)
        started = time.perf_counter()
        counts = run_batch(source, output, lambda: engine, mode=mode, progress=False, log=lambda _m: None)
        seconds = time.perf_counter() - started
        with output.open(encoding="utf-8-sig", newline="") as file:
            latencies = [float(row["latency_ms"]) for row in csv.DictReader(file)]
    return {
        "questions": count,
        "refused": counts["refused"],
        "errors": counts["errors"],
        "seconds": round(seconds, 2),
        "questions_per_s": round(count / seconds, 2),
        "latency_p50_ms": round(percentile(latencies, 50), 1),
        "latency_p95_ms": round(percentile(latencies, 95), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=ROOT / "evals" / "dev_set.jsonl")
    parser.add_argument("--mode", choices=["grounded", "llm"], default="grounded")
    parser.add_argument("--repeat", type=int, default=1, help="ask the dev set this many times")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    engine = load_engine(args.mode)
    engine.ask("warm-up: manufacturing investment in 2022", args.mode)
    load_s = time.perf_counter() - started
    result = measure_batch(engine, dev_questions(args.dataset), args.mode, args.repeat)
    print(f"models loaded and warm in {load_s:.1f} s; {_conditions()}")
    print(
        f"{result['questions']} questions ({result['refused']} refused, {result['errors']} errors) in "
        f"{result['seconds']:.1f} s: {result['questions_per_s']:.2f} questions/s; latency median "
        f"{result['latency_p50_ms']:.0f} ms, p95 {result['latency_p95_ms']:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
