"""Benchmark: this project against a vanilla LangChain RAG pipeline, in one process, interleaved.

Usage: `.venv/bin/python -m evals.bench [--quick] [--out-dir evals/reports]` .

The baseline is the standard recipe: LangChain's `RecursiveCharacterTextSplitter` (1000 characters, 200 overlap,
`add_start_index=True`) over the same seeds, the same EmbeddingGemma model with the same query/document prompts,
LangChain's `FAISS` vector store, top-5 similarity search. With `--baseline-runtime standard` (the default) the
baseline runs the model as LangChain's `HuggingFaceEmbeddings` does: sentence-transformers in torch, float32, the
model's own input limit (langchain-huggingface itself is not installed: it pins huggingface-hub below 2, which
transformers 5 needs). This project runs its default set-up (ONNX Runtime, passages cut at 512 tokens). With
`--baseline-runtime shared` both systems share this project's model instance, so the ratios compare the pipelines
alone.

Measured for both:
- index build, cold (an empty, temporary embedding cache) and, for this project, a warm rebuild (cache filled);
- per dev question, interleaved (the two systems alternate which goes first): the query embedding alone, retrieval
  (top 5, query embedding included), and the answer step: this project's grounded `AnswerEngine.ask` (retrieval
  with k=8, reading, verification); for the baseline, retrieval plus stuffing the 5 passages into the standard
  RAG prompt (what a vanilla chain does before it calls an LLM; no LLM is timed for either). The query-vector
  cache is cleared before every timed step, so each one embeds its query;
- recall@5 of the evidence (document, line and quote, matched as in `evals/retrieval.py`; baseline chunks get line
  ranges from their character offsets);
- peak RSS (VmHWM) of a separate process per system that loads the model and the index and answers the first
  RSS_QUESTIONS questions (in the benchmark process both share one model, so its own peak is reported too);
- for this project also numeric accuracy (`evals/numeric.py`) and `rag batch` throughput (`evals/bench_batch.py`).

Writes `bench.json`, `bench.md` (the table) and `bench.png` to the output folder (`bench-quick.*` with --quick)
and prints the table with ratios this project / baseline. `--quick` uses the two smallest seeds and a handful of
questions whose evidence is in them, to prove the benchmark works (CI); its figures are not the benchmark.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 5
QUICK_SEEDS = ("002_6386a5308b8f6e3e.txt", "004_cbb36238a0c1cc93.txt")
QUICK_QUESTIONS = 6
RSS_QUESTIONS = 20  # the peak comes with the model load; more questions only make the run longer
STUFF_PROMPT = (
    "Use the following pieces of context to answer the question at the end. If you don't know the answer, just say "
    "that you don't know, don't try to make up an answer.\n\n{context}\n\nQuestion: {question}\nHelpful Answer:"
)


# ------------------------------------------------------------------------------------------------ pure parts


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), numpy's linear interpolation, with one-line errors for no values or a bad q."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0-100")
    return float(np.percentile(values, q))


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 2),
        "p95": round(percentile(values, 95), 2),
        "mean": round(sum(values) / len(values), 2),
    }


def ratio(ours: float | None, theirs: float | None) -> float | None:
    """ours / theirs, or None when either is missing or the baseline is zero."""
    if ours is None or theirs is None or theirs == 0:
        return None
    return round(ours / theirs, 3)


def line_starts(text: str) -> list[int]:
    """Character offset where each line starts (line 1 at offset 0)."""
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def offset_to_line(starts: Sequence[int], offset: int) -> int:
    """The 1-based line holding the character at `offset`."""
    if offset < 0:
        raise ValueError(f"negative offset {offset}")
    return bisect.bisect_right(starts, offset)


@dataclass(frozen=True)
class BaselineChunk:
    """A splitter chunk with the fields `evals.retrieval.is_evidence` reads."""

    doc_name: str
    start_line: int
    end_line: int
    text: str


def split_documents(texts: dict[str, str], split: Callable[[str], list[tuple[int, str]]]) -> list[BaselineChunk]:
    """Chunks of every document; `split(text)` gives (start offset, chunk text) pairs."""
    chunks = []
    for name, text in texts.items():
        starts = line_starts(text)
        for start, piece in split(text):
            end = start + max(len(piece) - 1, 0)
            chunks.append(BaselineChunk(name, offset_to_line(starts, start), offset_to_line(starts, end), piece))
    return chunks


def langchain_split(text: str) -> list[tuple[int, str]]:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True)
    return [(doc.metadata["start_index"], doc.page_content) for doc in splitter.create_documents([text])]


def stuff(question: str, passages: Sequence[str]) -> str:
    return STUFF_PROMPT.format(context="\n\n".join(passages), question=question)


BASELINE_RUNTIMES = ("standard", "shared")


def baseline_settings(settings, runtime: str):
    """The baseline's embedding set-up: the standard recipe's (sentence-transformers in torch, float32, the model's
    own input limit, the same prompts), or None to share this project's embedder."""
    from dataclasses import replace

    if runtime not in BASELINE_RUNTIMES:
        raise ValueError(f"unknown baseline runtime {runtime!r}; use one of {', '.join(BASELINE_RUNTIMES)}")
    if runtime == "shared":
        return None
    return replace(settings, embed_backend="torch", embed_max_tokens=None, embed_dtype="float32", embed_quantize="")


def langchain_embeddings(embedder):
    """An embedder of this project as a LangChain `Embeddings` (the model's query and document prompts)."""
    from langchain_core.embeddings import Embeddings

    class SharedEmbeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed_documents(texts).tolist()

        def embed_query(self, text: str) -> list[float]:
            return np.asarray(embedder.embed_query(text)).tolist()

    return SharedEmbeddings()


# ------------------------------------------------------------------------------------------------ the report

ROWS = (
    # (label, key in a system's results, unit, format)
    ("model load", "model_load_s", "s", "{:.1f}"),
    ("index build, cold", "build_cold_s", "s", "{:.1f}"),
    ("index build, warm", "build_warm_s", "s", "{:.1f}"),
    ("chunks", "chunks", "", "{:.0f}"),
    ("query embedding p50", "embed_p50_ms", "ms", "{:.0f}"),
    ("query embedding p95", "embed_p95_ms", "ms", "{:.0f}"),
    ("retrieval p50", "retrieval_p50_ms", "ms", "{:.0f}"),
    ("retrieval p95", "retrieval_p95_ms", "ms", "{:.0f}"),
    ("answer p50", "answer_p50_ms", "ms", "{:.0f}"),
    ("answer p95", "answer_p95_ms", "ms", "{:.0f}"),
    ("peak RSS", "peak_rss_mb", "MB", "{:.0f}"),
    ("recall@5", "recall5", "", "{:.3f}"),
    ("numeric accuracy", "numeric_accuracy", "", "{:.3f}"),
    ("batch throughput", "batch_qps", "q/s", "{:.2f}"),
)


def table_rows(report: dict) -> list[dict]:
    ours, base = report["ours"], report["baseline"]
    rows = []
    for label, key, unit, fmt in ROWS:
        a, b = ours.get(key), base.get(key)
        if a is None and b is None:
            continue
        rows.append({"metric": label, "unit": unit, "ours": a, "baseline": b, "ratio": ratio(a, b), "fmt": fmt})
    return rows


def _cell(value, fmt: str) -> str:
    return "–" if value is None else fmt.format(value)


def markdown_table(report: dict) -> str:
    lines = ["| metric | unit | this project | baseline | ratio (this / baseline) |", "| --- | --- | --- | --- | --- |"]
    for row in table_rows(report):
        lines.append(
            f"| {row['metric']} | {row['unit']} | {_cell(row['ours'], row['fmt'])} | "
            f"{_cell(row['baseline'], row['fmt'])} | {_cell(row['ratio'], '{:.2f}')} |"
        )
    return "\n".join(lines)


def write_report(report: dict, out_dir: Path, stem: str) -> list[Path]:
    """`STEM.json` (everything), `STEM.md` (the table and conditions) and `STEM.png` (the chart)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{stem}.json", out_dir / f"{stem}.md", out_dir / f"{stem}.png"]
    paths[0].write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    conditions = report.get("conditions", {})
    paths[1].write_text(
        f"{markdown_table(report)}\n\nCommand: `{report.get('command', '')}`; "
        + "; ".join(f"{k}: {v}" for k, v in conditions.items())
        + "\n",
        encoding="utf-8",
    )
    write_chart(report, paths[2])
    return paths


def write_chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = (
        ("index build (s)", ("build_cold_s",), ("cold",)),
        ("latency p50 (ms)", ("embed_p50_ms", "retrieval_p50_ms", "answer_p50_ms"), ("embed", "retrieve", "answer")),
        ("peak RSS (MB)", ("peak_rss_mb",), ("RSS",)),
        ("recall@5", ("recall5",), ("recall@5",)),
    )
    fig, axes = plt.subplots(1, len(panels), figsize=(4 * len(panels), 3.6))
    for ax, (title, keys, labels) in zip(axes, panels, strict=True):
        x = np.arange(len(keys))
        for offset, (name, system) in ((-0.2, ("this project", "ours")), (0.2, ("baseline", "baseline"))):
            values = [report[system].get(key) or 0 for key in keys]
            ax.bar(x + offset, values, width=0.4, label=name)
        ax.set_xticks(x, labels)
        ax.set_title(title)
    axes[0].legend()
    fig.suptitle(f"econ-rag vs LangChain baseline ({report.get('label', '')})")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def print_table(report: dict, printer=print) -> None:
    header = f"{'metric':<22}{'unit':>5}{'this project':>14}{'baseline':>11}{'ratio':>8}"
    printer(header)
    printer("-" * len(header))
    for row in table_rows(report):
        printer(
            f"{row['metric']:<22}{row['unit']:>5}{_cell(row['ours'], row['fmt']):>14}"
            f"{_cell(row['baseline'], row['fmt']):>11}{_cell(row['ratio'], '{:.2f}'):>8}"
        )


# ------------------------------------------------------------------------------------------------ measuring


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). ru_maxrss is not used where VmHWM exists: Linux carries it over
    from the parent across fork and exec, so a child started by a 1.5 GB parent would report at least that."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _timed(fn: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    value = fn()
    return value, (time.perf_counter() - started) * 1000


@dataclass
class Workspace:
    """Temporary seeds, cache and index folders for one benchmark run."""

    root: Path
    seeds: Path

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def baseline(self) -> Path:
        return self.root / "baseline"


def _seed_folder(root: Path, quick: bool) -> Path:
    if not quick:
        return ROOT / "seeds"
    folder = root / "seeds"
    folder.mkdir()
    for name in QUICK_SEEDS:
        (folder / name).write_bytes((ROOT / "seeds" / name).read_bytes())
    return folder


def _questions(dataset: Path, quick: bool) -> list:
    from evals.numeric import load_dev_set

    questions = load_dev_set(dataset)
    if quick:
        questions = [q for q in questions if q.evidence and all(ev["doc"] in QUICK_SEEDS for ev in q.evidence)]
        questions = questions[:QUICK_QUESTIONS]
    return questions


class Ours:
    """This project: the index built into the workspace, the hybrid retriever and the grounded answer engine."""

    def __init__(self, settings, embedder, glossary, work: Workspace):
        from dataclasses import replace

        self.settings = replace(settings, seeds_dir=work.seeds, index_dir=work.index, cache_dir=work.cache)
        self.embedder, self.glossary = embedder, glossary
        self.results: dict = {}

    def build(self, key: str) -> None:
        from rag.index.build import build_index

        report, ms = _timed(
            lambda: build_index(self.settings, self.embedder, self.glossary, log=lambda _m: None, progress=False)
        )
        self.results[key] = round(ms / 1000, 1)
        self.results["chunks"] = len(report.corpus.chunks)

    def open(self) -> None:
        from rag.answer.chain import AnswerEngine
        from rag.index.build import open_index
        from rag.retrieve.hybrid import HybridRetriever
        from rag.text.thesaurus import Thesaurus

        index = open_index(self.settings, self.embedder, self.glossary, rebuild=False)
        self.retriever = HybridRetriever(index, self.embedder, self.settings, self.glossary, Thesaurus.load())
        self.engine = AnswerEngine(self.retriever, self.settings.prompts_dir)
        self.engine.ask("warm-up: manufacturing investment in 2022")  # BM25 and the chain are built once

    def measure(self, question) -> dict:
        from evals.numeric import score_answer
        from evals.retrieval import first_relevant_rank

        self.embedder.clear_query_cache()
        _, embed_ms = _timed(lambda: self.embedder.embed_query(question.question))
        self.embedder.clear_query_cache()
        hits, retrieval_ms = _timed(lambda: self.retriever.search(question.question, k=TOP_K))
        self.embedder.clear_query_cache()
        answer, answer_ms = _timed(lambda: self.engine.ask(question.question))
        rank = first_relevant_rank([hit.chunk for hit in hits], question.evidence) if question.evidence else None
        score = score_answer(question, answer, tables=self.retriever.index.table)
        return {
            "embed_ms": embed_ms,
            "retrieval_ms": retrieval_ms,
            "answer_ms": answer_ms,
            "rank": rank,
            "score": score,
        }


class Baseline:
    """The vanilla recipe: character splitter, the same model through LangChain, LangChain's FAISS, top 5."""

    def __init__(self, embedder, work: Workspace):
        self.embedder, self.work = embedder, work
        self.embeddings = langchain_embeddings(embedder)
        self.results: dict = {}

    def texts(self) -> dict[str, str]:
        from rag.ingest.corpus import load_documents

        documents, _ = load_documents(self.work.seeds)
        return {doc.name: "\n".join(doc.lines) for doc in documents}

    def build(self) -> None:
        def run():
            from langchain_community.vectorstores import FAISS
            from langchain_core.documents import Document

            chunks = split_documents(self.texts(), langchain_split)
            docs = [Document(page_content=c.text, metadata={"i": i}) for i, c in enumerate(chunks)]
            return chunks, FAISS.from_documents(docs, self.embeddings)

        (self.chunks, self.store), ms = _timed(run)
        self.results["build_cold_s"] = round(ms / 1000, 1)
        self.results["chunks"] = len(self.chunks)
        self._save()

    def _save(self) -> None:
        """Vectors and chunks for the RSS child (npy + JSON; LangChain's own save_local would pickle)."""
        self.work.baseline.mkdir(parents=True, exist_ok=True)
        np.save(self.work.baseline / "vectors.npy", self.store.index.reconstruct_n(0, self.store.index.ntotal))
        (self.work.baseline / "chunks.json").write_text(
            json.dumps([c.__dict__ for c in self.chunks], ensure_ascii=False), encoding="utf-8"
        )

    def retrieve(self, question: str) -> list[BaselineChunk]:
        return [self.chunks[doc.metadata["i"]] for doc in self.store.similarity_search(question, k=TOP_K)]

    def answer(self, question: str) -> str:
        return stuff(question, [chunk.text for chunk in self.retrieve(question)])

    def measure(self, question) -> dict:
        from evals.retrieval import first_relevant_rank

        self.embedder.clear_query_cache()
        _, embed_ms = _timed(lambda: self.embeddings.embed_query(question.question))
        self.embedder.clear_query_cache()
        chunks, retrieval_ms = _timed(lambda: self.retrieve(question.question))
        self.embedder.clear_query_cache()
        _, answer_ms = _timed(lambda: self.answer(question.question))
        rank = first_relevant_rank(chunks, question.evidence) if question.evidence else None
        return {"embed_ms": embed_ms, "retrieval_ms": retrieval_ms, "answer_ms": answer_ms, "rank": rank}


def summarise(runs: list[dict], results: dict) -> None:
    """Latency percentiles and recall@5 from per-question runs, into `results`."""
    for step in ("embed", "retrieval", "answer"):
        stats = summary([run[f"{step}_ms"] for run in runs])
        results[f"{step}_p50_ms"], results[f"{step}_p95_ms"] = stats["p50"], stats["p95"]
    ranks = [run["rank"] for run in runs if run.get("evidence")]
    results["recall5_n"] = len(ranks)
    results["recall5"] = round(sum(1 for r in ranks if r is not None and r <= TOP_K) / len(ranks), 3) if ranks else None


def interleave(questions: list, ours: Ours, baseline: Baseline, printer=print) -> tuple[list[dict], list[dict]]:
    """Each question through both systems; who goes first alternates, so drift on a busy machine hits both."""
    ours_runs, base_runs = [], []
    for i, question in enumerate(questions):
        order = ((ours, ours_runs), (baseline, base_runs))
        for system, runs in order if i % 2 == 0 else reversed(order):
            run = system.measure(question)
            run["evidence"] = bool(question.evidence)
            runs.append(run)
        if (i + 1) % 25 == 0:
            printer(f"  {i + 1}/{len(questions)} questions")
    return ours_runs, base_runs


def rss_child(system: str, work: Path, dataset: Path, quick: bool, runtime: str) -> float:
    """Peak RSS (MB) of a fresh process that loads the model and `system`'s index and answers the questions."""
    command = [
        sys.executable,
        "-m",
        "evals.bench",
        "--rss-child",
        system,
        "--work",
        str(work),
        "--dataset",
        str(dataset),
        "--baseline-runtime",
        runtime,
    ] + (["--quick"] if quick else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"RSS child for {system} failed: {done.stderr.strip().splitlines()[-1:]}")
    return float(json.loads(done.stdout.strip().splitlines()[-1])["peak_rss_mb"])


def run_rss_child(system: str, work_root: Path, dataset: Path, quick: bool, runtime: str) -> int:
    from rag.index.embedding import SentenceTransformerEmbedder
    from rag.settings import Settings
    from rag.text.glossary import Glossary

    settings = Settings.from_env()
    own = baseline_settings(settings, runtime) if system == "baseline" else None
    embedder = SentenceTransformerEmbedder(own or settings)
    seeds = work_root / "seeds" if quick else ROOT / "seeds"
    work = Workspace(work_root, seeds)
    questions = _questions(dataset, quick)[:RSS_QUESTIONS]
    if system == "ours":
        ours = Ours(settings, embedder, Glossary.load(), work)
        ours.open()
        for question in questions:
            ours.engine.ask(question.question)
    else:
        from langchain_community.vectorstores import FAISS

        baseline = Baseline(embedder, work)
        vectors = np.load(work.baseline / "vectors.npy")
        baseline.chunks = [BaselineChunk(**c) for c in json.loads((work.baseline / "chunks.json").read_text("utf-8"))]
        pairs = [(c.text, v.tolist()) for c, v in zip(baseline.chunks, vectors, strict=True)]
        baseline.store = FAISS.from_embeddings(pairs, baseline.embeddings, [{"i": i} for i in range(len(pairs))])
        for question in questions:
            baseline.answer(question.question)
    print(json.dumps({"peak_rss_mb": peak_rss_mb()}))
    return 0


def conditions() -> dict:
    import torch

    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
    }


def run(args: argparse.Namespace, printer=print) -> dict:
    from evals.bench_batch import measure_batch
    from evals.numeric import grouped
    from rag.index.embedding import SentenceTransformerEmbedder
    from rag.settings import Settings
    from rag.text.glossary import Glossary

    settings = Settings.from_env()
    embedder, glossary = SentenceTransformerEmbedder(settings), Glossary.load()
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        work = Workspace(Path(tmp), _seed_folder(Path(tmp), args.quick))
        questions = _questions(args.dataset, args.quick)
        own = baseline_settings(settings, args.baseline_runtime)
        base_embedder = SentenceTransformerEmbedder(own) if own else embedder
        _, load_ms = _timed(lambda: embedder.embed_documents(["warm-up"]))
        _, base_load_ms = _timed(lambda: base_embedder.embed_documents(["warm-up"])) if own else (None, load_ms)
        ours, baseline = Ours(settings, embedder, glossary, work), Baseline(base_embedder, work)
        ours.results["model_load_s"] = round(load_ms / 1000, 1)
        baseline.results["model_load_s"] = round(base_load_ms / 1000, 1)
        printer(
            f"models loaded ({ours.results['model_load_s']} s; baseline {args.baseline_runtime}: "
            f"{baseline.results['model_load_s']} s); cold builds (baseline, then this project) ..."
        )
        baseline.build()
        ours.build("build_cold_s")
        ours.build("build_warm_s")
        ours.open()
        printer(f"{len(questions)} questions through both systems ...")
        ours_runs, base_runs = interleave(questions, ours, baseline, printer)
        summarise(ours_runs, ours.results)
        summarise(base_runs, baseline.results)
        ours.results["numeric_accuracy"] = grouped([run["score"] for run in ours_runs])["overall"]["accuracy"]
        records = [{"id": q.id, "lang": q.lang, "kind": q.kind, "question": q.question} for q in questions]
        embedder.clear_query_cache()
        batch = measure_batch(ours.engine, records)
        ours.results["batch_qps"] = batch["questions_per_s"]
        process_rss = peak_rss_mb()
        printer("peak RSS of one process per system ...")
        for system in (ours, baseline):
            name = "ours" if system is ours else "baseline"
            system.results["peak_rss_mb"] = rss_child(name, work.root, args.dataset, args.quick, args.baseline_runtime)
    report = {
        "label": "quick (2 small seeds, a handful of questions)" if args.quick else "full (all seeds, dev set)",
        "command": "python -m evals.bench"
        + (" --quick" if args.quick else "")
        + ("" if args.baseline_runtime == "standard" else f" --baseline-runtime {args.baseline_runtime}"),
        "baseline_runtime": args.baseline_runtime,
        "questions": len(questions),
        "ours": ours.results,
        "baseline": baseline.results,
        "batch": batch,
        "benchmark_process_peak_rss_mb": process_rss,
        "conditions": conditions(),
    }
    report["ratios"] = {row["metric"]: row["ratio"] for row in table_rows(report) if row["ratio"] is not None}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two small seeds and a handful of questions (CI)")
    parser.add_argument("--dataset", type=Path, default=ROOT / "evals" / "dev_set.jsonl")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "evals" / "reports")
    parser.add_argument(
        "--baseline-runtime",
        choices=BASELINE_RUNTIMES,
        default="standard",
        help="standard: the baseline runs the model in sentence-transformers (torch), as LangChain's "
        "HuggingFaceEmbeddings does; shared: it shares this project's model instance (compares pipelines only)",
    )
    parser.add_argument("--rss-child", choices=["ours", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.dataset.is_file():
        print(f"bench: error: no dataset at {args.dataset}", file=sys.stderr)
        return 2
    if args.rss_child:
        return run_rss_child(args.rss_child, args.work, args.dataset, args.quick, args.baseline_runtime)
    started = time.perf_counter()
    report = run(args)
    report["seconds"] = round(time.perf_counter() - started, 1)
    print_table(report)
    paths = write_report(report, args.out_dir, "bench-quick" if args.quick else "bench")
    print(f"{report['questions']} questions in {report['seconds']:.0f} s; written {', '.join(map(str, paths))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
