"""A class's members a table does not list: `how much of A's investment in the bloc went to the other members, those
not in its top-ten table?` is the bloc's whole for A, stated in prose, less the sum of the bloc's members among the
table's rows, in the column of the asked measure.

The trigger is data: a `class_rest` word right before the class's name (`other`, `其他`) and a `rest_unlisted` word
(`not listed`, `未进入`) in `rag/data/operations.tsv`; the members are those of `rag/data/members.tsv`, found among
the rows as `subsets` finds a class's rows. The whole is a clean prose amount of the question's one year whose clause
names the class and whose sentence names the other entity, of no other measure than asked; the rows' column must be
of the asked measure (`measure_fits`) and dated the year asked. The whole is restated in the table's scale by a
`rescale` step, every operand is cited, and the whole must exceed the rows' sum. Anything missing is refused: the
bloc's whole, or the rows' sum, is a near figure, never the answer.
"""

from __future__ import annotations

from dataclasses import replace

from rag.read.apart_operands import Side, clean_amounts, restated
from rag.read.bound_measures import asked_measures, clause_measures
from rag.read.cell_measures import clause_measure_fits, measure_fits
from rag.read.cells import CellPick
from rag.read.classes import class_words
from rag.read.complement import rest_class
from rag.read.compose import AnswerDraft, cell_citation, prose_citation, say_derived, zh_scale_label
from rag.read.entity_operands import asked_period
from rag.read.evidence import Evidence
from rag.read.matching import display_name, mentions
from rag.read.operations import asks_operation
from rag.read.prose import ProsePick
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.read.subsets import Qualifiers, group_in, subset_anchor, with_members
from rag.read.wording import possessive
from rag.text.numbers import difference, format_amount, plain
from rag.text.tokens import holds_any
from rag.types import Answer, Step


def unlisted_class(question: Question, evidence: Evidence) -> str | None:
    """The class whose members a table does not list the question asks about (module doc), or None."""
    if question.asked != "amount" or len(question.years) != 1:
        return None
    if not asks_operation(question.text.lower(), "rest_unlisted"):
        return None
    return rest_class(question, evidence.glossary)


def class_entities(question: Question, cls: str) -> tuple[str, ...]:
    """The question's entities that name the class itself (`东盟` for asean)."""
    words = {w for c, w in class_words() if c == cls}
    return tuple(e for e in question.entities if e.lower() in words)


def names_class_words(cls: str, text: str) -> bool:
    return holds_any([w for c, w in class_words() if c == cls], text.lower())


def class_whole(question: Question, evidence: Evidence, cls: str, owner: str) -> ProsePick | None:
    """The owner's clean prose amount for the class: its clause names the class, its sentence the owner, and the
    clause names no measure of a contrast the question asks other than the one asked (a turnover is no investment)."""
    asked = asked_measures(question.text)
    anchor = owner or next(iter(class_entities(question, cls)), cls)  # whose passages are searched besides the hits
    for pick, clause in clean_amounts(question, evidence, anchor):
        if not names_class_words(cls, clause) or (owner and not mentions(owner, pick.sentence, evidence.glossary)):
            continue
        named = clause_measures(pick.sentence, pick.quantity)
        if any(asked.get(contrast, None) not in measures for contrast, measures in named.items()):
            continue
        if not clause_measure_fits(question, clause):
            continue
        return pick
    return None


def derive_class_rest(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The class's whole less its members' rows (module doc); NO_OPERANDS when not asked or not found in full."""
    cls = unlisted_class(question, evidence)
    if cls is None:
        return NO_OPERANDS
    named = class_entities(question, cls)
    owners = [e for e in question.entities if e not in named]
    if len(owners) > 1:
        return NO_OPERANDS  # whose whole is asked is unclear; a question naming no investor reads the table's own
    probe = replace(question, entities=tuple(owners))
    qualifiers = Qualifiers(None, cls, (), listed=True)
    found = subset_anchor(probe, evidence, qualifiers, "amount")
    if found == NO_OPERANDS and not group_in(evidence, cls):  # retrieval may miss the members' rows
        found = subset_anchor(probe, with_members(evidence, cls), qualifiers, "amount")
    if isinstance(found, Refusal) or not found.rows:
        return NO_OPERANDS if not isinstance(found, Refusal) else found
    pick = found.pick
    if pick.unit is None or not pick.unit.scale or not measure_fits(question, pick, evidence.glossary):
        return NO_OPERANDS
    if asked_period(pick, question, evidence) != set(question.years):
        return NO_OPERANDS
    whole = class_whole(question, evidence, cls, owners[0] if owners else "")
    if whole is None or whole.quantity.currency != pick.unit.currency:
        return NO_OPERANDS
    parts = [replace(pick, row=row, problems=()) for row in found.rows]
    side = Side(cls, None, whole)
    side = replace(side, value=restated(side.printed, side.scale, pick.unit.scale))
    if side.value <= sum(p.value for p in parts):
        return NO_OPERANDS
    return state_rest(draft, side, parts, evidence, owners[0] if owners else "", named[0] if named else cls)


def owned(name: str) -> str:
    """`Ruritania's ` before the figure an English subject names."""
    return f"{name}{possessive(name)} "


def state_rest(
    draft: AnswerDraft, whole: Side, parts: list[CellPick], evidence: Evidence, owner: str, group: str
) -> Answer:
    """`A's figure for the group's members its table does not list was R (W − a − b …)`, each operand cited and the
    restated whole said with its printed figure."""
    lang = draft.question.lang
    scale, currency = parts[0].unit.scale, parts[0].unit.currency
    formula = difference(whole.value, *[p.value for p in parts])
    unit = zh_scale_label(scale, currency) if lang == "zh" else format_amount(scale, currency, "en").replace(" 1 ", " ")
    whole_ref = draft.cite(prose_citation(whole.prose.chunk, whole.prose.sentence, whole.prose.quantity.text))
    refs = [whole_ref, *dict.fromkeys(draft.cite(cell_citation(p, evidence)) for p in parts)]
    draft.formula = formula.render(unit, lang)
    if whole.value != whole.printed:  # the whole restated in the table's scale, traced to its printed figure
        draft.steps.append(Step("rescale", whole.value, (whole.printed, whole.scale / scale), 9))
    draft.record(formula)
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = unit
    names = {"owner": owner if lang == "zh" or not owner else owned(display_name(owner, evidence.glossary))}
    names["group"] = group if lang == "zh" else display_name(group, evidence.glossary)
    subject = draft.templates["class_rest"].format(year=draft.question.years[0], **names)
    subject = subject[:1].upper() + subject[1:]
    say_derived(draft, subject, draft.formula, "][".join(map(str, refs)))
    if whole.value != whole.printed:
        in_unit = unit if lang == "zh" else draft.templates["formula_unit"].format(source_unit=unit)
        value = f"{plain(whole.value)}{in_unit}"
        draft.say(
            "restated", entity=names["group"], printed=whole.prose.quantity.text.strip(), value=value, n=whole_ref
        )
    draft.confidence = 0.5
    return draft.answer()
