"""Dates to the day: a question asking on which day something happened (`when_day` words of
`rag/data/operations.tsv`: `on what date`, `哪一天`) is answered by a sentence that dates an event to a day
(`June 12, 2022`, `12 June 2022`, `2022年6月12日`, `2022-06-12`), not by one that names only its year or month."""

from __future__ import annotations

import re
from functools import lru_cache

from rag.read.operations import asks_operation
from rag.read.question import QUESTION_WORDS


@lru_cache(maxsize=1)
def _day_date() -> re.Pattern[str]:
    months = "|".join(sorted((m for m in QUESTION_WORDS["months"] if m != "end"), key=len, reverse=True))
    return re.compile(
        rf"\b(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*%)|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{months})\b"
        r"|\d{1,2}\s*月\s*\d{1,2}\s*日|\b(?:19|20)\d\d-\d\d-\d\d\b",
        re.IGNORECASE,
    )


def asks_day(question_text: str) -> bool:
    """The question asks for the day something happened (`when_day` words)."""
    return asks_operation(question_text.lower(), "when_day")


def dates_a_day(sentence: str) -> bool:
    """The sentence names a date to the day (see the module docstring)."""
    return _day_date().search(sentence) is not None
