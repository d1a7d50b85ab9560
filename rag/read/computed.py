"""Questions that ask to compute a figure from the levels the report states (`compute ... from the 2017 and 2022
figures`, `根据…计算`): the arithmetic is the answer, even where the report prints a rounded rate of its own.

The words are data (`rag/data/prose_calculations.tsv`). Without them a growth question is answered by the rate the prose
states first (`rag.read.derived.prose_growth`); with them, by the rate the two stated levels give (compound when an
average annual rate is asked), the stated rate left as a check."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rag.read.compose import AnswerDraft
from rag.read.derived import derive_prose_growth, prose_growth
from rag.read.evidence import Evidence
from rag.read.question import Question
from rag.read.refusals import Refusal
from rag.text.tokens import holds_any
from rag.text.wordlists import grouped_words
from rag.types import Answer

PROSE_CALCULATIONS_PATH = Path(__file__).resolve().parents[1] / "data" / "prose_calculations.tsv"


@lru_cache(maxsize=2)
def calculation_words(path: Path = PROSE_CALCULATIONS_PATH) -> dict[str, tuple[str, ...]]:
    """`compute` -> the words asking to compute; `compound` -> longer words holding one that ask nothing;
    `compared` -> words stating a figure against another."""
    return grouped_words(path, "prose calculation words")


def asks_to_compute(text: str) -> bool:
    """The question asks to compute its figure (`calculate`, `计算`), a compound like `计算机` aside."""
    low = text.lower()
    words = calculation_words()
    for compound in words.get("compound", ()):
        low = low.replace(compound, " ")
    return holds_any(words.get("compute", ()), low, whole=False)


def growth_from_prose(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """A growth rate between two years from prose: computed from the two levels a sentence states when the question
    asks to compute it, else the rate the prose states (`prose_growth`)."""
    if asks_to_compute(question.text):
        computed = derive_prose_growth(draft, question, evidence)
        if isinstance(computed, Answer):
            return computed
    return prose_growth(draft, question, evidence)


def stated_against(after: str) -> bool:
    """The words after a figure state it against another within four words and 40 characters (`compared` data:
    `88,000 more than the year before`, `高于`)."""
    low = after.lower()
    for word in calculation_words().get("compared", ()):
        at = low.find(word)
        if 0 <= at <= 40 and len(low[:at].split()) <= 4:
            return True
    return False
