"""`rag` command line: index, add, documents, search, ask (and batch, chat).

Errors are one line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rag import engine as pipeline
from rag.engine import EngineError, document_names, log, resolve_documents
from rag.settings import Settings
from rag.text.clean import one_line
from rag.text.redact import install_log_redaction

EXIT_USAGE = 2


class CliError(Exception):
    """A user-facing error: printed as one line."""


def cmd_index(args: argparse.Namespace) -> int:
    from rag.index.build import build_index, index_status

    settings = Settings.from_args(args)
    embedder, glossary = pipeline.load_components(settings)
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
    for line in coverage_lines(corpus.coverage):
        print(line)
    return 0


COVERAGE_LINES = 20


def coverage_lines(coverage) -> list[str]:
    """The table report of `rag index`: a total, then the documents short of the goal and the others with tables,
    at most COVERAGE_LINES of them (`rag.ingest.coverage`)."""
    from rag.ingest.coverage import total

    with_tables = sorted((c for c in coverage if c.tables or c.blocks), key=lambda c: (c.complete, c.doc_name))
    if not with_tables:
        return []
    lines = [f"table report, {total(coverage).line()}"]
    lines += [f"  {c.line()}" for c in with_tables[:COVERAGE_LINES]]
    rest = with_tables[COVERAGE_LINES:]
    if rest:
        short = sum(not c.complete for c in rest)
        lines.append(f"  … and {len(rest)} more documents with tables ({short} of them short of the goal)")
    return lines


def cmd_add(args: argparse.Namespace) -> int:
    settings = Settings.from_args(args)
    result = pipeline.add_reports(settings, args.files, log=log)
    print(result.summary())
    return 1 if result.refused and not (result.added or result.replaced or result.unchanged) else 0


def document_rows(settings: Settings) -> dict:
    """What `rag documents` shows: the indexed documents, the files skipped, and files not indexed yet."""
    from rag.index.store import read_manifest
    from rag.ingest.corpus import source_hashes

    manifest = read_manifest(settings.index_dir)
    current = source_hashes(settings.seeds_dir, settings.max_file_mb)
    documents = manifest.documents or {name: {} for name in manifest.sources if name not in manifest.skipped}
    changed = sorted(name for name, digest in current.items() if manifest.sources.get(name) != digest)
    removed = sorted(name for name in manifest.sources if name not in current)
    return {
        "index": str(settings.index_dir),
        "documents": [{"name": name, **info} for name, info in sorted(documents.items())],
        "skipped": manifest.skipped,
        "not_indexed": changed,
        "removed": removed,
        "details": bool(manifest.documents),
    }


def cmd_documents(args: argparse.Namespace) -> int:
    from rag.ingest.coverage import TableCoverage
    from rag.ingest.documents import display_name

    rows = document_rows(Settings.from_args(args))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print(f"{'document':40} {'format':6} {'pages':>5} {'chunks':>6} {'tables':>6}  title")
    for doc in rows["documents"]:
        name = display_name(doc["name"])
        pages = doc.get("pages") or "-"
        print(
            f"{name:40} {doc.get('format', '?'):6} {pages:>5} {doc.get('chunks', '?'):>6} {doc.get('tables', '?'):>6}"
            f"  {doc.get('title', '')}"
        )
        for warning in doc.get("warnings", ()):
            print(f"    warning: {warning}")
        coverage = TableCoverage.from_dict(doc["table_coverage"]) if doc.get("table_coverage") else None
        if coverage is not None and not coverage.complete:
            print(f"    tables: {coverage.line().split(': ', 1)[1]}")
    for problem in rows["skipped"].values():
        print(f"skipped: {problem}")
    if rows["not_indexed"] or rows["removed"]:
        names = ", ".join(display_name(name) for name in rows["not_indexed"] + rows["removed"])
        print(f"changed since the index was built: {names} (run `rag index` to update)")
    if not rows["details"]:
        print("(this index predates per-document details; `rag index --force` rebuilds it with them)")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from rag.answer.chain import validate_question
    from rag.retrieve.hybrid import hit_record

    question = " ".join(args.question).strip()
    if not question:
        raise CliError('empty question; usage: rag search "QUESTION" -k 5')
    question = validate_question(question)
    if args.k < 1:
        raise CliError("-k must be at least 1")
    settings = Settings.from_args(args)
    retriever = pipeline.open_retriever(settings, rebuild=not args.no_rebuild, log=log)
    documents = resolve_documents(args.document, document_names(retriever.index))
    started = time.perf_counter()
    hits = retriever.search(question, k=args.k, mode=args.mode, documents=documents)
    elapsed_ms = (time.perf_counter() - started) * 1000
    records = [hit_record(rank, hit) for rank, hit in enumerate(hits, 1)]
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
        print(f"note: {one_line(note)}", file=sys.stderr)


def llm_fallback_reason(answer) -> str:
    """Why an `llm`-mode answer is the grounded one: its endpoint failed, or its text failed verification."""
    from rag.answer.chain import LLM_FAILED

    if any(note.startswith(LLM_FAILED) for note in answer.notes):
        return "the LLM gave no usable answer (see the note below)"
    return "the LLM answer above failed verification"


def cmd_ask(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from rag.answer.chain import validate_question

    question = validate_question(" ".join(args.question))
    settings = Settings.from_args(args)
    retriever = pipeline.open_retriever(settings, rebuild=not args.no_rebuild, log=log)
    documents = resolve_documents(args.document, document_names(retriever.index))
    engine = pipeline.engine_over(retriever, args.mode)
    if args.json:
        answer = engine.ask(question, args.mode, documents)
        print(json.dumps(asdict(answer), ensure_ascii=False, indent=1))
        return 0
    answer = None
    for piece in engine.stream(question, args.mode, documents):
        if isinstance(piece, str):
            if args.mode == "llm":
                print(piece, end="", flush=True)
        else:
            answer = piece
    if args.mode == "llm":
        print("\n")
        if answer.mode != "llm" and not answer.refused:
            print(f"({llm_fallback_reason(answer)}; the grounded answer follows)\n")
    _print_answer(answer)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--seeds", type=Path, help="the corpus folder of reports (default: seeds/)")
        p.add_argument("--index", type=Path, help="index folder (default: index/)")
        p.add_argument("--embedder", help="sentence-transformers model name or path (default: EmbeddingGemma-300M)")
        p.add_argument("--dim", type=int, help="truncate embeddings to this Matryoshka size (768/512/256/128)")

    p_index = sub.add_parser("index", help="build the index (only when missing or stale unless --force)")
    common(p_index)
    p_index.add_argument("--force", action="store_true", help="rebuild even when the index is current")
    p_index.add_argument("--quiet", action="store_true", help="no progress bar")
    p_index.set_defaults(func=cmd_index)

    p_add = sub.add_parser("add", help="copy report files into the corpus folder and update the index")
    common(p_add)
    p_add.add_argument("files", nargs="+", type=Path, help="PDF, Word, Excel, CSV, HTML, text or Markdown files")
    p_add.set_defaults(func=cmd_add)

    p_docs = sub.add_parser("documents", help="list the indexed documents: format, pages, chunks, tables, warnings")
    common(p_docs)
    p_docs.add_argument("--json", action="store_true", help="machine-readable output")
    p_docs.set_defaults(func=cmd_documents)

    p_search = sub.add_parser("search", help="hybrid search; prints ranked hits")
    common(p_search)
    p_search.add_argument("question", nargs="+")
    p_search.add_argument("-k", type=int, default=5)
    p_search.add_argument("--mode", choices=["hybrid", "dense", "bm25"])
    p_search.add_argument("--json", action="store_true", help="machine-readable output")
    p_search.add_argument("--document", action="append", help="only this document (file name or glob; repeatable)")
    p_search.add_argument("--no-rebuild", action="store_true", help="refuse a stale index instead of rebuilding")
    p_search.set_defaults(func=cmd_search)

    p_ask = sub.add_parser("ask", help="answer a question with cited, verified numbers")
    common(p_ask)
    p_ask.add_argument("question", nargs="+")
    p_ask.add_argument("--mode", choices=["grounded", "llm"], default="grounded")
    p_ask.add_argument("--json", action="store_true", help="print the Answer as JSON")
    p_ask.add_argument("--document", action="append", help="only this document (file name or glob; repeatable)")
    p_ask.add_argument("--no-rebuild", action="store_true", help="refuse a stale index instead of rebuilding")
    p_ask.set_defaults(func=cmd_ask)

    from rag import api, batch, chat

    batch.register(sub, common)
    chat.register(sub, common)
    api.register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    install_log_redaction()
    parser = build_parser()
    args = parser.parse_args(argv)
    from rag.answer.llm import LLMError
    from rag.batch import BatchError
    from rag.index.models import ModelError
    from rag.index.store import IndexError_

    try:
        return args.func(args)
    except (CliError, EngineError, BatchError, IndexError_, ModelError, LLMError, ValueError, OSError) as exc:
        print(f"rag {args.command}: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"rag {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
