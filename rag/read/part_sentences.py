"""A sentence that states a part of the figure before it (`Among them, 33 state-held firms invested $1.5 billion`,
`其中，...`: the `part_marker` words of `rag/data/operations.tsv`) answers a question about that part only: the
question must name a thing the part's subject adds to the sentence before (`state-held firms`). A question that
names none asks for the whole, whose figure the sentence before (or another passage) gives."""

from __future__ import annotations

from rag.read.gate import content_words
from rag.read.matching import term_in
from rag.read.operations import operation_words
from rag.read.question import Question, question_measures
from rag.text.numbers import Quantity
from rag.text.tokens import token_set

PART_PENALTY = 1.0  # a part's figure for a question about the whole yields to the whole's (as in `rag.read.derived`)


def marker_end(sentence: str) -> int | None:
    """Where the part word a sentence opens with ends (`Among them`), or None when it opens with none."""
    stripped = sentence.lstrip()
    low = stripped.lower()
    for word in sorted(operation_words().get("part_marker", ()), key=len, reverse=True):
        if low.startswith(word) and not low[len(word) : len(word) + 1].isalpha():
            return len(sentence) - len(stripped) + len(word)
    return None


def part_subject(sentence: str, quantity: Quantity, previous: str) -> frozenset[str]:
    """The words naming the part a part sentence gives a figure of: the content words between its part word and the
    figure that the sentence before does not hold, measure words (`flow`, `stock`) left out; empty when the sentence
    is no part sentence or names its part after the figure."""
    start = marker_end(sentence)
    if start is None or start >= quantity.start:
        return frozenset()
    known = token_set(previous)
    # a currency code before the figure (`US $`) names no part: words of three letters or more
    words = [w for w in content_words(sentence[start : quantity.start]) if len(w) > 2 and not question_measures(w)]
    return frozenset(token for token in token_set(" ".join(words)) if token not in known)


def unasked_part(sentence: str, quantity: Quantity, previous: str, question: Question) -> bool:
    """The figure is a part's (`part_subject`) and the question names no word of the part."""
    subject = part_subject(sentence, quantity, previous)
    return bool(subject) and not any(term_in(term, subject) for term in question.terms)
