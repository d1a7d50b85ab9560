"""Looking a figure up: the best clean table cell or prose figure for the question, or the row holding a named value."""

from __future__ import annotations

from dataclasses import replace

from rag.read.alignment import other_direction, qualifier_terms, whole_stated
from rag.read.bound_measures import KIND_CONTRASTS, clause_measures, named_measures
from rag.read.cells import (
    MIN_SCORE,
    CellPick,
    asks_change,
    cell_candidates,
    cell_context,
    cell_problems,
    column_text,
    first_clean,
    names_row,
)
from rag.read.complement import sentence_before
from rag.read.compose import AnswerDraft, answer_cell, answer_prose, state_cell
from rag.read.derived import (
    derive_growth,
    derive_recent_change,
    derive_share,
    opens_with_part,
    stated_share,
    states_part,
)
from rag.read.evidence import Evidence, table_context
from rag.read.implied import derive_before_growth, derive_before_multiple, implied_later_year
from rag.read.matching import coverage, names_of, term_in
from rag.read.operations import asks_operation
from rag.read.prose import ProsePick, clause_end, prose_candidates, quantity_kind, subject_words
from rag.read.question import (
    Question,
    asks_amount_change,
    asks_amount_change_zh,
    question_measures,
    works_from_growth,
    works_from_multiple,
)
from rag.read.ranks import rank_by_value
from rag.read.refusals import (
    NO_OPERANDS,
    NO_ROW,
    OTHER_MEASURE,
    OTHER_YEAR,
    WEAK,
    Refusal,
    Unmet,
)
from rag.read.sentence_pairs import named_part
from rag.text.abbreviations import other_forms
from rag.text.glossary import Glossary
from rag.text.numbers import scale_power, years_in
from rag.text.tokens import token_set
from rag.types import Answer

SUBJECT_MARGIN = 0.15  # how much more of the question a sentence must hold than a cell's table (dev set: 0.1-0.15 same)


def reverse_lookup(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`Which sector fell 46%?`: the row whose cell holds the number the question names, stated as that cell is
    (subject first: the row, the measure and its change)."""
    for table, _, heading in evidence.tables():
        for row in table.rows:
            for index, cell in enumerate(row.cells[: len(table.columns)]):
                if cell.value is None or abs(cell.value) not in [abs(n) for n in question.numbers]:
                    continue
                pick = CellPick(table, row, index, 0.0, heading=heading)
                # the question asks for the row, so it does not name it: only the other problems count
                if set(cell_problems(pick, question, evidence, question.years[-1:])) - {NO_ROW}:
                    continue
                state_cell(draft, pick, evidence)  # `Power's project finance value fell 46% in 2022 [1].`
                draft.value = draft.source_value = None  # the answer is the row, not its figure
                draft.unit = draft.source_unit = ""
                draft.spans = (row.label,)
                draft.confidence = 0.7
                return draft.answer()
    return NO_OPERANDS


def is_share_cell(pick: CellPick | None, evidence: Evidence) -> bool:
    if pick is None:
        return False
    return "share" in question_measures(column_text(pick.table, pick.index, evidence.glossary))


def answer_lookup(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    earlier = derive_before_growth(draft, question, evidence)  # asked for the value a later growth rate implies
    if isinstance(earlier, Answer):
        return earlier
    earlier = derive_before_multiple(draft, question, evidence)  # or a later level and a multiple stated of it
    if isinstance(earlier, Answer):
        return earlier
    low = question.text.lower()
    multiple = works_from_multiple(low)
    if works_from_growth(low) or multiple or implied_later_year(question) is not None:
        # no figure and growth (or a stated multiple) imply it: only a figure the report states for the earlier year
        # answers, not the later year's figure the question works from
        question = replace(question, years=(min(question.years),))
    if question.lang == "en" and question.asked == "amount" and asks_amount_change(question.text.lower()):
        changed = derive_recent_change(draft, question, evidence)  # `the increase in X in 2019`: against 2018
        if isinstance(changed, Answer):
            return changed
    if question.asked in ("amount", "count") and asks_amount_change_zh(question.text.lower()):
        changed = derive_recent_change(draft, question, evidence)  # `比上年少了多少笔`: against the year before
        if isinstance(changed, Answer):
            return changed
    cells = cell_candidates(question, evidence, question.asked)
    named_rank = any(not c.problems and names_row(c.row, question, evidence.glossary) for c in cells)
    if question.asked == "rank" and not named_rank:
        ranked = rank_by_value(draft, question, evidence)
        if isinstance(ranked, Answer):
            return ranked
    prose = prose_candidates(question, evidence)
    cell, sentence = first_clean(cells), first_clean(prose)
    wants_share = question.asked == "percent" and "share" in question.measures
    if wants_share and not is_share_cell(cell, evidence):
        derived = derive_share(draft, question, evidence)
        if isinstance(derived, Answer):
            return derived
    if cell is None and sentence is None and asks_change(question) and question.lang == "en":
        # `What was the change in X?` with no figure printed for it: from X's row, against the year before
        changed = derive_recent_change(draft, question, evidence)
        if isinstance(changed, Answer):
            return changed
    if cell is None and weak_or_none(sentence) and asks_change(question) and len(question.years) == 1:
        # `2022年...同比增长多少` with no printed rate: the rate over the year before, from the amounts; a sentence
        # that matches the question no better than a weak English match (another measure's stated change) does not
        # stand in for the table's two years
        previous = replace(question, years=(question.years[0] - 1, question.years[0]))
        grown = derive_growth(draft, previous, evidence)
        if isinstance(grown, Answer):
            return grown
    best = max((c for c in (cell, sentence) if c is not None), key=lambda c: c.score, default=None)
    if isinstance(best, CellPick) and best.related and sentence is not None and same_figure(best, sentence):
        best = sentence  # the retrieved sentence states the figure of a table outside the hits, with its scale
    if isinstance(best, CellPick) and sentence is not None and names_more(sentence, best, question, evidence):
        best = sentence  # the sentence names the question's subject; the table only its year and entity
    if isinstance(best, CellPick) and sentence is not None and other_way(question, best, sentence, evidence):
        best = sentence  # the cell's table gives the other direction (outflows for inflows), the sentence does not
    weak = best is not None and best.score < MIN_SCORE * (0.5 if question.lang == "zh" else 1.0)
    if (best is None or weak) and asks_operation(question.text.lower(), "estimate"):
        # `roughly how much was X in 2021?` with no 2021 figure printed: worked back from 2022's and its growth
        estimated = derive_before_growth(draft, question, evidence, estimate=True)
        if isinstance(estimated, Answer):
            return estimated
    if best is None:
        worst = (cells[:1] + prose[:1]) or []
        return worst[0].problems[0] if worst and worst[0].problems else OTHER_MEASURE
    if weak:
        return WEAK
    if isinstance(best, CellPick):
        answer_cell(draft, best, evidence)
    else:
        part = unasked_part(best, question, draft.templates)
        whole = whole_of_part(best, prose, question) if part is not None else None
        if part is not None and whole is None:
            return part
        best = whole or best  # the whole the part's sentence names, stated where the passage named its subject
        best = named_part(best, question) or best  # `how many were chosen`: the part of the count found
        if multiple and question.years[0] not in years_in(best.sentence):
            return OTHER_YEAR  # worked from a multiple: only a sentence that names the earlier year states its level
        answer_prose(draft, best, evidence.glossary)
    draft.confidence = min(1.0, best.score / 4)
    return draft.answer()


def unasked_part(pick: ProsePick, question: Question, templates: dict[str, str]) -> Refusal | None:
    """A level (an amount or a count) its sentence states as a part of the whole the sentence before gives (`Among
    them, 13 state firms invested $0.7 billion`: `part_marker` data) is no answer to a question that does not name
    that part: the words naming it (`state firms`) are none of the question's, and every other question word the
    part's lead holds, but the measure's (`flow`), the whole's sentence holds too (the place). A near-miss refusal
    naming the part found; None otherwise."""
    sentence, quantity = pick.sentence, pick.quantity
    marker = opens_with_part(sentence)
    if not marker or question.asked not in ("amount", "count"):
        return None
    lead = sentence[sentence.find(marker) + len(marker) : quantity.start]
    own = subject_words(question, lead)
    if not own:
        return None
    whole = token_set(" ".join([sentence_before(pick), pick.chunk.title, *pick.chunk.heading]))
    named = [term for term in question.terms if term_in(term, token_set(lead)) and not question_measures(term)]
    if any(not term_in(term, whole) for term in named):
        return None  # the question names the part (`the state firms' investment`)
    name = " ".join(word for word in lead.split() if token_set(word) & own)
    return Refusal(Unmet.NEAR, templates["near_whole"], templates["near_part"].format(name=name))


def whole_of_part(part: ProsePick, picks: list[ProsePick], question: Question) -> ProsePick | None:
    """For a part's figure that states its share of a whole (`Among them, guild firms invested $2 billion, accounting
    for 40% of the outflow`), the clean figure of the same kind and document, larger than the part and not itself
    stated as a part, whose sentence names nothing before it but the question's words and that whole's (`The outflow
    in 2031 was $5 billion`): the whole asked, in a sentence that leaves its subject to the one before. None when
    the part states no whole or no figure fits."""
    share = stated_share(part.sentence, part.quantity)
    whole = whole_stated(part.sentence, share.end) if share is not None else ""
    if not whole:
        return None
    named = token_set(" ".join([whole, *(form for word in whole.split() for form in other_forms(word))]))
    for pick in picks:
        quantity = pick.quantity
        if pick.problems or pick.chunk.doc_name != part.chunk.doc_name or pick.sentence == part.sentence:
            continue
        if quantity_kind(quantity) != quantity_kind(part.quantity) or quantity.base_value <= part.quantity.base_value:
            continue
        lead = pick.sentence[: quantity.start]
        if not states_part(pick.sentence, quantity) and not subject_words(question, lead) - named:
            return pick
    return None


def weak_or_none(sentence: ProsePick | None) -> bool:
    """No sentence, or one whose match falls below the bar an English question's figure must pass (`MIN_SCORE`)."""
    return sentence is None or sentence.score < MIN_SCORE


def names_more(sentence: ProsePick, cell: CellPick, question: Question, evidence: Evidence) -> bool:
    """The sentence holds clearly more of the question's terms than the cell's table, row and column names, and
    every qualifier of the question (`rag.read.alignment.qualifier_terms`: `education`, `semiconductor`) that the
    cell names: a total's sentence that names the question's country and measure does not name the part asked."""
    if sentence.score < MIN_SCORE:
        return False
    margin = prose_support(sentence, question) - cell_support(cell, question, evidence.glossary)
    if margin < SUBJECT_MARGIN or qualifiers_only_in(cell, sentence, question, evidence):
        return False
    return not measures_apart(cell, sentence, question, evidence)


def measures_apart(cell: CellPick, sentence: ProsePick, question: Question, evidence: Evidence) -> bool:
    """The cell's labels and the sentence's figure clause name different measures of one contrast
    (`rag.read.bound_measures`: a flow table's cell, a sentence's stock) that the question names no measure of: the
    sentence's more of the question's words do not make its figure the one asked; the better-scored fact answers."""
    labels = named_measures(cell_context(cell, evidence.glossary))
    clause = clause_measures(sentence.sentence, sentence.quantity)
    named = named_measures(question.text, question=True).keys()
    open_contrasts = (labels.keys() & clause.keys()) - named - set(KIND_CONTRASTS)  # what it measures, not its kind
    return any(labels[contrast].isdisjoint(clause[contrast]) for contrast in open_contrasts)


def other_way(question: Question, cell: CellPick, sentence: ProsePick, evidence: Evidence) -> bool:
    """The cell's labels and table give another direction than the question asks (`rag.read.alignment.other_direction`:
    outflows for an inflows question, exports for imports), which alignment would refuse, and the sentence's own clause
    does not: the sentence answers instead. Only between these two: no other cell stands in for the one refused."""
    clause = sentence.sentence[: clause_end(sentence.sentence, sentence.quantity)]
    return other_direction(question, cell_context(cell, evidence.glossary)) is not None and not other_direction(
        question, clause
    )


def qualifiers_only_in(cell: CellPick, sentence: ProsePick, question: Question, evidence: Evidence) -> bool:
    """A qualifier of the question that the cell's labels name and the sentence (with its passage's title and
    heading) does not."""
    glossary = evidence.glossary
    names = names_of(cell.row.label, glossary)
    labels = token_set(" ".join([column_text(cell.table, cell.index, glossary), cell.row.section, *names]))
    words = token_set(" ".join([sentence.sentence, sentence.chunk.title, *sentence.chunk.heading]))
    terms = qualifier_terms(question, evidence.index, glossary)
    return any(term_in(term, labels) and not term_in(term, words) for term in terms)


def cell_support(pick: CellPick, question: Question, glossary: Glossary) -> float:
    """Share of the question's terms that the cell's table title, heading, row and column names hold."""
    table, row = pick.table, pick.row
    text = " ".join(
        [table_context(table, pick.heading), column_text(table, pick.index, glossary), row.section]
        + names_of(row.label, glossary)
    )
    return coverage(question, text)


def prose_support(pick: ProsePick, question: Question) -> float:
    """Share of the question's terms that the sentence (with its passage's title and heading) holds."""
    return coverage(question, " ".join([pick.sentence, pick.chunk.title, *pick.chunk.heading]))


def same_figure(cell: CellPick, prose: ProsePick) -> bool:
    """The prose figure is the cell's value at some power of ten (a table unit without a stated scale)."""
    return scale_power(cell.value, prose.quantity.base_value, range(-4, 13)) is not None
