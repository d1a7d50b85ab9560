"""The part of a whole left outside a named part, from prose: `How much of X's turnover was earned outside A?` when
one sentence states X's whole turnover and another the turnover in A (`... in A. The turnover reached $3.12
billion, accounting for 88.5% of the province's total`): whole − part, both cited.

The part is a clean figure of the asked measure whose sentence, or the sentence before it in its passage, names A;
the whole a clean figure of that measure whose sentence names neither A nor states it as a part. Both must name
the question's specific measure (a turnover is not a contract value) and share one unit, and the whole must exceed
the part; otherwise the question is refused, never answered with the part or a near figure.
"""

from __future__ import annotations

from dataclasses import replace

from rag.read.compose import AnswerDraft, prose_citation
from rag.read.derived import amount_label, in_scale_of, same_unit, states_part
from rag.read.evidence import Evidence
from rag.read.matching import term_in
from rag.read.operations import asks_operation
from rag.read.prose import ProsePick, asked_measures, names_measure, prose_candidates, quantity_kind
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.read.subsets import excluded_names
from rag.text.numbers import difference
from rag.text.sentences import split_sentences
from rag.text.tokens import token_set
from rag.types import Answer

_GLUE = frozenset({"and", "the", "of", "a", "an", "in", "to"})


def left_out(question: Question) -> list[str]:
    """The part a question asks the rest of a whole beside (`how much of X was outside A` -> [`A`])."""
    low = question.text.lower()
    if question.asked != "amount" or not asks_operation(low, "part_of_question"):
        return []
    return excluded_names(question.text, "complement")


def names_phrase(phrase: str, text: str) -> bool:
    """Every word of `phrase` but glue words (`and`, `the`) is in `text`, word stems compared."""
    words = [w for w in token_set(phrase) if w not in _GLUE]
    found = token_set(text)
    return bool(words) and all(term_in(w, found) for w in words)


def sentence_before(pick: ProsePick) -> str:
    sentences = split_sentences(pick.chunk.body)
    at = sentences.index(pick.sentence) if pick.sentence in sentences else 0
    return sentences[at - 1] if at > 0 else ""


def derive_complement(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """whole − the part named after the complement word, from two sentences (module doc)."""
    phrases = left_out(question)
    if not phrases:
        return NO_OPERANDS
    phrase = " and ".join(phrases)  # `outside Belt and Road countries`: one part, named by all its words
    # the whole does not name the part: an entity of the part's phrase constrains only the part (below)
    entities = tuple(e for e in question.entities if not names_phrase(e, phrase))
    asked = asked_measures(question, topics=True)  # each operand's sentence names the measure or topic asked
    picks = [
        p
        for p in prose_candidates(replace(question, asked="amount", entities=entities), evidence)
        if not p.problems
        and quantity_kind(p.quantity) == "amount"
        and (not asked or names_measure(question, p.sentence, topics=True))
    ]
    parts = [p for p in picks if names_phrase(phrase, f"{sentence_before(p)} {p.sentence}")]
    wholes = [p for p in picks if not names_phrase(phrase, p.sentence) and not states_part(p.sentence, p.quantity)]
    if not parts or not wholes:
        return NO_OPERANDS
    part, whole = parts[0], wholes[0]
    if not same_unit(part.quantity, whole.quantity):
        return NO_OPERANDS
    scale = whole.quantity.scale
    if in_scale_of(whole.quantity, scale) <= in_scale_of(part.quantity, scale):
        return NO_OPERANDS
    formula = difference(float(whole.quantity.value), in_scale_of(part.quantity, scale))
    refs = [draft.cite(prose_citation(p.chunk, p.sentence, p.quantity.text)) for p in (whole, part)]
    label = amount_label(whole.quantity)
    draft.formula = formula.render(label, question.lang)
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = label
    subject = draft.templates.get("outside", "outside {part}").format(part=phrase)
    draft.say("derived", subject=subject, formula=draft.formula, refs="][".join(map(str, refs)))
    draft.confidence = 0.5
    return draft.answer()
