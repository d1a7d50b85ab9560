"""Query expansion from analysts' wording to the reports' wording (`rag/data/thesaurus.tsv`).

The glossary translates labels (制造业 → manufacturing); the thesaurus bridges phrasing: a question about money
"invested abroad" should also search for "outward direct investment (OFDI)", the term the reports and their
tables use. Measured on the dev set with `rag eval --retrieval`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rag.text.wordlists import read_pairs

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "thesaurus.tsv"
HEDGES_PATH = Path(__file__).resolve().parents[1] / "data" / "reading_hedges.tsv"


@lru_cache(maxsize=1)
def _hedge_pattern() -> re.Pattern[str]:
    phrases = sorted((phrase.strip() for phrase, _ in read_pairs(HEDGES_PATH, "reading hedges")), key=len, reverse=True)
    alternatives = "|".join(re.escape(phrase) for phrase in phrases if phrase)
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])", re.IGNORECASE)


def without_hedges(text: str) -> str:
    """The text without the phrases that only say how to take a figure (`at face value`, `rag/data/
    reading_hedges.tsv`): they name nothing the reports hold, and as search or match words they only pull the
    question towards passages that happen to share them."""
    return _hedge_pattern().sub(" ", text)


@dataclass(frozen=True)
class Thesaurus:
    entries: tuple[tuple[str, str], ...]
    _patterns: tuple[tuple[re.Pattern[str], str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        patterns = tuple(
            (re.compile(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", re.IGNORECASE), expansion)
            for phrase, expansion in self.entries
        )
        object.__setattr__(self, "_patterns", patterns)

    @classmethod
    def load(cls, path: Path | None = None) -> Thesaurus:
        path = path or DEFAULT_PATH
        entries = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#") or line == "phrase\texpansion":
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not all(p.strip() for p in parts):
                raise ValueError(f"{path}:{number}: expected 'phrase<TAB>expansion'")
            entries.append((parts[0].strip(), parts[1].strip()))
        return cls(tuple(entries))

    def expansions(self, text: str) -> list[str]:
        found: list[str] = []
        for pattern, expansion in self._patterns:
            if pattern.search(text) and expansion not in found and expansion.lower() not in text.lower():
                found.append(expansion)
        return found

    def expand(self, text: str) -> str:
        """The text with the reports' wording appended in brackets, or unchanged when nothing matches."""
        extra = self.expansions(text)
        return f"{text} ({'; '.join(extra)})" if extra else text
