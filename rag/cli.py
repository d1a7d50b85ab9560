"""`rag` command line: index, search, eval. Errors are one line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rag.settings import Settings

EXIT_USAGE = 2


class CliError(Exception):
    """A user-facing error: printed as one line."""


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        seeds_dir=getattr(args, "seeds", None),
        index_dir=getattr(args, "index", None),
        embedder=getattr(args, "embedder", None),
        embed_dim=getattr(args, "dim", None),
    )


def _components(settings: Settings):
    from rag.embedding import SentenceTransformerEmbedder
    from rag.glossary import Glossary

    return SentenceTransformerEmbedder(settings), Glossary.load()


def open_retriever(settings: Settings, rebuild: bool = True, log=print):
    """The hybrid retriever over a current index (shared by search, eval and the later answer stages)."""
    from rag.indexing import open_index
    from rag.retrieval import HybridRetriever
    from rag.thesaurus import Thesaurus

    embedder, glossary = _components(settings)
    index = open_index(settings, embedder, glossary, rebuild=rebuild, log=log)
    return HybridRetriever(index, embedder, settings, glossary, Thesaurus.load())


def cmd_index(args: argparse.Namespace) -> int:
    from rag.indexing import build_index, index_status

    settings = _settings(args)
    embedder, glossary = _components(settings)
    reasons = index_status(settings, embedder)
    if not reasons and not args.force:
        print(f"index in {settings.index_dir} is current; nothing to do (use --force to rebuild)")
        return 0
    report = build_index(settings, embedder, glossary, progress=not args.quiet)
    corpus = report.corpus
    print(
        f"indexed {report.documents} documents: {len(corpus.chunks)} chunks ({corpus.count('prose')} prose, "
        f"{corpus.count('table_row')} table rows, {corpus.count('table')} tables), {len(corpus.tables)} tables "
        f"parsed, glossary {corpus.labels_glossed}/{corpus.labels_total} labels, {report.seconds:.1f} s "
        f"-> {settings.index_dir}"
    )
    return 0


def log(message: str) -> None:
    """Progress and notices go to stderr, so stdout stays clean for --json."""
    print(message, file=sys.stderr)


def _hit_record(rank: int, hit) -> dict:
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


def cmd_search(args: argparse.Namespace) -> int:
    question = " ".join(args.question).strip()
    if not question:
        raise CliError('empty question; usage: rag search "QUESTION" -k 5')
    if args.k < 1:
        raise CliError("-k must be at least 1")
    settings = _settings(args)
    retriever = open_retriever(settings, rebuild=not args.no_rebuild, log=log)
    started = time.perf_counter()
    hits = retriever.search(question, k=args.k, mode=args.mode)
    elapsed_ms = (time.perf_counter() - started) * 1000
    records = [_hit_record(rank, hit) for rank, hit in enumerate(hits, 1)]
    if args.json:
        print(
            json.dumps(
                {
                    "question": question,
                    "mode": args.mode or settings.retrieval_mode,
                    "latency_ms": round(elapsed_ms, 1),
                    "hits": records,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    for record in records:
        where = record["locator"]
        heading = " / ".join(record["heading"])
        print(
            f"[{record['rank']}] {record['score']:.4f}  {record['doc']}  {where}"
            + (f"  | {heading}" if heading else "")
        )
        for line in record["text"].splitlines():
            print(f"    {line}")
        print()
    print(f"({len(records)} hits in {elapsed_ms:.0f} ms)", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    settings = _settings(args)
    retriever = open_retriever(settings, rebuild=True, log=log)
    out_dir = Path(args.out_dir)
    failures = []
    run_both = not (args.retrieval or args.numeric)
    if args.retrieval or run_both:
        from evals.retrieval import run_retrieval_eval

        report = run_retrieval_eval(retriever, Path(args.dataset), out_dir / "retrieval.json", sweep=args.sweep)
        recall5 = report["overall"]["recall@5"]
        if args.min_recall5 is not None and recall5 < args.min_recall5:
            failures.append(f"recall@5 {recall5:.3f} is below the threshold {args.min_recall5}")
    if args.numeric or run_both:
        from evals.numeric import run_numeric_eval

        engine = _engine(retriever, args.mode)
        report = run_numeric_eval(
            lambda q: engine.ask(q, args.mode),
            Path(args.dataset),
            out_dir,
            label=args.mode,
            tables=retriever.index.table,
        )
        accuracy = report["overall"]["accuracy"]
        if args.min_accuracy is not None and accuracy < args.min_accuracy:
            failures.append(f"answer accuracy {accuracy:.3f} is below the threshold {args.min_accuracy}")
    if failures:
        raise CliError("; ".join(failures))
    return 0


def _engine(retriever, mode: str):
    from rag.answer import AnswerEngine

    chat_model = None
    if mode == "llm":
        from rag.llm import LLMConfig, check_endpoint, make_chat_model

        config = LLMConfig.from_env()
        if config.backend == "none":
            raise CliError(
                "--mode llm needs an LLM: set RAG_LLM_BACKEND=openai and RAG_LLM_BASE_URL, or "
                "RAG_LLM_BACKEND=gguf and RAG_LLM_GGUF (see README)"
            )
        if config.backend == "openai":
            check_endpoint(config)
        chat_model = make_chat_model(config)
    return AnswerEngine(retriever, retriever.settings.prompts_dir, chat_model)


def _print_answer(answer) -> None:
    print(answer.text)
    if answer.formula:
        print(f"\nformula: {answer.formula}")
    if answer.citations:
        print("\nSources:")
        for citation in answer.citations:
            heading = " / ".join(citation.heading)
            print(f"  [{citation.n}] {citation.doc_name}, {citation.locator}" + (f" — {heading}" if heading else ""))
            quote = " ".join(citation.quote.split())
            print(f"      \u201c{quote[:300]}{'…' if len(quote) > 300 else ''}\u201d")
    for note in answer.notes:
        print(f"note: {note}", file=sys.stderr)


def cmd_ask(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from rag.answer import validate_question

    question = validate_question(" ".join(args.question))
    settings = _settings(args)
    retriever = open_retriever(settings, rebuild=not args.no_rebuild, log=log)
    engine = _engine(retriever, args.mode)
    if args.json:
        answer = engine.ask(question, args.mode)
        print(json.dumps(asdict(answer), ensure_ascii=False, indent=1))
        return 0
    answer = None
    for piece in engine.stream(question, args.mode):
        if isinstance(piece, str):
            if args.mode == "llm":
                print(piece, end="", flush=True)
        else:
            answer = piece
    if args.mode == "llm":
        print("\n")
        if answer.mode != "llm":
            print("(the LLM answer above failed verification; the grounded answer follows)\n")
    _print_answer(answer)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from evals.bench import main as bench_main

    runtime = ["--baseline-runtime", args.baseline_runtime]
    return bench_main(["--out-dir", args.out_dir, *runtime] + (["--quick"] if args.quick else []))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--seeds", type=Path, help="folder of .txt/.md documents (default: seeds/)")
        p.add_argument("--index", type=Path, help="index folder (default: index/)")
        p.add_argument("--embedder", help="sentence-transformers model name or path (default: EmbeddingGemma-300M)")
        p.add_argument("--dim", type=int, help="truncate embeddings to this Matryoshka size (768/512/256/128)")

    p_index = sub.add_parser("index", help="build the index (only when missing or stale unless --force)")
    common(p_index)
    p_index.add_argument("--force", action="store_true", help="rebuild even when the index is current")
    p_index.add_argument("--quiet", action="store_true", help="no progress bar")
    p_index.set_defaults(func=cmd_index)

    p_search = sub.add_parser("search", help="hybrid search; prints ranked hits")
    common(p_search)
    p_search.add_argument("question", nargs="+")
    p_search.add_argument("-k", type=int, default=5)
    p_search.add_argument("--mode", choices=["hybrid", "dense", "bm25"])
    p_search.add_argument("--json", action="store_true", help="machine-readable output")
    p_search.add_argument("--no-rebuild", action="store_true", help="refuse a stale index instead of rebuilding")
    p_search.set_defaults(func=cmd_search)

    p_ask = sub.add_parser("ask", help="answer a question with cited, verified numbers")
    common(p_ask)
    p_ask.add_argument("question", nargs="+")
    p_ask.add_argument("--mode", choices=["grounded", "llm"], default="grounded")
    p_ask.add_argument("--json", action="store_true", help="print the Answer as JSON")
    p_ask.add_argument("--no-rebuild", action="store_true", help="refuse a stale index instead of rebuilding")
    p_ask.set_defaults(func=cmd_ask)

    p_eval = sub.add_parser("eval", help="evaluate retrieval and answers on the dev set (both by default)")
    common(p_eval)
    p_eval.add_argument("--retrieval", action="store_true", help="only retrieval recall@k and MRR")
    p_eval.add_argument("--numeric", action="store_true", help="only answer accuracy, citations and refusals")
    p_eval.add_argument("--mode", choices=["grounded", "llm"], default="grounded")
    p_eval.add_argument("--dataset", default="evals/dev_set.jsonl")
    p_eval.add_argument("--out-dir", default="evals/reports")
    p_eval.add_argument("--sweep", action="store_true", help="also measure fusion weights and modes")
    p_eval.add_argument("--min-recall5", type=float, help="exit non-zero when recall@5 is below this")
    p_eval.add_argument("--min-accuracy", type=float, help="exit non-zero when answer accuracy is below this")
    p_eval.set_defaults(func=cmd_eval)

    p_bench = sub.add_parser("bench", help="benchmark against a vanilla LangChain pipeline (evals/bench.py)")
    p_bench.add_argument("--quick", action="store_true", help="two small seeds and a handful of questions")
    p_bench.add_argument("--out-dir", default="evals/reports")
    p_bench.add_argument(
        "--baseline-runtime",
        choices=["standard", "shared"],
        default="standard",
        help="standard: the baseline runs the model in sentence-transformers (torch); shared: this project's instance",
    )
    p_bench.set_defaults(func=cmd_bench)

    from rag import app, batch

    batch.register(sub, common)
    app.register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from rag.llm import LLMError
    from rag.models import ModelError
    from rag.store import IndexError_

    try:
        return args.func(args)
    except (CliError, IndexError_, ModelError, LLMError, ValueError, OSError) as exc:
        print(f"rag {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"rag {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
