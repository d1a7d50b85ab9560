"""Dates to the day: a question asking on which day something happened (`when_day` words of
`rag/data/operations.tsv`: `on what date`, `哪一天`) is answered by a sentence that dates an event to a day
(`June 12, 2022`, `12 June 2022`, `2022年6月12日`, `2022-06-12`), not by one that names only its year or month."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.read.operations import asks_operation
from rag.read.question import QUESTION_WORDS
from rag.text.tokens import holds_term
from rag.text.wordlists import grouped_words

EVENTS_PATH = Path(__file__).resolve().parents[1] / "data" / "events.tsv"


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


@lru_cache(maxsize=1)
def event_words() -> dict[str, tuple[str, ...]]:
    """event -> its words (`rag/data/events.tsv`)."""
    return grouped_words(EVENTS_PATH, "event words")


def events_named(text: str) -> dict[str, str]:
    """The events of `rag/data/events.tsv` that `text` names, each with the first of its words found there (`open`:
    `开幕`)."""
    low = text.lower()
    named = {}
    for event, words in event_words().items():
        found = [word for word in words if holds_term(word, low, whole=False)]
        if found:
            named[event] = found[0]
    return named


def undated_event(question_text: str, sentences: list[str]) -> str:
    """The word of the event a day-date question asks about (`开幕`) when none of `sentences` both dates a day and
    names that event: a day in the passage is then another event's (`a press conference on the fair was held on
    April 20` for `on what day did the fair open?`). "" when one does, the question asks no day or names no event
    of the data."""
    asked = events_named(question_text) if asks_day(question_text) else {}
    if not asked or any(
        dates_a_day(sentence) and asked.keys() & events_named(sentence).keys() for sentence in sentences
    ):
        return ""
    return next(iter(asked.values()))
