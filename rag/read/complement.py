"""The part of a whole left outside a named part, from prose: `How much of X's turnover was earned outside A?` when
one sentence states X's whole turnover and another the turnover in A (`... in A. The turnover reached $3.12
billion, accounting for 88.5% of the province's total`): whole − part, both cited. An amount asked with several
parts left out (`leaving out A and B, how much did X ...`, the `exclude` words) is the whole less every part.

The part is a clean figure of the asked measure whose sentence, or the sentence before it in its passage, names A;
the whole a clean figure of that measure whose sentence names neither A nor states it as a part. Both must name
the question's specific measure (a turnover is not a contract value) and share one unit, and the whole must exceed
the part; otherwise the question is refused, never answered with the part or a near figure.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rag.read.classes import class_words
from rag.read.compose import AnswerDraft, prose_citation, say_derived, shown_formula
from rag.read.derived import amount_label, in_scale_of, same_unit, states_part
from rag.read.evidence import Evidence
from rag.read.matching import mentions, term_in
from rag.read.operations import asks_operation, operation_words
from rag.read.prose import ProsePick, asked_measures, names_measure, prose_candidates, quantity_kind
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.read.subsets import excluded_names, is_count_word
from rag.text.glossary import Glossary
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


def asks_class_rest(question: Question, glossary: Glossary) -> bool:
    """The question asks for a class's members beyond those given (`the other EU members`, `其余欧盟国家`): a
    `class_rest` word right before a class's name (rag/data/classes.tsv), the two not one glossary term
    (`其他发达经济体` names a group of its own). The class's whole is then no answer, nor any one member's figure."""
    return rest_class(question, glossary) is not None


def rest_class(question: Question, glossary: Glossary) -> str | None:
    """The class whose members beyond those given the question asks for (`asks_class_rest`), or None."""
    low = question.text.lower()
    rests = [w for w in operation_words().get("class_rest", ()) if w in low]
    if not rests:
        return None
    for cls, name in class_words():
        for word in rests:
            found = re.search(rf"(?<![a-z]){re.escape(word)}\s*{re.escape(name)}", low)
            if found and not _named_term(found.group(0), low, glossary):
                return cls
    return None


def _named_term(phrase: str, low: str, glossary: Glossary) -> bool:
    """`phrase` is part of a glossary term the question names (`其他发达经济体`, `other developed economies`)."""
    return any(
        (phrase in term.zh.lower() and term.zh.lower() in low) or (phrase in term.en.lower() and term.en.lower() in low)
        for term in glossary.terms
    )


def left_out_parts(question: Question) -> list[str]:
    """The parts an amount question leaves out of a whole (`excluding A and B, how much ...` -> [`A`, `B`]; `扣除A后`
    -> [`A`]): two or more after an `exclude` word, or any after a `deduct` word, or one when the question asks for
    the `remainder`; [] otherwise (one part alone is the complement's `left_out`, or a lookup's qualifier)."""
    if question.asked != "amount":
        return []
    low = question.text.lower()
    rest = asks_operation(low, "remainder")
    for group, least in (("exclude", 1 if rest else 2), ("deduct", 1)):
        parts = excluded_names(question.text, group)
        if len(parts) >= least:
            return parts
    return []


def part_names(phrase: str, question: Question) -> tuple[str, ...]:
    """The question's entities a left-out phrase holds (`投向德国的部分` -> `德国`), or the phrase itself."""
    return tuple(e for e in question.entities if e in phrase) or (phrase,)


def names_part(names: tuple[str, ...], text: str, evidence: Evidence) -> bool:
    """`text` names a part: each of its entities (in either language), or every word of its phrase."""
    return all(mentions(n, text, evidence.glossary) or names_phrase(n, text) for n in names)


def names_phrase(phrase: str, text: str) -> bool:
    """Every word of `phrase` but glue and count words (`and`, `the`, `ten`) is in `text`, word stems compared."""
    words = [w for w in token_set(phrase) if w not in _GLUE and not is_count_word(w)]
    found = token_set(text)
    return bool(words) and all(term_in(w, found) for w in words)


def sentence_before(pick: ProsePick) -> str:
    sentences = split_sentences(pick.chunk.body)
    at = sentences.index(pick.sentence) if pick.sentence in sentences else 0
    return sentences[at - 1] if at > 0 else ""


def _amount_picks(question: Question, entities: tuple[str, ...], evidence: Evidence) -> list[ProsePick]:
    """Clean prose amounts for `entities`, each sentence naming the measure or topic asked (when one is)."""
    asked = asked_measures(question, topics=True)
    return [
        p
        for p in prose_candidates(replace(question, asked="amount", entities=entities), evidence)
        if not p.problems
        and quantity_kind(p.quantity) == "amount"
        and (not asked or names_measure(question, p.sentence, topics=True))
    ]


def derive_complement(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """whole − the part named after the complement word, from two sentences (module doc)."""
    phrases = left_out(question)
    if not phrases:
        return NO_OPERANDS
    phrase = " and ".join(phrases)  # `outside Belt and Road countries`: one part, named by all its words
    # the whole does not name the part: an entity of the part's phrase constrains only the part (below)
    entities = tuple(e for e in question.entities if not names_phrase(e, phrase))
    picks = _amount_picks(question, entities, evidence)
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
    say_derived(draft, subject, shown_formula(draft, formula, label), "][".join(map(str, refs)))
    draft.confidence = 0.5
    return draft.answer()


def derive_without_parts(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """whole − every part the question leaves out (`left_out_parts`): the whole a figure for the question's other
    entities whose sentence names no part, each part a figure of the whole's passage whose own sentence (or the one
    before it) names that part; all of one unit, the whole above their sum."""
    phrases = left_out_parts(question)
    if not phrases:
        return NO_OPERANDS
    names = [part_names(phrase, question) for phrase in phrases]
    entities = tuple(e for e in question.entities if not any(e in part for part in names))
    wholes = [
        p
        for p in _amount_picks(question, entities, evidence)
        if not any(names_part(part, p.sentence, evidence) for part in names)
    ]
    if not wholes:
        return NO_OPERANDS
    # each part is stated in the whole's passage, by a sentence that names it rather than the whole's entities
    within = [p for p in _amount_picks(question, (), evidence) if p.chunk == wholes[0].chunk and p != wholes[0]]
    parts: list[ProsePick] = []
    for part in names:
        own = [p for p in within if names_part(part, p.sentence, evidence) and p not in parts]
        near = [p for p in within if names_part(part, f"{sentence_before(p)} {p.sentence}", evidence)]
        near = [p for p in near if p not in parts]
        if not (own or near):
            return NO_OPERANDS
        parts.append((own or near)[0])
    if not all(same_unit(part.quantity, wholes[0].quantity) for part in parts):
        return NO_OPERANDS
    whole = wholes[0]
    scale = whole.quantity.scale
    values = [in_scale_of(part.quantity, scale) for part in parts]
    if float(whole.quantity.value) <= sum(values):
        return NO_OPERANDS
    formula = difference(float(whole.quantity.value), *values)
    refs = dict.fromkeys(draft.cite(prose_citation(p.chunk, p.sentence, p.quantity.text)) for p in (whole, *parts))
    label = amount_label(whole.quantity)
    draft.formula = formula.render(label, question.lang)
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = label
    joined = ("、" if question.lang == "zh" else " and ").join(n for part in names for n in part)
    subject = draft.templates["outside"].format(part=joined)
    say_derived(draft, subject, shown_formula(draft, formula, label), "][".join(map(str, refs)))
    draft.confidence = 0.5
    return draft.answer()
