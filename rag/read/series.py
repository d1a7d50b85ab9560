"""Operations over one table row's year series: the first (or last) year whose figure meets a threshold.

`In which year did X first exceed N?` is answered from the same row and threshold test as `in which years was X
above N?` (`derived.years_meeting`); the series words (`rag/data/series_words.tsv`) pick the earliest (latest) year
meeting it, and a `since` year leaves out the years before it. Every year's cell read is cited, so the answer
shows the years below the threshold as well as the one that crossed it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.read.cells import cell_years
from rag.read.compose import AnswerDraft, subject_of
from rag.read.derived import cited_years, of_whole, years_meeting
from rag.read.evidence import Evidence
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.text.glossary import has_cjk
from rag.text.tokens import holds_any
from rag.text.wordlists import grouped_words
from rag.types import Answer

SERIES_WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "series_words.tsv"


@lru_cache(maxsize=4)
def series_words(path: Path = SERIES_WORDS_PATH) -> dict[str, tuple[str, ...]]:
    """kind (first, last, since) -> its words, lower-cased, in file order."""
    return grouped_words(path, "series words")


def _holds(low: str, kind: str) -> bool:
    return holds_any(series_words().get(kind, ()), low)


def series_position(text: str) -> str:
    """`first` or `last` when the question picks one end of the years meeting its condition; `` otherwise (both
    named, or neither)."""
    low = text.lower()
    named = [kind for kind in ("first", "last") if _holds(low, kind)]
    return named[0] if len(named) == 1 else ""


def since_year(text: str) -> int | None:
    """The year a `since` word binds (`since 2006`, `2006年以来`), or None."""
    low = text.lower()
    for word in series_words().get("since", ()):
        if has_cjk(word):
            match = re.search(rf"((?:19|20)\d\d)\s*年?\s*{re.escape(word)}", low)
        else:
            match = re.search(rf"\b{re.escape(word)}\s+((?:19|20)\d\d)\b", low)
        if match:
            return int(match.group(1))
    return None


def derive_series_end(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`In which year did X first exceed N?`: the earliest (latest, for `last`) year of X's row whose figure meets
    the threshold, every year read cited; no year meeting it is no answer (NO_OPERANDS)."""
    position = series_position(question.text)
    found = years_meeting(question, evidence) if position else None
    if found is None:
        return NO_OPERANDS
    picks, met, condition, whole = found
    start = since_year(question.text)

    def year(pick) -> int:
        return min(cell_years(pick.table, pick.row, pick.index))

    if start is not None:
        picks = [p for p in picks if year(p) >= start]
        met = [p for p in met if year(p) >= start]
    if not met or len(picks) < 2:
        return NO_OPERANDS
    picks = sorted(picks, key=year)
    chosen = year(min(met, key=year) if position == "first" else max(met, key=year))
    items = cited_years(draft, picks, evidence, whole)
    condition = of_whole(condition, picks[0].table, whole, question.lang, draft.templates, evidence.glossary)
    draft.say(
        f"series_{position}",
        year=chosen,
        subject=subject_of(picks[0], evidence.glossary, question.lang, with_year=False),
        condition=condition,
        items=draft.templates["list_joiner"].join(items),
    )
    draft.value = draft.source_value = float(chosen)
    draft.unit = draft.source_unit = "year"
    draft.spans = (str(chosen),)
    draft.confidence = 0.5
    return draft.answer()
