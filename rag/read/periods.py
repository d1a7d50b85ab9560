"""Figures bound to periods by their order: `In the four quarters, sales grew by 4%, 6%, 5% and 5% respectively`
gives the first quarter 4% and the third 5%; so do `in the first, second and third quarters ... 4%, 6% and 5%`,
`一至四季度分别增长4%、6%、5%和5%` and `Q1-Q4`.

A sentence holds a series when it names the positions of several periods of one kind (a count word before a
plural period noun, ordinals before one, a range) and, after them, a list of exactly as many figures of one unit
with nothing but list glue (commas, `and`, `、`) between them: the n-th figure is the n-th position's. A question
names its periods as `the third quarter`, `Q3`, `三季度`, and a later ordinal with its noun left out (`... in the
third quarter than in the second`) takes the noun named before it. Period nouns, ordinals and count words are data
(`rag/data/periods.tsv`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.text.numbers import Quantity
from rag.text.wordlists import read_pairs

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "periods.tsv"


@dataclass(frozen=True)
class Period:
    """One period of a year: how many such periods make a year (4 for a quarter, in any language) and its position
    (3 for the third)."""

    per_year: int
    position: int


@dataclass(frozen=True)
class Series:
    """Figures a sentence gives one per period, in order: `figures[i]` is the period at `positions[i]`."""

    per_year: int
    positions: tuple[int, ...]
    figures: tuple[Quantity, ...]

    def figure_of(self, period: Period) -> Quantity | None:
        if period.per_year != self.per_year or period.position not in self.positions:
            return None
        return self.figures[self.positions.index(period.position)]


@lru_cache(maxsize=1)
def period_words() -> dict[str, dict[str, int]]:
    """group (`period`, `ordinal`, `count`) -> word -> number; see `rag/data/periods.tsv`."""
    words: dict[str, dict[str, int]] = {}
    for group, rest in read_pairs(WORDS_PATH, "period words"):
        word, _, number = rest.partition("\t")
        if not number.strip().isdigit():
            raise ValueError(f"period words {WORDS_PATH}: `{word}` has no number; restore the file from the repository")
        words.setdefault(group.strip(), {})[word.strip().lower()] = int(number)
    return words


def _alternatives(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    words = period_words()
    english = [w for w in words["period"] if w.isascii()]
    chinese = [w for w in words["period"] if not w.isascii()]
    en_nouns, zh_nouns = _alternatives(english), _alternatives(chinese)
    en_ords = _alternatives(w for w in words["ordinal"] if w.isascii())
    zh_ords = _alternatives(w for w in words["ordinal"] if not w.isascii())
    en_counts = _alternatives(w for w in words["count"] if w.isascii())
    zh_counts = _alternatives(w for w in words["count"] if not w.isascii() or w.isdigit())
    return {
        # `the four quarters`, `the first three quarters`, `the first, second and third quarters`
        "en_count": re.compile(rf"\bthe\s+(?:(first)\s+)?({en_counts})\s+({en_nouns})s\b"),
        "en_list": re.compile(rf"\b((?:(?:{en_ords})\s*(?:,|and|,\s*and)\s*)+(?:{en_ords}))\s+({en_nouns})s\b"),
        "en_one": re.compile(rf"\b({en_ords})\s+({en_nouns})\b"),
        "q_range": re.compile(r"\bq([1-4])\s*(?:-|–|to|至)\s*q([1-4])\b"),
        "q_one": re.compile(r"\bq([1-4])\b"),
        # `一至四季度`, `四个季度`, `前三季度`, `一、二、三季度`, `第三季度`
        "zh_range": re.compile(rf"({zh_ords})(?:季度)?\s*(?:至|到|-|—)\s*({zh_ords})\s*({zh_nouns})"),
        "zh_count": re.compile(rf"(?:前({zh_counts})|({zh_counts})\s*个)\s*({zh_nouns})"),
        "zh_list": re.compile(rf"((?:(?:{zh_ords})[、,，和及])+(?:{zh_ords}))\s*({zh_nouns})"),
        "zh_one": re.compile(rf"第?({zh_ords})\s*({zh_nouns})"),
        "en_ord": re.compile(rf"\b({en_ords})\b"),
        "en_bare_ord": re.compile(rf"\b({en_ords})\b(?!\s+(?:{en_nouns}))"),
    }


def _per_year(noun: str) -> int:
    return period_words()["period"][noun.strip().lower()]


def _ordinal(word: str) -> int:
    return period_words()["ordinal"][word.strip().lower()]


def asked_periods(text: str) -> tuple[Period, ...]:
    """The periods a question names, in its order: `third quarter`, `Q3`, `第三季度`, and an ordinal whose noun is
    left out after a named period (`... than in the second`)."""
    low = text.lower()
    patterns = _patterns()
    found: list[tuple[int, Period]] = []
    for match in patterns["en_list"].finditer(low):
        ordinals = patterns["en_ord"].findall(match.group(1))
        found += [(match.start(), Period(_per_year(match.group(2)), _ordinal(o))) for o in ordinals]
    covered = [m.span() for m in patterns["en_list"].finditer(low)]
    for match in patterns["en_one"].finditer(low):
        if not any(a <= match.start() < b for a, b in covered):
            found.append((match.start(), Period(_per_year(match.group(2)), _ordinal(match.group(1)))))
    for match in patterns["q_one"].finditer(low):
        found.append((match.start(), Period(_per_year("quarter"), int(match.group(1)))))
    for match in patterns["zh_list"].finditer(text):
        ordinals = re.split(r"[、,，和及]", match.group(1))
        found += [(match.start(), Period(_per_year(match.group(2)), _ordinal(o))) for o in ordinals]
    covered_zh = [m.span() for m in patterns["zh_list"].finditer(text)]
    for match in patterns["zh_one"].finditer(text):
        if not any(a <= match.start() < b for a, b in covered_zh):
            found.append((match.start(), Period(_per_year(match.group(2)), _ordinal(match.group(1)))))
    if found:  # `... in the third quarter than in the second`: a bare ordinal takes the noun named before it
        first = min(at for at, _ in found)
        for match in patterns["en_bare_ord"].finditer(low):
            named_before = [p for at, p in found if at < match.start()]
            if match.start() > first and named_before and not any(at == match.start() for at, _ in found):
                found.append((match.start(), Period(named_before[-1].per_year, _ordinal(match.group(1)))))
    periods = [p for _, p in sorted(found, key=lambda item: item[0])]
    return tuple(dict.fromkeys(periods))


@lru_cache(maxsize=1)
def _dated_month() -> re.Pattern[str]:
    months = _alternatives(period_words().get("month", {}))
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    return re.compile(rf"\b(?:{day}\s+)?({months})\.?\s*(?:{day}\s*,?\s*)?(?:19|20)\d\d\b", re.IGNORECASE)


def dated_months(text: str) -> frozenset[int]:
    """The months a text names in dates (`August 31, 2019`, `30 June 2019`, `May 2019`): a month word with a year
    after it (`month` words of `rag/data/periods.tsv`)."""
    return frozenset(period_words()["month"][m.group(1).lower()] for m in _dated_month().finditer(text))


def other_period(asked: str, printed: str) -> bool:
    """A figure printed under `printed` (a column header, a row label) is of another period than the question
    `asked` names within its year: both name a quarter (`Q3`, `third quarter`) or a dated month (`August 31, 2019`)
    and none of the printed ones is asked. A printing naming no such period (a year's column) is not another."""
    quarters, months = _within_year(asked)
    if not (quarters or months):  # (most questions: the printed side is not read)
        return False
    printed_quarters, printed_months = _within_year(printed)
    if quarters and printed_quarters and not quarters & printed_quarters:
        return True
    return bool(months and printed_months and not months & printed_months)


@lru_cache(maxsize=8192)
def _within_year(text: str) -> tuple[frozenset[Period], frozenset[int]]:
    """The quarters and the dated months `text` names (read once per question, column header and row label)."""
    return frozenset(p for p in asked_periods(text) if p.per_year == 4), dated_months(text)


def _named_positions(sentence: str) -> list[tuple[int, str, tuple[int, ...]]]:
    """(where the naming ends, periods per year, positions) for each run of periods a sentence names."""
    low = sentence.lower()
    patterns = _patterns()
    counts = period_words()["count"]
    named = []
    for match in patterns["en_count"].finditer(low):
        named.append((match.end(), _per_year(match.group(3)), tuple(range(1, counts[match.group(2)] + 1))))
    for match in patterns["en_list"].finditer(low):
        ordinals = patterns["en_ord"].findall(match.group(1))
        named.append((match.end(), _per_year(match.group(2)), tuple(_ordinal(o) for o in ordinals)))
    for match in patterns["q_range"].finditer(low):
        first, last = int(match.group(1)), int(match.group(2))
        named.append((match.end(), _per_year("quarter"), tuple(range(first, last + 1))))
    for match in patterns["zh_range"].finditer(sentence):
        first, last = _ordinal(match.group(1)), _ordinal(match.group(2))
        named.append((match.end(), _per_year(match.group(3)), tuple(range(first, last + 1))))
    for match in patterns["zh_count"].finditer(sentence):
        count = counts[match.group(1) or match.group(2)]
        named.append((match.end(), _per_year(match.group(3)), tuple(range(1, count + 1))))
    for match in patterns["zh_list"].finditer(sentence):
        ordinals = re.split(r"[、,，和及]", match.group(1))
        named.append((match.end(), _per_year(match.group(2)), tuple(_ordinal(o) for o in ordinals)))
    return [item for item in named if len(item[2]) >= 2 and len(set(item[2])) == len(item[2])]


_GLUE = re.compile(r"\s*(?:[,，、;；]\s*)?(?:(?:and|和|及|与|以及)\s*)?")


def figure_runs(sentence: str, quantities: Sequence[Quantity]) -> list[list[Quantity]]:
    """Runs of two or more figures of one unit printed one after another with nothing but list glue between them
    (`4%, 6%, 5% and 5%`, `4%、6%和5%`)."""
    runs: list[list[Quantity]] = []
    ordered = sorted(quantities, key=lambda q: q.start)
    for quantity in ordered:
        last = runs[-1][-1] if runs else None
        glued = last is not None and _GLUE.fullmatch(sentence[last.end : quantity.start]) is not None
        if glued and (last.kind, last.currency, last.base) == (quantity.kind, quantity.currency, quantity.base):
            runs[-1].append(quantity)
        else:
            runs.append([quantity])
    return [run for run in runs if len(run) >= 2]


def series_in(sentence: str, quantities: Sequence[Quantity]) -> list[Series]:
    """The series of a sentence: each run of periods it names with the first run of figures after it whose length
    is the number of periods (module doc)."""
    runs = figure_runs(sentence, quantities)
    found = []
    for end, per_year, positions in _named_positions(sentence):
        after = [run for run in runs if run[0].start >= end]
        if after and len(after[0]) == len(positions):
            found.append(Series(per_year, positions, tuple(after[0])))
    return found


def period_figure(sentence: str, quantities: Sequence[Quantity], question_text: str) -> tuple[list, int] | None:
    """For a question naming one period, the figures of the sentence's series of that period's kind and the
    position of the one bound to it (as `rag.read.prose.respective_figure`); None when no series holds it."""
    asked = asked_periods(question_text)
    if len(asked) != 1:
        return None
    for series in series_in(sentence, quantities):
        figure = series.figure_of(asked[0])
        if figure is not None:
            return list(series.figures), series.figures.index(figure)
    return None
