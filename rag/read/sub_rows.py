"""A table row less its sub-rows the question leaves out: `excluding B, how much did A ...` where the table prints
A's row and, under it, a `其中：B` row (the ingest gives that row the section `A / B` and A's row label). The answer
is A − B, from one column of one table, every operand cited (a difference from the closed set of operations).

The whole is the best clean cell of the question's year and kind in a row the question names; each part a cell of
the same table and column, with the whole's row label and a section that extends the whole's by a word naming the
part left out (in either language, `rag.read.matching.mentions`). A part the table does not print under the whole
gives no answer here: the reader goes on, and never answers with the part's own figure."""

from __future__ import annotations

from dataclasses import replace

from rag.read.cells import CellPick, cell_candidates
from rag.read.compose import AnswerDraft, state_formula, subject_of
from rag.read.evidence import Evidence
from rag.read.matching import display_name, mentions
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.read.subsets import excluded_names
from rag.text.numbers import difference
from rag.types import Answer


def section_path(pick: CellPick) -> tuple[str, ...]:
    """`电子设备 / 芯片` -> (`电子设备`, `芯片`)."""
    return tuple(part.strip() for part in pick.row.section.split(" / ") if part.strip())


def sub_row_of(part: CellPick, whole: CellPick) -> bool:
    """`part` is a row under `whole`'s: same table, column and label, a section that extends the whole's."""
    path, under = section_path(whole), section_path(part)
    return (
        part.table is whole.table
        and part.index == whole.index
        and part.row.label == whole.row.label
        and len(under) > len(path)
        and under[: len(path)] == path
    )


def named_part(pick: CellPick, name: str, evidence: Evidence) -> bool:
    """The sub-row's own section word is the part the question names (`芯片` for `chips`)."""
    path = section_path(pick)
    return bool(path) and (mentions(path[-1], name, evidence.glossary) or path[-1].lower() == name.lower())


def derive_row_less_parts(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """whole − every sub-row the question leaves out (module doc)."""
    names = excluded_names(question.text)
    if not names or question.asked not in ("amount", "count"):
        return NO_OPERANDS
    # the parts left out do not name the whole: only the question's other entities must be in its row
    kept = tuple(e for e in question.entities if not any(e == n or mentions(e, n, evidence.glossary) for n in names))
    if not kept:
        return NO_OPERANDS
    whole_question = replace(question, entities=kept)
    picks = [p for p in cell_candidates(whole_question, evidence, question.asked) if p.value is not None]
    for whole in (p for p in picks if not p.problems):
        if any(named_part(whole, name, evidence) for name in names):
            continue  # the part's own row: not the whole
        parts = []
        for name in names:
            found = [p for p in picks if sub_row_of(p, whole) and named_part(p, name, evidence)]
            if not found:
                break
            parts.append(found[0])
        if len(parts) != len(names):
            continue
        formula = difference(whole.value, *(p.value for p in parts))
        zh = question.lang == "zh"
        left = ("、" if zh else " and ").join(
            section_path(p)[-1] if zh else display_name(section_path(p)[-1], evidence.glossary) for p in parts
        )
        whole_name = subject_of(whole, evidence.glossary, question.lang)
        subject = f"{whole_name}{'，' if zh else ', '}{draft.templates['outside'].format(part=left)}"
        state_formula(draft, formula, [whole, *parts], evidence, subject, named=True, names_result=True)
        draft.confidence = 0.5
        return draft.answer()
    return NO_OPERANDS
