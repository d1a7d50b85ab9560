"""Figures of a sentence that lists several industries, each with its own figures (`investment in manufacturing
grew 70%, accounting for 28%, and investment in high-tech industries grew 55%, accounting for 40%`): each figure is
bound to the industry named in the nearest clause up to it, so a question about one industry is answered with its
own figure and never with a neighbour's."""

from __future__ import annotations

from rag.lazy import BoundedCache
from rag.read.clause_binding import ITEM_BREAK, nearest_named
from rag.read.matching import mentions
from rag.text.glossary import Glossary, has_cjk


def industries_in(sentence: str, glossary: Glossary) -> tuple[str, ...]:
    """The glossary's industries a sentence names (by Chinese label or English name)."""
    return _FOUND.get((sentence, id(glossary)), lambda: _industries_in(sentence, glossary))


_FOUND = BoundedCache(4096)


def _industries_in(sentence: str, glossary: Glossary) -> tuple[str, ...]:
    low = sentence.lower()
    found = []
    for term in glossary.terms:
        if term.category != "industry":
            continue
        first = term.en.split()[0].lower() if term.en else ""
        if term.zh not in sentence and not (first and first[:5] in low):
            continue  # a quick test before the full match
        if mentions(term.zh, sentence, glossary):
            found.append(term.zh)
    return tuple(found)


def bound_industries(sentence: str, start: int, glossary: Glossary) -> frozenset[str]:
    """The industries a figure at `start` is bound to: those named by its own clause, else by the nearest clause
    before it that names one (`in manufacturing rose 70%, accounting for 28%`: 28% is manufacturing's); empty when
    no clause up to it names one."""
    named = industries_in(sentence, glossary)
    if not named:
        return frozenset()

    def own(low: int, high: int, _own: bool) -> frozenset[str]:
        return frozenset(label for label in named if mentions(label, sentence[low:high], glossary))

    return nearest_named(sentence, start, ITEM_BREAK, own) or frozenset()


def other_industry(sentence: str, start: int, entity: str, figures: list[int], glossary: Glossary) -> bool:
    """The figure at `start` is bound to another industry than `entity` while another figure of the sentence (at
    one of `figures`) is bound to `entity`: the sentence gives the asked industry its own figure."""
    if has_cjk(entity) and entity not in {t.zh for t in glossary.terms if t.category == "industry"}:
        return False
    if len(industries_in(sentence, glossary)) < 2:
        return False
    own = bound_industries(sentence, start, glossary)
    if not own or any(_is(entity, label, glossary) for label in own):
        return False
    return any(
        any(_is(entity, label, glossary) for label in bound_industries(sentence, other, glossary))
        for other in figures
        if other != start
    )


def _is(entity: str, label: str, glossary: Glossary) -> bool:
    """`entity` is the industry `label`: the label itself, or one of its English names."""
    if entity == label or label in glossary.labels_named(entity):
        return True
    gloss = glossary.gloss(label)
    return not has_cjk(entity) and bool(gloss) and mentions(entity, gloss, glossary)
