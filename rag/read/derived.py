"""Derived values: differences, sums, ratios, shares and growth rates computed from cited cells or prose figures."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rag.read.bound_measures import figure_clause, measures_differ
from rag.read.cell_measures import measure_fits
from rag.read.cells import (
    MIN_SCORE,
    NAMED_ROW,
    CellPick,
    cell_candidates,
    cell_kind,
    cell_years,
    column_name_score,
    column_text,
    first_clean,
    is_total,
    names_row,
    only_entity,
    period_years,
    printed_year,
    row_match,
    row_years,
)
from rag.read.compose import (
    AnswerDraft,
    answer_cell,
    answer_prose,
    cell_citation,
    cite_operands,
    prose_citation,
    row_names,
    say_derived,
    say_derived_prose,
    shown_formula,
    state_formula,
    subject_of,
)
from rag.read.evidence import Evidence
from rag.read.matching import (
    TOTAL_LABELS,
    display_name,
    mention_position,
    mentions,
    names_in_full,
    names_of,
    overlap,
    spelled_out,
)
from rag.read.nesting import without_unnamed_parts
from rag.read.operations import (
    asks_operation,
    change_direction,
    fraction_thresholds,
    opens_with_part,
    operation_words,
)
from rag.read.printed_rates import printed_change
from rag.read.prose import (
    ProsePick,
    bound_clause,
    denominator,
    figures,
    from_to_pairs,
    nearest_year,
    prose_candidates,
    prose_kind_fits,
    prose_problems,
    quantity_kind,
)
from rag.read.question import (
    QUESTION_WORDS,
    Question,
    asks_change,
    asks_gap,
    comparative_pattern,
    counted_figure,
    question_measures,
    ratio_over_earlier,
    share_kind,
    states_sign,
)
from rag.read.refusals import (
    NO_OPERANDS,
    NO_ROW,
    Refusal,
    Unmet,
    missing,
)
from rag.read.sibling_totals import sibling_whole
from rag.read.wording import header_measure
from rag.retrieve.operands import operand_passages
from rag.text.glossary import Glossary, has_cjk
from rag.text.numbers import (
    Quantity,
    annual_growth_rate,
    change,
    difference,
    extract_quantities,
    growth_rate,
    mean,
    natural_scale,
    ratio,
    share,
    to_base,
    total,
    years_in,
)
from rag.text.sentences import split_sentences
from rag.text.tokens import find_word, token_set
from rag.types import Answer, Chunk, Table, TableRow

# Computed percentages (shares, growth rates) keep two decimals: one more than the reports print, so that a
# rate computed from rounded amounts is not mistaken for a printed one, and as filings' analysts round them.
COMPUTED_DECIMALS = 2


def falls(question: Question) -> bool:
    """The question asks how much something fell (earlier minus later): it names a fall and no rise (a question
    naming both, `increase / (decrease)`, asks for the signed change, later minus earlier); the name of a rate
    (`growth rate`, `增速`) names no direction."""
    low = question.text.lower()
    for name in operation_words().get("rate", ()):
        low = low.replace(name, " ")  # `the growth rate slowed`: `growth` names the rate, not a rise
    return change_direction(low) == "fall"


_LESS_ZH = re.compile(r"低|(?<![多减])少(?!数)")


def asks_less(low: str) -> bool:
    """`how much lower`, `which is smaller`, `低多少`: the shortfall or the smaller item asked (English words:
    `comparative_less` of `rag/data/operations.tsv`)."""
    return comparative_pattern(("comparative_less",)).search(low) is not None or _LESS_ZH.search(low) is not None


def bracketed(pick: CellPick) -> bool:
    """The cell is printed in brackets (`(54,897)`, `$(1,200)`): an accounting negative, a cost or loss shown as
    a deduction."""
    return pick.row.cells[pick.index].text.strip().lstrip("$€£¥ ").startswith("(")


def sizes(picks: Sequence[CellPick]) -> list[float]:
    """The operands' values, or their sizes when every one is printed in brackets: a row of costs or losses printed
    as deductions throughout grows and averages by its size (a net loss of (24,122) is a loss of 24,122)."""
    values = [p.value for p in picks]
    return [abs(v) for v in values] if picks and all(bracketed(p) for p in picks) else values


_ALTERNATIVE = re.compile(r"\([^()]*\)")


def names_deduction(pick: CellPick) -> bool:
    """The cell's row label names a deduction (`deduction_label` words: a loss, a cost, an expense). A word in
    brackets names what a negative figure of the row means (`income (loss)`, `tax expense (benefit)`): such a row
    is signed, not a deduction."""
    label = _ALTERNATIVE.sub(" ", f"{pick.row.label} {pick.row.section}").lower()
    return any(find_word(word.strip(), label) for word in operation_words()["deduction_label"])


def deduction_values(picks: Sequence[CellPick]) -> list[float]:
    """The values to average or to take a change between: sizes for a row naming a deduction printed in brackets
    throughout (`sizes`), the signed values otherwise (the mean of a cash outflow or a gross loss printed `(3.5)` and
    `(3.1)` is -3.3)."""
    return sizes(picks) if picks and all(names_deduction(p) for p in picks) else [p.value for p in picks]


def asks_positive_gap(question: Question) -> bool:
    """`how much lower`, `the difference between A and B`, `差距`: a gap asked as a positive size."""
    low = question.text.lower()
    return asks_less(low) or asks_gap(question.text) or asks_operation(low, "gap")


def change_values(first: CellPick, second: CellPick, question: Question) -> tuple[CellPick, CellPick, list[float]]:
    """The two figures a change or gap is taken between: sizes for a row naming a deduction printed in brackets
    throughout (`deduction_values`: an expense of (900) after (700) rose by 200), ordered larger first when a positive
    gap is asked; the signed values otherwise."""
    values = deduction_values([first, second])
    if values != [first.value, second.value] and asks_positive_gap(question) and values[0] < values[1]:
        return second, first, values[::-1]
    return first, second, values


def magnitude_order(first, second, question: Question) -> tuple:
    """`How much lower / how many fewer ...` (`低多少`, `少多少`), `the difference between A and B` ask for a positive
    gap: the larger operand first.
    Other differences keep their order (later minus earlier, the first-named minus the second)."""
    if asks_positive_gap(question) and first.value < second.value:
        return second, first
    return first, second


def same_column_pick(picks: list[CellPick], table: Table, index: int, row: TableRow) -> CellPick | None:
    return next((p for p in picks if p.table is table and p.index == index and p.row is row), None)


def whole_table(pick: CellPick, question: Question) -> bool:
    """A question naming no row (`how many more deals in B than in A`) is about the whole table: its total row
    stands for it when that row's only problem is that the question does not name it."""
    return not question.entities and is_total(pick.row) and all(p is NO_ROW for p in pick.problems)


def year_pair(question: Question, evidence: Evidence) -> tuple[CellPick, CellPick] | None:
    """The same row (or column) of one table in the two years asked about: (later, earlier); a clean pair first,
    else the total rows of a table the question names no row of (`whole_table`)."""
    old_year, new_year = min(question.years), max(question.years)
    asked = "percent" if question.asked == "points" else question.asked
    new_all = cell_candidates(question, evidence, asked, [new_year])
    old_all = cell_candidates(question, evidence, asked, [old_year])
    clean = pair_in([p for p in new_all if not p.problems], [p for p in old_all if not p.problems])
    if clean is not None or question.entities:
        return clean
    return pair_in([p for p in new_all if whole_table(p, question)], [p for p in old_all if whole_table(p, question)])


def pair_in(new: Sequence[CellPick], old: Sequence[CellPick]) -> tuple[CellPick, CellPick] | None:
    """The first (later, earlier) cells of one table that hold one row's measure in two years, or one column's."""
    for pick in new:
        for other in old:
            if other.table is not pick.table or other is pick:
                continue
            same_row = (
                other.row is pick.row
                and other.index != pick.index  # two cells: a column of no year does not stand for both years
                and pick.table.columns[pick.index].parts[:1] != ()
                and same_measure(pick, other)
            )
            same_column = other.index == pick.index and other.row is not pick.row and period_years(other.row)
            if same_row or same_column:
                return pick, other
    return None


def sole_year_column(table: Table, index: int) -> bool:
    """The column is the table's only one of its kind (a percentage or not) naming its year(s): no other measure of
    that year to confuse it with (an `Amount` column beside its year's `% of total` one is the year's only amount)."""
    own = years_in(table.columns[index].header)
    kind = percent_column(table, index)
    return bool(own) and not any(
        own & years_in(column.header)
        for i, column in enumerate(table.columns)
        if i != index and percent_column(table, i) == kind
    )


def percent_column(table: Table, index: int) -> bool:
    unit = table.columns[index].unit
    return unit is not None and unit.kind == "percent"


def same_measure(a: CellPick, b: CellPick) -> bool:
    """Two cells of one row hold one measure in two years: their columns differ only by the year (`header_measure`),
    or each is the only column of its year and kind (`Fiscal 2019` beside `Fiscal 2018 (restated)`), both amounts or
    both percentages."""
    if header_measure(a.column) == header_measure(b.column):
        return True
    return (
        a.table is b.table
        and percent_column(a.table, a.index) == percent_column(b.table, b.index)
        and sole_year_column(a.table, a.index)
        and sole_year_column(b.table, b.index)
    )


def entity_picks(question: Question, evidence: Evidence, asked: str) -> list[CellPick]:
    """For each entity of the question, the best clean cell of one table and column that names it."""
    picks = [p for p in cell_candidates(question, evidence, asked) if not p.problems or only_entity(p)]
    for anchor in picks:
        chosen = []
        for entity in question.entities:
            matches = [
                p
                for p in picks
                if p.table is anchor.table
                and p.index == anchor.index
                and p not in chosen
                and any(mentions(entity, name, evidence.glossary) for name in names_of(p.row.label, evidence.glossary))
            ]
            # `United States` half-names `United Kingdom`: a row that carries the whole name goes first
            matches.sort(key=lambda p: not names_in_full(entity, p.row.label, evidence.glossary))
            if matches:
                chosen.append(matches[0])
        if len(chosen) >= 2:
            return chosen
    return named_rows(picks, question, evidence)


def named_rows(picks: list[CellPick], question: Question, evidence: Evidence) -> list[CellPick]:
    """The rows of the best pick's table and column that the question names in full, in the question's order."""
    if not picks:
        return []
    anchor = picks[0]
    named = [
        p
        for p in picks
        if p.table is anchor.table
        and p.index == anchor.index
        and row_match(p.row, question, evidence.glossary) >= NAMED_ROW
    ]
    unique = without_unnamed_parts(list({id(p.row): p for p in named}.values()), question, evidence.glossary)
    return sorted(unique, key=lambda p: mention_position(p.row.label, question, evidence.glossary))


def percent_row(pick: CellPick) -> bool:
    """Every figure of the pick's row is a percentage (`Effective tax rate`): the row is a rate, not an amount."""
    kinds = {
        cell_kind(pick.table, pick.row, i)
        for i, c in enumerate(pick.row.cells[: len(pick.table.columns)])
        if c.value is not None
    }
    return kinds == {"percent"}


def any_kind_year_pair(question: Question, evidence: Evidence, rates: bool = True) -> tuple[CellPick, CellPick] | None:
    """`year_pair` of the kind asked, else of a count asked as an amount (or the reverse: a table seldom says which
    it holds), else of a row that is a rate throughout (its change is in points)."""
    pair = year_pair(question, evidence)
    if pair is not None or question.asked not in ("amount", "count"):
        return pair
    other = year_pair(replace(question, asked="count" if question.asked == "amount" else "amount"), evidence)
    if other is not None:
        return other
    if not rates:
        return None
    pair = year_pair(replace(question, asked="percent"), evidence)
    return pair if pair is not None and percent_row(pair[0]) else None


def derive_difference(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    spans = mean_spans(question) if len(question.years) >= 3 else None
    if spans is not None:
        return derive_mean_change(draft, question, evidence, spans)
    if len(question.years) >= 2:
        pair = any_kind_year_pair(question, evidence)
        if pair is None:
            return derive_prose_difference(draft, question, evidence)
        new, old = pair
        first, second = (old, new) if falls(question) else (new, old)
        if cell_kind(new.table, new.row, new.index) == "rank" and change_direction(question.text):
            first, second = (new, old) if falls(question) else (old, new)  # a rise in rank is a smaller number
        subject = subject_of(new, evidence.glossary, question.lang)
    else:
        picks = entity_picks(question, evidence, question.asked)
        if len(picks) < 2:
            picks = named_columns(question, evidence, question.asked)  # `how much more A than B`: two columns
            picks = picks if len(picks) == 2 else []
        if len(picks) < 2:
            return NO_OPERANDS
        first, second = picks[0], picks[1]
        subject = subject_of(first, evidence.glossary, question.lang)
    first, second = magnitude_order(first, second, question)
    first, second, values = change_values(first, second, question)
    percent = cell_kind(first.table, first.row, first.index) == "percent"
    formula = (change if percent else difference)(*values)
    if len(question.years) >= 2 and not percent and change_direction(question.text):
        later, earlier = deduction_values([new, old])
        printed = printed_change(later - earlier, new, evidence, amount=True)
        if printed is not None:  # `how much did X rise`: the rise the report prints (`increased $122.8 million`)
            return quote_printed(draft, printed, evidence.glossary)
    state_formula(draft, formula, [first, second], evidence, subject)
    draft.confidence = 0.7
    return draft.answer()


def prose_year_pair(question: Question, evidence: Evidence) -> tuple[ProsePick, Quantity] | None:
    """`from 6.8 trillion yuan in 2017 to 8.3 trillion yuan in 2022`: one sentence naming the question's entities
    with two figures of one unit, each printed nearest one of the two years asked about: (later, earlier)."""
    old_year, new_year = min(question.years), max(question.years)
    best: tuple[float, ProsePick, Quantity] | None = None
    for rank, chunk in evidence.prose():
        for sentence in split_sentences(chunk.body):
            if not {old_year, new_year} <= years_in(sentence):
                continue
            if prose_problems(chunk, sentence, question, evidence.glossary):
                continue
            found = [q for q in figures(sentence, "amount") if quantity_kind(q) in ("amount", "number")]
            by_year = {year: [q for q in found if nearest_year(sentence, q) == year] for year in (old_year, new_year)}
            pairs = [(new, old) for new in by_year[new_year] for old in by_year[old_year]]
            pairs += from_to_pairs(sentence, found)
            for new, old in pairs:
                if (new.kind, new.currency, new.scale, new.base) != (old.kind, old.currency, old.scale, old.base):
                    continue
                # several `from A in Y1 to B in Y2` pairs in a sentence: the pair in the question's own words
                start, end = min(old.start, new.start), max(old.end, new.end)
                own = sentence[max(0, start - 80, *(sentence.rfind(mark, 0, start) for mark in ";；")) : end]
                score = overlap(question, sentence) + overlap(question, own) + 0.6 / (1 + rank)
                score -= abs(new.start - old.end) / 400
                if best is None or score > best[0]:
                    best = (score, ProsePick(chunk, sentence, new, score), old)
    return (best[1], best[2]) if best else None


def derive_prose_difference(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The difference between two years' figures stated in one sentence, when no table holds the pair."""
    pair = prose_year_pair(question, evidence)
    if pair is None:
        return years_apart_difference(draft, question, evidence)  # each year's figure in a sentence of its own
    pick, old = pair
    new = pick.quantity
    first, second = magnitude_order(*((old, new) if falls(question) else (new, old)), question)
    formula = difference(first.value, second.value)
    return state_prose_formula(draft, formula, pick, (new, old), amount_label(new))


def derive_prose_ratio(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How many times the first year's figure was the second's` from one sentence stating both (`from A in Y1 to B
    in Y2`, `从A增至B`): the figure of the year the question names first over the other's."""
    if len(question.years) < 2:
        return NO_OPERANDS
    pair = prose_year_pair(question, evidence)
    if pair is None:
        return NO_OPERANDS
    pick, old = pair
    new = pick.quantity
    first, second = (new, old) if numerator_year(question) == max(question.years) else (old, new)
    formula = ratio(first.value, second.value)
    return state_prose_formula(draft, formula, pick, (first, second), draft.templates["times"])


def amount_label(quantity: Quantity) -> str:
    """The unit a prose amount is printed in, with its scale word (`USD billion`, `yuan trillion`)."""
    _, word = natural_scale(quantity.scale, "en")
    return " ".join(part for part in (quantity.currency or quantity.base, word) if part)


def state_prose_formula(
    draft: AnswerDraft,
    formula,
    pick: ProsePick,
    operands: Sequence[Quantity],
    label: str,
    confidence: float = 0.6,
    unit: str = "",
) -> Answer:
    """The answer `formula` gives from figures of the one sentence of `pick`: the sentence cited once, with every
    operand's printed text, and the formula shown before the quote (`label` in the formula; `unit`, when the
    answer's unit is named otherwise than the formula's label, in the answer)."""
    n = draft.cite(prose_citation(pick.chunk, pick.sentence, "; ".join(q.text for q in operands)))
    draft.formula = formula.render(label, draft.question.lang)
    if len({q.scale for q in operands}) > 1 and formula.op in ("share", "ratio"):
        # `850 million / 3.87 billion`: operands of two scales shown as printed, not as converted numbers the
        # sentence does not print
        result = draft.formula.rsplit("=", 1)[1].strip()
        draft.formula = " / ".join(q.text.strip() for q in operands) + f" = {result}"
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = unit or label
    draft.record(formula)  # the typed step behind the number, its operands as the sentence prints them
    stated = shown_formula(draft, formula, label)
    say_derived_prose(draft, stated, n)
    draft.confidence = confidence
    return draft.answer()


# A figure stated as a change: `88,000 more than the previous year`, `an increase of 5 billion`, `增加了3万人`.
STATED_CHANGE = re.compile(
    r"\b(?:more|fewer|less|higher|lower|increase[sd]?|decrease[sd]?|up|down|rose|fell|grew|added)\b|增加|减少|增长|下降"
)


# `than a year earlier`, `over the previous year`, `比上年`: a change over the year before the one asked about.
YEAR_BEFORE = re.compile(
    r"\b(?:(?:a|one|the) year (?:earlier|before)|(?:the )?(?:previous|prior|preceding|last) year|year[- ]on[- ]year)\b"
    r"|上年|去年|上一年|同比"
)


def stated_change(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How many more X in year Y than a year earlier?` when no operands are found: a figure of the asked kind that
    a sentence states as the change itself (`88,000 more than the previous year`), its own clause naming the
    change. A percentage answers only a percent question (`up 34 percent` is no count)."""
    for pick in prose_candidates(question, evidence):
        if pick.problems or not STATED_CHANGE.search(bound_clause(pick.sentence, pick.quantity).lower()):
            continue
        if pick.score < MIN_SCORE * (0.5 if question.lang == "zh" else 1.0):
            break
        answer_prose(draft, pick, evidence.glossary)
        draft.confidence = min(1.0, pick.score / 4)
        return draft.answer()
    return NO_OPERANDS


def year_ratio_operands(question: Question, evidence: Evidence) -> list[CellPick]:
    """`2031年X是2019年的多少倍`, `how many times X's 2019 figure was its 2031 figure`: the same row or column in
    the two years, the year named first over the year named second."""
    pair = year_pair(question, evidence)
    if pair is None:
        return []
    new, old = pair
    return [new, old] if numerator_year(question) == max(question.years[:2]) else [old, new]


def numerator_year(question: Question) -> int:
    """The year whose figure a multiple of two years divides: the later one where the question takes the earlier as
    its base (`扩大到原来的几倍`, `from 2031 to 2036`: `ratio_over_earlier`), else the year it names first."""
    return max(question.years[:2]) if ratio_over_earlier(question.text, question.years) else question.years[0]


def operand_position(pick: CellPick, other: CellPick, question: Question, glossary: Glossary) -> int:
    """Where the question names the operand: its row's label, or, for two cells of one row, its column's parts."""
    if pick.row is not other.row:
        named = mention_position(pick.row.label, question, glossary)
        # `Hong Kong` for the row glossed `Hong Kong, China`: where the question names the entity the row matched
        low = question.text.lower()
        entities = [
            low.find(e.lower())
            for e in question.entities
            if mentions(e, " ".join(names_of(pick.row.label, glossary)), glossary)
        ]
        return min([named, *(at for at in entities if at >= 0)])
    column = pick.table.columns[pick.index]
    return min(mention_position(part, question, glossary) for part in column.parts or (column.header,))


def ratio_order(
    picks: Sequence[CellPick], question: Question, glossary: Glossary, positions: Sequence[int] = ()
) -> list[CellPick]:
    """(numerator, denominator) of `A was how many times B`, `what multiple of B did A reach`, `A是B的多少倍`: the
    denominator is the operand named right after the ratio word, or after its last `as` / `than` (before the ratio
    word in Chinese `B的…倍`); `the ratio of A to B` keeps the question's order. An operand the question does not
    spell out counts as named last. `positions`: where the question names each operand, when their rows do not
    tell them apart (one row of two tables, each of its own entity)."""
    low = question.text.lower()
    triggers = [(low.find(w), w) for w in operation_words().get("ratio", ()) if low.find(w) >= 0]
    if not triggers or len(picks) != 2:
        return list(picks)
    at, word = min(triggers)
    # `how many times as large was A's output as B's`, `times larger than B`: the denominator follows the last as/than
    # `by what multiple did A exceed B`: likewise after the comparison word (`ratio_than` of operations.tsv)
    at = max([at, *(low.rfind(w) for w in operation_words().get("ratio_than", ()))])
    first, second = picks
    where = (
        {id(p): at for p, at in zip(picks, positions, strict=True)}
        if positions
        else {id(p): operand_position(p, q, question, glossary) for p, q in ((first, second), (second, first))}
    )
    ordered = sorted(picks, key=lambda p: where[id(p)])
    if word.startswith("ratio"):
        return ordered
    if has_cjk(word):
        before = [p for p in ordered if where[id(p)] < at]
        denominator = before[-1] if before else ordered[-1]
    else:
        after = [p for p in ordered if where[id(p)] > at]
        denominator = after[0] if after else ordered[-1]
    return [p for p in ordered if p is not denominator] + [denominator]


def derive_ratio(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How many times A's figure is B's`: A / B, both cells of one table and column."""
    operands = ratio_operands_kind(question)
    picks = measure_pair(operands, evidence) or entity_picks(operands, evidence, operands.asked)
    if len(picks) < 2 and len(question.years) >= 2:
        picks = year_ratio_operands(operands, evidence)  # already numerator first
    else:
        if len(picks) < 2:
            picks = named_columns(operands, evidence, operands.asked)  # two measures of one row
        picks = ratio_order(picks[:2], question, evidence.glossary)
    if len(picks) < 2:
        return NO_OPERANDS
    # `A as a percentage of B` asks the same quotient in percent
    formula = (share if question.asked == "percent" else ratio)(picks[0].value, picks[1].value)
    state_formula(draft, formula, picks[:2], evidence, subject_of(picks[0], evidence.glossary, question.lang))
    draft.confidence = 0.7
    return draft.answer()


def ratio_operands_kind(question: Question) -> Question:
    """The question as its operands are looked up: a ratio asked in percent (`A as a percentage of B`) divides two
    amounts (or counts), not two printed percentages."""
    if question.asked != "percent":
        return question
    return replace(question, asked="count" if "count" in question.measures else "amount")


def measure_pair(question: Question, evidence: Evidence) -> list[CellPick]:
    """`A的流量相当于其存量的百分之几`: a question naming two measures asks them of one row (two of its columns), even
    where it names a second entity (the reporter `浙江` beside the row `印度尼西亚`); [] unless two such cells."""
    if len(set(question.measures) - {"share", "growth"}) < 2:
        return []
    picks = named_columns(question, evidence, question.asked)
    return picks if len(picks) >= 2 else []


def named_columns(question: Question, evidence: Evidence, asked: str) -> list[CellPick]:
    """`What did equity and debt investment in X add up to?`: the cells of the best clean row in the columns the
    question names (each column name part named, `column_name_score` > 0, or its one measure, `names_column_measure`),
    in the question's order."""
    picks = [p for p in cell_candidates(question, evidence, asked) if not p.problems]
    if not picks:
        return []
    anchor, glossary = picks[0], evidence.glossary
    named = {
        p.index: p
        for p in reversed(picks)
        if p.table is anchor.table
        and p.row is anchor.row
        and (column_name_score(p.table, p.index, question, glossary) > 0 or names_column_measure(p, question))
    }
    header = lambda p: p.table.columns[p.index].header  # noqa: E731
    return sorted(named.values(), key=lambda p: mention_position(header(p), question, glossary))


def names_column_measure(pick: CellPick, question: Question) -> bool:
    """The column is of one measure only (`存量`, `stock`), one of two or more the question names (`存量是流量的几倍`):
    a column the question names by its measure, where `column_name_score` leaves measure words to the measure
    score."""
    measures = question_measures(pick.table.columns[pick.index].header)
    return len(question.measures) >= 2 and len(measures) == 1 and measures[0] in question.measures


_LIST_JOIN = re.compile(r"^\s*(?:[,，、;；]\s*(?:and|or|和|及|与|以及|或)?|and|or|as well as|和|及|与|以及|或)\s*$")


def listed_run(question: Question) -> list[tuple[int, str]]:
    """(position, entity) of the longest run of the question's entities that stand next to each other in its
    text, joined only by commas and `and` / `、` / `和`; [] when no two are so joined."""
    low = question.text.lower()
    placed = sorted(
        (at, entity) for entity in dict.fromkeys(question.entities) if (at := low.find(entity.lower())) >= 0
    )
    best: list[tuple[int, str]] = []
    run: list[tuple[int, str]] = []
    for at, entity in placed:
        if run and not _LIST_JOIN.match(low[run[-1][0] + len(run[-1][1]) : at]):
            run = []
        run.append((at, entity))
        best = list(run) if len(run) > len(best) else best
    return best if len(best) >= 2 else []


def listed_items(question: Question) -> tuple[str, ...]:
    """The items a question names one by one (`A, B, C and D`, `A、B和C`), in its order (`listed_run`)."""
    return tuple(entity for _, entity in listed_run(question))


# An item joined to the end of a list that is no name the reader knows (`A, B and gizmos`, `A、B和小部件的`).
_STRAY_EN = re.compile(r"\s*,?\s*(?:and|or)\s+(?:the\s+)?([a-z][a-z-]+)")
_STRAY_ZH = re.compile(r"\s*[、和及与]\s*([\u4e00-\u9fff]{2,8}?)(?=的|在|对|[，,。？?；;]|$)")


_NOT_ITEMS = frozenset(("the", "its", "their", "his", "her", "this", "that", "these", "those", "what", "how", "which"))


def stray_item(question: Question, picks: Sequence[CellPick], glossary: Glossary) -> str:
    """An item the question's list ends with that no operand names (`A, B and gizmos`, `A、B和小部件`): the words
    joined by `and` / `、` right after the last name of an operand row (or of a listed entity) in the question,
    when no operand's name holds them. `` when the list ends with a name an operand carries."""
    low = question.text.lower()
    names = [name.lower() for p in picks for name in names_of(p.row.label, glossary)]
    spans = [(at, at + len(name)) for name in names if (at := low.find(name)) >= 0]
    spans += [(at, at + len(entity)) for at, entity in listed_run(question)]
    if len(spans) < 2:
        return ""
    end = max(stop for _, stop in spans)
    rest = low[end:]
    found = _STRAY_ZH.match(rest) if has_cjk(low[end - 1]) else _STRAY_EN.match(rest)
    if found is None:
        return ""
    word = found.group(1)
    stop = _NOT_ITEMS | QUESTION_WORDS["generic_caps"] | QUESTION_WORDS["common_words"]
    return "" if word in stop or any(word in name for name in names) else word


def unmatched_item(picks: Sequence[CellPick], question: Question, glossary: Glossary) -> Refusal | None:
    """The refusal for the first item the question lists (`listed_items`, `stray_item`) that no operand's row
    names: a sum or mean of a list is over every item of it, never over the items a table happens to print."""
    for item in listed_items(question):
        if not any(mentions(item, name, glossary) for p in picks for name in names_of(p.row.label, glossary)):
            return missing(item)
    stray = stray_item(question, picks, glossary)
    return missing(stray) if stray else None


def derive_sum(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`A and B combined`, `the total X in 2018 and 2019`: the figures the question names added up, each cited;
    over the years it names (every year of a range) when it names two or more, else over the rows it names."""
    asked = question.asked if question.asked in ("percent", "count") else "amount"
    picks = []
    if len(question.years) >= 2 and len(question.entities) < 2:
        picks = year_operands(replace(question, years=year_range(question)), evidence, asked)
        picks = picks if len(picks) >= 2 else bucket_operands(question, evidence, asked)
    if len(picks) < 2:
        picks = outermost(entity_picks(question, evidence, asked))
        unmet = unmatched_item(picks, question, evidence.glossary) if len(picks) >= 2 else None
        if unmet is not None:
            return unmet
    if len(picks) < 2:
        picks = named_columns(question, evidence, asked)
    if len(picks) < 2:
        return NO_OPERANDS
    formula = total([p.value for p in picks])
    state_formula(draft, formula, picks, evidence, subject_of(picks[0], evidence.glossary, question.lang))
    draft.confidence = 0.7
    return draft.answer()


_BUCKET = re.compile(r"^\s*((?:19|20)\d\d)(?:\s*(?:-|–|—|to|through)\s*((?:19|20)\d\d))?\s*$", re.IGNORECASE)


def bucket_span(header: str) -> tuple[int, int] | None:
    """The first and last year of a column headed by a year or a range of years alone (`2020`, `2021 - 2022`): a
    period bucket of a schedule of payments due; None for any other header (`2025 and thereafter`, `Total`)."""
    match = _BUCKET.match(header.split("\n")[-1])
    if not match:
        return None
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    return (first, last) if first <= last else None


def bucket_operands(question: Question, evidence: Evidence, asked: str) -> list[CellPick]:
    """One row's cells in the period buckets that together make up the range of years the question names (`2020`
    and `2021 - 2022` for `from 2020 to 2022`), when one bucket spans several years; empty when the buckets inside
    the range do not cover it exactly. A total row is the row only when it is the one row the question matches: it
    never stands in for a part the question names."""
    bounds = range_bounds(question.text)
    if bounds is None:
        return []
    first, last = bounds
    anchors = [p for p in cell_candidates(question, evidence, asked, [last]) if not p.problems]
    for anchor in [p for p in anchors if not is_total(p.row) or len(anchors) == 1]:
        spans = {i: bucket_span(column.header) for i, column in enumerate(anchor.table.columns)}
        inside = [
            i
            for i, span in spans.items()
            if span
            and first <= span[0]
            and span[1] <= last
            and i < len(anchor.row.cells)
            and anchor.row.cells[i].value is not None
        ]
        covered = sorted(year for i in inside for year in range(spans[i][0], spans[i][1] + 1))
        several = any(spans[i][0] < spans[i][1] for i in inside)
        if len(inside) >= 2 and several and covered == list(range(first, last + 1)):
            return [replace(anchor, index=i, problems=()) for i in inside]
    return []


def outermost(picks: Sequence[CellPick]) -> list[CellPick]:
    """The operands of a sum less those that are part of another one (a row of the sub-section `A / B` beside a row
    of A, `其中：B`): B's figure is already in A's, and adding it again counts it twice."""
    sections = {p.row.section for p in picks if p.row.section}
    return [p for p in picks if not any(p.row.section.startswith(f"{s} / ") for s in sections)]


def group_pick(part: CellPick, question: Question, glossary: Glossary) -> CellPick | None:
    """The row of the group the part is listed under (`- Europe` under `Developed economies`), in the part's column,
    when the question names that group: the whole of `what share of the group's X came from the part`."""
    group = part.row.section.split(" / ")[-1].strip()
    if not group or group in part.row.label:
        return None  # `其他发达经济体` (the group's other members) is named by the group's own words: no part of it
    for row in part.table.rows:
        if row is part.row or row.label != group or part.index >= len(row.cells) or not row.cells[part.index].value:
            continue
        if names_row(row, question, glossary):
            return replace(part, row=row, problems=())
    return None


def parent_pick(part: CellPick, picks: Sequence[CellPick], question: Question, glossary: Glossary) -> CellPick | None:
    """The whole a part belongs to: the group row the question names, its section's own row with the same label,
    or the table's total row."""
    group = group_pick(part, question, glossary)
    if group is not None:
        return group
    parent_section = " / ".join(part.row.section.split(" / ")[:-1])
    for pick in picks:
        if pick.table is not part.table or pick.index != part.index or pick.row is part.row:
            continue
        if part.row.section and pick.row.section == parent_section and pick.row.label == part.row.label:
            return pick
    for pick in picks:
        if pick.table is part.table and pick.index == part.index and pick.row.label.lower() in TOTAL_LABELS:
            return pick
    return None


def share_candidates(question: Question, evidence: Evidence, typed: bool = False) -> list[CellPick]:
    """The cells a share may be taken of: of the kind the question measures (`share_kind`: the number of items or
    their value); the amounts where the tables print no cell of kind count (a count column without a count unit).
    `typed`: the cells are scored as answers of that kind (the question's asked kind set to it)."""
    first = share_kind(question.text)
    for kind in dict.fromkeys((first, "amount")):
        picks = cell_candidates(replace(question, asked=kind) if typed else question, evidence, kind)
        if picks:
            return picks
    return []


def derive_share(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """A part's share of its whole, (part / whole) x 100, from one column of the kind the question measures (the
    number of items or their value, `share_kind`): the whole is the group row the question names, else the total."""
    candidates = share_candidates(question, evidence)
    # a stock's share from a table of a year's flows is a near miss: the part is of the measure asked
    picks = [
        p for p in candidates if not p.problems and not is_total(p.row) and measure_fits(question, p, evidence.glossary)
    ]
    # a part listed under a group the question names comes before the group's own row
    picks.sort(key=lambda p: group_pick(p, question, evidence.glossary) is None)
    for part in picks[:5]:
        whole = parent_pick(part, candidates, question, evidence.glossary)
        if whole is None:  # a breakdown printing no total: a sibling table's total its rows add up to
            shared = share_of_sibling_total(draft, part, question, evidence)
            if isinstance(shared, Answer):
                return shared
        elif whole.value:
            formula = share(part.value, whole.value, COMPUTED_DECIMALS)
            state_formula(draft, formula, [part, whole], evidence, subject_of(part, evidence.glossary, question.lang))
            draft.confidence = 0.6
            return draft.answer()
    return NO_OPERANDS


def share_of_sibling_total(
    draft: AnswerDraft, part: CellPick, question: Question, evidence: Evidence
) -> Answer | Refusal:
    """A part's share of the total a sibling table prints (`sibling_whole`): the sum of the part table's rows is
    recorded as a step and shown beside the share, every row of both figures cited."""
    sibling = sibling_whole(part, evidence)
    if sibling is None:
        return NO_OPERANDS
    whole = sibling.whole
    summed = total([row.value for row in sibling.rows])
    cite_operands(draft, sibling.rows, evidence)
    draft.record(summed)  # the rows add up to the sibling's total: the equality the whole rests on
    formula = share(part.value, whole.value, COMPUTED_DECIMALS)
    state_formula(draft, formula, [part, whole], evidence, subject_of(part, evidence.glossary, question.lang))
    printed = " + ".join(row.row.cells[row.index].text for row in sibling.rows)
    draft.formula = f"{draft.formula}; {printed} = {whole.row.cells[whole.index].text}"
    draft.confidence = 0.6
    return draft.answer()


def derive_percent_of(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`A is what percentage of B?`: A / B × 100 from two cells of one table and column (amounts, not shares)."""
    whole_name = denominator(question, evidence.glossary)
    amounts = replace(question, asked="amount", measures=tuple(m for m in question.measures if m != "share"))
    picks = entity_picks(amounts, evidence, "amount")
    wholes = [
        p for p in picks if any(mentions(whole_name, n, evidence.glossary) for n in row_names(p, evidence.glossary))
    ]
    parts = [p for p in picks if p not in wholes]
    if not wholes or not parts or not wholes[0].value:
        return NO_OPERANDS
    part, whole = parts[0], wholes[0]
    formula = share(part.value, whole.value, COMPUTED_DECIMALS)
    state_formula(draft, formula, [part, whole], evidence, subject_of(part, evidence.glossary, question.lang))
    draft.confidence = 0.6
    return draft.answer()


def derive_growth(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    saved = question
    question = replace(question, asked=counted_figure(question.text))  # a count's growth: from its count columns
    pair = any_kind_year_pair(question, evidence, rates=False)
    if pair is None:
        return printed_year_on_year(draft, question, evidence)
    new, old = pair
    span = max(question.years) - min(question.years)
    later, earlier = sizes([new, old])
    if asks_operation(question.text.lower(), "cagr") and span > 1:
        formula = annual_growth_rate(later, earlier, span, COMPUTED_DECIMALS)
    else:
        formula = growth_rate(later, earlier, COMPUTED_DECIMALS)
        printed = printed_change(formula.result, new, evidence)
        if printed is not None:  # the report prints this rate itself (`Change %`, `increased by 32%`): quote it
            return quote_printed(draft, printed, evidence.glossary)
    state_formula(draft, formula, [new, old], evidence, subject_of(new, evidence.glossary, saved.lang))
    draft.confidence = 0.6
    return draft.answer()


def printed_year_on_year(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The growth between two consecutive years that a table of the later year alone prints beside the row's figure
    (a `同比` / year-on-year column: `growth_cell`): the rate the question asks, when no table holds both years'
    figures. A table printing any other year's column is not read this way (its rate may span other years)."""
    years = sorted(set(question.years))
    if len(years) != 2 or years[1] - years[0] != 1:
        return NO_OPERANDS
    for kind in ("amount", "count"):
        pick = first_clean(cell_candidates(replace(question, asked=kind), evidence, kind, years[1:]))
        if pick is None:
            continue
        printed = {y for column in pick.table.columns for y in years_in(column.header)}
        rate = growth_cell(pick, evidence.glossary) if printed <= {years[1]} else None
        if rate is not None:
            answer_cell(draft, rate, evidence)
            draft.confidence = 0.6
            return draft.answer()
    return NO_OPERANDS


def quote_printed(draft: AnswerDraft, printed: ProsePick, glossary: Glossary) -> Answer:
    """The printed change as the answer: the sentence's figure, cited, its subject checked through `glossary` as
    every quoted figure's is (`answer_prose`)."""
    answer_prose(draft, printed, glossary)
    draft.confidence = 0.6
    return draft.answer()


_AVERAGE_ANNUAL = re.compile(r"\b(?:average annual|annual average|compound annual|cagr)\b|年均|平均每年")


def rate_fits(sentence: str, quantity: Quantity, question: Question) -> bool:
    """A stated percentage answers a growth question only when its own clause calls it a growth (`growth rate of
    11.7%`, not `the proportion ... will exceed 40%`), and an average annual rate only a question asking for one
    (`grew overall` asks the whole change, which the two stated amounts give)."""
    clause = bound_clause(sentence, quantity).lower()
    window = sentence[max(0, quantity.start - 40) : quantity.start].lower()
    growth = "growth" in question_measures(clause) or "growth" in question_measures(window)
    annual = _AVERAGE_ANNUAL.search(clause) or _AVERAGE_ANNUAL.search(window)
    return growth and bool(annual) == bool(_AVERAGE_ANNUAL.search(question.text.lower()))


def stated_rate(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """A growth rate between two years that the prose states itself (`from 2002 to 2022 ... the average annual growth
    rate was 22.8%`): the best clean percentage of a sentence naming both years."""
    both = set(question.years[:2]) if len(question.years) >= 2 else set()
    picks = [
        p
        for p in prose_candidates(replace(question, asked="percent"), evidence)
        if not p.problems
        and both
        and both <= years_in(p.sentence)
        and quantity_kind(p.quantity) == "percent"
        and rate_fits(p.sentence, p.quantity, question)
    ]
    if not picks or picks[0].score < MIN_SCORE * (0.5 if question.lang == "zh" else 1.0):
        return NO_OPERANDS
    answer_prose(draft, picks[0], evidence.glossary)
    draft.confidence = min(1.0, picks[0].score / 4)
    return draft.answer()


def derive_prose_growth(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """A growth rate between two years from the two amounts one sentence states (`from 6.8 trillion yuan in 2017
    to 8.3 trillion yuan in 2022`): average annual (compound) when the question says so, else the whole change."""
    pair = prose_year_pair(replace(question, asked="amount"), evidence)
    if pair is None:
        return NO_OPERANDS
    pick, old = pair
    new = pick.quantity
    years = max(question.years) - min(question.years)
    if _AVERAGE_ANNUAL.search(question.text.lower()) and years > 1:
        formula = annual_growth_rate(new.value, old.value, years, COMPUTED_DECIMALS)
    else:
        formula = growth_rate(new.value, old.value, COMPUTED_DECIMALS)
    return state_prose_formula(draft, formula, pick, (new, old), "%")


def prose_growth(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """A growth rate between two years from prose: one it states, else one computed from two amounts it states."""
    stated = stated_rate(draft, question, evidence)
    return stated if isinstance(stated, Answer) else derive_prose_growth(draft, question, evidence)


def year_operands(question: Question, evidence: Evidence, asked: str) -> list[CellPick]:
    """One row's cells in each year the question names (the same measure: one column group), earliest first; when
    it names fewer than two years, the best clean cell's row in every year column of its group."""
    years = sorted(set(question.years))
    if len(years) >= 2:
        by_year = [[p for p in cell_candidates(question, evidence, asked, [y]) if not p.problems] for y in years]
        for anchor in by_year[-1]:
            chosen = [same_row(anchor, picks) for picks in by_year[:-1]]
            if all(chosen):
                return [*chosen, anchor]
        return next(filter(None, (same_column(anchor, years) for anchor in by_year[-1])), [])
    best = first_clean(cell_candidates(question, evidence, asked, []))
    return row_across_years(best) if best is not None else []


def same_column(anchor: CellPick, years: Sequence[int]) -> list[CellPick]:
    """In a table whose rows are years (`2018年`), the anchor's column in the row of each year, earliest first;
    empty unless every year has its row."""
    if row_years(anchor.row) != {years[-1]}:
        return []
    by_year = {min(row_years(r)): r for r in anchor.table.rows if len(row_years(r)) == 1}
    rows = [by_year.get(year) for year in years]
    if any(row is None or anchor.index >= len(row.cells) or row.cells[anchor.index].value is None for row in rows):
        return []
    return [replace(anchor, row=row, problems=()) for row in rows]


def same_row(anchor: CellPick, picks: Sequence[CellPick]) -> CellPick | None:
    """Among `picks`, the cell of the anchor's row in another column of the anchor's column group."""
    return next(
        (
            p
            for p in picks
            if p.table is anchor.table and p.row is anchor.row and p.index != anchor.index and same_measure(p, anchor)
        ),
        None,
    )


def row_across_years(pick: CellPick) -> list[CellPick]:
    """The pick's row in every column of its group that names one year, earliest year first; a column that is the
    only one of its year is of the group (`same_measure`: `2019` beside `2018 Restated`)."""
    table, group = pick.table, header_measure(pick.column)
    found = []
    for index, column in enumerate(table.columns):
        years = years_in(column.header)
        if len(years) != 1 or index >= len(pick.row.cells) or pick.row.cells[index].value is None:
            continue
        other = replace(pick, index=index)
        if header_measure(other.column) == group or same_measure(pick, other):
            found.append((min(years), other))
    return [p for _, p in sorted(found, key=lambda item: item[0])]


def year_of(pick: CellPick) -> int:
    """The one year of a cell of a yearly series (its column's, or its row's in a table of year rows)."""
    return min(cell_years(pick.table, pick.row, pick.index))


def column_across_years(anchor: CellPick) -> list[CellPick]:
    """In a table whose rows are years, the anchor's column in every year row, earliest first."""
    picks = [
        replace(anchor, row=row, problems=())
        for row in anchor.table.rows
        if len(row_years(row)) == 1 and anchor.index < len(row.cells) and row.cells[anchor.index].value is not None
    ]
    return sorted(picks, key=year_of)


def average_operands(question: Question, evidence: Evidence) -> list[CellPick] | Refusal:
    """The figures to average: one row over the years the question names (every year of a range), else the rows
    it names (two or more; the item refused that a list names and the table lacks), else one row over every year
    the table prints."""
    asked = question.asked if question.asked in ("percent", "count") else "amount"
    if len(question.years) >= 2:
        # a count printed as a plain number, or a row of rates, averages over the years too (see any_kind_year_pair)
        for kind in dict.fromkeys((asked, "count" if asked == "amount" else "amount", "percent")):
            picks = year_operands(replace(question, years=year_range(question), asked=kind), evidence, kind)
            if len(picks) >= 2 and (kind == asked or kind != "percent" or percent_row(picks[0])):
                return picks
    picks = distinct_rows(entity_picks(question, evidence, asked))
    sole = namesake_row(picks, question, evidence.glossary) if len(picks) >= 2 and not question.years else None
    if sole is not None and len(across := row_across_years(sole)) >= 2:
        return across  # one row named in full over its years, not beside a half-named namesake row
    unmet = unmatched_item(picks, question, evidence.glossary) if len(picks) >= 2 else None
    if unmet is not None:
        return unmet  # a list the table does not print in full: no mean of part of it
    return picks if len(picks) >= 2 else year_operands(question, evidence, asked)


def namesake_row(picks: Sequence[CellPick], question: Question, glossary: Glossary) -> CellPick | None:
    """The one row a question naming one item spells in full, when the other rows picked are its namesakes, only
    partly spelled (`ending balance` beside `beginning balance`, `basic earnings per share` beside `diluted ...`) or
    a shorter name inside its own (`audit fees` inside `audit-related fees`); None when the question names two
    items, or another row is not a namesake (a class's members, which the question does not spell)."""
    if len(question.entities) > 1:
        return None
    spelled = {id(p): spelled_out(p.row.label, question.text, glossary) for p in picks}
    if any(share == 0 for share in spelled.values()):
        return None
    full = [p for p in picks if spelled[id(p)] >= 1.0]
    longest = [p for p in full if not any(token_set(p.row.label) < token_set(o.row.label) for o in full)]
    return longest[0] if len(longest) == 1 else None


_YEAR_RANGE = re.compile(
    r"((?:19|20)\d\d)年?\s*(?:-|–|—|－|~|～|to|through|until|至|到)\s*((?:19|20)\d\d)"
    r"|\bbetween ((?:19|20)\d\d) and ((?:19|20)\d\d)"
)


def range_bounds(text: str) -> tuple[int, int] | None:
    """The first and last year of a range the text names (`2017-2019`, `between 2006 and 2022`)."""
    ranges = year_ranges(text)
    return ranges[0] if ranges else None


def year_ranges(text: str) -> list[tuple[int, int]]:
    """The first and last year of every range the text names, in order (`2017-2018 and 2018-2019`)."""
    ranges = []
    for match in _YEAR_RANGE.finditer(text.lower()):
        first, last = sorted(int(year) for year in match.groups() if year)
        ranges.append((first, last))
    return ranges


_SPAN_YEARS = 10  # a range longer than this is no span of yearly figures to average


def mean_spans(question: Question) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """The two spans of years, earlier first, whose means a question sets against each other (how far the mean of
    X over 2041-42 moved from its mean over 2040-41): an average word and two distinct ranges of years; else None.
    The mean of each span is taken, then their difference (not the gap between the spans' end years)."""
    low = question.text.lower()
    if not asks_operation(low, "average"):
        return None
    ranges = list(dict.fromkeys(year_ranges(low)))
    if len(ranges) != 2 or any(not 0 < last - first <= _SPAN_YEARS for first, last in ranges):
        return None
    earlier, later = sorted(ranges)
    return tuple(range(earlier[0], earlier[1] + 1)), tuple(range(later[0], later[1] + 1))


def span_operands(question: Question, evidence: Evidence, span: tuple[int, ...]) -> list[CellPick]:
    """One row's cells in every year of a span (`average_operands` over the span's years); empty unless each year
    has its cell."""
    picks = average_operands(replace(question, years=span, text=f"{span[0]} {span[-1]}"), evidence)
    return picks if not isinstance(picks, Refusal) and len(picks) == len(span) else []


def derive_mean_change(
    draft: AnswerDraft, question: Question, evidence: Evidence, spans: tuple[tuple[int, ...], tuple[int, ...]]
) -> Answer | Refusal:
    """The change between the means of the two spans of years the question names (`spans`, from `mean_spans`):
    each mean a step, then the later mean less the earlier, every cell of one row cited."""
    earlier, later = (span_operands(question, evidence, span) for span in spans)
    if not earlier or not later or any(p.row is not earlier[0].row for p in (*earlier, *later)):
        return NO_OPERANDS
    means = [mean(deduction_values(picks)) for picks in (earlier, later)]
    for formula in means:
        draft.record(formula)
    picks = list({id(p): p for p in (*earlier, *later)}.values())
    formula = difference(means[1].result, means[0].result)
    state_formula(draft, formula, picks, evidence, subject_of(picks[0], evidence.glossary, question.lang))
    draft.confidence = 0.6
    return draft.answer()


def year_range(question: Question) -> tuple[int, ...]:
    """The years a question names, a range (`2017-2019`, `from 2017 to 2019`) standing for every year in it."""
    bounds = range_bounds(question.text)
    if bounds is None:
        return question.years
    first, last = bounds
    return tuple(range(first, last + 1)) if last - first <= 10 else question.years


def distinct_rows(picks: Sequence[CellPick]) -> list[CellPick]:
    """The picks of distinct rows (a question naming one row twice names one item)."""
    return list({id(p.row): p for p in picks}.values())


def derive_average(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`What was the average X in A and B?`: the mean of the figures the question names, each cited; a change
    between the means of two spans of years (`mean_spans`) when the question asks a change."""
    spans = mean_spans(question) if len(question.years) >= 3 and asks_change(question.text.lower()) else None
    if spans is not None:
        return derive_mean_change(draft, question, evidence, spans)
    picks = average_operands(question, evidence)
    if isinstance(picks, Refusal) or len(picks) < 2:
        return picks if isinstance(picks, Refusal) else NO_OPERANDS
    formula = mean(deduction_values(picks))
    state_formula(draft, formula, picks, evidence, subject_of(picks[0], evidence.glossary, question.lang))
    draft.confidence = 0.6
    return draft.answer()


def compare_operands(question: Question, evidence: Evidence) -> tuple[list[CellPick], list[str]]:
    """The items compared and their names: the rows the question names, else one row over the years (named by
    year)."""
    asked = {"points": "percent", "percent": "percent", "count": "count"}.get(question.asked, "amount")
    # `which is higher, A or B` says no kind: two named rows of rates (a growth forecast) answer it as well
    kinds = (asked, "percent") if len(question.entities) >= 2 else (asked,)  # rates stand in only for A or B
    for kind in dict.fromkeys(kinds):
        picks = distinct_rows(entity_picks(question, evidence, kind))
        if len(picks) >= 2:
            return picks, [display_name(p.row.label, evidence.glossary) for p in picks]
    picks = year_operands(replace(question, asked=asked), evidence, asked)
    return picks, [printed_year(p.table, p.row, p.index) for p in picks]


def derive_compare(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`Which is larger, A or B?`, `In which year was X larger?`: the name of the largest (smallest when the question
    asks for the lower one) of the compared figures, all of them cited."""
    picks, names = compare_operands(question, evidence)
    if len(picks) < 2:
        return NO_OPERANDS
    return say_compared(draft, question, evidence, picks, names, [pick.value for pick in picks])


def say_compared(
    draft: AnswerDraft,
    question: Question,
    evidence: Evidence,
    picks: list[CellPick],
    names: list[str],
    values: list[float],
) -> Answer:
    """The compared figures in order, largest first (smallest first when the question asks for the lower one), each
    cited, and the name of the first."""
    lower = asks_less(question.text.lower()) or question.lowest
    order = sorted(range(len(picks)), key=lambda i: values[i], reverse=not lower)
    refs = [draft.cite(cell_citation(picks[i], evidence)) for i in order]
    ordering = (" < " if lower else " > ").join(
        f"{names[i]} {picks[i].row.cells[picks[i].index].text} [{n}]" for i, n in zip(order, refs, strict=True)
    )
    word = draft.templates["smaller" if lower else "larger"]
    draft.say("compared", winner=names[order[0]], larger=word, ordering=ordering)
    draft.spans = (names[order[0]],)
    draft.confidence = 0.6
    return draft.answer()


def growth_cell(pick: CellPick, glossary: Glossary) -> CellPick | None:
    """The same row's growth rate (a percent column naming growth: 增长率, 同比, year on year) of the pick's year,
    or of no year of its own."""
    years = cell_years(pick.table, pick.row, pick.index) - row_years(pick.row)
    for index in range(min(len(pick.table.columns), len(pick.row.cells))):
        if index == pick.index or pick.row.cells[index].value is None:
            continue
        if cell_kind(pick.table, pick.row, index) != "percent":
            continue
        if "growth" not in question_measures(column_text(pick.table, index, glossary)):
            continue
        own = years_in(pick.table.columns[index].header)
        if not own or own == years:
            return replace(pick, index=index)
    return None


def derive_recent_change(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`What was the change in X?`, `the percentage change in X in 2019?`, naming one year or none: X's figure of
    that year (of the latest year its row prints when none is named) against the year before, from one table row: a
    growth rate when the question names a percentage, else the change (in points for a row of rates)."""
    years = list(question.years[-1:])
    kinds = ("count",) if question.asked == "count" else ("amount", "percent")  # a number of deals is no value
    for asked in kinds:
        best = first_clean(cell_candidates(replace(question, asked=asked), evidence, asked, years))
        row = row_across_years(best) if best is not None else []
        if years:
            row = [p for p in row if min(cell_years(p.table, p.row, p.index)) <= years[0]]
        if len(row) >= 2 and (asked != "percent" or percent_row(row[-1])):
            break
    else:
        return NO_OPERANDS
    new, old = row[-1], row[-2]
    if min(cell_years(new.table, new.row, new.index)) - min(cell_years(old.table, old.row, old.index)) != 1:
        return NO_OPERANDS
    later, earlier = sizes([new, old])
    low = question.text.lower()
    operands = [new, old]
    rate = "percent" in low or "%" in low
    if rate:
        formula = growth_rate(later, earlier, COMPUTED_DECIMALS)
    elif question.lang == "zh" and (asks_less(low) or change_direction(low) == "fall") and later < earlier:
        formula = difference(earlier, later)  # `比上年少了多少笔`, `减少了多少`: the shortfall, earlier less later
        operands = [old, new]
    else:
        formula = (change if percent_row(new) else difference)(later, earlier)
    if rate or (not percent_row(new) and change_direction(question.text)):
        printed = printed_change(formula.result, new, evidence, amount=not rate)
        if printed is not None:  # the change the report prints itself (`Change %`, `increased by $19.1 million`)
            return quote_printed(draft, printed, evidence.glossary)
    state_formula(draft, formula, operands, evidence, subject_of(new, evidence.glossary, question.lang))
    draft.confidence = 0.5
    return draft.answer()


# characters between a figure and the percentage that states its change (`, up 3.4% from a year earlier`)
RATE_REACH = 60


PART_PENALTY = 1.0  # a figure stated as a part (`Among them, ...`, `..., accounting for 31%`) yields to a whole one


def states_part(sentence: str, quantity: Quantity) -> bool:
    """The figure is stated as a part of another: its sentence opens with a part word (`part_marker` data: `Among
    them`, `其中`), or the next figure after it is a share of something (`$2.1 billion, accounting for 27.4%`)."""
    return bool(opens_with_part(sentence)) or stated_share(sentence, quantity) is not None


def stated_share(sentence: str, quantity: Quantity) -> Quantity | None:
    """The share of a whole the sentence states for the figure right after it (`$2.1 billion, accounting for
    27.4%`: 27.4%), or None."""
    following = [q for q in extract_quantities(sentence) if q.start >= quantity.end and q.kind != "year"]
    if not following or quantity_kind(following[0]) != "percent" or following[0].start - quantity.end > RATE_REACH:
        return None
    return following[0] if "share" in question_measures(sentence[quantity.end : following[0].start]) else None


def with_entity_passages(question: Question, evidence: Evidence, entity: str) -> Evidence:
    """The evidence with the few indexed passages that name `entity` and most of the question's words added after
    the hits (`rag.retrieve.operands`)."""
    glossary = evidence.glossary

    def rated(chunk: Chunk) -> float:
        return overlap(question, chunk.text) if mentions(entity, chunk.text, glossary) else 0.0

    return replace(evidence, hits=operand_passages(evidence.hits, evidence.index.chunks, rated))


def names_another(sentence: str, entity: str, question: Question, glossary: Glossary) -> bool:
    """The sentence names another entity of the question and not `entity` itself: its figure is the other's, even in
    a passage that names both (two provinces' sections in one window), so it never stands in for `entity`'s."""
    others = [e for e in question.entities if e != entity and e not in entity and entity not in e]
    return any(
        names_apart(other, entity, sentence, glossary) and not names_apart(entity, other, sentence, glossary)
        for other in others
    )


def names_apart(entity: str, other: str, sentence: str, glossary: Glossary) -> bool:
    """The sentence names `entity` by a word that `other`'s names lack (`Guangdong`, not the `province` that
    `Zhejiang Province` shares with `Guangdong Province`)."""
    own = token_set(" ".join([entity, *names_of(entity, glossary)]))
    shared = token_set(" ".join([other, *names_of(other, glossary)]))
    words = token_set(sentence)
    return bool((own - shared) & words) or any(
        has_cjk(name) and name in sentence and name not in other for name in names_of(entity, glossary)
    )


def entity_figure(question: Question, evidence: Evidence, entity: str) -> ProsePick | None:
    """The best clean prose figure of the asked kind for `entity` alone, a whole figure before a part of one."""
    own = replace(question, entities=(entity,))
    picks = prose_candidates(own, with_entity_passages(own, evidence, entity))
    clean = [
        p
        for p in picks
        if not p.problems
        and prose_kind_fits(question.asked, quantity_kind(p.quantity))
        and not names_another(p.sentence, entity, question, evidence.glossary)
    ]
    clean.sort(key=lambda p: -(p.score - PART_PENALTY * states_part(p.sentence, p.quantity)))
    # half the lookup floor: each operand's sentence must name its entity, and the question's measure and year
    # (`prose_problems`), but a passage added after the hits has little of the retrieval rank's bonus
    return clean[0] if clean and clean[0].score >= MIN_SCORE / 2 else None


def entity_prose_picks(question: Question, evidence: Evidence) -> list[ProsePick] | Refusal:
    """One prose figure per entity the question names, in its order (`Did A's stock exceed B's?` with A's and B's
    stated in different sentences, chapters even): for each, the best clean figure of the asked kind among the
    sentences that name that entity (its measure, year and kind checked as for a lookup). A refusal naming the
    first entity with no such figure: no operand is replaced by a near figure of another entity, measure or unit."""
    picks: list[ProsePick] = []
    for entity in question.entities:
        pick = entity_figure(question, evidence, entity)
        if pick is None or any(same_figure(pick, other) for other in picks):
            return Refusal(Unmet.NEAR, entity)
        picks.append(pick)
    if any(not same_unit(p.quantity, picks[0].quantity) for p in picks):
        return NO_OPERANDS  # figures of different units are not compared
    return picks


def same_unit(a: Quantity, b: Quantity) -> bool:
    """Two prose figures of one unit (kind, currency, base unit), whatever their scale words."""
    return (quantity_kind(a), a.currency, a.base) == (quantity_kind(b), b.currency, b.base)


def same_figure(a: ProsePick, b: ProsePick) -> bool:
    return a.sentence == b.sentence and a.quantity.start == b.quantity.start


def in_scale_of(quantity: Quantity, scale: float) -> float:
    """A prose figure's value in another scale of its unit (`0.9 trillion` in billions: 900)."""
    return float(quantity.value) * quantity.scale / scale


def cite_prose_picks(draft: AnswerDraft, picks: Sequence[ProsePick]) -> list[int]:
    """Each operand's sentence cited, with the figure it gives."""
    return [draft.cite(prose_citation(p.chunk, p.sentence, p.quantity.text)) for p in picks]


def prose_entity_difference(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`By how much did A's figure exceed B's?` from one sentence about each: A − B in A's unit, both cited."""
    if len(question.years) >= 2 or len(question.entities) != 2:
        return NO_OPERANDS
    picks = entity_prose_picks(question, evidence)
    if isinstance(picks, Refusal) or len(picks) != 2:
        return picks if isinstance(picks, Refusal) else NO_OPERANDS
    names = [display_name(entity, evidence.glossary) for entity in question.entities]
    return state_pair_difference(draft, question, picks, names)


def state_pair_difference(
    draft: AnswerDraft, question: Question, picks: Sequence[ProsePick], names: Sequence[str], subject: str = ""
) -> Answer:
    """Two prose figures of one unit, each from its own sentence, set against each other: the larger less the
    smaller unless the question says which (`magnitude_order`), in the first figure's scale, both cited, the
    operands named by `names` (after `subject` where one frames both)."""
    scale = picks[0].quantity.scale
    scaled = [replace(p.quantity, value=in_scale_of(p.quantity, scale), scale=scale) for p in picks]
    first, second = magnitude_order(scaled[0], scaled[1], question)
    order = [0, 1] if first is scaled[0] else [1, 0]
    formula = difference(first.value, second.value)
    refs = cite_prose_picks(draft, [picks[i] for i in order])
    label = amount_label(picks[0].quantity) if quantity_kind(picks[0].quantity) == "amount" else ""
    draft.formula = formula.render(label, question.lang)
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = label or quantity_kind(picks[0].quantity)
    draft.record(formula)  # the typed step behind the number, its operands in the first figure's scale
    stated = shown_formula(draft, formula, label)
    joined = subject + draft.templates["pair_difference"].join(names[i] for i in order)
    say_derived(draft, joined, stated, "][".join(map(str, refs)), "difference")
    draft.confidence = 0.5
    return draft.answer()


def year_figure(question: Question, evidence: Evidence, year: int) -> ProsePick | None:
    """The best clean prose figure of the asked kind for one `year` of the question alone, printed nearest that year
    (a whole figure before a part of one), at the floor of a lookup."""
    own = replace(question, years=(year,))
    picks = prose_candidates(own, evidence)
    clean = [
        p
        for p in picks
        if not p.problems
        and prose_kind_fits(question.asked, quantity_kind(p.quantity))
        and nearest_year(p.sentence, p.quantity) == year
    ]
    clean.sort(key=lambda p: -(p.score - PART_PENALTY * states_part(p.sentence, p.quantity)))
    floor = MIN_SCORE * (0.5 if question.lang == "zh" else 1.0)  # the lookup's floor: each operand is one
    return clean[0] if clean and clean[0].score >= floor else None


def telling_terms(question: Question, pick: ProsePick) -> frozenset[str]:
    """The question's terms that tell the picked figure from the other figures of its unit in its sentence: named by
    its own clause and by none of theirs (`new orders` against `revenue` in one sentence). None where it stands
    alone."""
    mates = [
        q for q in figures(pick.sentence, "amount") if q.start != pick.quantity.start and same_unit(q, pick.quantity)
    ]
    own = question.terms & token_set(figure_clause(pick.sentence, pick.quantity.start, pick.quantity.end))
    for mate in mates:
        own -= token_set(figure_clause(pick.sentence, mate.start, mate.end))
    return frozenset(own) if mates else frozenset()


def names_telling_terms(question: Question, pick: ProsePick, other: ProsePick) -> bool:
    """`other`'s sentence names one at least of the terms that told `pick` from its sentence's other figures: two
    operands picked from separate sentences measure one thing only if the words that chose one are the other's."""
    telling = telling_terms(question, pick)
    return not telling or bool(telling & token_set(other.sentence))


def years_apart_difference(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How much more was X in Y2 than in Y1` where no sentence states both years' figures: each year's figure from
    the sentences that name that year (its entity, measure and kind checked as for a lookup), in two different
    sentences, of one unit. Either year without such a figure: no operands (no other year's figure stands in)."""
    if len(question.years) != 2 or len(question.entities) > 1:
        return NO_OPERANDS
    picks = [year_figure(question, evidence, year) for year in question.years]
    if any(p is None for p in picks) or picks[0].sentence == picks[1].sentence:
        return NO_OPERANDS
    if not same_unit(picks[0].quantity, picks[1].quantity):
        return NO_OPERANDS
    if measures_differ(*((p.sentence, p.quantity) for p in picks)):
        return NO_OPERANDS  # the two years' figures measure two things (a turnover, new contracts)
    if not (names_telling_terms(question, picks[0], picks[1]) and names_telling_terms(question, picks[1], picks[0])):
        return NO_OPERANDS  # the words that chose one year's figure among its sentence's are not the other's
    subject = "".join(
        draft.templates["years_subject"].format(subject=display_name(e, evidence.glossary)) for e in question.entities
    )
    names = [draft.templates["year_name"].format(year=year) for year in question.years]
    return state_pair_difference(draft, question, picks, names, subject)


def prose_entity_compare(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`Of A, B and C, which had the largest X?` from one sentence about each: the name of the largest (smallest
    when asked), every figure cited in the ordering."""
    if len(question.entities) < 2:
        return NO_OPERANDS
    picks = entity_prose_picks(question, evidence)
    if isinstance(picks, Refusal) or len(picks) < 2:
        return picks if isinstance(picks, Refusal) else NO_OPERANDS
    scale = picks[0].quantity.scale
    lower = asks_less(question.text.lower()) or question.lowest
    order = sorted(range(len(picks)), key=lambda i: in_scale_of(picks[i].quantity, scale), reverse=not lower)
    refs = cite_prose_picks(draft, [picks[i] for i in order])
    names = [display_name(e, evidence.glossary) for e in question.entities]
    ordering = (" < " if lower else " > ").join(
        f"{names[i]} {picks[i].quantity.text} [{n}]" for i, n in zip(order, refs, strict=True)
    )
    word = draft.templates[
        ("smaller" if lower else "larger") if len(picks) == 2 else ("smallest" if lower else "largest")
    ]
    draft.say("compared", winner=names[order[0]], larger=word, ordering=ordering)
    draft.spans = (names[order[0]],)
    draft.confidence = 0.5
    return draft.answer()


def derive_list(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`What were the respective X of A and B?`, `X in 2019 and 2018 respectively`: each figure the question names,
    in the question's order, cited, and as the answer's spans (the cells as printed)."""
    asked = question.asked if question.asked in ("percent", "count") else "amount"
    picks = list_operands(question, evidence, asked)
    if len(picks) < 2:
        return NO_OPERANDS
    items = []
    for pick in picks:
        n = draft.cite(cell_citation(pick, evidence))
        items.append(f"{subject_of(pick, evidence.glossary, question.lang)}: {pick.row.cells[pick.index].text} [{n}]")
    draft.say("listed", items=draft.templates["list_joiner"].join(items))
    unit = picks[0].unit
    draft.unit = draft.source_unit = unit.label if unit is not None else ""
    draft.spans = tuple(p.row.cells[p.index].text for p in picks)
    draft.confidence = 0.6
    return draft.answer()


def list_operands(question: Question, evidence: Evidence, asked: str) -> list[CellPick]:
    """The figures a list asks for: one row's figure in each year named when the question names several years and
    the row holds them all (`X in 2019 and 2018 respectively`: two figures, not every row that half-names X), else
    the rows the question names, else one row's figures over the years."""
    by_year = in_question_order(year_operands(question, evidence, asked), question)
    if len(set(question.years)) >= 2 and len(by_year) == len(set(question.years)):
        return by_year
    picks = distinct_rows(entity_picks(question, evidence, asked))
    return picks if len(picks) >= 2 else by_year


def in_question_order(picks: Sequence[CellPick], question: Question) -> list[CellPick]:
    """Cells of one row in several years, in the order the question names the years (`2019 and 2018`)."""

    def position(pick: CellPick) -> int:
        years = cell_years(pick.table, pick.row, pick.index)
        return min((question.years.index(y) for y in years if y in question.years), default=len(question.years))

    return sorted(picks, key=position)


def series_anchor(picks: Sequence[CellPick]) -> CellPick | None:
    """The first pick that fits the question, else, in a table whose rows are years (which names no row), the first
    pick that misses only the row: its column is the series."""
    clean = first_clean(picks)
    if clean is not None:
        return clean
    return next((p for p in picks if p.problems == (NO_ROW,) and len(row_years(p.row)) == 1), None)


def yearly(pick: CellPick) -> list[CellPick]:
    """The pick's figure in every year: down its column in a table of year rows, else along its row."""
    return column_across_years(pick) if len(row_years(pick.row)) == 1 else row_across_years(pick)


_WHOLE_EN = re.compile(r"%\s*of\s+(?:the\s+)?(.+?)(?=[,;?.!]|\s+(?:in|between|from|during|over|since)\s|$)")
_WHOLE_ZH = re.compile(r"占(.{1,20}?)的?(?:比重|比例)")


def named_whole(text: str) -> str:
    """The words naming the whole a percentage threshold is of (`above 40% of the total flow` -> `total flow`,
    `占流量的比重超过40%` -> `流量`); `` when the threshold is of no named whole."""
    match = _WHOLE_EN.search(text.lower()) or _WHOLE_ZH.search(text)
    return match.group(1).strip() if match else ""


def whole_column(pick: CellPick, words: str, glossary: Glossary, own: bool = False) -> int | None:
    """The column of the pick's table, other than the pick's (with `own`, the pick's too), of amounts whose header
    names the most of `words` (its Chinese header or its English gloss); None when no such column names any."""
    wanted = token_set(words) | {ch for ch in words if has_cjk(ch)}
    best, found = 0, None
    for index in range(min(len(pick.table.columns), len(pick.row.cells))):
        if (index == pick.index and not own) or cell_kind(pick.table, pick.row, index) != "amount":
            continue
        header = column_text(pick.table, index, glossary)
        named = len(wanted & (token_set(header) | {ch for ch in header if has_cjk(ch)}))
        if named > best:
            best, found = named, index
    return found


def ratio_anchor(question: Question, evidence: Evidence, words: str, rows: bool = False) -> tuple[CellPick, int] | None:
    """`exceed 40% of the flow`: the best amount series (with `rows`, the best amount column of a table whose rows
    the question counts) whose table has another amount column naming the whole, and that column."""
    if rows:
        picks = cell_candidates(question, evidence, "amount")
        series = [p for p in picks if all(problem == NO_ROW for problem in p.problems)]
    else:
        picks = cell_candidates(replace(question, years=()), evidence, "amount", [])
        series = [p for p in picks if not p.problems or (p.problems == (NO_ROW,) and len(row_years(p.row)) == 1)]
    for pick in series[:6]:
        whole = whole_column(pick, words, evidence.glossary)
        if whole_column(pick, words, evidence.glossary, own=True) == pick.index:
            pick, whole = part_of_whole(pick, question.text.replace(words, " "), evidence.glossary)
        if whole is not None:
            return pick, whole
    return None


def part_of_whole(pick: CellPick, rest: str, glossary: Glossary) -> tuple[CellPick, int | None]:
    """The pick's row in the column the rest of the question names, with the pick's column as the whole: the best
    scored column may be the whole itself (`X占流量的比重` scores the flow column), and X is then the other column."""
    part = whole_column(pick, rest, glossary)
    return (replace(pick, index=part), pick.index) if part is not None else (pick, None)


def percent_of(pick: CellPick, whole: int) -> float | None:
    """The pick's figure as a percentage of the same row's figure in column `whole`; None when that is no figure."""
    base = pick.row.cells[whole].value if whole < len(pick.row.cells) else None
    return None if not base else pick.value / base * 100


def years_meeting(
    question: Question, evidence: Evidence
) -> tuple[list[CellPick], list[CellPick], str, int | None] | None:
    """X's row over every year the table prints (the years the question names, when it names two or more), the
    cells whose figure is above (below, when the question says so) the question's threshold, the threshold as
    printed, and the column of the whole a percentage threshold is of (`40% of the flow`: each year's X over that
    year's flow), else None; None without a threshold or a row of two such years. A threshold in percent is met by
    a rate row, or by an amount as a share of the whole it names."""
    low = question.text.lower()
    thresholds = [q for q in extract_quantities(question.text) if q.kind != "year"] or fraction_thresholds(low)
    sign = states_sign(question.text)  # `negative`: below zero, with no figure stated
    if sign and not thresholds:
        kind = "percent" if "growth" in question.measures else "number"  # `负增长`: a rate below zero
        thresholds = [Quantity(0.0, kind=kind, text="0")]
    if not thresholds:
        return None
    threshold = thresholds[0]
    words = named_whole(question.text) if threshold.kind == "percent" else ""
    found = ratio_anchor(question, evidence, words) if words else None
    best, whole = found if found is not None else (None, None)
    if best is None:
        kinds = ("percent", "amount") if threshold.kind == "percent" else ("amount",)
        anywhen = replace(question, years=())
        candidates = (series_anchor(cell_candidates(anywhen, evidence, kind, [])) for kind in kinds)
        best = next((pick for pick in candidates if pick is not None), None)
    picks = yearly(best) if best is not None else []
    named = set(question.years)
    bounds = range_bounds(question.text)  # `between 2006 and 2022`: every year of the range, however long
    if bounds is not None:
        named = set(range(bounds[0], bounds[1] + 1))
    if len(named) >= 2:
        picks = [p for p in picks if set(cell_years(p.table, p.row, p.index)) & named]
    if len(picks) < 2:
        return None
    if threshold.kind == "percent" and cell_kind(best.table, best.row, best.index) == "amount" and whole is None:
        return None  # an amount is no percentage: with no whole to take it of, there is nothing to compare
    if whole is not None and any(percent_of(p, whole) is None for p in picks):
        return None
    below = sign == "below" if sign else asks_operation(low, "below") and not asks_operation(low, "above")

    def meets(pick: CellPick) -> bool:
        if whole is not None:
            value, limit = percent_of(pick, whole), threshold.value
            return value < limit if below else value > limit
        value = pick.value
        unit = pick.unit
        if threshold.scale != 1 and unit is not None and unit.scale:
            value, limit = to_base(value, unit.scale), threshold.base_value
        else:
            limit = threshold.value
        return value < limit if below else value > limit

    return picks, [p for p in picks if meets(p)], threshold.text.strip(), whole


def cited_years(draft: AnswerDraft, picks: list[CellPick], evidence: Evidence, whole: int | None = None) -> list[str]:
    """`year: figure [n]` for each of a row's year cells, each cited; `year: part / whole = x % [n][m]` when the
    figure tested is the cell as a percentage of the row's column `whole`."""
    items = []
    for pick in picks:
        year = min(cell_years(pick.table, pick.row, pick.index))
        if whole is None:
            n = draft.cite(cell_citation(pick, evidence))
            items.append(f"{year}: {pick.row.cells[pick.index].text} [{n}]")
            continue
        refs = "][".join(str(draft.cite(cell_citation(p, evidence))) for p in (pick, replace(pick, index=whole)))
        items.append(f"{year}: {share_formula(pick, whole)} [{refs}]")
    return items


def share_formula(pick: CellPick, whole: int) -> str:
    """`part / whole = x %`: the pick's cell as a percentage of the same row's cell in column `whole`."""
    printed = f"{pick.row.cells[pick.index].text} / {pick.row.cells[whole].text}"
    return f"{printed} = {percent_of(pick, whole):.{COMPUTED_DECIMALS}f} %"


def of_whole(
    threshold: str, table: Table, whole: int | None, lang: str, templates: dict[str, str], glossary: Glossary
) -> str:
    """The threshold as the answer states it: `40%`, or of the whole it is taken of, the table's column `whole` in
    the question's language (`40% of flow`, `流量的40%`)."""
    if whole is None:
        return threshold
    header = table.columns[whole].header
    name = header if lang == "zh" else glossary.gloss(header) or header
    return templates["cond_of_whole"].format(value=threshold, whole=name)


def stated_years_meeting(
    draft: AnswerDraft, question: Question, evidence: Evidence
) -> tuple[list[CellPick], list[CellPick], str, list[str]] | None:
    """`years_meeting` as a count or list of years states it: every year's cell, those meeting the threshold, the
    condition in words and each year's cited item; None when X's row over the years is not found."""
    found = years_meeting(question, evidence)
    if found is None:
        return None
    picks, met, condition, whole = found
    items = cited_years(draft, picks, evidence, whole)
    condition = of_whole(condition, picks[0].table, whole, question.lang, draft.templates, evidence.glossary)
    return picks, met, condition, items


def derive_count_if(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`In how many years did X exceed N?`: X's row over every year the table prints, and the number of those whose
    figure is above (below, when the question says so) the question's threshold; every year's cell cited."""
    found = stated_years_meeting(draft, question, evidence)
    if found is None:
        return NO_OPERANDS
    picks, met, condition, items = found
    draft.say(
        "counted",
        count=len(met),
        total=len(picks),
        subject=subject_of(picks[0], evidence.glossary, question.lang, with_year=False),
        condition=condition,
        items=draft.templates["list_joiner"].join(items),
    )
    draft.value = draft.source_value = float(len(met))
    draft.unit = draft.source_unit = "count"
    draft.confidence = 0.5
    return draft.answer()


def derive_years_if(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`In which years was X above N?`: the years of X's row whose figure meets the question's threshold, in the
    table's order; every year's cell cited. No year meeting it is an answer too (`-`)."""
    found = stated_years_meeting(draft, question, evidence)
    if found is None:
        return NO_OPERANDS
    picks, met, condition, items = found
    years = [str(min(cell_years(p.table, p.row, p.index))) for p in met]
    draft.say(
        "years_met",
        years=draft.templates["list_joiner"].join(years) or "-",
        subject=subject_of(picks[0], evidence.glossary, question.lang, with_year=False),
        condition=condition,
        items=draft.templates["list_joiner"].join(items),
    )
    draft.spans = tuple(years)
    draft.confidence = 0.5
    return draft.answer()
