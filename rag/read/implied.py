"""The whole a part implies by the share a sentence states for it: `42.5 billion yuan, accounting for 1/5 of the
country's` gives the country's 42.5 / (1/5). Asked by an amount question that names a share and a whole
(`whole` trigger words: `as a whole`, `全国`). Shares are read as printed: percentages, `1/7`, `七分之一`, and the
words of `rag/data/fractions.tsv` (`one seventh`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rag.read.cells import MIN_SCORE
from rag.read.compose import AnswerDraft
from rag.read.derived import amount_label, from_to_pairs, state_prose_formula
from rag.read.evidence import Evidence
from rag.read.operations import asks_operation
from rag.read.prose import ProsePick, figures, prose_candidates, quantity_kind
from rag.read.question import Question, question_measures
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.text.numbers import Quantity, extract_quantities, whole_from_share
from rag.text.tokens import find_word
from rag.text.wordlists import read_pairs
from rag.types import Answer

FRACTIONS_PATH = Path(__file__).resolve().parents[1] / "data" / "fractions.tsv"


@dataclass(frozen=True)
class StatedShare:
    """A share as printed, `numerator / denominator` of a whole, at `start:end` of the text it was read from."""

    start: int
    end: int
    numerator: float
    denominator: float
    text: str


@lru_cache(maxsize=2)
def fraction_words(path: Path = FRACTIONS_PATH) -> dict[str, tuple[int, int]]:
    """`one seventh` -> (1, 7)."""
    words = {}
    for word, fraction in read_pairs(path, "fraction words"):
        numerator, _, denominator = fraction.strip().partition("/")
        words[word.strip().lower()] = (int(numerator), int(denominator))
    return words


_NUMERIC = re.compile(r"(?<![\d.,/])(\d{1,2})\s*/\s*(\d{1,3})(?![\d.,/])")
_ZH_DIGITS = "一二三四五六七八九十"
_CHINESE = re.compile(rf"([{_ZH_DIGITS}])分之([{_ZH_DIGITS}])")


def shares_in(text: str) -> list[StatedShare]:
    """Every share `text` prints, in order: `25.1%`, `1/7`, `one seventh`, `七分之一`."""
    found = [
        StatedShare(q.start, q.end, float(q.value), 100.0, q.text)
        for q in extract_quantities(text)
        if q.kind == "percent"
    ]
    found += [StatedShare(m.start(), m.end(), float(m[1]), float(m[2]), m[0]) for m in _NUMERIC.finditer(text)]
    found += [
        StatedShare(m.start(), m.end(), _ZH_DIGITS.index(m[2]) + 1.0, _ZH_DIGITS.index(m[1]) + 1.0, m[0])
        for m in _CHINESE.finditer(text)
    ]
    low = text.lower()
    for word, (numerator, denominator) in fraction_words().items():
        match = find_word(word, low)
        if match is not None:
            found.append(
                StatedShare(match.start(), match.end(), numerator, denominator, text[match.start() : match.end()])
            )
    return sorted(found, key=lambda s: s.start)


_BREAK = re.compile(r"[,;，；]")


def share_of(sentence: str, amount: Quantity) -> StatedShare | None:
    """The share a sentence states for `amount`: the first share after it and before the next amount whose own
    clause names a share (`accounting for`, `占`)."""
    later = [q.start for q in extract_quantities(sentence) if q.start >= amount.end and quantity_kind(q) == "amount"]
    end = min(later, default=len(sentence))
    for stated in shares_in(sentence[amount.end : end]):
        before = sentence[amount.end : amount.end + stated.start]
        clause = _BREAK.split(before)[-1]
        if "share" in question_measures(clause):
            return replace(stated, start=stated.start + amount.end, end=stated.end + amount.end)
    return None


def asks_whole_from_share(question: Question) -> bool:
    """An amount question naming a share and a whole (`going by X's share, how much did the country as a whole
    ...?`)."""
    low = question.text.lower()
    return question.asked == "amount" and "share" in question.measures and asks_operation(low, "whole")


def part_with_share(question: Question, evidence: Evidence) -> tuple[ProsePick, StatedShare] | None:
    """The best clean figure of the asked measure for one of the question's entities (the part; the others may be
    the whole) and the share its sentence states for it; None when that figure has no stated share."""
    floor = MIN_SCORE * (0.5 if question.lang == "zh" else 1.0)
    best: tuple[ProsePick, StatedShare] | None = None
    for entity in question.entities or ("",):
        own = replace(question, entities=(entity,) if entity else ())
        clean = [p for p in prose_candidates(own, evidence) if not p.problems and quantity_kind(p.quantity) == "amount"]
        clean = reached_levels(clean)
        if not clean or clean[0].score < floor:
            continue
        stated = share_of(clean[0].sentence, clean[0].quantity)
        if stated is not None and (best is None or clean[0].score > best[0].score):
            best = (clean[0], stated)
    return best


def reached_levels(picks: list[ProsePick]) -> list[ProsePick]:
    """`X expanded from 96.2 billion to 121.7 billion`: the level reached (121.7) is the figure of the period, with
    the words of the whole phrase (the better score of the two); the starting level is dropped."""
    by_position = {(p.sentence, p.quantity.start): p for p in picks}
    starts: set[tuple[str, int]] = set()
    partners: dict[tuple[str, int], ProsePick] = {}
    for sentence in {p.sentence for p in picks}:
        for new, old in from_to_pairs(sentence, figures(sentence, "amount")):
            starts.add((sentence, old.start))
            if (sentence, old.start) in by_position:
                partners[(sentence, new.start)] = by_position[(sentence, old.start)]
    kept = []
    for pick in picks:
        key = (pick.sentence, pick.quantity.start)
        if key in starts:
            continue
        partner = partners.get(key)
        kept.append(replace(pick, score=max(pick.score, partner.score)) if partner is not None else pick)
    return sorted(kept, key=lambda p: -p.score)


def derive_whole_from_share(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The whole a part's stated share implies: part / share, the part and its share cited with their sentence."""
    found = part_with_share(question, evidence)
    if found is None:
        return NO_OPERANDS
    pick, stated = found
    formula = whole_from_share(pick.quantity.value, stated.numerator, stated.denominator)
    share_text = Quantity(stated.numerator, kind="percent", text=stated.text)
    return state_prose_formula(draft, formula, pick, (pick.quantity, share_text), amount_label(pick.quantity), 0.5)
