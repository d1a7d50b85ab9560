"""`python -m evals.tatqa`: TAT-QA's test split (a public benchmark of financial-report QA) through the engine.

The excerpts in `../shared/tatqa/docs/` are indexed into their own folder (rebuilt only when stale; embeddings are
cached by text), each question is asked in grounded mode scoped to its own excerpt (TAT-QA questions do not name the
company), the `Answer` is mapped to a TAT-QA prediction (`prediction`) and scored with TAT-QA's exact match and
numeracy-focused F1 (`evals/tatqa_metric.py`). `--documents N` runs the first N excerpts by name with all their
questions (the CI subset). Reports: `tatqa.json` (figures and one record per question), `tatqa.md`, `tatqa.png`.

Errors are one line on stderr and exit code 2; a score below a `--min-…` floor is exit code 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from evals.tatqa_metric import SCALES, score
from rag.settings import PROJECT_ROOT, Settings
from rag.text.numbers import extract_quantities, parse_number, to_base
from rag.text.units import normalize_unit
from rag.types import Answer

DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "tatqa"
REPORTS = PROJECT_ROOT / "evals" / "reports"
ANSWER_TYPES = ("span", "multi-span", "arithmetic", "count")
SOURCES = ("table", "text", "table-text")
# TAT-QA's scale words by the factor they stand for; other scales (1e4, 1e8, 1e12) are converted to the next lower.
_SCALE_WORDS = ((1e9, "billion"), (1e6, "million"), (1e3, "thousand"))
_MARKER = re.compile(r"\s*\[\d+\]")


@dataclass(frozen=True)
class TatqaQuestion:
    id: str
    question: str
    document: str
    answer_type: str
    answer_from: str
    scale: str
    gold: str | float | list

    @property
    def gold_items(self) -> list:
        return self.gold if isinstance(self.gold, list) else [self.gold]


@dataclass(frozen=True)
class Prediction:
    """A TAT-QA prediction: the answer items (spans or one number) and the scale word they are in."""

    items: tuple[str, ...]
    scale: str = ""


@dataclass(frozen=True)
class Record:
    """One question's outcome, for the report and for error analysis."""

    id: str
    document: str
    question: str
    answer_type: str
    answer_from: str
    gold: list
    gold_scale: str
    prediction: list
    pred_scale: str
    em: float
    f1: float
    em_any_scale: float = 0.0
    refused: bool = False
    answer_text: str = ""
    error: str = ""
    seconds: float = 0.0


# --- the questions and documents --------------------------------------------------------------------------------------


def load_questions(data_dir: Path) -> list[TatqaQuestion]:
    """The questions of `questions.csv` with their gold answers (JSON: a list of spans, or a number)."""
    path = data_dir / "questions.csv"
    if not path.is_file():
        raise ValueError(f"{path} not found: put TAT-QA's test split there (see its README) or pass --data DIR")
    questions = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                gold = json.loads(row["gold"])
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: question {row.get('id')!r} has a gold answer that is not JSON") from exc
            if row["scale"] not in SCALES:
                raise ValueError(f"{path}: question {row['id']!r} has an unknown scale {row['scale']!r}")
            questions.append(
                TatqaQuestion(
                    row["id"],
                    row["question"],
                    row["document"],
                    row["answer_type"],
                    row["answer_from"],
                    row["scale"],
                    gold,
                )
            )
    if not questions:
        raise ValueError(f"{path} has no questions")
    return questions


def first_documents(questions: Sequence[TatqaQuestion], count: int | None) -> tuple[str, ...]:
    """The first `count` documents by name (all of them when `count` is None): a fixed, deterministic subset."""
    names = sorted({item.document for item in questions})
    return tuple(names if count is None else names[:count])


def mirror_documents(source: Path, names: Sequence[str], folder: Path) -> Path:
    """`folder` holding exactly the named documents of `source` (copied when changed), to index a subset."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = set(names)
    for stale in folder.iterdir():
        if stale.name not in wanted:
            stale.unlink()
    for name in names:
        original, copy = source / name, folder / name
        if not original.is_file():
            raise ValueError(f"{original} not found: the questions name a document the data folder lacks")
        if not copy.is_file() or copy.read_bytes() != original.read_bytes():
            shutil.copyfile(original, copy)
    return folder


# --- Answer -> TAT-QA prediction --------------------------------------------------------------------------------------


def plain(value: float) -> str:
    """A number without exponent or trailing zeros (`1568.6`, `-19.4`, `1200000`)."""
    text = f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def tatqa_scale(unit: str) -> tuple[str, float]:
    """The TAT-QA scale word of a unit string and the factor it stands for (`USD million` → ("million", 1e6))."""
    parsed = normalize_unit(unit)
    if parsed.kind == "percent" or unit.strip() in ("%", "pp", "percentage points"):
        return "percent", 1.0
    scale = parsed.scale or 1.0
    return next(((word, factor) for factor, word in _SCALE_WORDS if scale >= factor), ("", 1.0))


def shows_own_scale(span: str) -> bool:
    """A span printed with its scale or percent sign (`$0.5 million`, `13.0%`): TAT-QA gives such spans no scale."""
    return any(q.scale != 1 or q.kind in ("percent", "percentage_points") for q in extract_quantities(span))


def printed_figure(text: str) -> str:
    """`text` when it is one figure as printed (`$0.5 million`, the prose reader's source_unit), else "".

    A unit label (`USD 100 million`, what table answers keep in source_unit) is not a figure; a percentage as
    printed (`27%`) is one, though the unit parser keeps it as an unknown label.
    """
    unit = normalize_unit(text)
    if not text.strip() or (unit.label == text.strip() and unit.kind != "unknown"):
        return ""
    quantities = extract_quantities(text)
    return text.strip() if len(quantities) == 1 and quantities[0].text.strip() == text.strip() else ""


def value_prediction(answer: Answer) -> Prediction:
    """A numeric answer in the printed scale of its source (`source_value`/`source_unit`) and its scale word."""
    figure = printed_figure(answer.source_unit)
    if figure and shows_own_scale(figure):
        return Prediction((figure,), "")
    value, unit = answer.value, answer.unit
    if answer.source_value is not None and not figure:
        value, unit = answer.source_value, answer.source_unit or answer.unit
    word, factor = tatqa_scale(unit)
    if word not in ("", "percent"):
        value = to_base(value, normalize_unit(unit).scale or 1.0) / factor
    return Prediction((plain(value),), word)


def prediction(answer: Answer | None) -> Prediction:
    """The TAT-QA prediction an Answer makes.

    A refusal (or no answer) predicts nothing. Spans the reader marked (`Answer.spans`) are the answer as printed;
    figures (cells as printed: one, or a list) carry the scale of the unit the answer states for them (`source_unit`,
    else `unit`: the table's unit), none when they print their own (`$0.5 million`, `13.0%`); names and sentences
    carry no scale.
    A number (`value`) is given in its source's printed scale with that scale's word (a cell of a table in
    millions: 1,568.6 and "million"; a percentage: "percent"). A text answer without spans predicts its text,
    citation markers removed.
    """
    if answer is None or answer.refused:
        return Prediction(())
    if answer.spans:
        spans = tuple(span.strip() for span in answer.spans if span.strip())
        if any(shows_own_scale(span) for span in spans) or not all(parse_number(span) is not None for span in spans):
            return Prediction(spans, "")
        return Prediction(spans, tatqa_scale(answer.source_unit or answer.unit)[0])
    if answer.value is not None:
        return value_prediction(answer)
    text = _MARKER.sub("", answer.text).strip()
    return Prediction((text,) if text else ())


# --- the run ----------------------------------------------------------------------------------------------------------


def evaluate(
    ask: Callable[[TatqaQuestion], Answer], questions: Sequence[TatqaQuestion], log: Callable[[str], None] = print
) -> list[Record]:
    """Ask every question and score it; an exception is recorded for its question (scored 0) and the run goes on."""
    records = []
    started = time.perf_counter()
    for number, item in enumerate(questions, 1):
        began = time.perf_counter()
        answer, error = None, ""
        try:
            answer = ask(item)
        except Exception as exc:  # one failing question must not end the run
            error = f"{type(exc).__name__}: {exc}"
        predicted = prediction(answer)
        result = score(list(predicted.items), predicted.scale, item.gold_items, item.scale, item.answer_type)
        any_scale = score(list(predicted.items), item.scale, item.gold_items, item.scale, item.answer_type)
        records.append(
            Record(
                item.id, item.document, item.question, item.answer_type, item.answer_from, item.gold_items, item.scale,
                list(predicted.items), predicted.scale, result.em, result.f1, any_scale.em,
                refused=bool(answer and answer.refused), answer_text=answer.text if answer else "", error=error,
                seconds=round(time.perf_counter() - began, 3),
            )
        )  # fmt: skip
        if number % 100 == 0:
            log(f"tatqa: {number}/{len(questions)} questions, {time.perf_counter() - started:.0f} s")
    return records


def figures(records: Sequence[Record]) -> dict:
    """EM and F1 (in %) with the count, overall, by answer type, by source and by both.

    `em_any_scale` is a diagnostic, not TAT-QA's metric: EM as if every predicted scale were the gold's, so the gap
    to `em` is what wrong or missing scales cost.
    """

    def block(group: Sequence[Record]) -> dict:
        n = len(group)
        return {
            "n": n,
            "em": round(100 * sum(r.em for r in group) / n, 2) if n else None,
            "f1": round(100 * sum(r.f1 for r in group) / n, 2) if n else None,
            "em_any_scale": round(100 * sum(r.em_any_scale for r in group) / n, 2) if n else None,
            "refused": sum(r.refused for r in group),
            "errors": sum(bool(r.error) for r in group),
        }

    return {
        "overall": block(records),
        "by_type": {kind: block([r for r in records if r.answer_type == kind]) for kind in ANSWER_TYPES},
        "by_source": {source: block([r for r in records if r.answer_from == source]) for source in SOURCES},
        "by_type_and_source": {
            f"{kind} / {source}": block([r for r in records if (r.answer_type, r.answer_from) == (kind, source)])
            for kind in ANSWER_TYPES
            for source in SOURCES
        },
        "scale_accuracy": round(100 * sum(r.pred_scale == r.gold_scale for r in records) / len(records), 2)
        if records
        else None,
    }


def commit_of(root: Path = PROJECT_ROOT) -> str:
    """The checked-out commit (with `+dirty` when the tree has changes); "" outside git."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True)
    except OSError:
        return ""
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "") if head.returncode == 0 else ""


# --- reports ----------------------------------------------------------------------------------------------------------


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _table(title: str, blocks: dict) -> list[str]:
    lines = [f"| {title} | n | EM | F1 | EM, scale ignored | refused |", "| --- | --- | --- | --- | --- | --- |"]
    for name, block in blocks.items():
        if block["n"]:
            lines.append(
                f"| {name} | {block['n']} | {_cell(block['em'])} | {_cell(block['f1'])} "
                f"| {_cell(block['em_any_scale'])} | {block['refused']} |"
            )
    return lines


def _show(items: list, scale: str, limit: int = 200) -> str:
    shown = " | ".join(str(item) for item in items) or "(nothing)"
    shown = shown if len(shown) <= limit else shown[: limit - 1] + "…"
    return f"{shown} ({scale})" if scale else shown


def markdown_report(report: dict, per_type: int = 15) -> str:
    meta, scores = report["meta"], report["figures"]
    overall = scores["overall"]
    lines = [
        "# TAT-QA test split",
        "",
        f"{meta['questions']} questions over {meta['documents']} excerpts, {meta['mode']} mode, each question scoped "
        f"to its own excerpt. Measured {meta['date']} on commit {meta['commit'] or '?'} in {meta['seconds']:.0f} s.",
        "",
        f"**EM {_cell(overall['em'])} / F1 {_cell(overall['f1'])}** (TAT-QA's metric; scale right on "
        f"{_cell(scores['scale_accuracy'])} % of questions; {overall['refused']} refusals, "
        f'{overall["errors"]} errors). "EM, scale ignored" is a diagnostic, not TAT-QA\'s metric: exact match as if '
        "every predicted scale were the gold's.",
        "",
        *_table("answer type", scores["by_type"]),
        "",
        *_table("source", scores["by_source"]),
        "",
        *_table("type / source", scores["by_type_and_source"]),
        "",
    ]
    wrong = [r for r in report["records"] if r["em"] < 1]
    shown = [r for kind in ANSWER_TYPES for r in [r for r in wrong if r["answer_type"] == kind][:per_type]]
    lines += [
        f"## Questions not matched exactly ({len(wrong)}; the first {per_type} of each answer type, all in tatqa.json)",
        "",
    ]
    for record in shown:
        lines.append(
            f"- `{record['id'][:8]}` {record['document']} [{record['answer_type']}, {record['answer_from']}] "
            f"{record['question']} — gold: {_show(record['gold'], record['gold_scale'])}; predicted: "
            f"{_show(record['prediction'], record['pred_scale'])}; F1 {record['f1']:.2f}"
            + (f"; error: {record['error']}" if record["error"] else "")
        )
    return "\n".join(lines) + "\n"


def write_chart(report: dict, path: Path) -> None:
    """EM and F1 bars overall, by answer type and by source (Agg backend)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    scores = report["figures"]
    groups = {"overall": scores["overall"], **scores["by_type"], **scores["by_source"]}
    groups = {name: block for name, block in groups.items() if block["n"]}
    names = list(groups)
    figure = Figure(figsize=(max(7.0, 1.1 * len(names) + 1.5), 4.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    width = 0.4
    for offset, metric, colour in ((-width / 2, "em", "#4C72B0"), (width / 2, "f1", "#DD8452")):
        values = [groups[name][metric] or 0.0 for name in names]
        bars = axes.bar([i + offset for i in range(len(names))], values, width, color=colour, label=metric.upper())
        for bar, value in zip(bars, values, strict=True):
            axes.annotate(
                f"{value:.0f}", (bar.get_x() + bar.get_width() / 2, value), ha="center", va="bottom", fontsize=8
            )
    axes.set_xticks(range(len(names)))
    axes.set_xticklabels([f"{name}\nn={groups[name]['n']}" for name in names], fontsize=9)
    types_shown = sum(name in ANSWER_TYPES for name in names)
    for boundary in (0.5, 0.5 + types_shown):  # overall | answer types | sources
        axes.axvline(boundary, color="#999999", linewidth=0.8)
    axes.set_ylim(0, 105)
    axes.set_ylabel("%")
    axes.legend(loc="upper right")
    meta = report["meta"]
    axes.set_title(f"TAT-QA test split: {meta['questions']} questions, {meta['documents']} excerpts ({meta['mode']})")
    figure.tight_layout()
    figure.savefig(path, format="png")


def write_reports(report: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "tatqa.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (out_dir / "tatqa.md").write_text(markdown_report(report), encoding="utf-8")
    write_chart(report, out_dir / "tatqa.png")


def build_report(records: Sequence[Record], documents: int, mode: str, seconds: float) -> dict:
    return {
        "meta": {
            "benchmark": "TAT-QA test split (Zhu et al., ACL 2021), CC BY 4.0",
            "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
            "commit": commit_of(),
            "mode": mode,
            "documents": documents,
            "questions": len(records),
            "seconds": round(seconds, 1),
        },
        "figures": figures(records),
        "records": [asdict(record) for record in records],
    }


# --- command line -----------------------------------------------------------------------------------------------------


def run(args: argparse.Namespace, log: Callable[[str], None]) -> dict:
    """Index the chosen excerpts, answer and score their questions, write the reports; the report."""
    from rag.engine import engine_over, open_retriever

    data = Path(args.data)
    questions = load_questions(data)
    documents = first_documents(questions, args.documents)
    suffix = f"-first{args.documents}" if args.documents else ""
    seeds = data / "docs"
    if args.documents:
        seeds = mirror_documents(seeds, documents, REPORTS / f"tatqa-docs{suffix}")
    index = Path(args.index) if args.index else REPORTS / f"tatqa-index{suffix}"
    settings = Settings.from_env(seeds_dir=seeds, index_dir=index)
    started = time.perf_counter()
    retriever = open_retriever(settings, rebuild=True, log=log)
    log(f"tatqa: index ready in {time.perf_counter() - started:.0f} s")
    engine = engine_over(retriever, args.mode)
    chosen = [item for item in questions if item.document in set(documents)][: args.limit]
    began = time.perf_counter()
    records = evaluate(lambda item: engine.ask(item.question, args.mode, documents=(item.document,)), chosen, log)
    report = build_report(records, len({r.document for r in records}), args.mode, time.perf_counter() - began)
    out_dir = Path(args.out_dir) if args.out_dir else REPORTS / f"tatqa{suffix}"
    write_reports(report, out_dir)
    overall = report["figures"]["overall"]
    log(f"tatqa: EM {_cell(overall['em'])} F1 {_cell(overall['f1'])} on {overall['n']} questions")
    for title in ("by_type", "by_source"):
        log("  " + ", ".join(f"{k} {_cell(v['em'])}/{_cell(v['f1'])}" for k, v in report["figures"][title].items()))
    log(f"reports written to {out_dir / 'tatqa.json'}, tatqa.md and tatqa.png")
    return report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evals.tatqa", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="TAT-QA folder: questions.csv and docs/")
    parser.add_argument("--documents", type=int, help="only the first N excerpts by name, with all their questions")
    parser.add_argument("--limit", type=int, help="only the first N of those questions (a quick look)")
    parser.add_argument("--index", help="index folder (default evals/reports/tatqa-index[-firstN])")
    parser.add_argument("--out-dir", help="report folder (default evals/reports/tatqa[-firstN])")
    parser.add_argument("--mode", choices=["grounded", "llm"], default="grounded")
    parser.add_argument("--min-em", type=float, help="exit 1 when EM (in %%) is below this")
    parser.add_argument("--min-f1", type=float, help="exit 1 when F1 (in %%) is below this")
    return parser


def main(argv: list[str] | None = None) -> int:
    from rag.engine import EngineError, log
    from rag.index.models import ModelError
    from rag.index.store import IndexError_

    args = build_parser().parse_args(argv)
    if args.documents is not None and args.documents < 1:
        print("evals.tatqa: error: --documents needs a positive number", file=sys.stderr)
        return 2
    try:
        report = run(args, log)
    except (EngineError, IndexError_, ModelError, ValueError, OSError) as exc:
        print(f"evals.tatqa: error: {exc}", file=sys.stderr)
        return 2
    overall = report["figures"]["overall"]
    failures = [
        f"{name} {overall[key]:.1f} is below the floor {floor}"
        for name, key, floor in (("EM", "em", args.min_em), ("F1", "f1", args.min_f1))
        if floor is not None and (overall[key] or 0.0) < floor
    ]
    if failures:
        print("evals.tatqa: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
