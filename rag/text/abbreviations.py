"""Abbreviations and their long forms (`rag/data/abbreviations.tsv`, and a text's own `Long Form (ABBR)`): either
form names the same thing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rag.text.wordlists import read_pairs

ABBREVIATIONS_PATH = Path(__file__).resolve().parents[1] / "data" / "abbreviations.tsv"


@lru_cache(maxsize=2)
def _pairs(path: Path = ABBREVIATIONS_PATH) -> tuple[tuple[str, str], ...]:
    return tuple((abbr.strip(), long.strip()) for abbr, long in read_pairs(path, "abbreviations") if long.strip())


# `the Internet of Things (IoT)`: up to six words before a bracket holding a short capitalised name whose letters
# start those words (checked by `_initials_fit`).
_DEFINED = re.compile(r"((?:[A-Za-z][\w'’-]*\s+){0,5}[A-Za-z][\w'’-]*)\s*[(（]\s*([A-Z][A-Za-z0-9&]{1,7})\s*[)）]")
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "to", "a"})


def _initials_fit(words: list[str], abbr: str) -> str:
    """The shortest run of the last `words` whose initials (small words skipped or kept) spell `abbr`; else the
    shortest whose first and last initials open and close it, its other letters initials in order (`green investment
    principles (GP)`); or ""."""
    letters = [c.lower() for c in abbr if c.isalpha()]
    for start in range(len(words) - 1, -1, -1):
        run = words[start:]
        initials = [w[0].lower() for w in run if w.lower() not in _SMALL_WORDS]
        every = [w[0].lower() for w in run]
        if letters in (initials, every):
            return " ".join(run)
    for start in range(len(words) - 1, -1, -1):
        initials = [w[0].lower() for w in words[start:] if w.lower() not in _SMALL_WORDS]
        ends = initials[:1] + initials[-1:] == letters[:1] + letters[-1:]
        if len(initials) > len(letters) >= 2 and ends and _in_order(letters[1:-1], initials[1:-1]):
            return " ".join(words[start:])
    return ""


def _in_order(letters: list[str], initials: list[str]) -> bool:
    """The letters are some of the initials, in their order."""
    rest = iter(initials)
    return all(letter in rest for letter in letters)


def defined_pairs(text: str) -> list[tuple[str, str]]:
    """The (abbreviation, long form) pairs a text defines itself (`Internet of Things (IoT)`)."""
    found = []
    for match in _DEFINED.finditer(text):
        long = _initials_fit(match.group(1).split(), match.group(2))
        if long:
            found.append((match.group(2), long))
    return found


def other_forms(name: str, text: str = "") -> tuple[str, ...]:
    """The other forms of `name`: its long forms when it is an abbreviation, its abbreviations when it is a long form
    (case-insensitive), from the data file and the pairs `text` defines."""
    key = name.strip()
    if not text:
        return _listed_forms(key)
    return tuple(dict.fromkeys((*_listed_forms(key), *_forms_among(key, defined_pairs(text)))))


@lru_cache(maxsize=8192)
def _listed_forms(key: str) -> tuple[str, ...]:
    """The other forms of `key` the data file gives, worked out once per name (every entity of every question asks)."""
    return tuple(dict.fromkeys(_forms_among(key, _pairs())))


def _forms_among(key: str, pairs: Iterable[tuple[str, str]]) -> list[str]:
    forms = []
    for abbr, long in pairs:
        if key == abbr:
            forms.append(long)
        elif key.lower() == long.lower():
            forms.append(abbr)
    return forms


def abbreviations_named(text: str) -> frozenset[str]:
    """The abbreviations (lower case) whose long form `text` names (`foreign direct investment`: `fdi`): the reports
    spell out what analysts abbreviate."""
    low = text.lower()
    return frozenset(abbr.lower() for abbr, long in _pairs() if long.lower() in low)
