"""Content qualifiers of a question: the terms that narrow what it asks about.

`How much did the three northeastern provinces invest?` asks about a part (`northeastern`) of what many sentences
state (`investment`); a figure whose sentence lacks the narrowing words is most likely the whole or another part.
The narrowing words are found without a word list: they are the question's terms that few passages of the whole
index hold (a rare term says more than `investment`, which most passages hold).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

# A term in at most this share of the indexed passages qualifies the question: a sub-region or a named programme
# is printed in a handful of passages, while the words of a measure or an industry, which the reader matches by
# other rules, are printed in dozens.
RARE_SHARE = 0.01


def rare_terms(terms: Iterable[str], texts: Sequence[str], share: float = RARE_SHARE) -> frozenset[str]:
    """The terms (lower-case word stems) found in at least one of `texts` (lower-cased) but in at most `share` of them.

    A term found nowhere cannot tell two passages apart and is left out."""
    return rare_among(terms, lambda term: sum(term in text for text in texts), len(texts), share)


def rare_among(
    terms: Iterable[str], holding: Callable[[str], int], total: int, share: float = RARE_SHARE
) -> frozenset[str]:
    """`rare_terms` with the count of texts holding a term given by `holding` (`StoredIndex.holding` counts each word
    once per index)."""
    limit = share * total
    return frozenset(term for term in terms if 0 < holding(term) <= limit)


def qualifier_cover(rare: frozenset[str], words: frozenset[str], matches) -> float:
    """Share of the rare terms that `words` hold (`matches(term, words)` compares stems); 1.0 when none are rare."""
    if not rare:
        return 1.0
    return sum(bool(matches(term, words)) for term in rare) / len(rare)


__all__ = ["RARE_SHARE", "qualifier_cover", "rare_among", "rare_terms"]
