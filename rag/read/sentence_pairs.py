"""Two figures of one sentence as the operands of a ratio or a share, told apart by the question's words.

`Among them, 40 state firms invested $2.6 billion; 310 private firms invested $5.15 billion`: a question asking how
many times the private firms' investment was the state firms' names each operand by words only its own part of the
sentence holds (`private`, `state`). A figure is bound to its segment: the text between the sentence's semicolons
and part words (`of which`, `其中`), else its clause. A pair is used only when each figure's segment holds a word of
the question the other's lacks, both figures have one unit, and the sentence is a clean candidate (entity, year and
measure of the question met); otherwise the operation is refused, never answered with a near figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from rag.read.cells import MIN_SCORE
from rag.read.compose import AnswerDraft
from rag.read.counted import counted_phrase, names_no_noun
from rag.read.derived import (
    COMPUTED_DECIMALS,
    STATED_CHANGE,
    amount_label,
    in_scale_of,
    magnitude_order,
    same_unit,
    state_prose_formula,
)
from rag.read.evidence import Evidence
from rag.read.matching import mentions, overlap, places_in, term_in
from rag.read.operations import asks_operation, counted_nouns, operation_words
from rag.read.periods import asked_periods, series_in
from rag.read.prose import ProsePick, bound_clause, figures, figures_blanked, prose_candidates, quantity_kind
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal, Unmet
from rag.read.tasks import holds, topic_concepts
from rag.text.glossary import Glossary
from rag.text.numbers import Quantity, change, difference, extract_quantities, ratio, share, years_in
from rag.text.sentences import split_sentences
from rag.text.tokens import token_set
from rag.types import Answer, Chunk

_SEGMENT_BREAK = re.compile(r"[;；。]")


def segment_of(sentence: str, quantity: Quantity) -> str:
    """The part of `sentence` a figure belongs to: between the semicolons and part words (`of which`) around it."""
    low = sentence.lower()
    breaks = [m.end() for m in _SEGMENT_BREAK.finditer(sentence)]
    for word in operation_words().get("part_marker", ()):
        breaks += [m.start() for m in re.finditer(re.escape(word), low)]
    start = max((b for b in breaks if b <= quantity.start), default=0)
    end = min((b for b in breaks if b >= quantity.end), default=len(sentence))
    return sentence[start:end]


def own_terms(question: Question, mine: str, other: str) -> list[str]:
    """The question's terms that `mine` holds and `other` does not (word stems compared)."""
    words, others = token_set(mine), token_set(other)
    return [t for t in question.terms if term_in(t, words) and not term_in(t, others)]


def first_position(question: Question, terms: Sequence[str]) -> int:
    low = question.text.lower()
    found = [low.find(t) for t in terms if low.find(t) >= 0]
    return min(found, default=len(low))


def first_after(low: str, terms: Sequence[str], turn: int) -> int:
    """The first place after `turn` where lower-cased `low` holds one of `terms`; -1 when none stands there."""
    found = [low.find(t, turn + 1) for t in terms]
    return min((at for at in found if at > turn), default=-1)


def told_apart(question: Question, a: ProsePick, b: ProsePick) -> tuple[ProsePick, ProsePick] | None:
    """(the figure the question names first, the other) when each one's segment (else its clause) holds a question
    word the other's lacks; None when the question does not tell them apart."""
    segments = [segment_of(p.sentence, p.quantity) for p in (a, b)]
    if segments[0] == segments[1]:
        segments = [bound_clause(p.sentence, p.quantity) for p in (a, b)]
    mine, theirs = own_terms(question, *segments), own_terms(question, segments[1], segments[0])
    if not mine or not theirs:
        return None
    at_a, at_b = first_position(question, mine), first_position(question, theirs)
    # as `rag.read.derived.ratio_order`: the denominator is the operand named first after the last `as` / `than` /
    # `with` / `to` (`A was how many times as large as B`, `A compared with B`), else the one named last
    low = question.text.lower()
    turn = max(low.rfind(f" {word} ") for word in ("as", "than", "with", "to"))
    # an operand is named after the turn by any of its own words there (a word it shares with the subject of the
    # whole question, `X's`, may stand before it)
    after = sorted(
        (at, n) for n, terms in enumerate((mine, theirs)) if turn >= 0 and (at := first_after(low, terms, turn)) >= 0
    )
    denominator = after[0][1] if after else (0 if at_a > at_b else 1)
    return (b, a) if denominator == 0 else (a, b)


_LEAD_BREAK = re.compile(r"[,;，；]|\band\b")


def states_change(pick: ProsePick, question: Question) -> bool:
    """The figure is stated as a change (`an increase to other assets of $6.9 million`), and the question asks for
    no change: it is no level of what its clause names."""
    starts = [m.end() for m in _LEAD_BREAK.finditer(pick.sentence, 0, pick.quantity.start)]
    lead = pick.sentence[starts[-1] if starts else 0 : pick.quantity.start].lower()
    return "growth" not in question.measures and STATED_CHANGE.search(lead) is not None


def side_gaps(pick: ProsePick, question: Question) -> frozenset[str] | None:
    """The question's entities a figure's context lacks, when that is its only problem: each side of a two-sided
    question names one entity (`A grew 70% and B 55%`: 70% lacks B), so the pair, not each figure, must name them
    all; None when the figure has any other problem, or lacks more than the one entity of the other side."""
    if len(pick.problems) > 1 or any(
        p.unmet is not Unmet.ENTITY or p.entity not in question.entities for p in pick.problems
    ):
        return None
    return frozenset(p.entity for p in pick.problems)


def sentence_operands(
    question: Question, evidence: Evidence, kind: str = "amount"
) -> tuple[ProsePick, ProsePick] | None:
    """The two figures of `kind` (amounts, counts, percentages) of one clean sentence that the question tells apart,
    the one it names first first; of several such pairs, the pair of the best-scored sentence."""
    clean = [
        p
        for p in prose_candidates(replace(question, asked=kind), evidence)
        if side_gaps(p, question) is not None
        and quantity_kind(p.quantity) == kind
        and (kind == "percent" or not states_change(p, question))  # a rate is stated as a change
    ]
    for a, b in combinations(clean, 2):  # candidates come best first: the first pair found is the best one
        if a.sentence != b.sentence or a.chunk.id != b.chunk.id or not same_unit(a.quantity, b.quantity):
            continue
        if side_gaps(a, question) & side_gaps(b, question):
            continue  # an entity of the question neither figure's context names
        pair = told_apart(question, a, b)
        if pair is not None:
            return pair
    return None


def derive_sentence_ratio(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How many times (as a multiple of) B's figure was A's?` from one sentence stating both: A / B."""
    pair = sentence_operands(question, evidence)
    if pair is None:
        return NO_OPERANDS
    first, second = pair
    scale = first.quantity.scale
    formula = ratio(in_scale_of(first.quantity, scale), in_scale_of(second.quantity, scale))
    return state_prose_formula(draft, formula, first, (first.quantity, second.quantity), draft.templates["times"])


@dataclass(frozen=True)
class PartOfWhole:
    """A figure stated as part of the one before it (`3.7 billion, of which 2.1 billion exported`; `27 projects.
    Among them, ... 25`): the part's segment, and the text that names their subject (the sentence before too)."""

    chunk: Chunk
    sentence: str  # the part's sentence
    whole: Quantity
    part: Quantity
    segment: str
    context: str
    whole_text: str  # where the whole is stated: the sentence up to the part word, or the sentence before


def parts_of_wholes(chunk: Chunk) -> list[PartOfWhole]:
    """Every part a passage states of a whole before it, in one of three ways:

    * a figure after a part word (`3.7 billion, of which 2.1 billion exported`; a sentence opening with one,
      `Among them, ...`, takes its whole from the sentence before), in the part word's segment;
    * the figure right before a part word, with no comma between them and no figure after it in its segment (`216
      reforms were adopted, 41 of which nationwide`): the part, its whole the figure before it;
    * a count whose noun is left out (`301 cases were released, and 7 have been chosen as model cases`: no noun
      after `7`, `rag.read.counted.names_no_noun`), after a count of its unit in its segment: a part of that count.

    The whole is the last figure of the part's unit before it; a part larger than its whole is no part of it."""
    sentences = split_sentences(chunk.body)
    found = []
    for n, sentence in enumerate(sentences):
        before = sentences[n - 1] if n else ""
        figures_here = [q for q in figures(sentence, "count") if quantity_kind(q) in ("amount", "count")]
        context = f"{before} {sentence}"
        for part, wholes, whole_text, segment in _stated_parts(sentence, before, figures_here):
            same = [q for q in wholes if same_unit(q, part)]
            if same and in_scale_of(part, 1.0) <= in_scale_of(same[-1], 1.0):
                found.append(PartOfWhole(chunk, sentence, same[-1], part, segment, context, whole_text))
    return found


def _stated_parts(sentence: str, before: str, figures_here: Sequence[Quantity]):
    """(part, the figures its whole is among, the text naming the whole, the part's segment) for each part
    `sentence` states (`parts_of_wholes`)."""
    low = sentence.lower()
    for word in operation_words().get("part_marker", ()):
        for at in (m.start() for m in re.finditer(re.escape(word), low)):
            after = [q for q in figures_here if at < q.start < segment_end(sentence, at)]
            lead = [q for q in figures_here if q.end <= at and not sentence[q.end : at].strip()]
            if lead and not after:  # `41 of which were ...` (no comma, no figure after): the part is before it
                part = lead[-1]
                yield (
                    part,
                    [q for q in figures_here if q.end <= part.start],
                    sentence[: part.start],
                    sentence[part.start : segment_end(sentence, at)],
                )
                continue
            if not after:
                continue
            wholes, whole_text = [q for q in figures_here if q.end <= at], sentence[:at]
            if not wholes and not low[:at].strip(" ,，"):  # `Among them, ...`: the whole is the sentence before's
                wholes = [q for q in figures(before, "count") if quantity_kind(q) in ("amount", "count")]
                whole_text = before
            yield after[0], wholes, whole_text, segment_of(sentence, after[0])
    for part in figures_here:
        if quantity_kind(part) != "count" or not names_no_noun(sentence, part):
            continue
        start = segment_start(sentence, part.start)
        wholes = [q for q in figures_here if start <= q.start and q.end <= part.start]
        if wholes:  # `301 cases were released, and 7 have been chosen`: the earlier count of its segment
            yield part, wholes, sentence[: part.start], sentence[part.start : segment_end(sentence, part.end)]


def segment_start(sentence: str, at: int) -> int:
    """Where the segment (`segment_of`) holding position `at` starts: after the last semicolon or full stop."""
    return max((m.end() for m in _SEGMENT_BREAK.finditer(sentence, 0, at)), default=0)


def segment_end(sentence: str, at: int) -> int:
    """Where the segment holding position `at` ends: at the next semicolon or full stop."""
    found = _SEGMENT_BREAK.search(sentence, at)
    return found.start() if found else len(sentence)


_COORDINATED = re.compile(r"([a-z]+)\s+(?:and|&|or)\s+([a-z]+)|([\u4e00-\u9fff]{1,4})[和与及、]([\u4e00-\u9fff]{1,4})")


def coordinated(text: str) -> frozenset[str]:
    """The words of `text` joined to another by `and` / `和` (`import and export volume`): a whole named as the
    union of its parts."""
    pairs = _COORDINATED.findall(text.lower())
    return frozenset(token for pair in pairs for word in pair if word for token in token_set(word))


def names_the_part(question: Question, found: PartOfWhole) -> bool:
    """The question names the part by a word of its segment that the whole's text does not hold, or holds only as
    one of the parts it is the union of (`exports` for `of which 2.1 billion was exported` after `import and export
    volume`; not `projects` for a part of `40 projects`)."""
    part, whole = token_set(found.segment), token_set(found.whole_text) - coordinated(found.whole_text)
    return any(term_in(t, part) and t not in whole for t in question.terms if len(t) > 2)


def names_another_subject(question: Question, found: PartOfWhole, glossary) -> bool:
    """The part's segment names a place or group (`in developed economies`) that neither the question nor the
    whole's text names: the figure is that subject's part, not the one asked about. Currency marks (`US$`) are read
    as figures, not as places."""
    if not question.entities:
        return False
    words = figures_blanked(found.segment)
    named = set(places_in(words, glossary)) - set(places_in(figures_blanked(found.whole_text), glossary))
    return any(
        not any(mentions(e, place, glossary) or mentions(place, e, glossary) for e in question.entities)
        for place in named
    )


def asks_counted(question: Question, found: PartOfWhole, glossary: Glossary) -> bool:
    """A part and whole that are counts answer a question only when it names what they count, a word of the noun
    after either figure (`what share of the 40 suppliers were local`, not `what share of the investment` for `120 of
    the 900 investors`): a share of counts is no share of an amount. A Chinese question names it in English by its
    glossary terms, policy words and counted nouns (`english_words`), and names the whole's own noun where the
    whole's figure has one: of two counts a passage enumerates (`216 experiences adopted, 41 of them nationwide;
    301 cases released, 7 of them chosen`), the whole is the one the question names, not the nearest."""
    if quantity_kind(found.part) != "count":
        return True
    whole_nouns = token_set(counted_phrase(found.whole_text, found.whole))
    if question.lang != "en":
        return not whole_nouns or bool(whole_nouns & english_words(question, glossary))
    nouns = whole_nouns | token_set(counted_phrase(found.sentence, found.part))
    return not nouns or bool(nouns & token_set(question.text))


def english_words(question: Question, glossary: Glossary) -> frozenset[str]:
    """The English words (stems as `token_set` makes them) a Chinese question names: its terms (glossary glosses
    included) and the English forms of its policy words and counted nouns (`rag.read.tasks.topic_concepts`,
    `rag/data/counted_nouns.tsv`)."""
    words = set(token_set(" ".join(question.terms)))
    for forms, _ in topic_concepts(question, glossary):
        words |= {token for form in forms for token in form}
    for zh, names in counted_nouns().items():
        if zh in question.text:
            words |= token_set(" ".join(names))
    return frozenset(words)


def names_the_part_across(question: Question, found: PartOfWhole, glossary: Glossary) -> bool:
    """A Chinese question names an English part by a policy word or glossary term (`rag.read.tasks.topic_concepts`)
    that the part's segment holds in English and the whole's text does not (`入选` for `7 were selected`)."""
    if question.lang == "en":
        return False
    segment, whole = token_set(found.segment), token_set(found.whole_text)
    return any(
        holds(concept, segment, found.segment) and not holds(concept, whole, found.whole_text)
        for concept in topic_concepts(question, glossary)
    )


def named_part(pick: ProsePick, question: Question) -> ProsePick | None:
    """For a count the question asks of a figure stated as a whole with a part after it (`301 cases were released,
    and 7 were chosen as model cases`), the part, when the question names it (`names_the_part`: `how many cases were
    chosen`): the count asked is the one whose clause names the question's qualifier, not the whole its noun
    shares. None when the figure is the whole of no part the question names."""
    if question.asked != "count" or quantity_kind(pick.quantity) != "count":
        return None
    for found in parts_of_wholes(pick.chunk):
        if (
            found.sentence == pick.sentence
            and found.whole.start == pick.quantity.start
            and names_the_part(question, found)
        ):
            return replace(pick, quantity=found.part)
    return None


def derive_part_share(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`Of X's trade, what fraction was exports?`: part / whole of a figure stated as part of the one before it,
    the part's segment naming a word of the question and the two sentences naming its entities and year."""
    glossary = evidence.glossary
    best: tuple[float, PartOfWhole] | None = None
    for rank, chunk in evidence.prose():
        scope = " ".join([chunk.title, *chunk.heading])
        for found in parts_of_wholes(chunk):
            context = f"{found.context} {scope}"
            if not all(mentions(e, context, glossary) for e in question.entities):
                continue
            if question.year and question.year not in years_in(context):
                continue
            if (
                not (names_the_part(question, found) or names_the_part_across(question, found, glossary))
                or names_another_subject(question, found, glossary)
                or not asks_counted(question, found, glossary)
            ):
                continue
            score = 2 * overlap(question, found.segment) + overlap(question, found.context) + 0.6 / (1 + rank)
            if best is None or score > best[0]:
                best = (score, found)
    if best is None or best[0] < MIN_SCORE:
        return NO_OPERANDS
    found = best[1]
    scale = found.whole.scale
    formula = share(in_scale_of(found.part, scale), in_scale_of(found.whole, scale), COMPUTED_DECIMALS)
    pick = ProsePick(found.chunk, found.context.strip(), found.part, best[0])
    return state_prose_formula(draft, formula, pick, (found.part, found.whole), "%")


def period_pair(question: Question, evidence: Evidence) -> tuple[ProsePick, Quantity, Quantity] | None:
    """For a question naming two periods of one kind (`the third quarter ... than the second`), the best clean
    sentence whose series (`rag.read.periods`) gives both: (its pick, the first-named period's figure, the other's)."""
    periods = asked_periods(question.text)
    if len(periods) != 2 or periods[0].per_year != periods[1].per_year:
        return None
    asked = "percent" if question.asked == "points" else question.asked  # points are the gap of two percentages
    for pick in prose_candidates(replace(question, asked=asked), evidence):
        if pick.problems:
            continue
        quantities = [q for q in figures(pick.sentence, asked) if q.kind != "year"]
        for series in series_in(pick.sentence, quantities):
            first, second = series.figure_of(periods[0]), series.figure_of(periods[1])
            if first is not None and second is not None and pick.quantity in series.figures:
                return pick, first, second
    return None


def derive_period_difference(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How much slower was growth in the third quarter than in the second?` from one sentence giving each period a
    figure in order: the first-named period's figure less the other's (the larger first when a gap or a shortfall is
    asked), in percentage points for two percentages."""
    pair = period_pair(question, evidence)
    if pair is None:
        return NO_OPERANDS
    pick = pair[0]
    first, second = magnitude_order(pair[1], pair[2], question)
    percent = quantity_kind(first) == "percent"
    formula = (change if percent else difference)(float(first.value), in_scale_of(second, first.scale))
    label = draft.templates["points"].format(value="").strip() if percent else amount_label(first)
    unit = "percentage points" if percent else label
    return state_prose_formula(draft, formula, pick, (first, second), label, unit=unit)


def phrase_hits(terms: Sequence[str], phrase: str) -> int:
    """How many of `terms` (word stems) the phrase holds."""
    words = token_set(phrase)
    return sum(term_in(t, words) for t in terms)


def portion_roles(question: Question, a: ProsePick, b: ProsePick, phrases: tuple[str, str]) -> tuple | None:
    """(part, whole) of two figures of one sentence for `A as a percentage of B`: the whole is the figure whose own
    words (`own_terms` of its segment, else clause) the question's whole phrase holds more of, and the part's own
    words must be in the part phrase; with how many of them it holds (of several parts of one whole, the part whose
    own words the part phrase holds most is meant); None when the whole phrase does not single one out."""
    segments = [segment_of(p.sentence, p.quantity) for p in (a, b)]
    if segments[0] == segments[1]:
        segments = [bound_clause(p.sentence, p.quantity) + figure_stretch(p.sentence, p.quantity) for p in (a, b)]
    own = [own_terms(question, segments[0], segments[1]), own_terms(question, segments[1], segments[0])]
    part_phrase, whole_phrase = phrases
    in_whole = [phrase_hits(terms, whole_phrase) for terms in own]
    if in_whole[0] == in_whole[1]:
        return None
    whole = 0 if in_whole[0] > in_whole[1] else 1
    part = 1 - whole
    named = phrase_hits(own[part], part_phrase)
    if not named:
        return None
    picks = (a, b)
    return picks[part], picks[whole], named


_STRETCH_BREAK = re.compile(r"[,;，；。]")


def figure_stretch(sentence: str, quantity: Quantity) -> str:
    """The words from a figure to the next figure or comma: its noun and what is said of it (`216 reform and
    innovation experiences have been adopted across the region`), which `bound_clause` cuts at the first `and`."""
    later = [q.start for q in extract_quantities(sentence) if q.kind != "year" and q.start >= quantity.end]
    comma = _STRETCH_BREAK.search(sentence, quantity.end)
    return sentence[quantity.end : min([*later, comma.start() if comma else len(sentence)])]


def derive_prose_portion(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`A was what percentage of B?` (`A as a percentage of B`) from two amounts (or two counts) of one unit that
    one clean sentence states, each named by its own part of the question (`rag.read.portions.portion_phrases`):
    A / B × 100, the sentence cited with both figures."""
    from rag.read.portions import portion_phrases

    phrases = portion_phrases(question.text)
    if phrases is None:
        return NO_OPERANDS
    clean = [
        p
        for kind in ("amount", "count")  # amounts of money, or counts (`696 results formed, 216 of them adopted`)
        for p in prose_candidates(replace(question, asked=kind), evidence)
        if not p.problems and quantity_kind(p.quantity) == kind and not states_change(p, question)
    ]
    pairs = []
    for a, b in combinations(clean, 2):  # candidates come best first: the first pair found is the best one
        if a.sentence != b.sentence or a.chunk.id != b.chunk.id or not same_unit(a.quantity, b.quantity):
            continue
        roles = portion_roles(question, a, b, phrases)
        if roles is not None:
            pairs.append(roles)
    # a level at a point (`by the end of 2022`) from a sentence dating its figures so, a period's flow from one that
    # does not: the sentence that agrees with the question first
    asked = dated_at_point(question.text)
    pairs.sort(key=lambda roles: (dated_at_point(roles[0].sentence) != asked, -roles[2]))
    for part, whole, _ in pairs[:1]:
        scale = whole.quantity.scale
        formula = share(in_scale_of(part.quantity, scale), in_scale_of(whole.quantity, scale), COMPUTED_DECIMALS)
        return state_prose_formula(draft, formula, part, (part.quantity, whole.quantity), "%")
    return NO_OPERANDS


def dated_at_point(text: str) -> bool:
    """The text dates its figures at a point (`point_in_time` words: `by the end of`, `截至`, `accumulated`)."""
    return asks_operation(text.lower(), "point_in_time")
