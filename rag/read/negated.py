"""The complement named by a negating prefix (`non-public`, `非公有`: `rag/data/negations.tsv`): a clause that names
`non-X` and not X itself gives the figure of the others than X, no answer to a question about X (unless the question
asks `non-X` too: `non-financial investment`)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.read.matching import term_in
from rag.read.question import Question
from rag.text.glossary import Glossary, has_cjk
from rag.text.tokens import token_set
from rag.text.wordlists import grouped_words

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "negations.tsv"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], tuple[str, ...]]:
    groups = grouped_words(WORDS_PATH, "negating prefixes")
    english = "|".join(re.escape(word) for word in groups.get("english", ()))
    return re.compile(rf"\b(?:{english or '(?!)'})[- ]([a-z]+)", re.IGNORECASE), groups.get("chinese", ())


def negated_words(text: str) -> frozenset[str]:
    """The word stems `text` names only after a negating prefix (`non-public sectors`: public)."""
    pattern, _ = _patterns()
    return frozenset(token for match in pattern.finditer(text) for token in token_set(match.group(1)))


def question_negated(question: Question, glossary: Glossary) -> frozenset[str]:
    """The word stems a question itself negates: in its own words, or in the English of the glossary terms it names
    that open with a negating prefix (`非金融类`: non-financial)."""
    negated = set(negated_words(question.text))
    if has_cjk(question.text):
        _, chinese = _patterns()
        for term in glossary.terms:
            if term.zh.startswith(chinese) and term.zh in question.text and term.en:
                negated |= negated_words(term.en)
    return frozenset(negated)


def complement_named(question: Question, clause: str, glossary: Glossary) -> str | None:
    """The asked word stem `clause` names only as `non-X` (and the question does not negate), or None."""
    negated = negated_words(clause)
    if not negated:
        return None
    pattern, _ = _patterns()
    plain = token_set(pattern.sub(" ", clause))
    asked = question.terms - question_negated(question, glossary)
    return next((t for t in sorted(negated) if term_in(t, asked) and not term_in(t, plain)), None)
