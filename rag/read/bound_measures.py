"""What a prose figure measures, read from the words of its own clause (`rag/data/bound_measures.tsv`).

One sentence often states several figures of one subject that measure different things: the workers dispatched in
the year and those abroad at its end, a share of the total and a fall from the year before, a share of revenue and
a share of production capacity. The measures come in contrasts (period: stock or flow; rate: share or change; base:
revenue, capacity, assets ...). When a question names one measure of a contrast, a figure whose clause names another
of that contrast and not the asked one measures something else and may not answer; a figure whose clause names the
asked one is bound to it. A clause that names none of a contrast is left to the other checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.text.glossary import has_cjk
from rag.text.numbers import Quantity, extract_quantities
from rag.text.tokens import find_word
from rag.text.wordlists import read_pairs

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "bound_measures.tsv"


@dataclass(frozen=True)
class MeasureWord:
    contrast: str
    measure: str
    word: str
    in_questions: bool  # False: named only by a figure's clause (`up 3%`)


@lru_cache(maxsize=2)
def measure_words(path: Path = WORDS_PATH) -> tuple[MeasureWord, ...]:
    """The words of `rag/data/bound_measures.tsv`, lower case, in file order."""
    found = []
    for contrast, rest in read_pairs(path, "bound measure words"):
        measure, word, where = (part.strip() for part in (rest.split("\t") + ["", "", ""])[:3])
        if word:
            found.append(MeasureWord(contrast.strip(), measure, word.lower(), where != "clause"))
    return tuple(found)


def _names(word: str, low: str) -> bool:
    if has_cjk(word):
        return word in low
    prefix = word.endswith("*")
    return find_word(word.rstrip("*"), low, whole=not prefix) is not None


def named_measures(text: str, question: bool = False) -> dict[str, frozenset[str]]:
    """contrast -> the measures `text` names (with `question`, only by the words a question may use); a new dict
    for each caller, which may add to it."""
    return dict(_named_measures(text, question))


@lru_cache(maxsize=8192)
def _named_measures(text: str, question: bool) -> tuple[tuple[str, frozenset[str]], ...]:
    """`named_measures`, read once per text: every figure's clause, its sentence's lead and the question's text are
    asked again for each candidate figure and each question's checks."""
    low = text.lower()
    named: dict[str, set[str]] = {}
    for item in measure_words():
        if (item.in_questions or not question) and _names(item.word, low):
            named.setdefault(item.contrast, set()).add(item.measure)
    return tuple((contrast, frozenset(measures)) for contrast, measures in named.items())


def asked_measures(question_text: str) -> dict[str, str]:
    """contrast -> the one measure of it the question names (a contrast of which it names two asks for neither)."""
    return {
        contrast: next(iter(measures))
        for contrast, measures in named_measures(question_text, question=True).items()
        if len(measures) == 1
    }


# Contrasts of the kind of figure rather than of what it measures: a clause naming the other kind (`down 3%` for a
# share) rules its figure out, but naming the asked one (`increased by 16%` for a growth question) binds it to
# nothing the question names: a rate of change of anything says `increased`.
KIND_CONTRASTS = ("rate",)
RATE_ASKED = ("percent", "points")  # the kinds of figure asked for which the kind contrasts are read
# Contrasts of what a figure is an amount of. Its own clause naming only another measure rules it out, unless the
# asked one is named between the sentence's start and the clause's end (a subject named once, clauses before: `the
# investment of the economic and trade zones reached $8 billion`). Naming the asked measure binds the figure to
# nothing: one clause names the trade for several (`a gizmo trade scale of 3 trillion ... new formats exceeded 5`).
SUBJECT_CONTRASTS = ("activity", "commitment")
# Contrasts read from the figure's own clause alone, only to rule a figure out: a sentence often names both stages
# (`completed turnover of 5 billion, newly signed contracts of 8 billion`), so words clauses before bind nothing.
CLAUSE_ONLY_CONTRASTS = ("stage",)
UNBINDING_CONTRASTS = (*KIND_CONTRASTS, *SUBJECT_CONTRASTS, *CLAUSE_ONLY_CONTRASTS)
# Contrasts whose words close a verb phrase after its figure (`216 experiences were copied and promoted throughout the
# province`): read from the figure's clause between punctuation marks, across the `and` that `figure_clause` cuts at.
PHRASE_CONTRASTS = ("reach",)


# Contrasts a sentence's opening date phrase sets for all its figures (`By the end of 2031, ...`, `截至2031年底，...`: a
# level at that date), unless a figure's own clause names a measure of the contrast itself.
SENTENCE_CONTRASTS = ("period",)

_BREAK = re.compile(r"[,;，；、:：。]|\b(?:and|while|whereas)\b|和|而")
_PUNCTUATION_BREAK = re.compile(r"[,;，；、:：。]")


def figure_clause(sentence: str, start: int, end: int, breaks: re.Pattern[str] = _BREAK) -> str:
    """The clause of `sentence` that holds the figure printed from `start` to `end`, between the nearest commas,
    semicolons or `and` around it (`dispatched 250 workers, down 3%, and 670 workers were abroad at the end of the
    period`: `down 3%`); between punctuation marks only with `breaks` `_PUNCTUATION_BREAK`."""
    before = [m.end() for m in breaks.finditer(sentence, 0, start)]
    after = breaks.search(sentence, end)
    return sentence[before[-1] if before else 0 : after.start() if after else len(sentence)]


def opening_measures(sentence: str, start: int) -> dict[str, frozenset[str]]:
    """The `SENTENCE_CONTRASTS` measures named by the sentence's opening clause when it is a date phrase before the
    figure at `start`: a clause holding no figure but years (`By the end of 2031`, `截至2031年底`)."""
    first = _BREAK.search(sentence)
    if first is None or first.end() > start:
        return {}
    lead = sentence[: first.start()]
    if any(q.kind != "year" for q in extract_quantities(lead)):
        return {}
    return {c: m for c, m in named_measures(lead).items() if c in SENTENCE_CONTRASTS}


def binding(question_text: str, sentence: str, quantity: Quantity, rates: bool = True) -> tuple[int, frozenset[str]]:
    """(how many of the question's asked measures the figure's clause names, `KIND_CONTRASTS` left out, and the
    contrasts it contradicts: names another measure of the contrast and not the asked one)."""
    return text_binding(question_text, sentence, quantity.start, quantity.end, rates)


def text_binding(
    question_text: str, sentence: str, start: int, end: int, rates: bool = True
) -> tuple[int, frozenset[str]]:
    """`binding` of the figure printed from `start` to `end` in `sentence`. Without `rates` (a question asking no
    percentage: `going by the stated share, how much ...`) the kind contrasts are not read."""
    asked = {c: m for c, m in asked_measures(question_text).items() if rates or c not in KIND_CONTRASTS}
    if not asked:
        return 0, frozenset()
    named = named_measures(figure_clause(sentence, start, end))
    phrase = named_measures(figure_clause(sentence, start, end, _PUNCTUATION_BREAK))
    named.update({contrast: phrase[contrast] for contrast in PHRASE_CONTRASTS if contrast in phrase})
    for contrast, measures in opening_measures(sentence, start).items():
        named.setdefault(contrast, measures)
    after = _BREAK.search(sentence, end)
    leading = named_measures(sentence[: after.start() if after else len(sentence)])
    for contrast in SUBJECT_CONTRASTS:  # the subject named clauses before can only add the asked measure
        if contrast in named and asked.get(contrast) in leading.get(contrast, ()):
            named[contrast] = named[contrast] | {asked[contrast]}
    binds = [contrast for contrast, measure in asked.items() if measure in named.get(contrast, ())]
    bound = sum(1 for contrast in binds if contrast not in UNBINDING_CONTRASTS)
    other = frozenset(c for c, measure in asked.items() if named.get(c) and measure not in named[c])
    return bound, other


def clause_measures(sentence: str, quantity: Quantity) -> dict[str, frozenset[str]]:
    """contrast -> the measures the figure's own clause names (`turnover of 5 billion`: stage completed)."""
    return named_measures(figure_clause(sentence, quantity.start, quantity.end))


def measures_differ(a: tuple[str, Quantity], b: tuple[str, Quantity]) -> bool:
    """Two figures, each in its sentence, whose clauses name different measures of one contrast and none in common
    (a turnover against newly signed contracts, a stock against a flow): operands of two things, not one."""
    named_a, named_b = clause_measures(*a), clause_measures(*b)
    return any(named_a[c].isdisjoint(named_b[c]) for c in named_a.keys() & named_b.keys())
