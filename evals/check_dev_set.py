"""Validate evals/dev_set.jsonl against the seed documents.

Standalone (stdlib only). Usage:

    python evals/check_dev_set.py [path/to/dev_set.jsonl] [--seeds path/to/seeds]
    python evals/check_dev_set.py --holdout [path/to/holdout_set.jsonl]
    python evals/check_dev_set.py --holdout --id-prefix g evals/holdout2_set.jsonl --other evals/holdout_set.jsonl
    python evals/check_dev_set.py --holdout --id-prefix k evals/holdout3_set.jsonl \
        --other evals/holdout_set.jsonl --other evals/holdout2_set.jsonl

Checks every evidence entry (doc exists, line in range, quote is a short, tab-free, exact substring of that
line), the schema of each record, unique ids, per-kind / per-language / per-document minimums and that every
table of the big report is covered. Prints a summary and exits non-zero on any problem.

`--holdout` checks the held-out set instead: ids are `h001`, `h002`, ...; every per-record check and the
uniqueness checks stay, the size and coverage minimums (which are for the dev set) are skipped, and a question
that also appears, word for word, in the dev set is an error. `--id-prefix g` checks a further held-out set whose
ids are `g001`, `g002`, ... instead (any lower-case letter: `k` for the third set); `--other PATH` (repeatable) names
further sets it must not repeat either.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIG_DOC = "000_f2b7a4193a625dc4.txt"
TOC_LAST_LINE = 168  # lines 77-168 of the big report are a table of contents that contains tabs
KINDS = {"table", "derived", "prose_number", "prose_text", "unanswerable"}
LANGS = {"en", "zh"}
MAX_QUOTE = 60
CJK = re.compile(r"[\u4e00-\u9fff]")
ID_RE = re.compile(r"^q\d{3,}$")
HOLDOUT_PREFIX = "h"

MIN_TOTAL = 130
MIN_KIND = {"table": 45, "derived": 10, "prose_number": 35, "prose_text": 10, "unanswerable": 18}
MIN_ZH = 26
MIN_ZH_ON_EN_PROSE = 10
MIN_PER_SMALL_DOC = 8
EXPECTED_TABLES = 19


def load_seeds(seed_dir: Path) -> dict[str, list[str]]:
    docs = {}
    for p in sorted(seed_dir.glob("*.txt")):
        docs[p.name] = p.read_text(encoding="utf-8").splitlines()
    return docs


def table_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """Contiguous runs of tab-containing lines after the table of contents, as 1-based (start, end)."""
    blocks: list[tuple[int, int]] = []
    start = None
    for i, line in enumerate(lines, 1):
        is_row = i > TOC_LAST_LINE and "\t" in line
        if is_row and start is None:
            start = i
        elif not is_row and start is not None:
            blocks.append((start, i - 1))
            start = None
    if start is not None:
        blocks.append((start, len(lines)))
    return blocks


def check_record(
    rec: dict, n: int, docs: dict[str, list[str]], errors: list[str], id_re: re.Pattern[str] = ID_RE
) -> None:
    where = f"line {n} ({rec.get('id', '?')})"
    for key in ("id", "question", "lang", "kind", "cross_lingual", "evidence", "answer"):
        if key not in rec:
            errors.append(f"{where}: missing key {key!r}")
            return
    if not isinstance(rec["id"], str) or not id_re.match(rec["id"]):
        errors.append(f"{where}: bad id {rec['id']!r}")
    if not isinstance(rec["question"], str) or not rec["question"].strip():
        errors.append(f"{where}: empty question")
    if rec["lang"] not in LANGS:
        errors.append(f"{where}: bad lang {rec['lang']!r}")
    elif (rec["lang"] == "zh") != bool(CJK.search(rec["question"])):
        errors.append(f"{where}: lang {rec['lang']!r} does not match the question text")
    if rec["kind"] not in KINDS:
        errors.append(f"{where}: bad kind {rec['kind']!r}")
    if not isinstance(rec["cross_lingual"], bool):
        errors.append(f"{where}: cross_lingual must be a bool")
    if "note" in rec and not isinstance(rec["note"], str):
        errors.append(f"{where}: note must be a string")

    ev = rec["evidence"]
    ans = rec["answer"]
    if not isinstance(ev, list) or not isinstance(ans, dict):
        errors.append(f"{where}: evidence must be a list and answer an object")
        return

    if rec["kind"] == "unanswerable":
        if ev:
            errors.append(f"{where}: unanswerable question must have empty evidence")
        if ans != {"unanswerable": True}:
            errors.append(f"{where}: unanswerable answer must be {{'unanswerable': true}}")
        return

    if not ev:
        errors.append(f"{where}: answerable question without evidence")
    if rec["kind"] == "derived" and len(ev) < 2:
        errors.append(f"{where}: derived question should list every cell used (>= 2 evidence entries)")
    if "value" in ans:
        if isinstance(ans["value"], bool) or not isinstance(ans["value"], (int, float)):
            errors.append(f"{where}: answer.value must be a number")
        if not isinstance(ans.get("unit"), str) or not ans["unit"]:
            errors.append(f"{where}: answer.unit missing")
        extra = set(ans) - {"value", "unit", "scale_note"}
        if extra:
            errors.append(f"{where}: unexpected answer keys {sorted(extra)}")
    elif "phrase" in ans:
        if not isinstance(ans["phrase"], str) or not ans["phrase"].strip() or len(ans) != 1:
            errors.append(f"{where}: answer.phrase must be the only key and non-empty")
    else:
        errors.append(f"{where}: answer needs value+unit or phrase")

    for j, e in enumerate(ev):
        tag = f"{where} evidence[{j}]"
        if not isinstance(e, dict) or set(e) != {"doc", "line", "quote"}:
            errors.append(f"{tag}: must have exactly doc, line, quote")
            continue
        doc, line, quote = e["doc"], e["line"], e["quote"]
        if doc not in docs:
            errors.append(f"{tag}: unknown doc {doc!r}")
            continue
        if isinstance(line, bool) or not isinstance(line, int) or not 1 <= line <= len(docs[doc]):
            errors.append(f"{tag}: line {line!r} out of range for {doc}")
            continue
        if not isinstance(quote, str) or not quote.strip():
            errors.append(f"{tag}: empty quote")
            continue
        if "\t" in quote:
            errors.append(f"{tag}: quote contains a tab")
        if len(quote) > MAX_QUOTE:
            errors.append(f"{tag}: quote longer than {MAX_QUOTE} chars ({len(quote)})")
        if quote not in docs[doc][line - 1]:
            errors.append(f"{tag}: quote {quote!r} not found in {doc}:{line}")


def minimum_errors(
    records: list[dict],
    docs: dict[str, list[str]],
    by_kind: Counter[str],
    by_lang: Counter[str],
    by_doc: Counter[str],
    zh_on_en_prose: int,
    table_hits: Counter[int],
    blocks: list[tuple[int, int]],
) -> list[str]:
    """The dev set's size and coverage minimums."""
    errors: list[str] = []
    if len(records) < MIN_TOTAL:
        errors.append(f"only {len(records)} questions (< {MIN_TOTAL})")
    for kind, minimum in MIN_KIND.items():
        if by_kind[kind] < minimum:
            errors.append(f"kind {kind}: {by_kind[kind]} < {minimum}")
    if by_lang["zh"] < MIN_ZH:
        errors.append(f"zh questions: {by_lang['zh']} < {MIN_ZH}")
    if zh_on_en_prose < MIN_ZH_ON_EN_PROSE:
        errors.append(f"zh cross-lingual prose questions: {zh_on_en_prose} < {MIN_ZH_ON_EN_PROSE}")
    for doc in docs:
        if doc != BIG_DOC and by_doc[doc] < MIN_PER_SMALL_DOC:
            errors.append(f"doc {doc}: {by_doc[doc]} questions < {MIN_PER_SMALL_DOC}")
    if by_doc[BIG_DOC] < max((by_doc[d] for d in docs if d != BIG_DOC), default=0):
        errors.append(f"{BIG_DOC} should get the most questions")
    for k, (a, b) in enumerate(blocks):
        if not table_hits[k]:
            errors.append(f"table block {k + 1} (lines {a}-{b}) has no table-lookup question")
    return errors


def read_records(path: Path, docs: dict[str, list[str]], errors: list[str], id_re: re.Pattern[str]) -> list[dict]:
    """Every JSON object of the file, each checked on its own; problems are appended to `errors`."""
    records: list[dict] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            errors.append(f"line {n}: blank line")
            continue
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(f"line {n}: invalid JSON ({exc})")
            continue
        if not isinstance(rec, dict):
            errors.append(f"line {n}: not a JSON object")
            continue
        check_record(rec, n, docs, errors, id_re)
        records.append(rec)
    ids = Counter(r.get("id") for r in records)
    errors += [f"duplicate id {i!r} ({c}x)" for i, c in ids.items() if c > 1]
    questions = Counter(r.get("question") for r in records)
    errors += [f"duplicate question {q!r}" for q, c in questions.items() if c > 1]
    return records


def id_pattern(prefix: str) -> re.Pattern[str]:
    """Ids made of one lower-case letter and at least three digits: `q001`, `h001`, `g001`."""
    return re.compile(rf"^{re.escape(prefix)}\d{{3,}}$")


def _normalise(question: object) -> str:
    return " ".join(str(question).split()).casefold()


def overlap_errors(records: list[dict], dev_path: Path, name: str = "the dev set") -> list[str]:
    """Held-out questions that appear word for word (whitespace and case aside) in another set."""
    if not dev_path.is_file():
        return [f"{name} {dev_path} not found (needed to check the held-out set does not repeat it)"]
    dev = set()
    for raw in dev_path.read_text(encoding="utf-8").splitlines():
        try:
            dev.add(_normalise(json.loads(raw).get("question", "")))
        except (json.JSONDecodeError, AttributeError):
            continue
    return [
        f"{r.get('id')}: question also in {name}: {r.get('question')!r}"
        for r in records
        if _normalise(r.get("question", "")) in dev
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", help="the set to check (default: the dev set, or the held-out set)")
    ap.add_argument("--seeds", default=str(ROOT / "seeds"))
    ap.add_argument(
        "--holdout",
        action="store_true",
        help="check a held-out set: h-ids, per-record checks only (no dev-set minimums), no question from the dev set",
    )
    ap.add_argument("--dev", default=str(ROOT / "evals" / "dev_set.jsonl"), help="the dev set (for --holdout)")
    ap.add_argument(
        "--id-prefix",
        help=f"the held-out set's id letter (default {HOLDOUT_PREFIX!r}; e.g. 'g' for a second held-out set)",
    )
    ap.add_argument(
        "--other",
        action="append",
        default=[],
        metavar="PATH",
        help="with --holdout: a further set (e.g. an earlier held-out set) whose questions must not be repeated",
    )
    args = ap.parse_args(argv)
    if args.id_prefix is not None and (not args.holdout or not re.fullmatch(r"[a-z]", args.id_prefix)):
        print("ERROR: --id-prefix takes one lower-case letter and goes with --holdout")
        return 2
    if args.other and not args.holdout:
        print("ERROR: --other goes with --holdout")
        return 2
    default = "holdout_set.jsonl" if args.holdout else "dev_set.jsonl"
    path = Path(args.path or ROOT / "evals" / default)
    if not path.is_file():
        print(f"ERROR: {path} not found")
        return 2

    docs = load_seeds(Path(args.seeds))
    if BIG_DOC not in docs:
        print(f"ERROR: {BIG_DOC} not found in {args.seeds}")
        return 2

    errors: list[str] = []
    id_re = id_pattern(args.id_prefix or HOLDOUT_PREFIX) if args.holdout else ID_RE
    records = read_records(path, docs, errors, id_re)
    if args.holdout:
        errors += overlap_errors(records, Path(args.dev))
        for other in args.other:
            errors += overlap_errors(records, Path(other), f"set {other}")

    by_kind = Counter(r.get("kind") for r in records)
    by_lang = Counter(r.get("lang") for r in records)
    by_xl = Counter(bool(r.get("cross_lingual")) for r in records)
    by_doc: Counter[str] = Counter()
    for r in records:
        for d in {e.get("doc") for e in r.get("evidence", []) if isinstance(e, dict)} or {"(none)"}:
            by_doc[d] += 1
    zh_on_en_prose = sum(
        1
        for r in records
        if r.get("lang") == "zh" and r.get("cross_lingual") and r.get("kind") in ("prose_number", "prose_text")
    )

    blocks = table_blocks(docs[BIG_DOC])
    table_hits: Counter[int] = Counter()  # table-lookup questions per table block
    derived_hits: Counter[int] = Counter()  # derived questions per table block
    for r in records:
        if r.get("kind") not in ("table", "derived"):
            continue
        hit_blocks = set()
        for e in r.get("evidence", []):
            if isinstance(e, dict) and e.get("doc") == BIG_DOC and isinstance(e.get("line"), int):
                hit_blocks |= {k for k, (a, b) in enumerate(blocks) if a <= e["line"] <= b}
        for k in hit_blocks:
            (table_hits if r["kind"] == "table" else derived_hits)[k] += 1

    if not args.holdout:
        errors += minimum_errors(records, docs, by_kind, by_lang, by_doc, zh_on_en_prose, table_hits, blocks)
    if len(blocks) != EXPECTED_TABLES:
        errors.append(f"found {len(blocks)} table blocks in {BIG_DOC}, expected {EXPECTED_TABLES}")

    print(f"questions: {len(records)}")
    print("by kind:       " + ", ".join(f"{k}={by_kind[k]}" for k in sorted(KINDS)))
    print("by lang:       " + ", ".join(f"{k}={by_lang[k]}" for k in sorted(LANGS)))
    print(f"cross_lingual: true={by_xl[True]}, false={by_xl[False]} (zh on English prose: {zh_on_en_prose})")
    print("by doc:        " + ", ".join(f"{d}={c}" for d, c in sorted(by_doc.items())))
    print(
        "lang x kind:   "
        + ", ".join(
            f"{lang}/{kind}={sum(1 for r in records if r.get('lang') == lang and r.get('kind') == kind)}"
            for lang in sorted(LANGS)
            for kind in sorted(KINDS)
        )
    )
    print(
        "tables (000):  "
        + ", ".join(f"L{a}-{b}: {table_hits[k]}t+{derived_hits[k]}d" for k, (a, b) in enumerate(blocks))
    )

    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
