"""A bound on a part, implied by a whole and a share the report states with a bound word: `at least how much of X
was A?` (`bound_least` words; `bound_most` for `at most`) when one sentence states X's whole and, for A, a share
with a bound word (`..., of which A will exceed 40%`, `其中A占比超过四成`, `rag/data/figure_bounds.tsv`): whole ×
share, stated as the bound the share carries (`more than USD 12.9 billion`).

The share's bound must be the one asked (`at least` needs `more than`; `at most` needs `less than`); the share's own
clause must name a share and a word of the question that the sentence's words before that clause do not (the part,
not the whole again); the whole is the best clean amount of the question's measure and year in the same sentence,
before the share. Otherwise the question is refused: the share of another part, a share bounded the other way or
an exact share (`accounting for 40%` gives the part, no bound) never answers."""

from __future__ import annotations

import re

from rag.read.compose import AnswerDraft, prose_citation, say_derived, shown_formula
from rag.read.derived import amount_label
from rag.read.evidence import Evidence
from rag.read.figure_bounds import bound_words, figure_bound
from rag.read.prose import ProsePick, nearest_year, prose_candidates, quantity_kind
from rag.read.question import Question, asked_bound, question_measures
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.text.abbreviations import abbreviations_named
from rag.text.glossary import has_cjk
from rag.text.numbers import Quantity, extract_quantities, part_from_share
from rag.text.tokens import token_set
from rag.types import Answer

_BREAK = re.compile(r"[,;，；]")
_ABBREVIATION = re.compile(r"\b[A-Z]{2,}\b")


def bounded_share(sentence: str, bound: str) -> tuple[Quantity, str] | None:
    """The one percentage of `sentence` printed with the bound `bound` (`over`, `under`) whose clause names a share,
    with that clause; None when there is none, or several (which part the question means is then unclear)."""
    found = []
    for quantity in extract_quantities(sentence):
        if quantity.kind != "percent" or figure_bound(sentence, quantity) != bound:
            continue
        clause = _BREAK.split(sentence[: quantity.start])[-1]
        if "share" in question_measures(clause):
            found.append((quantity, clause))
    return found[0] if len(found) == 1 else None


def question_words(question: Question) -> frozenset[str]:
    """The question's word stems and the abbreviations it writes (`IT`, lower-cased)."""
    return token_set(question.text) | {a.lower() for a in _ABBREVIATION.findall(question.text)}


def names_the_part(question: Question, clause: str, before: str) -> bool:
    """The part the share's clause names (`part_named`: no share or bound word) holds a word of the question (or the
    abbreviation of its words) that the words before the clause do not: the clause is about the question's part,
    not only about the whole."""
    part = part_of_clause(clause)
    part_words = token_set(part) | abbreviations_named(part)
    return bool((question_words(question) & part_words) - token_set(before))


def whole_before(question: Question, picks: list[ProsePick], sentence: str, share: Quantity) -> ProsePick | None:
    """The best clean amount of the question's measure (`picks`) that `sentence` states before the share, of the
    question's year where the sentence prints one nearest it (`from 7.5 in 2029 to 12.5 in 2033`: 12.5 for 2033)."""
    for pick in picks:
        if pick.sentence != sentence or pick.problems or quantity_kind(pick.quantity) != "amount":
            continue
        year = nearest_year(sentence, pick.quantity)
        if question.year is not None and year is not None and year != question.year:
            continue
        if pick.quantity.end <= share.start:
            return pick
    return None


def bounded_operands(question: Question, evidence: Evidence, bound: str) -> tuple[ProsePick, Quantity, str] | None:
    """(the whole, the bounded share, the share's clause) of the best-scored sentence that states both."""
    picks = prose_candidates(question, evidence)
    seen: set[str] = set()
    for pick in picks:
        if pick.sentence in seen:
            continue
        seen.add(pick.sentence)
        found = bounded_share(pick.sentence, bound)
        if found is None:
            continue
        share, clause = found
        before = pick.sentence[: share.start - len(clause)]
        whole = whole_before(question, picks, pick.sentence, share)
        if whole is not None and names_the_part(question, clause, before):
            return whole, share, clause
    return None


def derive_bounded_part(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """whole × bounded share, stated as the share's bound, both figures cited from their one sentence."""
    bound = asked_bound(question.text.lower())
    found = bounded_operands(question, evidence, bound) if bound else None
    if found is None:
        return NO_OPERANDS
    whole, share, clause = found
    formula = part_from_share(float(whole.quantity.value), float(share.value))
    ref = draft.cite(prose_citation(whole.chunk, whole.sentence, whole.quantity.text))
    label = amount_label(whole.quantity)
    draft.formula = formula.render(label, question.lang)
    draft.record(formula)
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = label
    subject = subject_of_bound(draft, clause)
    say_derived(draft, subject[:1].upper() + subject[1:], shown_formula(draft, formula, label), str(ref), bound=bound)
    draft.confidence = 0.5
    return draft.answer()


_SHARE_OF = re.compile(r"\b(?:share|proportion|portion)\s+of\s+(?:the\s+)?(.+)$", re.IGNORECASE)
_TRAILING_VERB = re.compile(r"(?:\s+(?:will|would|is|was|are|were|be|to|has|have|had|reach\w*|account\w*))+$")
_ZH_SHARE = re.compile(r"^(?:其中|而|且)?(.+?)(?:所)?(?:占比|占|比重|比例|份额)")


def part_named(clause: str, bound_at: int) -> str:
    """The part a share's clause names, without the share and bound words (`of which the proportion of information
    technology outsourcing will exceed` -> `information technology outsourcing`; `其中信息技术外包占比超过` ->
    `信息技术外包`); "" when the clause does not read so."""
    words = clause[:bound_at].strip()
    if has_cjk(words):
        found = _ZH_SHARE.search(words)
        return found[1].strip() if found else ""
    found = _SHARE_OF.search(words)
    return _TRAILING_VERB.sub("", found[1].strip()) if found else ""


def part_of_clause(clause: str) -> str:
    """The part a share's clause names, its bound word left out (`of which the share of A will exceed` -> `A`)."""
    bare = clause.rstrip()
    for _, word, after in bound_words():
        if not after and bare.lower().endswith(word):
            return part_named(bare, len(bare) - len(word))
    return part_named(bare, len(bare))


def subject_of_bound(draft: AnswerDraft, clause: str) -> str:
    """The answer's subject: the part the share's clause names, or the templates' word for a part."""
    return part_of_clause(clause) or draft.templates["bounded_part"]
