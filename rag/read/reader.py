"""The grounded reader: answers from the retrieved evidence by code, with no generative model.

It reads the question (`rag.read.question`), then scores two kinds of candidate facts in the hits:

* table cells (`rag.read.cells`), read from the structured tables (never from chunk text): row label × column,
  matched across languages through the glossary (Chinese label, English gloss and its aliases; section rows and
  `- 欧洲` sub-rows through `row.section`), the column's year and measure, and the table's title and heading;
* numbers in prose sentences (`rag.read.prose`), matched by the words of the sentence and of the clause around
  the number, and by the kind of figure asked for.

A candidate has *problems* when an entity, the year or the measure named in the question is not in its evidence,
or the figure is of another kind than asked; only candidates without problems may answer, and the best one's
problems become the refusal reason (`rag.read.refusals`). Derived questions (difference, sum, share, growth rate,
rank) are computed with `rag.text.numbers` formulas whose operands are cited cells (`rag.read.derived`,
`rag.read.ranks`), or, where no table holds them, figures the prose states: one per entity from the sentences that
name it (`derived.entity_prose_picks`), two of one sentence told apart by the question's words or stated as a part
of a whole or given to two periods of one list (`the third quarter than the second`: `rag.read.sentence_pairs`,
`rag.read.periods`), a whole less a named part (`rag.read.complement`), the whole a stated share implies, the part
a whole and a stated share imply, and the earlier value a stated growth or fall implies (`rag.read.implied`).
Units are converted by code (亿 → billion) and a unit whose scale the table does not state is
never given one. Answer sentences come from `prompts/grounded_*.json` (`rag.read.compose`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rag.index.store import StoredIndex
from rag.read.aggregates import (
    derive_count,
    derive_extreme_year,
    derive_per_count,
    derive_share_of_parts,
    derive_share_of_sum,
    derive_years_pair,
)
from rag.read.alignment import counted_verdicts, figure_lead, misalignment, read_defined_pairs, word_at
from rag.read.apart_operands import apart_ratio, apart_share
from rag.read.bound_measures import named_measures
from rag.read.bounded_parts import derive_bounded_part
from rag.read.cells import NAMED_ROW
from rag.read.class_rest import derive_class_rest
from rag.read.clause_operands import (
    derive_clause_difference,
    derive_clause_portion,
    derive_clause_ratio,
    derive_clause_rest,
    derive_clause_sum,
)
from rag.read.complement import asks_class_rest, derive_complement, derive_without_parts, left_out, left_out_parts
from rag.read.components import derive_components
from rag.read.compose import AnswerDraft, load_templates
from rag.read.computed import growth_from_prose
from rag.read.counted import count_words
from rag.read.definitions import derive_definition
from rag.read.derived import (
    YEAR_BEFORE,
    derive_average,
    derive_compare,
    derive_difference,
    derive_growth,
    derive_list,
    derive_percent_of,
    derive_prose_ratio,
    derive_ratio,
    derive_sum,
    derive_years_if,
    prose_entity_compare,
    prose_entity_difference,
    stated_change,
)
from rag.read.durations import derive_duration
from rag.read.entity_operands import entity_compare, entity_difference, entity_ratio, entity_sum
from rag.read.evidence import Evidence
from rag.read.facts_match import fact_lookup
from rag.read.implied import (
    asks_part_from_share,
    asks_whole_from_share,
    derive_level_before,
    derive_part_from_share,
    derive_whole_from_share,
)
from rag.read.increments import asks_growth_percent, derive_increment_growth, level_before
from rag.read.item_ratio import derive_item_ratio
from rag.read.list_count import derive_list_count, derive_list_items
from rag.read.lookup import answer_lookup, reverse_lookup
from rag.read.matching import TOTAL_LABELS, best_name_match
from rag.read.neighbours import derive_neighbour, derive_rank_gap
from rag.read.operations import operation_words
from rag.read.part_operands import part_difference, part_ratio
from rag.read.portions import derive_portion
from rag.read.prose import denominator
from rag.read.question import (
    MEASURE_WORDS,
    Question,
    analyse_question,
    asked_bound,
    asks_values_per_item,
)
from rag.read.rank_moves import derive_rank_move, prose_rank_move
from rag.read.ranks import derive_rank, table_years
from rag.read.refusals import (
    NO_OPERANDS,
    OTHER_MEASURE,
    UNDEFINED,
    UNRESOLVED,
    WEAK,
    Refusal,
    Unmet,
    refused_answer,
)
from rag.read.roles import answer_role, named_speakers, speaker_unmet, unspoken
from rag.read.row_lists import derive_conditional_aggregate, derive_rows_meeting
from rag.read.sentence_operations import derive_sentence_difference, derive_sentence_sum, paired_total
from rag.read.sentence_pairs import (
    derive_part_share,
    derive_period_difference,
    derive_prose_portion,
    derive_sentence_ratio,
)
from rag.read.series import derive_series_end, series_position
from rag.read.spans import answer_text, asks_cause
from rag.read.sub_rows import derive_row_less_parts
from rag.read.subsets import derive_extreme_change, derive_subset
from rag.read.tasks import answer_items
from rag.read.two_tables import asks_share_of_whole, derive_cross_share, derive_world_share
from rag.retrieve.operands import operand_hits
from rag.text.glossary import Glossary
from rag.text.numbers import (
    years_in,
)
from rag.types import Answer, Chunk, Hit


def with_operands(question: Question, evidence: Evidence) -> Evidence:
    """The evidence with every indexed table row that the question names by its label added after the hits
    (`rag.retrieve.operands`): a computation's missing operand may be a row retrieval did not return."""
    glossary = evidence.glossary

    def named(chunk: Chunk) -> bool:
        label = chunk.row_label
        if years_in(label) or label.lower() in TOTAL_LABELS:
            return False
        return best_name_match(label, question, glossary) >= NAMED_ROW

    return replace(evidence, hits=operand_hits(evidence.hits, evidence.index.chunks, named))


def listed_item_missing(result: Answer | Refusal) -> bool:
    """A computation refused for an item the question lists that the table lacks (`derived.unmatched_item`): no
    other path may answer with a figure of part of the list."""
    return isinstance(result, Refusal) and result.unmet is Unmet.ENTITY


def second_chance(question: Question):
    """The path that computes the kind a question asks from stated prose figures, tried when the answer found is of
    another kind (a share for a growth rate; an amount's difference for a points gap): None when there is none."""
    if asks_growth_percent(question):
        return derive_increment_growth  # the rate a level and its stated change imply
    if question.operation == "difference" and question.asked == "points":
        return derive_clause_difference  # two stated percentages bound to the two sides
    if question.operation == "lookup" and question.asked == "percent":
        return apart_share_of_operands  # a share of another whole: the part and the asked whole stated apart
    return None


def apart_share_of_operands(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """A share of a whole stated apart from its part: the world row another table prints (`A's share of the world's
    X`), else `apart_share` over the evidence with each operand's own passages added (`with_operands`)."""
    world = derive_world_share(draft, question, evidence)
    return world if isinstance(world, Answer) else apart_share(draft, question, with_operands(question, evidence))


def stated_total(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """A count asked in total (`how many in all`, `一共多少个`) where no two figures to add were found: the count a
    sentence states of the noun asked (`a total of 40 projects`), when that noun itself is bound to the figure; any
    other figure leaves the sum refused."""
    if question.asked not in ("count", "amount"):
        return NO_OPERANDS
    as_lookup = replace(question, operation="lookup")
    looked = answer_lookup(draft.anew(as_lookup), as_lookup, evidence)
    if not isinstance(looked, Answer):
        return NO_OPERANDS
    if question.asked == "amount":
        return looked if stated_as_total(looked) else NO_OPERANDS
    verdicts = counted_verdicts(as_lookup, looked, evidence.glossary, head=True)
    return looked if verdicts and all(verdicts) else NO_OPERANDS


def stated_as_total(answer: Answer) -> bool:
    """An amount the report itself states as a total: a total word (`subset_total`, `count_total` data: `the total
    turnover of the four firms was`, `totalling`) in the words leading up to the quoted figure of a prose answer."""
    words = (*operation_words().get("subset_total", ()), *count_words().get("count_total", ()))
    for citation in answer.citations[:1]:
        lead = figure_lead(citation.quote, citation.value_text).lower()
        return not citation.table_id and any(word_at(word, lead) is not None for word in words)
    return False


def per_count_or_mean(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """A value per item; where no count is found, the mean the average words may ask instead."""
    per_item = derive_per_count(draft, question, evidence)
    return per_item if isinstance(per_item, Answer) else derive_average(draft, question, evidence)


def years_or_lookup(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The years of a table row meeting a condition; without such a row, the year a sentence states for it (`By
    what year will X exceed N?`)."""
    if series_position(question.text):
        end = derive_series_end(draft, question, evidence)  # `the first year X exceeded N`
        if isinstance(end, Answer):
            return end
    found = derive_years_if(draft, question, evidence)
    return found if isinstance(found, Answer) else answer_lookup(draft, replace(question, operation="lookup"), evidence)


def share_then_sum(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`What share did A and B hold together`: their amounts over the total, else the shares printed for them added;
    never their rates of change added (`adds_rates_of_change`): a sum of growth rates is no share."""
    parts = derive_share_of_parts(draft, question, evidence)
    if isinstance(parts, Answer):
        return parts  # `what share of A and B's combined X came from B`: B / (A + B)
    shared = derive_share_of_sum(draft, question, evidence)
    if isinstance(shared, Answer):
        return shared
    summed = derive_sum(draft, question, evidence)
    return NO_OPERANDS if isinstance(summed, Answer) and adds_rates_of_change(summed) else summed


def adds_rates_of_change(answer: Answer) -> bool:
    """A cited cell's column names a rate of change and no share (`rate` contrast of `bound_measures.tsv`: `增长率`,
    `growth`; not `占比`)."""
    for citation in answer.citations:
        rates = named_measures(citation.column).get("rate", frozenset()) if citation.table_id else frozenset()
        if "change" in rates and "share" not in rates:
            return True
    return False


DERIVATIONS = {
    "difference": derive_difference,
    "sum": derive_sum,
    "ratio": derive_ratio,
    "growth_rate": derive_growth,
    "rank": derive_rank,
    "average": derive_average,
    "compare": derive_compare,
    "list": derive_list,
    "count_if": derive_count,
    "table_years": table_years,
    "components": derive_components,
    "per_count": per_count_or_mean,
    "extreme_year": derive_extreme_year,
    "define": derive_definition,
    "years_if": years_or_lookup,
}


# Operations whose operands, one per entity the question names, may each stand in a table of their own.
ENTITY_OPERANDS = {
    "difference": entity_difference,
    "ratio": entity_ratio,
    "sum": entity_sum,
    "compare": entity_compare,
}


# Operations whose two operands one sentence may state, told apart by the question's words.
SENTENCE_OPERANDS = {"difference": derive_sentence_difference, "sum": derive_sentence_sum}


# Operations whose operands, one per entity the question names, may each be stated in its own sentence.
PROSE_OPERANDS = {"difference": prose_entity_difference, "compare": prose_entity_compare}


# Operations over the parts of a country a listing sentence states (`rag.read.part_operands`).
PART_OPERANDS = {"difference": part_difference, "ratio": part_ratio}


def prepare_reader(index: StoredIndex) -> None:
    """Read now what the reader would otherwise read on the first question that needs it (the typed facts, each
    document's defined abbreviations): seconds that belong to loading the index, not to one answer's time."""
    index.facts_by_place  # noqa: B018 - a cached property, read for its side effect
    read_defined_pairs(index)


def grounded_answer(
    question: str, hits: Sequence[Hit], index: StoredIndex, glossary: Glossary, prompts_dir: Path
) -> Answer:
    """Answer `question` from `hits` by code: a cited table cell, prose figure, formula or quoted sentences.

    Refuses (no number in the text, reason in `notes`) when an entity, year or measure of the question is not in
    the evidence, or the evidence is too weakly related; and, once it has an answer, when the facts its citations
    point at leave a constraint of the question unmet (`rag.read.alignment`). `timings_ms` is left for the chain to
    fill.
    """
    parsed = analyse_question(question, glossary)
    templates = load_templates(prompts_dir, parsed.lang)
    evidence = Evidence(tuple(hits), index, glossary)
    speakers = named_speakers(parsed, evidence)  # `the figures A cited`: A is the source, cited passages his speech
    parsed = replace(parsed, entities=tuple(e for e in parsed.entities if e not in speakers))
    try:
        result = route(AnswerDraft(parsed, templates, glossary=evidence.glossary), parsed, evidence)
    except ValueError:  # `rag.text.numbers` refuses a rate from a negative base or a division by zero
        result = UNDEFINED
    if isinstance(result, Answer):
        result = speaker_unmet(parsed, result, evidence) or result  # `according to the X official`: X's speaker
    if isinstance(result, Answer) and speakers:
        result = unspoken(speakers, result, evidence) or result
    if isinstance(result, Answer):
        unmet = misalignment(parsed, result, index, glossary)
        second = second_chance(parsed) if unmet is not None else None
        if second is not None:
            # an answer of another kind than asked: the one other path that computes the kind asked, if it answers
            again = second(AnswerDraft(parsed, templates, glossary=evidence.glossary), parsed, evidence)
            if isinstance(again, Answer) and misalignment(parsed, again, index, glossary) is None:
                result, unmet = again, None
        result = unmet.refusal(templates) if unmet is not None else result
    return refused_answer(parsed, templates, result, glossary) if isinstance(result, Refusal) else result


def route(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """Run the answer path the question asks for: its answer, or the refusal of the constraint left unmet."""
    if not evidence.hits:
        return WEAK
    planned = answer_items(draft, question, evidence)  # a work plan's tasks: who leads one, which a unit leads
    if planned is not None:
        return planned
    role = answer_role(draft, question, evidence)  # `who spoke`, `what post does A hold`: a speaker's role
    if role is not None:
        return role
    lasted = derive_duration(draft, question, evidence)  # `how many days did X last`: a length in that unit only
    if lasted is not None:
        return lasted
    points = derive_list_items(draft, question, evidence)  # `which three points did A name`: a list's items
    if points is not None:
        return points
    moved = derive_rank_move(draft, question, evidence)  # `how many places did A slip`: sorted in two years
    if isinstance(moved, Answer):
        return moved
    moved = prose_rank_move(draft, question, evidence)  # `ranked 12th, up from 31st in 2030`: two ranks stated
    if isinstance(moved, Answer):
        return moved
    gap = derive_rank_gap(draft, question, evidence)  # `how many places below A does B rank`: two rows' positions
    if isinstance(gap, Answer):
        return gap
    passed = derive_years_pair(draft, question, evidence)  # `in which years did A exceed B`: row against row
    if isinstance(passed, Answer):
        return passed
    if question.numbers and question.operation in ("text", "rank") and not asks_cause(question):
        found = reverse_lookup(draft, question, evidence)
        if isinstance(found, Answer):
            return found
    if question.operation in ("text", "rank"):
        neighbour = derive_neighbour(draft, question, evidence)  # `just behind A`: the next row of a ranking
        if isinstance(neighbour, Answer):
            return neighbour
        listed = derive_rows_meeting(draft, question, evidence)  # `which sectors rose while ...`: the rows passing
        if isinstance(listed, Answer):
            return listed
    if question.operation not in ("text", "rank"):
        summed = derive_conditional_aggregate(draft, question, evidence)  # `the total X of the rows whose Y rose`
        if isinstance(summed, Answer):
            return summed
    rest = derive_class_rest(draft, question, evidence)  # `the other members, not in its table`: whole less rows
    if isinstance(rest, Answer):
        return rest
    subset = derive_subset(draft, question, evidence)  # `the three largest`, `the African ones`, `excluding X`
    if isinstance(subset, Answer) or subset == UNRESOLVED:
        return subset
    changed = derive_extreme_change(draft, question, evidence)  # `which item fell most from A to B`
    if isinstance(changed, Answer):
        return changed
    paired = paired_total(draft, question, evidence)  # `how many X in total for A and B`: two figures of one sentence
    if isinstance(paired, Answer):
        return paired
    if question.operation == "ratio" and asks_values_per_item(question):
        return derive_item_ratio(draft, question, evidence)  # two values per item: no ratio of the amounts stands in
    derive = DERIVATIONS.get(question.operation)
    if question.operation == "sum" and question.asked == "percent":
        derive = share_then_sum  # `what share did A and B hold together`: of the total, else the shares added
    if derive is not None:
        result = derive(draft, question, evidence)
        if result == NO_OPERANDS and question.operation != "rank":
            result = derive(draft, question, with_operands(question, evidence))
        if result == NO_OPERANDS and question.operation in ENTITY_OPERANDS:
            crossed = ENTITY_OPERANDS[question.operation](draft, question, with_operands(question, evidence))
            if question.asked == "percent" and isinstance(crossed, Answer) and adds_rates_of_change(crossed):
                crossed = NO_OPERANDS  # each entity's growth rate added is no share they hold together
            if crossed != NO_OPERANDS and question.operation == "ratio" and not isinstance(crossed, Answer):
                apart = apart_ratio(draft, question, with_operands(question, evidence))  # the missing side in prose
                crossed = apart if isinstance(apart, Answer) else crossed
            if isinstance(crossed, Answer) or crossed != NO_OPERANDS:
                return crossed  # an answer, or the operand missing: no sentence about the entity alone stands in
        if result == NO_OPERANDS and question.operation in PART_OPERANDS:
            result = PART_OPERANDS[question.operation](draft, question, evidence)  # parts a listing states
        if result == NO_OPERANDS and question.operation in PROSE_OPERANDS:
            result = PROSE_OPERANDS[question.operation](draft, question, evidence)  # no table holds them: prose
        if result == NO_OPERANDS and question.operation == "difference":
            result = derive_period_difference(draft, question, evidence)  # `the third quarter than the second`
        if result == NO_OPERANDS and question.operation in SENTENCE_OPERANDS:
            result = SENTENCE_OPERANDS[question.operation](draft, question, evidence)  # two figures of one sentence
        if not isinstance(result, Answer) and question.operation == "difference":
            # two sides bound to two clauses; where one entity frames both sides (`X's exports to A than X's trade
            # overall`), the entities' own figures were refused and the sides' clauses may still bind
            bound = derive_clause_difference(draft, question, evidence)
            result = bound if isinstance(bound, Answer) or result == NO_OPERANDS else result
        if isinstance(result, Answer):
            return result
        # no table holds both years: a rate the prose states, or one computed from two amounts it states
        if result == NO_OPERANDS and question.operation == "growth_rate":
            grown = growth_from_prose(draft, question, evidence)  # computed from two levels when asked to compute
            if isinstance(grown, Answer):
                return grown
            grown = derive_increment_growth(draft, question, evidence)  # a level and its stated change: `687 more`
            if isinstance(grown, Answer):
                return grown
        if result == NO_OPERANDS and question.operation == "ratio":
            result = derive_clause_ratio(draft, question, evidence)  # two sides bound to two clauses
            if isinstance(result, Answer):
                return result
            stated = answer_lookup(draft, replace(question, asked="times"), evidence)
            if isinstance(stated, Answer):
                return stated  # `grew how many times`: a multiple the report states (`up 1.6 times`)
            result = derive_sentence_ratio(draft, question, evidence)  # two figures one sentence states
            if isinstance(result, Answer):
                return result
            result = derive_prose_ratio(draft, question, evidence)  # `from A in Y1 to B in Y2`: two years' figures
            if isinstance(result, Answer):
                return result
            apart = apart_ratio(draft, question, with_operands(question, evidence))  # a cell and a prose figure
            if isinstance(apart, Answer) or apart != NO_OPERANDS:
                return apart
        if result == NO_OPERANDS and question.operation == "difference" and YEAR_BEFORE.search(question.text.lower()):
            result = stated_change(draft, question, evidence)
            if isinstance(result, Answer):
                return result
        if result == NO_OPERANDS and question.operation == "sum":
            bound = derive_clause_sum(draft, question, evidence)  # two items joined by `and`, bound to two clauses
            return bound if isinstance(bound, Answer) else stated_total(draft, question, evidence)
        if question.operation not in ("rank", "average", "compare", "list") or listed_item_missing(result):
            return result  # an average or comparison the report states itself is looked up or quoted below
    if question.operation in ("text", "rank", "compare"):
        return answer_text(draft, question, evidence)
    if question.operation == "lookup":
        for stated_part in (derive_clause_rest, derive_clause_portion):
            found = stated_part(draft, question, evidence)  # `how many of X were not Y`: a whole and its part
            if isinstance(found, Answer):
                return found
    if question.operation == "lookup" and left_out(question):
        rest = derive_complement(draft, question, evidence)
        if isinstance(rest, Answer):
            return rest  # `how much of X was outside A`: the whole less the part named A
    if question.operation == "lookup":
        rest = derive_row_less_parts(draft, question, evidence)
        if isinstance(rest, Answer):
            return rest  # `excluding B, how much did A`: A's row less the `其中：B` row under it
    if question.operation == "lookup" and left_out_parts(question):
        rest = derive_without_parts(draft, question, evidence)
        if isinstance(rest, Answer):
            return rest  # `leaving out A and B, how much did X`: the whole less both parts
    if question.operation == "lookup" and asks_share_of_whole(question):
        crossed = derive_cross_share(draft, question, evidence)
        if isinstance(crossed, Answer):
            return crossed  # `A's X as a share of the national X`: A's table row over the national table's row
    if question.operation == "lookup" and asked_bound(question.text.lower()) and "share" in question.measures:
        return derive_bounded_part(draft, question, evidence)  # `at least how much of X was A`: X × A's bounded share
    if question.operation == "lookup" and asks_part_from_share(question):
        part = derive_part_from_share(draft, question, evidence)
        if isinstance(part, Answer):
            return part  # `how much of X's Y was in A`: X's Y × the share stated for A
    if question.operation == "lookup" and asks_whole_from_share(question):
        whole = derive_whole_from_share(draft, question, evidence)
        if isinstance(whole, Answer):
            return whole  # `going by X's share, how much did the country as a whole ...`: part / stated share
    if question.asked == "percent" and question.operation == "lookup":
        portion = derive_portion(draft, question, evidence)
        if isinstance(portion, Answer):
            return portion  # `A as a percentage of B` from two rows of one table that prints no shares
        portion = derive_prose_portion(draft, question, evidence)
        if isinstance(portion, Answer):
            return portion  # from two amounts one sentence states, each named by its part of the question
    if question.asked == "percent" and denominator(question, evidence.glossary):
        derived = derive_percent_of(draft, question, evidence)
        if isinstance(derived, Answer):
            return derived  # else a sentence stating the percentage of the whole may answer
    if asks_class_rest(question, evidence.glossary):
        return NO_OPERANDS  # `the other EU members`: the class's whole is a near figure; the rest was not derived
    earlier = derive_level_before(draft.anew(question), question, evidence)
    if isinstance(earlier, Answer):
        return earlier  # the asked year's level as the next year's level less its stated change against it
    looked = answer_lookup(draft, question, evidence)
    if isinstance(looked, Answer) and looked.value is not None:
        earlier = level_before(draft.anew(question), question, evidence, looked.value, looked.unit)
        if earlier != NO_OPERANDS:
            return earlier  # the figure found is a later year's level, stated with its change against the asked year
    if not isinstance(looked, Answer) and question.asked == "count":
        listed = derive_list_count(draft.anew(question), question, evidence)
        if listed is not None:
            return listed  # `how many steps did A set out for X`: the items of the list whose lead names X
    if not isinstance(looked, Answer) and question.operation == "lookup" and "share" in question.measures:
        share = derive_part_share(draft, question, evidence)  # `what fraction of X was Y`: Y / X, as X states Y
        if isinstance(share, Answer):
            return share
    if isinstance(looked, Refusal) and question.asked == "percent" and question.operation == "lookup":
        apart = apart_share_of_operands(draft, question, evidence)
        if isinstance(apart, Answer):
            return apart  # no share stated: the part and the whole stated apart, a cell and a prose figure
    if isinstance(looked, Refusal) and asks_growth_percent(question):
        grown = derive_increment_growth(draft, question, evidence)  # `1,622 workers, 687 more than in 2021`
        if isinstance(grown, Answer):
            return grown
    if looked in (NO_OPERANDS, OTHER_MEASURE):  # the rules found no figure: the best matching fact, if one is clear
        matched = fact_lookup(draft.anew(question), question, evidence)
        return matched if isinstance(matched, Answer) else looked
    return looked


__all__ = ["grounded_answer", "MEASURE_WORDS"]
