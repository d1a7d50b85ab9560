"""`python -m evals.table_coverage [FOLDER ...]`: how many tables and numeric cells the table parser reads.

Parses every .txt/.md document of each folder (default: the TAT-QA excerpts in ../shared/tatqa/docs and seeds/)
and prints, per folder, the tables found, the tab blocks read as no table, and the share of numeric-looking cells
that got a value (`rag.ingest.coverage`), with the documents that fall short and examples of unread cells.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rag.ingest.corpus import load_documents
from rag.ingest.coverage import table_coverage, total
from rag.ingest.scales import infer_scales
from rag.ingest.tables import parse_tables
from rag.settings import PROJECT_ROOT

DEFAULT_FOLDERS = (PROJECT_ROOT.parent / "shared" / "tatqa" / "docs", PROJECT_ROOT / "seeds")


def folder_coverage(folder: Path):
    documents, problems = load_documents(folder)
    for problem in problems:
        print(f"skipped {problem}", file=sys.stderr)
    return [table_coverage(doc, infer_scales(parse_tables(doc), doc)) for doc in documents]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.table_coverage", description=__doc__)
    parser.add_argument("folders", nargs="*", type=Path, help="folders of documents")
    parser.add_argument("--show", type=int, default=10, help="documents short of the goal to list per folder")
    parser.add_argument("--json", type=Path, help="write the per-document figures to this file")
    args = parser.parse_args(argv)
    folders = args.folders or [folder for folder in DEFAULT_FOLDERS if folder.is_dir()]
    report = {}
    for folder in folders:
        coverages = folder_coverage(folder)
        overall = total(coverages)
        short = [c for c in coverages if not c.complete]
        print(f"{folder}: {overall.line().split(': ', 1)[1]}; {len(short)} documents short of the goal")
        for coverage in short[: args.show]:
            print(f"  {coverage.line()}")
        report[str(folder)] = {"total": overall.to_dict(), "documents": [c.to_dict() for c in coverages]}
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
