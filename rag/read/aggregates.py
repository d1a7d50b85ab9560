"""Aggregates over several cells of one table: a value per count, the number of rows meeting a condition, the year
of a row's highest or lowest figure, and the share a group of rows holds of the table's total.

Each is one operation of the closed set (`rag/data/operations.tsv` holds the words that ask for it) applied to cells
chosen by the reader's cell matching (`rag.read.cells`): the operands are typed by their column (its year and
measure, `cell_kind`) and row, never by the question's wording. Every operand is cited.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rag.read.cell_measures import measure_fits
from rag.read.cells import (
    CellPick,
    cell_candidates,
    cell_kind,
    cell_years,
    column_text,
    first_clean,
    is_total,
    only_entity,
    printed_year,
    row_years,
)
from rag.read.clauses import Clause, column_fits, condition_clauses
from rag.read.compose import (
    AnswerDraft,
    cell_citation,
    cite_operands,
    english_unit,
    inferred_scale_note,
    operands_subject,
    prose_citation,
    row_name,
    row_names,
    say_derived,
    say_derived_prose,
    says_share_of,
    share_names,
    stated_amount,
    subject_of,
)
from rag.read.counted import counted_phrase
from rag.read.derived import (
    COMPUTED_DECIMALS,
    column_across_years,
    derive_count_if,
    distinct_rows,
    entity_picks,
    growth_cell,
    named_columns,
    named_whole,
    of_whole,
    percent_of,
    range_bounds,
    ratio_anchor,
    row_across_years,
    same_measure,
    share_formula,
    year_of,
)
from rag.read.evidence import Evidence
from rag.read.matching import mentions, names_of, overlap
from rag.read.operations import (
    asks_operation,
    change_direction,
    change_directions,
    fraction_thresholds,
    operation_words,
    stated_sign,
)
from rag.read.prose import figures, prose_candidates
from rag.read.question import (
    ITEM_REACH,
    Question,
    asks_years,
    comparative_pattern,
    compares_item_counts,
    group_mentions,
    items_spread_over,
    question_measures,
    states_threshold,
)
from rag.read.refusals import NO_OPERANDS, NO_ROW, Refusal
from rag.read.wording import header_measure
from rag.text.figures import shown_decimals
from rag.text.glossary import Glossary
from rag.text.numbers import (
    Formula,
    Quantity,
    extract_quantities,
    format_amount,
    natural_scale,
    plain,
    share,
    to_base,
    total,
    word_numbers,
    years_in,
)
from rag.text.tokens import find_word, holds_any, token_set, tokenize
from rag.types import Answer, Column

PER_COUNT_SIGNIFICANT = 4  # a value per count keeps four significant digits (0.08417, 84.17): its operands' precision


def own_years(pick: CellPick) -> set[int]:
    """The years of the pick's column alone (a row labelled by year pairs its columns within the row)."""
    return cell_years(pick.table, pick.row, pick.index) - row_years(pick.row)


def count_cell(pick: CellPick) -> CellPick | None:
    """The same row's count in the pick's year: a column of kind count with the pick's column years (`数量 2022`
    beside `金额 2022`; in a table whose rows are years, any count column of the row)."""
    years = own_years(pick)
    for index in range(min(len(pick.table.columns), len(pick.row.cells))):
        value = pick.row.cells[index].value
        if index == pick.index or value is None or value <= 0:
            continue
        other = replace(pick, index=index)
        if cell_kind(pick.table, pick.row, index) == "count" and own_years(other) == years:
            return other
    return count_row(pick)


def count_row(pick: CellPick) -> CellPick | None:
    """The count printed in a sibling row of the same section and column (`金额` above `项目数量`)."""
    for row in pick.table.rows:
        if row is pick.row or row.section != pick.row.section or pick.index >= len(row.cells):
            continue
        value = row.cells[pick.index].value
        if value and value > 0 and "count" in question_measures(row.label):
            return replace(pick, row=row, problems=())
    return None


def per_count(amount: float, count: float) -> Formula:
    """`amount / count`, kept to PER_COUNT_SIGNIFICANT significant digits (a value per deal is far smaller than
    its operands, so the decimals of `ratio` would round it away)."""
    if count == 0:
        raise ValueError("per_count: the count is zero, the value per item is undefined")
    result = amount / count
    magnitude = math.floor(math.log10(abs(result))) if result else 0
    places = PER_COUNT_SIGNIFICANT - 1 - magnitude  # negative for large quotients: 8936170.2 -> 8936000
    return Formula("ratio", (amount, count), round(result, places), max(0, places))


def whole_table_pick(picks: Sequence[CellPick]) -> CellPick | None:
    """When the question names no row of the best table (`the average deal in 2022`), its total row stands for it."""
    anchor = table_level(picks)
    if anchor is None or any(p.table is anchor.table and not p.problems for p in picks):
        return None
    return next((p for p in picks if p.table is anchor.table and p.index == anchor.index and is_total(p.row)), None)


def per_item_digits(base_value: float, lang: str) -> int:
    """The decimals a value per item shows in its natural scale of the answer's language (`shown_decimals`)."""
    return shown_decimals(natural_scale(base_value, lang)[0], "amount")


def derive_per_count(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How much was one gadget order worth on average?`: a row's amount divided by the same row's count of the year,
    both cited; the value per item in the amount's unit and in its natural scale."""
    amounts = replace(question, asked="amount")
    picks = cell_candidates(amounts, evidence, "amount")
    whole = whole_table_pick(picks)
    for pick in [p for p in picks if not p.problems][:5] + ([whole] if whole is not None else []):
        count = count_cell(pick)
        if count is None:
            continue
        formula = per_count(pick.value, count.value)
        refs = cite_operands(draft, (pick, count), evidence)
        unit = pick.unit
        label = unit.label if unit is not None else ""
        draft.record(formula, unit.scale if unit is not None and unit.kind == "currency" and unit.scale else 1.0)
        draft.value = draft.source_value = formula.result
        draft.unit = draft.source_unit = label
        subject = operands_subject([pick, count], evidence.glossary, question.lang)
        amount = unit is not None and unit.kind == "currency" and bool(unit.scale)
        stated, natural = stated_amount(draft, formula, unit, label, amount)
        say_derived(draft, subject, stated, refs, "per_item", natural)
        if amount:
            draft.value, draft.unit = english_unit(unit, to_base(formula.result, unit.scale))
        inferred_scale_note(draft, [pick])
        draft.confidence = 0.6
        return draft.answer()
    return prose_per_count(draft, question, evidence)


def item_counts(sentence: str, amount: Quantity) -> list[Quantity]:
    """The whole numbers of a sentence that may count the items an amount is spread over: integers of two or more
    (digits or words), no year, percentage or amount."""
    found = [q for q in figures(sentence, "count") if q.kind in ("number", "count") and q is not amount]
    return [q for q in found if float(q.value).is_integer() and q.value >= 2 and q.scale == 1]


def counted_items(sentence: str, count: Quantity) -> frozenset[str]:
    """The words naming what a count counts: those after it up to the first item noun (`per_item` data) within
    ITEM_REACH words (`13 public holding economic enterprises`); none when no item noun follows (`a total of 25`)."""
    items = token_set(" ".join(operation_words().get("per_item", ())))
    words = tokenize(sentence[count.end :])[:ITEM_REACH]
    ends = [n for n, word in enumerate(words) if word in items]
    return frozenset(words[: ends[0] + 1]) if ends else frozenset()


ITEMS_WEIGHT = 2.0  # the items a count counts, as the question names them, outweigh the amount's own match


def count_fit(count: Quantity, sentence: str, amount: Quantity, question: Question) -> float:
    """How well a number counts the items asked about: the question states it (`across the seven zones`), the
    words after it are the question's (`91 deals`), above all the words naming the items it counts (`13 public
    holding enterprises` for the public holding ones, not `455 overseas enterprises` of the same sentence's
    province), and it stands near the amount."""
    stated = {q.value for q in (*extract_quantities(question.text), *word_numbers(question.text))}
    after = " ".join(sentence[count.end :].split()[:6])
    near = 1 / (1 + abs(count.start - amount.start) / 40)
    items = counted_items(sentence, count)
    named = len(items & question.terms) / len(items) if items else 0.0
    # the item a per word names (`per enterprise`, `每家企业`) counted, in any language: the divisor asked for
    per = ITEMS_WEIGHT * bool(items & token_set(" ".join(items_spread_over(question.text.lower()))))
    return 2.0 * (count.value in stated) + overlap(question, after) + ITEMS_WEIGHT * named + per + near


PER_COUNT_SENTENCES = 8  # the best clean amounts whose sentences may hold the count asked for


def prose_per_count(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`The average value per project` from one sentence that states an amount and a number of items (`91 deals
    worth USD 2.59 billion`): the amount over the count nearest to it, both quoted."""
    counted = prose_count_per_count(draft, question, evidence) if question.asked == "count" else NO_OPERANDS
    if isinstance(counted, Answer):
        return counted  # things counted over the items counted; else an amount (`stock divided by its number of`)
    pairs = []
    clean = [p for p in prose_candidates(replace(question, asked="amount"), evidence) if not p.problems]
    for pick in clean[:PER_COUNT_SENTENCES]:
        amount = pick.quantity
        if amount.kind != "currency" or amount.scale == 1:
            continue
        for count in item_counts(pick.sentence, amount):
            pairs.append((pick.score + count_fit(count, pick.sentence, amount, question), pick, count))
    # the best pair of all: the items the question names (`each non-public firm`) may be counted in its third
    # candidate's sentence, beside an amount the reader ranks below another sentence's
    for _, pick, count in sorted(pairs, key=lambda pair: -pair[0])[:1]:
        amount = pick.quantity
        formula = per_count(amount.base_value, count.value)
        n = draft.cite(prose_citation(pick.chunk, pick.sentence, f"{amount.text}; {count.text}"))
        draft.value, word = natural_scale(formula.result, "en")
        draft.unit = " ".join(part for part in (amount.currency, word) if part)
        draft.source_value, draft.source_unit = formula.result, amount.currency
        digits = per_item_digits(formula.result, question.lang)
        per_item = format_amount(formula.result, amount.currency, question.lang, digits)
        draft.formula = f"{amount.text.strip()} / {plain(count.value)} = {per_item}"
        say_derived_prose(draft, draft.formula, n)
        draft.confidence = 0.5
        return draft.answer()
    return NO_OPERANDS


def per_word_halves(text: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The question's words before its first per word (`per_count` data: ` each `, ` per `) and after it, each
    without the other's: what is counted (`how many gadget patents has`) and the items it is spread over (`each of
    the valley's research parks filed`). None without a per word."""
    low = f" {text.lower()} "
    starts = [(at, word) for word in operation_words().get("per_count", ()) if (at := low.find(word)) >= 0]
    if not starts:
        return None
    at, word = min(starts)
    before, after = token_set(low[:at]), token_set(low[at + len(word) :])
    return before - after, after - before


def count_of_head(sentence: str, words: frozenset[str]) -> Quantity | None:
    """The one whole number of the sentence whose counted phrase (`counted_phrase`) ends in a noun of `words`
    (`34 gadget patents` for `patents`); None when none, or two of different values, do."""
    found = []
    for count in figures(sentence, "count"):
        phrase = tokenize(counted_phrase(sentence, count))
        if count.kind in ("number", "count") and float(count.value).is_integer() and phrase and phrase[-1] in words:
            found.append(count)
    return found[0] if len({q.value for q in found}) == 1 else None


def prose_count_per_count(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How many patents has each research park filed on average?` from one sentence counting both (`set up 8 research
    parks, filed 34 patents`): the count of the things asked over the count of the items, each matched by the noun
    that heads its counted phrase; a count of other things (`120 patents province-wide` with no park counted beside
    it) is never divided."""
    halves = per_word_halves(question.text)
    if halves is None:
        return NO_OPERANDS
    clean = [p for p in prose_candidates(replace(question, asked="count"), evidence) if not p.problems]
    for pick in clean[:PER_COUNT_SENTENCES]:
        things, items = (count_of_head(pick.sentence, half) for half in halves)
        if things is None or items is None or things.value == items.value:
            continue
        formula = per_count(things.value, items.value)
        draft.record(formula)
        n = draft.cite(prose_citation(pick.chunk, pick.sentence, f"{things.text}; {items.text}"))
        draft.value = draft.source_value = formula.result
        draft.unit = draft.source_unit = "count"
        draft.formula = f"{plain(things.value)} / {plain(items.value)} = {plain(formula.result)}"
        say_derived_prose(draft, draft.formula, n)
        draft.confidence = 0.5
        return draft.answer()
    return NO_OPERANDS


def threshold_of(question: Question) -> Quantity | None:
    """The figure after the question's comparison word (`more than USD 100 billion`, not the `20` of `the top 20`);
    the first figure that is no year when no comparison word precedes one."""
    low = question.text.lower()
    found = [q for q in extract_quantities(question.text) if q.kind != "year"] or fraction_thresholds(question.text)
    words = (*operation_words().get("above", ()), *operation_words().get("below", ()))
    starts = [at for word in words if (at := low.find(word)) >= 0]
    after = [q for q in found if starts and q.start >= min(starts)]
    return (after or found or [None])[0]


def meets_threshold(pick: CellPick, threshold: Quantity, below: bool, inclusive: bool) -> bool | None:
    """Whether the cell is above (below) the threshold, or at it when `inclusive` (`at least`), in one scale; None
    when the scales cannot be aligned (the question states a scale the table does not)."""
    value, unit = pick.value, pick.unit
    if threshold.scale != 1:
        if unit is None or not unit.scale:
            return None
        value, limit = to_base(value, unit.scale), threshold.base_value
    else:
        limit = threshold.value
    if inclusive and math.isclose(value, limit, rel_tol=1e-9):
        return True
    return value < limit if below else value > limit


def earlier_cell(pick: CellPick) -> CellPick | None:
    """The same row's cell of the year before the pick's, in the pick's column group."""
    years = own_years(pick)
    if len(years) != 1:
        return None
    before = min(years) - 1
    for index in range(min(len(pick.table.columns), len(pick.row.cells))):
        other = replace(pick, index=index)
        if pick.row.cells[index].value is not None and own_years(other) == {before} and same_measure(other, pick):
            return other
    return None


def column_rows(anchor: CellPick) -> list[CellPick]:
    """Every item row of the anchor's table in the anchor's column: totals (`Total`, `Total obligations`) and rows of
    no value left out."""
    picks = []
    for row in anchor.table.rows:
        if is_total(row) or row.label.lower().startswith("total ") or anchor.index >= len(row.cells):
            continue
        if row.cells[anchor.index].value is not None:
            picks.append(replace(anchor, row=row, problems=()))
    return picks


@dataclass(frozen=True)
class RowTest:
    """A test each row of a set must pass: the verdict on a row's cell (None when the row lacks a figure the test
    reads), how the answer states the test, and the cells a verdict reads (cited beside each counted row)."""

    verdict: Callable[[CellPick], bool | None]
    stated: str
    operands: Callable[[CellPick], tuple[CellPick, ...]] = lambda pick: (pick,)
    shown: Callable[[CellPick], str] | None = None  # the figure tested, where it is computed (`50 / 100 = 50.00 %`)
    by_row: bool = False  # the row is named alone (its figures of several columns are shown by `shown`)


def row_condition(
    question: Question, anchor: CellPick, templates: dict[str, str], glossary: Glossary
) -> RowTest | None:
    """The test each row must pass, and how to state it: a threshold the question states, else a change against
    the year before (`shrank`, `grew`), or the sign of the growth rate the row prints. None when it states neither."""
    clauses = condition_clauses(question.text)
    if clauses:
        return joint_condition(question, clauses, anchor, templates, glossary)
    low = question.text.lower()
    threshold = threshold_of(question)
    if threshold is not None and (asks_operation(low, "above") or asks_operation(low, "below")):
        below = asks_operation(low, "below") and not asks_operation(low, "above")
        inclusive = asks_operation(low, "at_least")
        if fall_threshold(question.text, threshold):
            return fall_condition(anchor, threshold, below, templates, glossary)
        if threshold.kind == "percent" and cell_kind(anchor.table, anchor.row, anchor.index) != "percent":
            return None  # an amount is no percentage (a percentage of a named whole: `whole_ratio`)
        stated = templates["cond_below" if below else "cond_at_least" if inclusive else "cond_above"]
        return RowTest(
            lambda pick: meets_threshold(pick, threshold, below, inclusive), stated.format(value=threshold.text)
        )
    sign = stated_sign(low) if threshold is None else ""
    if sign:  # `how many rows were negative`, `负增长的有几个`: a threshold of zero
        if "growth" in question.measures and cell_kind(anchor.table, anchor.row, anchor.index) != "percent":
            return None  # a negative growth is a rate below zero, not an amount below zero
        zero = Quantity(0.0, text="0")
        below = sign == "negative"
        stated = templates["cond_below" if below else "cond_above"].format(value="0")
        return RowTest(lambda pick: meets_threshold(pick, zero, below, False), stated)
    paired = year_pair_condition(question, anchor, templates)
    if paired is not None:
        return paired
    direction = change_direction(question.text)
    if direction and earlier_cell(anchor) is not None:

        def changed(pick: CellPick) -> bool | None:
            before = earlier_cell(pick)
            if before is None:
                return None
            return pick.value < before.value if direction == "fall" else pick.value > before.value

        stated = templates[f"cond_{direction}"].format(year=min(own_years(anchor)) - 1)
        return RowTest(changed, stated, lambda pick: (pick, *filter(None, [earlier_cell(pick)])))
    if direction and stated_growth(anchor, glossary) is not None:

        def grew(pick: CellPick) -> bool | None:
            rate = stated_growth(pick, glossary)
            return None if rate is None else (rate.value < 0 if direction == "fall" else rate.value > 0)

        return RowTest(grew, templates[f"cond_rate_{direction}"], lambda pick: (stated_growth(pick, glossary) or pick,))
    return None


def joint_condition(
    question: Question, clauses: Sequence[Clause], anchor: CellPick, templates: dict[str, str], glossary: Glossary
) -> RowTest | None:
    """Every clause's change, each in its own column group of the anchor's table (`the number rose while the value
    fell`): a row passes when each group's figure of the year asked is above (below) its figure of the year before,
    the two year columns compared, not a growth column the table may misprint. None when a clause's group or its
    two years are not found, or two clauses test one group: no part of the conditions is tested alone."""
    year = max(question.years, default=0) or max(own_years(anchor), default=0)
    columns = [clause_column(anchor, clause, clause.year or year, glossary) for clause in clauses]
    if any(column is None for column in columns) or len(set(columns)) < len(columns):
        return None
    tests = list(zip(clauses, columns, strict=True))

    def cells(pick: CellPick) -> list[tuple[CellPick, CellPick] | None]:
        return [year_before(replace(pick, index=index)) for _, index in tests]

    def holds(pick: CellPick) -> bool | None:
        pairs = cells(pick)
        if any(pair is None for pair in pairs):
            return None
        return all(
            (later.value > earlier.value) if clause.direction == "rise" else (later.value < earlier.value)
            for (clause, _), (earlier, later) in zip(tests, pairs, strict=True)
        )

    def operands(pick: CellPick) -> tuple[CellPick, ...]:
        return tuple(cell for pair in cells(pick) if pair is not None for cell in pair)

    first = [year_before(replace(anchor, index=index)) for _, index in tests]
    if any(pair is None for pair in first):
        return None
    stated = templates["cond_join"].join(
        templates["cond_column"].format(
            column=column_label(pair[1], glossary, question.lang),
            condition=templates[f"cond_{clause.direction}"].format(year=year_of(pair[0])),
        )
        for (clause, _), pair in zip(tests, first, strict=True)
    )

    def shown(pick: CellPick) -> str:
        pairs = [pair for pair in cells(pick) if pair is not None]
        return ", ".join(
            f"{column_label(later, glossary, question.lang)} {earlier.row.cells[earlier.index].text} → "
            f"{later.row.cells[later.index].text}"
            for earlier, later in pairs
        )

    return RowTest(holds, stated, operands, shown, by_row=True)


def clause_column(anchor: CellPick, clause: Clause, year: int, glossary: Glossary) -> int | None:
    """The one column of the anchor's table for `year` whose measure the clause names; None when none or several."""
    table = anchor.table
    found = [
        index
        for index, column in enumerate(table.columns)
        if year in years_in(column.header) and column_fits(clause, column_text(table, index, glossary))
    ]
    return found[0] if len(found) == 1 else None


def year_before(pick: CellPick) -> tuple[CellPick, CellPick] | None:
    """(the row's figure of the latest earlier year in the pick's column group, the pick's own): the two figures a
    change is read from; None when the group prints no earlier year or the pick has no figure."""
    if pick.value is None:
        return None
    year = year_of(pick)
    earlier = [p for p in row_across_years(pick) if year_of(p) < year]
    return (earlier[-1], pick) if earlier else None


def column_label(pick: CellPick, glossary: Glossary, lang: str) -> str:
    """The column's measure as an answer names it: `金额` in Chinese, its gloss (`value`) in English."""
    measure = header_measure(pick.column) or pick.column
    return measure if lang == "zh" else glossary.gloss(measure) or measure


def comparative(low: str) -> str:
    """`rise` when the text sets one figure above another (`faster`, `higher`, `快于`), `fall` when below (`slower`,
    `低于`), `` when neither or both (the English `comparative_more` / `comparative_less` words of
    `rag/data/operations.tsv` as whole words, the Chinese `comparative_more_zh` / `comparative_less_zh` anywhere)."""
    manner = manner_comparative(low)
    if manner:
        return manner
    more = bool(comparative_pattern(("comparative_more",)).search(low)) or asks_operation(low, "comparative_more_zh")
    less = bool(comparative_pattern(("comparative_less",)).search(low)) or asks_operation(low, "comparative_less_zh")
    return "rise" if more and not less else "fall" if less and not more else ""


def manner_comparative(low: str) -> str:
    """`more slowly` / `less quickly` -> `fall`, `more quickly` / `less slowly` -> `rise`: a degree word right before a
    manner word (`comparative_slow` / `comparative_fast` of `rag/data/operations.tsv`) points the way the two words
    do together, whatever the degree word says alone; `` when the text has no such pair, or pairs that disagree."""
    words = operation_words()
    manners = {w.strip(): "slow" for w in words.get("comparative_slow", ())}
    manners.update({w.strip(): "fast" for w in words.get("comparative_fast", ())})
    found = {
        "rise" if (degree == "more") == (manners[manner] == "fast") else "fall"
        for degree, manner in re.findall(r"\b(more|less)\s+([a-z]+)\b", low)
        if manner in manners
    }
    return found.pop() if len(found) == 1 else ""


def pair_direction(low: str) -> str:
    """`rise` when the text sets its first named row above the second, `fall` when below: a comparative
    (`comparative`), or a verb of passing (`A exceeded B`, `A超过B`; `A trailed B`: `pass_above` / `pass_below` of
    `rag/data/operations.tsv`); `` when neither, both, or the verb is turned round (`A was exceeded by B`, `被`)."""
    words = operation_words()
    if holds_any(words.get("pass_passive", ()), low):
        return ""
    above, below = holds_any(words.get("pass_above", ()), low), holds_any(words.get("pass_below", ()), low)
    passing = "rise" if above and not below else "fall" if below and not above else ""
    return comparative(low) or passing


def year_pair_condition(question: Question, anchor: CellPick, templates: dict[str, str]) -> RowTest | None:
    """Two years of each row set against each other: `higher in A than in B` (a comparative, the first year named
    against the second), or `fell from A to B` (a change, the later against the earlier). None unless the question
    names exactly two years, a direction, and the anchor's column group prints both."""
    years = sorted(set(question.years), key=lambda year: question.text.find(str(year)))
    if len(years) != 2:
        return None
    low = question.text.lower()
    between = low[low.find(str(years[0])) : low.find(str(years[1]))]
    compared = "than" in between or "比" in between or "于" in between
    direction = (comparative(low) or change_direction(low)) if compared else change_direction(low)
    if not direction:
        return None
    first, second = years if compared else sorted(years, reverse=True)
    if year_cell(anchor, first) is None or year_cell(anchor, second) is None:
        return None

    def holds(pick: CellPick) -> bool | None:
        a, b = year_cell(pick, first), year_cell(pick, second)
        if a is None or b is None:
            return None
        return a.value > b.value if direction == "rise" else a.value < b.value

    stated = templates[f"cond_pair_{direction}"].format(first=first, second=second)
    return RowTest(holds, stated, lambda pick: tuple(filter(None, (year_cell(pick, first), year_cell(pick, second)))))


def year_cell(pick: CellPick, year: int) -> CellPick | None:
    """The row's cell of `year` in the pick's column group."""
    return next((p for p in row_across_years(pick) if year_of(p) == year), None)


FALL_REACH = 24  # characters before a threshold in which a fall word makes it the size of a fall (`降幅超过50%`)


def fall_threshold(text: str, threshold: Quantity) -> bool:
    """The threshold is the size of a fall (`fell by more than 50%`, `降幅超过50%`): a percentage with a word of
    falling shortly before it (`rag/data/change_words.tsv`), and none of rising."""
    before = text[max(0, threshold.start - FALL_REACH) : threshold.start]
    return threshold.kind == "percent" and change_directions(before) == {"fall"}


def fall_condition(
    anchor: CellPick, threshold: Quantity, below: bool, templates: dict[str, str], glossary: Glossary
) -> RowTest | None:
    """A fall of more (less) than N %: a growth rate under −N (between −N and 0). Only a column of growth rates is
    tested (a share or an amount states no fall); None on any other."""
    if stated_growth(anchor, glossary) is not anchor:
        return None
    limit = -abs(threshold.value)

    def fell(pick: CellPick) -> bool | None:
        rate = pick.value
        return limit < rate < 0 if below else rate < limit

    stated = templates["cond_fall_less" if below else "cond_fall_more"].format(value=threshold.text.strip())
    return RowTest(fell, stated)


def stated_growth(pick: CellPick, glossary: Glossary) -> CellPick | None:
    """The growth rate the row prints for the pick's figure: the pick itself in a growth column (`同比`), else the
    same row's growth cell (`derive.growth_cell`)."""
    if cell_kind(pick.table, pick.row, pick.index) == "percent":
        growth = "growth" in question_measures(column_text(pick.table, pick.index, glossary))
        return pick if growth else None
    return growth_cell(pick, glossary)


def counted_figure(question: Question) -> Question:
    """The question about the figure each row is tested on: the words that count the rows (`how many of`, `有几个`)
    name no measure, and a threshold's own kind (`USD 100 billion`, `5%`) is the kind of figure tested."""
    low = question.text.lower()
    for word in (*operation_words().get("count_rows", ()), "how many"):
        low = low.replace(word, " ")
    measures = question_measures(low)
    threshold = threshold_of(question)
    if threshold is not None and threshold.kind == "percent":
        asked = "percent"
        if in_words(threshold, question.text) and "share" not in measures:
            measures = (*measures, "share")  # `at least a tenth of the flow`: a part of a whole, not a growth rate
    elif threshold is None and stated_sign(low) and "growth" in measures:
        asked = "percent"  # `负增长的有几个`: the rows' growth rates are tested against zero
    elif ("count" in measures or compares_item_counts(low)) and (
        threshold is None or threshold.kind not in ("currency", "quantity")
    ):
        asked = "count"
    else:
        asked = "amount"
    return replace(question, measures=measures, asked=asked)


def in_words(threshold: Quantity, text: str) -> bool:
    """The threshold is a fraction written in words (`a tenth`, `一半`): a share of a whole."""
    return any(q.start == threshold.start and q.end == threshold.end for q in fraction_thresholds(text))


def table_level(picks: Sequence[CellPick]) -> CellPick | None:
    """The best pick that fits the question but for the row: its table and column are the ones asked about."""
    return next((p for p in picks if all(problem == NO_ROW for problem in p.problems)), None)


def derive_count_rows(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How many of the items exceeded N?`, `in how many sectors did the count fall?`: the rows of the best
    matching table and column that meet the condition, counted; every row's cell cited."""
    figure = counted_figure(question)
    anchor = table_level(cell_candidates(figure, evidence, figure.asked))
    test = None
    ratio = whole_ratio(question, evidence, draft.templates)
    if ratio is not None:
        anchor, test = ratio
    if anchor is None:
        return NO_OPERANDS
    test = test or row_condition(question, anchor, draft.templates, evidence.glossary)
    if test is None:
        return NO_OPERANDS

    def name(pick: CellPick) -> str:  # a test of several columns names the row alone
        if test.by_row:
            return row_name(pick.row.label, evidence.glossary, question.lang, bare=True)
        return subject_of(pick, evidence.glossary, question.lang)

    return state_counted(draft, column_rows(anchor), test, evidence, name)


def whole_ratio(question: Question, evidence: Evidence, templates: dict[str, str]) -> tuple[CellPick, RowTest] | None:
    """`How many items had X above 40% of their Y?`: each row's X over the same row's Y (a column of the table the
    words after `% of` name), against the threshold; the anchor is X's column. None unless the question states a
    percentage of a named whole and one table has both columns."""
    threshold = threshold_of(question)
    words = named_whole(question.text) if threshold is not None and threshold.kind == "percent" else ""
    found = ratio_anchor(question, evidence, words, rows=True) if words else None
    if found is None:
        return None
    anchor, whole = found
    below = asks_operation(question.text.lower(), "below") and not asks_operation(question.text.lower(), "above")

    def meets(pick: CellPick) -> bool | None:
        value = percent_of(pick, whole)
        return None if value is None else (value < threshold.value if below else value > threshold.value)

    limit = templates["cond_below" if below else "cond_above"].format(value=threshold.text.strip())
    stated = of_whole(limit, anchor.table, whole, question.lang, templates, evidence.glossary)

    def operands(pick: CellPick) -> tuple[CellPick, ...]:
        return pick, replace(pick, index=whole)

    return anchor, RowTest(meets, stated, operands, lambda pick: share_formula(pick, whole))


def state_counted(
    draft: AnswerDraft,
    picks: Sequence[CellPick],
    test: RowTest,
    evidence: Evidence,
    name: Callable[[CellPick], str],
) -> Answer | Refusal:
    """The rows of a set that pass the test, counted: `n of the N rows meet the condition (...)`, each row named with
    the cells its verdict read, all cited, the rows that fail it after those that pass (every row is an operand of
    the count). NO_OPERANDS when the set has fewer than two rows or a row cannot be tested (a count over part of a
    set is no count of it)."""
    verdicts = [test.verdict(pick) for pick in picks]
    if len(picks) < 2 or any(verdict is None for verdict in verdicts):
        return NO_OPERANDS
    met = [p for p, verdict in zip(picks, verdicts, strict=True) if verdict]
    items = [tested_row(draft, pick, test, evidence, name) for pick in met]
    others = [tested_row(draft, pick, test, evidence, name) for pick in picks if pick not in met]
    draft.say("counted_rows", count=len(met), total=len(picks), condition=test.stated, items="; ".join(items) or "-")
    draft.record_count(picks[0].table, [pick.row for pick in met])
    draft.record_count(picks[0].table, [pick.row for pick in picks])
    if others:
        draft.say("counted_rest", items="; ".join(others))
    inferred_scale_note(draft, picks[:1])
    draft.value = draft.source_value = float(len(met))
    draft.unit = draft.source_unit = "count"
    draft.confidence = 0.5
    return draft.answer()


def tested_row(
    draft: AnswerDraft, pick: CellPick, test: RowTest, evidence: Evidence, name: Callable[[CellPick], str]
) -> str:
    """`Name 1.3 / 0.2 [1][2]`: a row of a counted set with the cells its verdict read, each cited; named by the
    first of them (the growth rate a sign test reads, not the amount the set was found by)."""
    read = test.operands(pick)
    printed = test.shown(pick) if test.shown else " / ".join(p.row.cells[p.index].text for p in read)
    return f"{name(read[0])} {printed} [{cite_operands(draft, read, evidence)}]"


def pair_series(question: Question, evidence: Evidence) -> list[tuple[int, CellPick, CellPick]] | None:
    """(year, first row's cell, second row's cell) for every year of the two rows the question names, in one table
    and column group: the years of the range it names (`over 2017-2022`), every one of which both rows must print,
    else every year both print. None unless it names two rows of one table with two or more such years."""
    asked = counted_figure(question).asked
    anywhen = replace(question, years=(), asked=asked)
    found = None
    anchors = [p for p in cell_candidates(anywhen, evidence, asked) if not p.problems or only_entity(p)]
    for anchor in anchors if len(dict.fromkeys(question.entities)) == 2 else ():
        picks = distinct_rows(entity_picks(anywhen, replace(evidence, hits=table_hits(evidence, anchor)), asked))
        if len(picks) == 2 and picks[0].table is picks[1].table:
            first, second = ({year_of(p): p for p in row_across_years(pick)} for pick in picks)
            if len(set(first) & set(second)) >= 2:
                found = first, second  # the first table printing both rows over two or more years
                break
    found = found or column_pair(question, evidence, asked)
    if found is None:
        return None
    first, second = found
    years = sorted(set(first) & set(second))
    bounds = range_bounds(question.text)
    named = sorted(set(question.years)) if len(set(question.years)) > 1 else []
    named = list(range(bounds[0], bounds[1] + 1)) if bounds else named
    if named:
        if any(year not in years for year in named):
            return None  # a year of the range the table does not print for both: no count over part of it
        years = list(named)
    return [(year, first[year], second[year]) for year in years] if len(years) >= 2 else None


def column_pair(question: Question, evidence: Evidence, asked: str) -> tuple[dict, dict] | None:
    """year -> cell of the two columns the question names (`equity larger than debt`), read down a table whose
    rows are years; None unless one such table has both columns."""
    picks = named_columns(replace(question, asked=asked), evidence, asked)  # a year the question names is a row
    if len(picks) != 2 or not row_years(picks[0].row):
        return None
    at = [column_position(pick, question.text, evidence.glossary) for pick in picks]
    if None in at or at[0] == at[1]:
        return None  # which column is set above which is not clear from the question: no count
    picks = [pick for _, pick in sorted(zip(at, picks, strict=True), key=lambda item: item[0])]
    down = [column_across_years(pick) for pick in picks]
    return tuple({year_of(p): p for p in cells} for cells in down)  # type: ignore[return-value]


def header_parts(column: Column) -> tuple[str, ...]:
    """The parts of a column's header (`新增股权`, `金额`), split at spaces where the table records none."""
    return tuple(word for part in column.parts or (column.header,) for word in part.split())


def column_position(pick: CellPick, text: str, glossary: Glossary) -> int | None:
    """Where the question names the pick's column: the first of its header's parts (`新增股权`) or a word of their
    English glosses (`equity` of `new equity`) in the text; None when it names none (a unit part, `金额`, aside)."""
    low = text.lower()
    found = []
    for part in header_parts(pick.table.columns[pick.index]):
        if "amount" in question_measures(part) or "share" in question_measures(part):
            continue  # `金额`, `比重`: the kind of figure, not which column
        if part in text:
            found.append(text.index(part))
        words = [w for w in re.split(r"[\s-]+", (glossary.gloss(part) or "").lower()) if len(w) > 3]
        found += [match.start() for w in words if (match := find_word(w, low)) is not None]
    return min(found, default=None)


def table_hits(evidence: Evidence, anchor: CellPick) -> tuple:
    """The hits of the anchor's table alone (its row chunks and the passage holding it)."""
    return tuple(
        hit
        for hit in evidence.hits
        if hit.chunk.table_id == anchor.table.table_id and hit.chunk.doc_name == anchor.table.doc_name
    )


def pair_name(pick: CellPick, other: CellPick, glossary: Glossary, lang: str) -> str:
    """What one side of a compared pair is: its row (`Europe`), or its column where both sides are one row's."""
    if pick.row is not other.row:
        return row_name(pick.row.label, glossary, lang, bare=True)
    column = pick.table.columns[pick.index]
    parts = [p for p in header_parts(column) if not {"amount", "share"} & set(question_measures(p))]
    parts = parts or [column.header]
    return "".join(parts) if lang == "zh" else " ".join(glossary.gloss(part) or part for part in parts)


def derive_pair_years(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`In how many years was X larger than Y?`: the years in which one named row's figure is above (below) the other
    named row's, counted over the years of the range the question names (or every year both print); every year's
    two cells cited, the years that meet it first. NO_OPERANDS unless the question names two rows and a comparative
    (`rag.read.aggregates.comparative`)."""
    direction = pair_direction(question.text.lower())
    if len(dict.fromkeys(question.entities)) not in (0, 2) or not direction:
        return NO_OPERANDS
    series = pair_series(question, evidence)
    if series is None:
        return NO_OPERANDS
    _, met, rest = pair_verdicts(draft, series, direction, evidence)
    a, b = series[0][1], series[0][2]
    lang = question.lang
    draft.say(
        "counted_pair",
        count=len(met),
        total=len(series),
        first=pair_name(a, b, evidence.glossary, lang),
        relation=draft.templates[f"relation_{direction}"],
        second=pair_name(b, a, evidence.glossary, lang),
        items="; ".join(met) or "-",
    )
    if rest:
        draft.say("counted_rest", items="; ".join(rest))
    draft.value = draft.source_value = float(len(met))
    draft.unit = draft.source_unit = "count"
    draft.confidence = 0.5
    return draft.answer()


def pair_verdicts(
    draft: AnswerDraft, series: list[tuple[int, CellPick, CellPick]], direction: str, evidence: Evidence
) -> tuple[list[int], list[str], list[str]]:
    """The years the first row's figure is above (`rise`) or below (`fall`) the second's, and every year's two cells
    as an answer shows them (`2031: 4.2 / 3.9 [1][2]`), cited: those of the years met, then the rest."""
    years, met, rest = [], [], []
    for year, a, b in series:
        holds = a.value > b.value if direction == "rise" else a.value < b.value
        printed = f"{year}: {a.row.cells[a.index].text} / {b.row.cells[b.index].text}"
        (met if holds else rest).append(f"{printed} [{cite_operands(draft, (a, b), evidence)}]")
        years += [year] if holds else []
    return years, met, rest


def derive_years_pair(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`In which years did A exceed B?`, `哪一年A超过了B`: the years of the range named (else every year both rows
    print) in which one named row's figure is above (below) the other's; each year's two cells cited, the years met
    first. NO_OPERANDS unless the question asks for years, names two rows and sets the first above or below the
    second (`pair_direction`) with no threshold of its own (`above 500` is `derive_years_if`'s)."""
    low = question.text.lower()
    direction = pair_direction(low)
    if not asks_years(low) or not direction or states_threshold(question.text):
        return NO_OPERANDS
    if len(dict.fromkeys(question.entities)) != 2:
        return NO_OPERANDS
    series = pair_series(question, evidence)
    if series is None:
        return NO_OPERANDS
    years, met, rest = pair_verdicts(draft, series, direction, evidence)
    a, b = series[0][1], series[0][2]
    shown = [str(year) for year in years]
    draft.say(
        "pair_years" if years else "pair_years_none",
        years=draft.templates["years_joiner"].join(shown),
        total=len(series),
        first=pair_name(a, b, evidence.glossary, question.lang),
        relation=draft.templates[f"relation_{direction}"],
        second=pair_name(b, a, evidence.glossary, question.lang),
        items="; ".join(met or rest),
    )
    if met and rest:
        draft.say("counted_rest", items="; ".join(rest))
    draft.spans = tuple(shown)
    draft.confidence = 0.5
    return draft.answer()


def derive_count(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """A count of years (`in how many years did X exceed N`, `... was X larger than Y`) or of rows (`how many of
    the items exceeded N`)."""
    paired = derive_pair_years(draft, question, evidence)
    if isinstance(paired, Answer):
        return paired
    if asks_operation(question.text.lower(), "count_if"):
        return derive_count_if(draft, question, evidence)
    return derive_count_rows(draft, question, evidence)


def measured_kind(question: Question) -> str:
    """The kind of figure compared when the answer is a year: a share or rate is a percentage, a number of items a
    count, else an amount."""
    if question.asked in ("percent", "count"):
        return question.asked
    if {"share", "growth"} & set(question.measures):
        return "percent"
    return "count" if "count" in question.measures else "amount"


def series_anchors(question: Question, evidence: Evidence) -> list[CellPick]:
    """The best cell of each kind the compared series may be: the kind the question measures (a share, a count)
    first, then any other (`the share of earnings` may be an amount); a cell of a row printed over two or more of the
    years asked before a better-scored cell of a one-year table."""
    anchors = []
    for asked in dict.fromkeys((measured_kind(question), "amount", "percent", "count")):
        picks = cell_candidates(replace(question, asked=asked, years=()), evidence, asked, [])
        by_year_rows = next((p for p in picks if p.problems == (NO_ROW,) and row_years(p.row)), None)
        # a clean cell of a series over the years asked first: a table of one year has no year to choose
        series = next((p for p in picks if not p.problems and len(year_series(p, question)) >= 2), None)
        anchor = series or first_clean(picks) or by_year_rows  # a table of year rows names no row but a year
        if anchor is not None:
            anchors.append(anchor)
    return anchors


def year_series(anchor: CellPick, question: Question) -> list[CellPick]:
    """The anchor's figure in every year (the years between the two the question names, when it names two)."""
    years = question.years
    span = set(range(min(years), max(years) + 1)) if len(years) >= 2 else set()  # `which year from A to B`
    series = column_across_years(anchor) if row_years(anchor.row) else row_across_years(anchor)
    return [p for p in series if not span or year_of(p) in span]


def derive_extreme_year(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`In which year was X lowest?`: the year of the highest (lowest) of one row's figures over the years the
    question names (every year of a range), else every year the table prints; all of them cited."""
    found = [(anchor, year_series(anchor, question)) for anchor in series_anchors(question, evidence)]
    anchor, picks = next(((a, s) for a, s in found if len(s) >= 2), (None, []))
    if anchor is None:
        return NO_OPERANDS
    best = (min if question.lowest else max)(picks, key=lambda p: p.value)
    year = year_of(best)
    ordering = []
    for pick in picks:
        n = draft.cite(cell_citation(pick, evidence))
        ordering.append(f"{year_of(pick)}: {pick.row.cells[pick.index].text} [{n}]")
    word = draft.templates["lowest" if question.lowest else "highest"]
    subject = subject_of(anchor, evidence.glossary, question.lang, with_year=False)
    draft.say("extreme_year", year=year, extreme=word, subject=subject, ordering="; ".join(ordering))
    draft.value = draft.source_value = float(year)
    draft.unit = draft.source_unit = "year"
    draft.spans = (printed_year(best.table, best.row, best.index),)
    draft.confidence = 0.5
    return draft.answer()


def whole_of(parts: Sequence[CellPick]) -> CellPick | None:
    """The total row of the parts' table, in their column: the whole a group's share is taken of."""
    anchor = parts[0]
    for row in anchor.table.rows:
        if is_total(row) and anchor.index < len(row.cells) and row.cells[anchor.index].value:
            return replace(anchor, row=row, problems=())
    return None


def derive_share_of_sum(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`What share did A and B together hold of the total?`: (A + B) / total × 100 from one column of one table
    (amounts, not the shares a table prints, which may stand on another base); every operand cited."""
    amounts = replace(question, asked="amount", measures=tuple(m for m in question.measures if m != "share"))
    parts = [p for p in entity_picks(amounts, evidence, "amount") if not is_total(p.row)]
    parts = list({id(p.row): p for p in parts}.values())
    if len(parts) < 2:
        return NO_OPERANDS
    whole = whole_of(parts)
    if whole is None:
        return NO_OPERANDS
    state_group_share(draft, parts, whole, evidence, question.lang)
    inferred_scale_note(draft, [whole])
    draft.confidence = 0.6
    return draft.answer()


def derive_share_of_parts(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`What share of the combined X of A and B came from B?`: B / (A + B) × 100, the whole built from the two named
    parts (`parts_whole` words), each an amount cell of one table column of the measure asked, cited; the sum is a
    step the share rests on. The part is the group named again after the whole's word (`part_named_again`)."""
    if len(question.entities) != 2:
        return NO_OPERANDS
    part_entity = part_named_again(question, evidence.glossary)
    if part_entity is None:
        return NO_OPERANDS
    amounts = replace(question, asked="amount", measures=tuple(m for m in question.measures if m != "share"))
    picks = [p for p in entity_picks(amounts, evidence, "amount") if not is_total(p.row)]
    fits = all(
        p.value is not None
        and cell_kind(p.table, p.row, p.index) == "amount"
        and measure_fits(question, p, evidence.glossary)
        for p in picks
    )
    if len(picks) != 2 or not fits:
        return NO_OPERANDS
    glossary = evidence.glossary
    owned = [p for p in picks if any(mentions(part_entity, n, glossary) for n in row_names(p, glossary))]
    if len(owned) != 1:
        return NO_OPERANDS
    part = owned[0]
    summed = total([p.value for p in picks])
    formula = share(part.value, summed.result, COMPUTED_DECIMALS)
    draft.record(summed)  # the whole is the parts' sum: the share's denominator is a step of its own
    draft.record(formula)
    refs = cite_operands(draft, picks, evidence)
    printed = " + ".join(p.row.cells[p.index].text for p in picks)
    draft.formula = f"{part.row.cells[part.index].text} / ({printed}) = {formula.result:.{formula.decimals}f} %"
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = "%"
    subject, whole = subject_of(part, glossary, question.lang), operands_subject(picks, glossary, question.lang)
    if question.lang == "en":  # `developed and developing economies' value`: the part's year is the whole's too
        whole = "the " + re.sub(r"\s*\([^)]*\)| in (?:19|20)\d\d$", "", whole).lower()
    say_derived(draft, subject, draft.formula, refs, "share_of", whole=whole)
    draft.confidence = 0.6
    return draft.answer()


def part_named_again(question: Question, glossary: Glossary) -> str | None:
    """Of a question's two groups, the one named again after a `parts_whole` word that follows both of their first
    mentions or precedes them (`the combined X of A and B ... from B`, `A and B together ... B`); None when neither
    or both are."""
    low = question.text.lower()
    words = [at for word in operation_words().get("parts_whole", ()) if (at := low.find(word)) >= 0]
    if not words:
        return None
    mentioned = {e: group_mentions(names_of(e, glossary), low) for e in question.entities}
    if any(not at for at in mentioned.values()):
        return None
    again = [e for e, at in mentioned.items() if len(at) >= 2 and at[-1] > min(words)]
    return again[0] if len(again) == 1 else None


def state_group_share(
    draft: AnswerDraft, parts: Sequence[CellPick], whole: CellPick, evidence: Evidence, lang: str
) -> None:
    """Write `(a + b + …) / whole = x %` into the draft: the value, the formula and the sentence, every operand
    cited."""
    summed = total([p.value for p in parts])
    formula = share(summed.result, whole.value, COMPUTED_DECIMALS)
    draft.record(summed)  # the share's numerator is the sum's result: a chain of two steps
    draft.record(formula)
    refs = cite_operands(draft, (*parts, whole), evidence)
    printed = " + ".join(p.row.cells[p.index].text for p in parts)
    draft.formula = f"({printed}) / {whole.row.cells[whole.index].text} = {formula.result:.{formula.decimals}f} %"
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = "%"
    if says_share_of(draft):  # `A and B's value was 12.7 % of the total value`
        subject, of = share_names(parts, whole, evidence.glossary, draft.question)
        say_derived(draft, subject, draft.formula, refs, "share_of", whole=of)
    else:
        say_derived(draft, operands_subject(parts, evidence.glossary, lang), draft.formula, refs, "share")
