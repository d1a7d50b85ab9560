"""Durations: `how many days did the fair last?`, `为期几天`. The slot asked is a length of time in one unit (day,
week, month: `rag/data/durations.tsv`), so only a figure printed with that unit answers (`the 6-day event`, `for
three weeks`, `为期6天`), from the sentence that names most of the question; a question asking a duration that no
such figure answers is refused, never given an amount or a date of the same passage (`June 9`, `9日` is a day of
the month, not a length)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.read.compose import AnswerDraft, prose_citation
from rag.read.evidence import Evidence
from rag.read.matching import mentions, overlap
from rag.read.question import Question
from rag.read.refusals import OTHER_MEASURE, Refusal, missing
from rag.text.glossary import has_cjk
from rag.text.numbers import chinese_count, plain, word_numbers
from rag.text.sentences import split_sentences
from rag.text.wordlists import grouped_words
from rag.types import Answer, Chunk

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "durations.tsv"
MIN_NAMED = 0.3  # share of the question's terms the answering sentence must hold (as `spans.MIN_TEXT_OVERLAP`)
_NUMERAL = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])|[一二三四五六七八九十两]+")


@dataclass(frozen=True)
class Duration:
    """A length of time printed in a sentence: its value, unit name (`day`), the words as printed (`6-day`) and its
    numeral as printed (`6`: where the alignment check reads the noun after the figure)."""

    value: float
    unit: str
    text: str
    numeral: str


@lru_cache(maxsize=1)
def unit_words() -> dict[str, tuple[str, ...]]:
    """unit name (`day`) -> its words; see `rag/data/durations.tsv`."""
    return {group[5:]: words for group, words in grouped_words(WORDS_PATH, "duration words").items()}


def _unit_pattern(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) if has_cjk(w) else rf"{re.escape(w)}(?![a-z])" for w in sorted(words, key=len)[::-1])


def asked_unit(question: Question) -> str:
    """The unit of time a question asks a length in (`how many days`, `几天`, `多少个月`), or ""; `哪几天` and
    `第几天` ask which days (dates), not how many."""
    low = question.text.lower()
    for unit, words in unit_words().items():
        pattern = _unit_pattern(words)
        if re.search(rf"\bhow many\s+(?:{pattern})|(?<![哪第])(?:几|多少)个?(?:{pattern})", low):
            return unit
    return ""


def durations_in(sentence: str, unit: str) -> list[Duration]:
    """The figures of `sentence` printed with a word of `unit` right after them (`6-day`, `six days`, `6天`,
    `三个月`)."""
    after = re.compile(rf"[\s-]*个?(?:{_unit_pattern(unit_words().get(unit, ()))})", re.IGNORECASE)
    numerals = [(m.start(), m.end(), _numeral_value(m.group(0))) for m in _NUMERAL.finditer(sentence)]
    numerals += [(q.start, q.end, q.value) for q in word_numbers(sentence)]
    found = []
    for start, end, value in numerals:
        unit_at = after.match(sentence, end)
        if unit_at is not None and value is not None:
            found.append(Duration(value, unit, sentence[start : unit_at.end()].strip(), sentence[start:end]))
    return found


def _numeral_value(text: str) -> float | None:
    """`6`, `2.5`, `六`, `十二`: the value of a numeral in digits or small Chinese numerals."""
    if text[0].isdigit():
        return float(text)
    count = chinese_count(text)
    return float(count) if count is not None else None


def said(duration: Duration, lang: str) -> str:
    """`6 days`, `6天`: the length in the question's language, its unit by the unit's first word in that language."""
    words = unit_words().get(duration.unit, ())
    if lang == "zh":
        return f"{plain(duration.value)}{next((w for w in words if has_cjk(w)), duration.unit)}"
    plural = [w for w in words if not has_cjk(w)][-1:] if duration.value != 1 else [duration.unit]
    return f"{plain(duration.value)} {(plural or [duration.unit])[0]}"


def derive_duration(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal | None:
    """A duration asked (`asked_unit`): the figure in that unit of the retrieved sentence naming most of the
    question (its entities all named by the passage); None when no duration is asked, a refusal when none is
    printed."""
    unit = asked_unit(question)
    if not unit:
        return None
    best: tuple[float, Chunk, str, Duration] | None = None
    for rank, chunk in evidence.prose():
        for sentence in split_sentences(chunk.body):
            found = durations_in(sentence, unit)
            named = overlap(question, f"{chunk.title} {sentence}") + 0.1 / (1 + rank)
            if found and (best is None or named > best[0]):
                best = (named, chunk, sentence, found[0])
    if best is None or best[0] < MIN_NAMED:
        return OTHER_MEASURE  # the length asked is printed nowhere: no other figure stands in
    _, chunk, sentence, duration = best
    absent = [e for e in question.entities if not mentions(e, chunk.text, evidence.glossary)]
    if absent:
        return missing(absent[0])
    n = draft.cite(prose_citation(chunk, sentence, duration.text))
    draft.say("prose", value_natural=said(duration, question.lang), quote=sentence, n=n)
    draft.value = draft.source_value = duration.value
    draft.unit = f"{unit}s"
    draft.source_unit = duration.numeral
    draft.spans = (duration.text,)
    draft.confidence = min(1.0, best[0])
    return draft.answer()
