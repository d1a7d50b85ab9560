"""`python -m evals`: retrieval recall@k / MRR and answer accuracy on an eval set (the dev set by default).

Errors are one line on stderr and exit code 2; a score below a `--min-…` floor is exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rag.engine import EngineError, engine_over, log, open_retriever
from rag.settings import Settings


def run(args: argparse.Namespace) -> list[str]:
    """Run the evals the flags ask for; the floors that were missed."""
    settings = Settings.from_args(args)
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

        engine = engine_over(retriever, args.mode)
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
    return failures


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
    parser.add_argument("--seeds", type=Path, help="folder of documents (default: seeds/)")
    parser.add_argument("--index", type=Path, help="index folder (default: index/)")
    parser.add_argument("--embedder", help="sentence-transformers model name or path (default: EmbeddingGemma-300M)")
    parser.add_argument("--dim", type=int, help="truncate embeddings to this Matryoshka size (768/512/256/128)")
    parser.add_argument("--retrieval", action="store_true", help="only retrieval recall@k and MRR")
    parser.add_argument("--numeric", action="store_true", help="only answer accuracy, citations and refusals")
    parser.add_argument("--mode", choices=["grounded", "llm"], default="grounded")
    parser.add_argument("--dataset", default="evals/dev_set.jsonl")
    parser.add_argument("--out-dir", default="evals/reports")
    parser.add_argument("--sweep", action="store_true", help="also measure fusion weights and modes")
    parser.add_argument("--min-recall5", type=float, help="exit non-zero when recall@5 is below this")
    parser.add_argument("--min-accuracy", type=float, help="exit non-zero when answer accuracy is below this")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from rag.index.models import ModelError
    from rag.index.store import IndexError_

    try:
        failures = run(args)
    except (EngineError, IndexError_, ModelError, ValueError, OSError) as exc:
        print(f"evals: error: {exc}", file=sys.stderr)
        return 2
    if failures:
        print("evals: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
