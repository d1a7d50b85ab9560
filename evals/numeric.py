"""Answer evaluation on the dev set: numeric accuracy, phrase accuracy, citation precision and refusals.

`run_numeric_eval(answer_fn, dataset, out_dir)` asks every dev question, scores the `Answer`s and writes
`numeric.json`, `numeric.md` and `numeric.png` (accuracy by kind and language) to `out_dir`. An exception raised by
`answer_fn` is recorded as an error for that question (the question counts as wrong) and the run goes on.

Definitions (every share is over the questions of a group; a share with an empty denominator is `None`):

* **Numeric match** (questions whose gold answer has a `value`), TAT-QA style and scale-aware, tolerance 0.5 %:
  a number `x` matches the gold value `g` when `numbers_match(x, g, rel_tol=0.005)` holds, i.e. `x × f ≈ g` for a
  factor `f` between the unit scales reports switch between (1e-4 .. 1e4), so 27.15 (USD billion) matches 271.5
  (USD 100 million). The factors depend on the gold unit: percentages and percentage points allow 1 and 100 (a
  fraction 0.138 for 13.8 %), ranks, editions, years and ratios (`times`) allow only 1. Where the scale is known
  on both sides (the gold unit names it, e.g. `USD 100 million`, and so does the answer's `unit`, or the figure in
  the text carries a scale word), the amounts in base units must agree instead, so a unit that is 10× off is
  wrong even though a factor would hide it.
  Sign: the sign must match, except when the direction is said in words: a number of the right magnitude but the
  other sign counts when the answer text, or the question, says the value fell (`fell`, `declined`, `down`,
  `下降`, `减少`, ...; in the answer also `negative`, `minus`). So "fell 60.9%" answers gold −60.9 and −157.0
  answers "By how much did ... fall?" with gold 157.0, but 384.6 does not answer gold −384.6 without such a word.
* **Value accuracy**: share of value questions whose `answer.value` or `answer.source_value` matches (the
  structured figure); **text accuracy**: share whose `answer.text` states a matching figure: some quantity found by
  `extract_quantities` in the text (citation markers `[n]` removed; years ignored unless the gold unit is a year;
  for ranks and editions also ordinals such as `15th`, `第15`) that matches, with a compatible unit (no percent for
  an amount, no amount for a percent, no other currency). A refused or failed answer is wrong on both.
  **Numeric accuracy**: share of value questions answered correctly as shown: text correct, and, when the answer
  carries a structured value, value correct too.
* **Phrase accuracy** (gold `phrase`): the phrase, normalised (NFKC, case-folded, whitespace squashed), is contained
  in the normalised answer text, or one of its glossary translations is (`Sweden` ↔ `瑞典`, from
  `rag/data/glossary.tsv`). Only the answer text counts: a phrase found only in a cited quote was retrieved but not
  answered; that is reported separately as `phrase_in_citations`. A refusal is wrong. A gold phrase of several
  items separated by `; ` is a list: every item (or one of its translations) must be in the answer text.
* **Citation precision** (all answers that state numbers, refusals included): a stated number is a quantity
  extracted from the answer text by `rag.answer.verify.stated_quantities` (years, `[n]` markers and unit names such
  as "the unit is USD 100 million" excluded). It is cited when `rag.answer.verify.verify_numbers` finds it in a cited
  passage: the same quantity, scale-aware (`same_quantity`), among the quantities of the citations' quotes (a cited
  table row read with its column units when a `tables` resolver is given), or, for a derived value, it is an operand or
  the result of the answer's `formula` and every operand of that formula is in a cited passage, or a number one of the
  answer's typed `steps` makes, recomputed and traced to the citations (`rag.answer.provenance`).
  `citation_precision` = cited numbers / stated numbers (micro-average); `all_cited` = share of answers stating
  numbers in which every stated number is cited. The goal for both is 1.0.
* **Refusals**: refused = `answer.refused`; positives are the `unanswerable` questions. Refusal precision =
  correct refusals / refusals; recall = correct refusals / unanswerable questions; refusal accuracy = share of all
  questions where refused == unanswerable (an error counts as wrong).
* **Accuracy** (`overall.accuracy`): share of all questions handled correctly: numeric-correct value questions,
  phrase-correct phrase questions and refused unanswerable questions.

Groups: `overall`, `kind=<kind>`, `lang=<lang>`, `cross_lingual` and `monolingual` (the `cross_lingual` flag).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from rag.answer.verify import stated_quantities, verify_answer
from rag.text.clean import one_line
from rag.text.numbers import SCALE_FACTORS, Quantity, extract_quantities, numbers_match, to_base
from rag.types import Answer, Citation, Table

REL_TOL = 0.005
TEXT_CHARS = 400  # answer text shown per failure in the Markdown report

_MARKER = re.compile(r"\[\d+\]")
_FALL_WORDS = (
    r"fell|fall(?:s|ing|en)?|declin\w*|decreas\w*|drop(?:s|ped|ping)?|down|lower\w*|shr[aiu]nk\w*"
    r"|slow\w*|reduc\w*|disinvest\w*|loss(?:es)?"
)
_ZH_FALL = "下降|下滑|减少|降低|回落|萎缩|缩减|放缓|少了"
_FALL_QUESTION = re.compile(rf"\b(?:{_FALL_WORDS})\b|{_ZH_FALL}", re.IGNORECASE)
_FALL_ANSWER = re.compile(rf"\b(?:{_FALL_WORDS}|negative|minus)\b|{_ZH_FALL}|为负|负增长|负值|净撤", re.IGNORECASE)
_ORDINALS = (
    re.compile(r"(?<![\d.])(\d+)\s*(?:st|nd|rd|th)\b", re.IGNORECASE),
    re.compile(r"第\s*(\d+)"),
    re.compile(r"(?:\bNo\.|#)\s*(\d+)", re.IGNORECASE),
)
# Scale words of a unit string, longest first: `USD 100 million` -> 1e8, `10,000 TEU` -> 1e4, `万亿` before `亿`.
_UNIT_SCALES = (
    (r"100\s*million|hundred\s+million", 1e8),
    (r"10,?000|ten\s+thousand", 1e4),
    (r"万亿", 1e12),
    (r"亿", 1e8),
    (r"trillion", 1e12),
    (r"billion|十亿", 1e9),
    (r"million|百万", 1e6),
    (r"thousand|千", 1e3),
    (r"万", 1e4),
)


# --- the dev set --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gold:
    """What a dev question expects: a `value` with its `unit`, a `phrase`, or a refusal."""

    value: float | None = None
    unit: str = ""
    scale_note: str = ""
    phrase: str = ""
    unanswerable: bool = False

    @property
    def type(self) -> str:
        if self.unanswerable:
            return "unanswerable"
        return "value" if self.value is not None else "phrase"

    def describe(self) -> str:
        if self.unanswerable:
            return "refusal (not in the reports)"
        if self.value is not None:
            note = f" ({self.scale_note})" if self.scale_note else ""
            return f"{_plain(self.value)} {self.unit}{note}"
        return f'"{self.phrase}"'


@dataclass(frozen=True)
class DevQuestion:
    id: str
    question: str
    lang: str
    kind: str
    cross_lingual: bool
    evidence: tuple[dict, ...]
    gold: Gold
    note: str = ""


def load_dev_set(path: Path) -> list[DevQuestion]:
    """The dev set records with their gold answers; a malformed line raises ValueError naming it."""
    questions = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                answer = data["answer"]
                if answer.get("unanswerable"):
                    gold = Gold(unanswerable=True)
                elif "value" in answer:
                    gold = Gold(float(answer["value"]), str(answer.get("unit", "")), str(answer.get("scale_note", "")))
                else:
                    gold = Gold(phrase=str(answer["phrase"]))
                questions.append(
                    DevQuestion(
                        data["id"],
                        data["question"],
                        data["lang"],
                        data["kind"],
                        bool(data.get("cross_lingual")),
                        tuple(data.get("evidence", ())),
                        gold,
                        str(data.get("note", "")),
                    )
                )
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise ValueError(f"{path} line {number}: not a valid question record ({exc})") from exc
    return questions


# --- matching numbers ---------------------------------------------------------------------------------------------


def unit_family(unit: str) -> str:
    """What a gold unit measures: percent, percentage_points, year, ordinal, ratio, count or amount."""
    low = unit.lower()
    if "point" in low or "百分点" in low:
        return "percentage_points"
    if "%" in low or "percent" in low:
        return "percent"
    if "year" in low:
        return "year"
    if "rank" in low or "edition" in low:
        return "ordinal"
    if "times" in low or "ratio" in low:
        return "ratio"
    if low in ("count", "number"):
        return "count"
    return "amount"


def unit_scale(unit: str) -> float | None:
    """The scale a unit string names (`USD 100 million` -> 1e8, `USD billion` -> 1e9); None when it names none."""
    low = unit.lower()
    for pattern, scale in _UNIT_SCALES:
        if re.search(pattern, low):
            return scale
    return None


def unit_currency(unit: str) -> str:
    low = unit.lower()
    if "usd" in low or "dollar" in low or "$" in low or "美元" in low:
        return "USD"
    if "yuan" in low or "rmb" in low or "cny" in low or "元" in low:
        return "CNY"
    if "eur" in low or "欧元" in low:
        return "EUR"
    return ""


def _factors(family: str) -> tuple[float, ...]:
    if family in ("percent", "percentage_points"):
        return (1.0, 1e2)
    if family in ("ordinal", "year", "ratio"):
        return (1.0,)
    return SCALE_FACTORS


def _same_number(value: float, value_scale: float | None, gold: Gold) -> bool:
    """`value` (in `value_scale` when known) equals the gold value, sign included."""
    family = unit_family(gold.unit)
    gold_scale = unit_scale(gold.unit) if family == "amount" else None
    if value_scale is not None and gold_scale is not None and family == "amount":
        return numbers_match(to_base(value, value_scale), to_base(gold.value, gold_scale), REL_TOL, scales=(1,))
    return numbers_match(value, gold.value, REL_TOL, scales=_factors(family))


def number_matches(value: float, value_scale: float | None, gold: Gold, falls_in_words: bool) -> bool:
    """Scale-aware match of one number against a gold value, with the sign rule of the module doc."""
    if gold.value is None:
        return False
    if _same_number(value, value_scale, gold):
        return True
    opposite = (value > 0 > gold.value) or (value < 0 < gold.value)
    return opposite and falls_in_words and _same_number(-value, value_scale, gold)


def _compatible(quantity: Quantity, gold: Gold) -> bool:
    """The figure's printed unit can state the gold quantity."""
    if quantity.note == "garbled unit":
        return False
    family = unit_family(gold.unit)
    if family in ("percent", "percentage_points"):
        return quantity.kind in (family, "number")
    if quantity.kind in ("percent", "percentage_points"):
        return False
    if family in ("ordinal", "year", "ratio"):
        return quantity.kind in ("number", "year", "count")
    currency = unit_currency(gold.unit)
    return not (currency and quantity.currency and quantity.currency != currency)


def _signed(quantity: Quantity, text: str) -> float:
    """The value with a minus that `extract_quantities` took for a dash after a word (`was -384.6`) put back.

    A minus right before the digits counts as a sign unless a number (or `.`, `)`, `%`) precedes it (`1 - 9`).
    """
    start = quantity.start
    if quantity.value <= 0 or start < 1 or text[start - 1] not in "-−－":
        return quantity.value
    before = text[: start - 1].rstrip(" \t")
    if before and (before[-1].isdigit() or before[-1] in ".)）%"):
        return quantity.value
    return -quantity.value


def text_numbers(text: str, gold: Gold) -> list[tuple[float, float | None]]:
    """(value, scale or None) of the figures `text` states that could answer a question with this gold unit."""
    cleaned = _MARKER.sub(lambda m: " " * len(m.group(0)), text)
    family = unit_family(gold.unit)
    found = extract_quantities(cleaned) if family == "year" else stated_quantities(cleaned)
    numbers: list[tuple[float, float | None]] = [
        (_signed(q, cleaned), q.scale if q.scale != 1 else None) for q in found if _compatible(q, gold)
    ]
    if family == "ordinal":
        for pattern in _ORDINALS:
            numbers += [(float(m.group(1)), None) for m in pattern.finditer(cleaned)]
    return numbers


# --- phrases ------------------------------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).casefold().strip()


@lru_cache(maxsize=1)
def _glossary_pairs() -> tuple[tuple[str, str], ...]:
    try:
        from rag.text.glossary import Glossary

        return tuple((normalise_text(t.zh), normalise_text(t.en)) for t in Glossary.load().terms)
    except (OSError, ValueError):
        return ()


def phrase_forms(phrase: str) -> set[str]:
    """The normalised phrase and its glossary translations (exact term matches only)."""
    key = normalise_text(phrase)
    forms = {key}
    for zh, en in _glossary_pairs():
        if key == en:
            forms.add(zh)
        elif key == zh:
            forms.add(en)
    return {form for form in forms if form}


def phrase_in(text: str, phrase: str) -> bool:
    """Whether the text holds the phrase; a phrase listing items with `; ` needs every item."""
    haystack = normalise_text(text)
    items = [item for item in phrase.split("; ") if item.strip()]
    return all(any(form in haystack for form in phrase_forms(item)) for item in items)


# --- scoring one answer -------------------------------------------------------------------------------------------


# The answer's fields a result record shows beside its scores.
ANSWER_FIELDS = ("text", "value", "unit", "source_value", "source_unit", "formula")


@dataclass
class Result:
    """One dev question, its answer and its scores (None where a score does not apply)."""

    id: str
    question: str
    lang: str
    kind: str
    cross_lingual: bool
    gold_type: str
    expected: str
    answer: Answer | None = None
    error: str = ""
    value_ok: bool | None = None
    text_ok: bool | None = None
    numeric_ok: bool | None = None
    phrase_ok: bool | None = None
    phrase_cited: bool | None = None
    refusal_ok: bool = False
    correct: bool = False
    stated: int = 0
    cited: int = 0
    uncited: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.answer.text if self.answer else ""

    @property
    def refused(self) -> bool:
        return bool(self.answer and self.answer.refused)

    @property
    def citations(self) -> list[str]:
        return [_locator(c) for c in self.answer.citations] if self.answer else []

    def record(self) -> dict:
        """The result as a flat JSON record: the scores, and the answer's text, figures, formula and citations."""
        record = {k: v for k, v in asdict(self).items() if k != "answer"}
        answer = self.answer or Answer("", "")
        shown = {name: getattr(answer, name) for name in ANSWER_FIELDS}
        return {**record, **shown, "refused": self.refused, "citations": self.citations}

    @property
    def reason(self) -> str:
        if self.error:
            return f"error: {self.error}"
        if self.gold_type == "unanswerable":
            return "answered an unanswerable question"
        if self.refused:
            return "refused an answerable question"
        if self.gold_type == "phrase":
            return "phrase not in the answer" + (" (it is in a cited quote)" if self.phrase_cited else "")
        if self.value_ok and not self.text_ok:
            return "structured value right, answer text does not state it"
        if self.text_ok and self.value_ok is False:
            return "answer text right, structured value wrong"
        return "wrong number"


def _locator(citation: Citation) -> str:
    return f"[{citation.n}] {citation.doc_name}, {citation.locator}"


def score_answer(
    item: DevQuestion,
    answer: Answer | None,
    error: str = "",
    tables: Callable[[str, str], Table | None] | None = None,
) -> Result:
    gold = item.gold
    result = Result(
        item.id, item.question, item.lang, item.kind, item.cross_lingual, gold.type, gold.describe(), error=error
    )
    if answer is None:
        if gold.type == "value":
            result.value_ok = result.text_ok = result.numeric_ok = False
        elif gold.type == "phrase":
            result.phrase_ok = result.phrase_cited = False
        return result
    result.answer = answer
    result.refusal_ok = result.refused == gold.unanswerable

    stated = stated_quantities(answer.text)
    if stated:
        problems = verify_answer(answer, tables)
        result.stated, result.cited = len(stated), len(stated) - len(problems)
        result.uncited = [p.text for p in problems]

    if gold.type == "value":
        falls = bool(_FALL_QUESTION.search(item.question) or _FALL_ANSWER.search(answer.text))
        answered = not answer.refused
        structured = [
            (v, unit_scale(u)) for v, u in ((answer.value, answer.unit), (answer.source_value, answer.source_unit))
        ]
        structured = [(v, s) for v, s in structured if v is not None]
        result.value_ok = answered and any(number_matches(v, s, gold, falls) for v, s in structured)
        result.text_ok = answered and any(number_matches(v, s, gold, falls) for v, s in text_numbers(answer.text, gold))
        result.numeric_ok = result.text_ok and (result.value_ok or not structured)
        result.correct = result.numeric_ok
    elif gold.type == "phrase":
        result.phrase_ok = not answer.refused and phrase_in(answer.text, gold.phrase)
        result.phrase_cited = any(phrase_in(c.quote, gold.phrase) for c in answer.citations)
        result.correct = result.phrase_ok
    else:
        result.correct = result.refused
    return result


# --- aggregation --------------------------------------------------------------------------------------------------


def _share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def score_results(results: Sequence[Result]) -> dict:
    """The metrics of the module doc over `results`."""
    values = [r for r in results if r.gold_type == "value"]
    phrases = [r for r in results if r.gold_type == "phrase"]
    with_numbers = [r for r in results if r.stated]
    refusals = [r for r in results if r.refused]
    unanswerable = [r for r in results if r.gold_type == "unanswerable"]
    true_refusals = sum(1 for r in refusals if r.gold_type == "unanswerable")
    stated = sum(r.stated for r in with_numbers)
    return {
        "n": len(results),
        "errors": sum(1 for r in results if r.error),
        "accuracy": _share(sum(1 for r in results if r.correct), len(results)),
        "n_value": len(values),
        "numeric_accuracy": _share(sum(1 for r in values if r.numeric_ok), len(values)),
        "value_accuracy": _share(sum(1 for r in values if r.value_ok), len(values)),
        "text_accuracy": _share(sum(1 for r in values if r.text_ok), len(values)),
        "n_phrase": len(phrases),
        "phrase_accuracy": _share(sum(1 for r in phrases if r.phrase_ok), len(phrases)),
        "phrase_in_citations": _share(sum(1 for r in phrases if r.phrase_cited), len(phrases)),
        "answers_with_numbers": len(with_numbers),
        "numbers_stated": stated,
        "numbers_cited": sum(r.cited for r in with_numbers),
        "citation_precision": _share(sum(r.cited for r in with_numbers), stated),
        "all_cited": _share(sum(1 for r in with_numbers if r.cited == r.stated), len(with_numbers)),
        "n_unanswerable": len(unanswerable),
        "refusals": len(refusals),
        "refusal_precision": _share(true_refusals, len(refusals)),
        "refusal_recall": _share(true_refusals, len(unanswerable)),
        "refusal_accuracy": _share(sum(1 for r in results if r.refusal_ok), len(results)),
    }


def group_names(result: Result) -> list[str]:
    return [
        "overall",
        f"kind={result.kind}",
        f"lang={result.lang}",
        "cross_lingual" if result.cross_lingual else "monolingual",
    ]


def grouped(results: Sequence[Result]) -> dict[str, dict]:
    groups: dict[str, list[Result]] = {}
    for result in results:
        for name in group_names(result):
            groups.setdefault(name, []).append(result)
    rank = {"overall": 0, "kind": 1, "lang": 2}
    order = sorted(groups, key=lambda name: (rank.get(name.split("=")[0], 3), name))
    return {name: score_results(groups[name]) for name in order}


# --- the run ------------------------------------------------------------------------------------------------------


def run_numeric_eval(
    answer_fn: Callable[[str], Answer],
    dataset: Path,
    out_dir: Path,
    label: str = "grounded",
    printer=print,
    tables: Callable[[str, str], Table | None] | None = None,
) -> dict:
    """Answer every dev question with `answer_fn`, score (module doc), print a table and write the three reports.

    `tables(table_id, doc_name)` (e.g. `StoredIndex.table`) lets citation precision read a cited table row with its
    column units; without it the numbers of the citation quotes are read as printed.
    Returns the report: `overall`, `groups` (overall, by kind, language, cross-lingual) and `failures`.
    """
    questions = load_dev_set(dataset)
    if not questions:
        raise ValueError(f"{dataset} has no questions")
    results = []
    for item in questions:
        try:
            answer = answer_fn(item.question)
            if not isinstance(answer, Answer):
                raise TypeError(f"answer_fn returned {type(answer).__name__}, not an Answer")
        except Exception as exc:  # one failing question must not end the run
            results.append(score_answer(item, None, error=f"{type(exc).__name__}: {exc}"))
            continue
        results.append(score_answer(item, answer, tables=tables))

    groups = grouped(results)
    failures = [_failure(r) for r in results if not r.correct]
    report = {
        "dataset": str(dataset),
        "label": label,
        "rel_tol": REL_TOL,
        "overall": groups["overall"],
        "groups": groups,
        "failures": failures,
        "uncited": [
            {"id": r.id, "question": r.question, "numbers": r.uncited, "citations": r.citations}
            for r in results
            if r.uncited
        ],
        "results": [r.record() for r in results],
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "numeric.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (out_dir / "numeric.md").write_text(markdown_report(report), encoding="utf-8")
    write_chart(groups, out_dir / "numeric.png", label)
    print_report(report, printer)
    printer(f"reports written to {out_dir / 'numeric.json'}, numeric.md and numeric.png")
    return report


def _failure(result: Result) -> dict:
    record = result.record()
    keys = ("id", "question", "kind", "lang", "expected", *ANSWER_FIELDS[1:], "refused", "citations", "error")
    return {"reason": result.reason, "got": result.text, **{key: record[key] for key in keys}}


# --- output -------------------------------------------------------------------------------------------------------

_COLUMNS = (
    ("acc", "accuracy"),
    ("value", "value_accuracy"),
    ("text", "text_accuracy"),
    ("phrase", "phrase_accuracy"),
    ("cite", "citation_precision"),
    ("allcit", "all_cited"),
    ("refP", "refusal_precision"),
    ("refR", "refusal_recall"),
    ("refAcc", "refusal_accuracy"),
)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def _plain(value: float) -> str:
    return f"{value:.10g}"


def print_report(report: dict, printer=print) -> None:
    header = f"{'group':<22}{'n':>5}" + "".join(f"{title:>8}" for title, _ in _COLUMNS) + f"{'err':>5}"
    printer(header)
    printer("-" * len(header))
    for name, m in report["groups"].items():
        cells = "".join(f"{_fmt(m[key]):>8}" for _, key in _COLUMNS)
        printer(f"{name:<22}{m['n']:>5}{cells}{m['errors']:>5}")
    printer(f"{len(report['failures'])} failure(s); {len(report['uncited'])} answer(s) with uncited numbers")


def markdown_report(report: dict) -> str:
    overall = report["overall"]
    lines = [
        f"# Answer evaluation ({report['label']})",
        "",
        f"Dataset `{report['dataset']}`, {overall['n']} questions, numeric tolerance {100 * report['rel_tol']:g} %. "
        "Definitions: `evals/numeric.py`.",
        "",
        "## Overall",
        "",
        f"- Accuracy (all questions handled correctly): **{_pct(overall['accuracy'])}**",
        f"- Numeric accuracy (as shown): {_pct(overall['numeric_accuracy'])} of {overall['n_value']} value questions; "
        f"value accuracy {_pct(overall['value_accuracy'])}, text accuracy {_pct(overall['text_accuracy'])}",
        f"- Phrase accuracy: {_pct(overall['phrase_accuracy'])} of {overall['n_phrase']} "
        f"(phrase in a cited quote: {_pct(overall['phrase_in_citations'])})",
        f"- Citation precision: {_pct(overall['citation_precision'])} "
        f"({overall['numbers_cited']} of {overall['numbers_stated']} stated numbers); answers with all numbers cited: "
        f"{_pct(overall['all_cited'])} of {overall['answers_with_numbers']}",
        f"- Refusals: precision {_pct(overall['refusal_precision'])}, recall {_pct(overall['refusal_recall'])} "
        f"({overall['refusals']} refusals, {overall['n_unanswerable']} unanswerable), "
        f"refusal accuracy {_pct(overall['refusal_accuracy'])}",
        f"- Errors: {overall['errors']}",
        "",
        "## By kind and language",
        "",
        "| group | n | accuracy | value | text | phrase | citation precision | all cited | refusal P | refusal R "
        "| refusal acc | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m in report["groups"].items():
        cells = " | ".join(_pct(m[key]) for _, key in _COLUMNS)
        lines.append(f"| {name} | {m['n']} | {cells} | {m['errors']} |")
    lines += ["", f"## Failures ({len(report['failures'])})", ""]
    if not report["failures"]:
        lines.append("None.")
    for failure in report["failures"]:
        lines += [
            f"### {failure['id']} ({failure['kind']}, {failure['lang']}): {failure['reason']}",
            "",
            f"- Question: {failure['question']}",
            f"- Expected: {failure['expected']}",
            f"- Got: {one_line(failure['got'], TEXT_CHARS) or '(no answer)'}"
            + (" (refused)" if failure["refused"] else ""),
        ]
        if failure["value"] is not None or failure["source_value"] is not None:
            lines.append(
                f"- Value: {failure['value']} {failure['unit']}; source value: {failure['source_value']} "
                f"{failure['source_unit']}" + (f"; formula: `{failure['formula']}`" if failure["formula"] else "")
            )
        if failure["citations"]:
            lines.append("- Cited: " + "; ".join(failure["citations"]))
        lines.append("")
    lines += ["", f"## Answers with uncited numbers ({len(report['uncited'])})", ""]
    if not report["uncited"]:
        lines.append("None.")
    for entry in report["uncited"]:
        cited = "; ".join(entry["citations"]) or "no citations"
        lines.append(f"- {entry['id']}: {', '.join(entry['numbers'])} (cited: {cited})")
    return "\n".join(lines).rstrip() + "\n"


def write_chart(groups: dict[str, dict], path: Path, label: str = "") -> None:
    """Bar chart of accuracy by group (overall, kinds, languages, cross-lingual), drawn with the Agg backend."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    names = list(groups)
    values = [100 * (groups[name]["accuracy"] or 0.0) for name in names]
    palette = {"overall": "#444444", "kind": "#4C72B0", "lang": "#55A868"}
    colours = [palette.get(name.split("=")[0], "#DD8452") for name in names]
    figure = Figure(figsize=(max(6.0, 0.9 * len(names) + 1.5), 4.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    bars = axes.bar(range(len(names)), values, color=colours)
    for bar, name, value in zip(bars, names, values, strict=True):
        axes.annotate(
            f"{value:.0f}%\nn={groups[name]['n']}",
            (bar.get_x() + bar.get_width() / 2, value),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    axes.set_xticks(range(len(names)))
    axes.set_xticklabels(names, rotation=30, ha="right", fontsize=9)
    axes.set_ylim(0, 115)
    axes.set_ylabel("accuracy (%)")
    axes.set_title(f"Answer accuracy by category{f' ({label})' if label else ''}")
    figure.tight_layout()
    figure.savefig(path, format="png")
