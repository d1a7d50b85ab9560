"""Period spans: the span of time a figure covers must be the one a question asks about.

A question may ask about a part of a year (`January to April`, `1至4月`, `the first quarter`), one year's change (`year
on year`, `同比`) or an average rate over several years (`average annual growth`, `年均`); a figure's own words say
which of these it is. An average annual rate over five years is no figure for January to April, nor is one year's
change an average over several: such a figure is a near miss however well its other words fit. The words are data
(`rag/data/period_spans.tsv`); a span named by neither side, or by both, constrains nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.text.glossary import has_cjk
from rag.text.tokens import find_word
from rag.text.wordlists import grouped_words

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "period_spans.tsv"

AVERAGE = "average_years"
SHORT = ("part_year", "one_year", "this_year")  # spans of one year or less
LONG = (AVERAGE, "over_years")  # spans of several years: an average rate, or a figure over them together

# A month in Chinese: a digit or Chinese numeral before 月 (`1至4月`, `前四个月` is a word of the data).
_ZH_MONTH = re.compile(r"[0-9〇一二三四五六七八九十]\s*月")


@lru_cache(maxsize=2)
def span_words(path: Path = WORDS_PATH) -> dict[str, tuple[str, ...]]:
    """span group -> its words (lower case); see `rag/data/period_spans.tsv`."""
    return grouped_words(path, "period span words")


def spans_named(text: str) -> frozenset[str]:
    """The spans `text` names: `part_year`, `one_year`, `average_years` (none, one or several)."""
    low = text.lower()
    found = {
        group
        for group, words in span_words().items()
        if any((word in low) if has_cjk(word) else find_word(word, low, whole=False) for word in words)
    }
    if _ZH_MONTH.search(text):
        found.add("part_year")
    if "part_year" in found:
        found.discard("this_year")  # `今年1至4月`: the part of this year is the span named
    if AVERAGE in found:
        found.discard("over_years")  # `the average annual rate over the past five years`: an average, not a sum
    return frozenset(found)


def other_span(asked_text: str, given_text: str) -> tuple[str, str] | None:
    """(the span asked, the other span given) when the question asks a span of a year or less and the figure's own
    words give only one of several years (an average rate, or a figure over them together), or the other way round;
    None when they fit or either side names no span."""
    asked, given = spans_named(asked_text), spans_named(given_text)
    asked_short, given_short = [s for s in SHORT if s in asked], [s for s in SHORT if s in given]
    asked_long, given_long = [s for s in LONG if s in asked], [s for s in LONG if s in given]
    if asked_short and not asked_long and given_long and not given_short:
        return asked_short[0], given_long[0]
    if asked_long and not asked_short and given_short and not given_long:
        return asked_long[0], given_short[0]
    return None
