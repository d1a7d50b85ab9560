"""Figures in prose as candidate answers: each number of a retrieved sentence, scored by the words of the sentence
and of the clause that holds it, with the reasons it cannot answer (its problems)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag.read.alignment import (
    alignment_words,
    group_terms,
    industry_terms,
    names_home_country,
    names_world,
    other_direction,
    other_whole,
    whole_asked,
    whole_words,
)
from rag.read.bound_measures import KIND_CONTRASTS, RATE_ASKED, binding
from rag.read.cell_measures import asks_named_measure, sentence_measure_fits
from rag.read.classes import class_words
from rag.read.clause_binding import statement_scope
from rag.read.clause_subjects import subject_clause
from rag.read.counted import counted_noun, counts_it, other_count, words_after
from rag.read.evidence import Evidence
from rag.read.gate import content_words
from rag.read.head_noun import question_head
from rag.read.listing import other_industry
from rag.read.matching import (
    SPECIFIC_MEASURES,
    TOTAL_LABELS,
    _name_positions,
    is_place,
    mentions,
    missing_topic,
    names_of,
    organisations_in,
    other_measure,
    overlap,
    places_in,
    term_in,
)
from rag.read.negated import complement_named
from rag.read.operations import change_directions, operation_words
from rag.read.parts import asked_part, bound_part, parts_in
from rag.read.periods import period_figure
from rag.read.qualifiers import qualifier_cover, rare_among
from rag.read.question import (
    DEMONYMS,
    Question,
    english_entities,
    is_month,
    question_measures,
    question_topics,
    states_threshold,
)
from rag.read.rank_asks import rank_words
from rag.read.refusals import (
    OTHER_MEASURE,
    OTHER_YEAR,
    Refusal,
    Unmet,
    missing,
)
from rag.read.respective import respective_items
from rag.read.set_scope import named_set, names_set
from rag.read.thresholds import class_threshold
from rag.text.glossary import Glossary, has_cjk
from rag.text.numbers import (
    YEAR,
    Quantity,
    extract_quantities,
    is_unit_name,
    word_numbers,
    years_in,
)
from rag.text.sentences import clause_around, split_sentences, statement_of, statements
from rag.text.tokens import find_word, token_set
from rag.types import Chunk


@dataclass(frozen=True)
class ProsePick:
    chunk: Chunk
    sentence: str
    quantity: Quantity
    score: float
    problems: tuple[Refusal, ...] = ()
    # the sentence before, when this one refers back to what it names (`refers_back`); or the sentences before that
    # name what it goes on about (`passage_antecedent`)
    earlier: str = ""


_ORDINAL_FIGURE = re.compile(r"(?<![\d.])(\d{1,3})(?:st|nd|rd|th)\b|第\s*(\d{1,3})\s*(?:届|次|位|名)")


def ordinal_figures(sentence: str) -> list[Quantity]:
    """Positions and editions printed as ordinals (`the 23rd China International Industry Fair`, `第23届`,
    `ranked 115th`): kind `rank`. They are no amounts, so the verifier does not read them as stated numbers."""
    return [
        Quantity(float(m.group(1) or m.group(2)), kind="rank", text=m.group(0), start=m.start(), end=m.end())
        for m in _ORDINAL_FIGURE.finditer(sentence)
    ]


# a whole number of one to three digits bound to what precedes it by `in`/`at`/`第` and closing its clause
# (`..., in 86,`; `位列第86。`): inside a ranking sentence, a place in that ranking
_BARE_RANK = re.compile(r"(?:\b(?:in|at)\s+|第\s*)(\d{1,3})(?=\s*(?:[,;)，；。）]|\.(?!\d)|$))", re.IGNORECASE)


def ranking_sentence(text: str) -> bool:
    """`text` holds a `ranking_cue` word (`ranked`, `listed`, `排名`; `rag/data/rank_asks.tsv`)."""
    low = text.lower()
    return any(find_word(word, low) is not None for word in rank_words().get("ranking_cue", {}))


def bare_ranks(sentence: str, previous: str, names: Sequence[str], glossary: Glossary) -> list[Quantity]:
    """Places printed as bare numbers in a ranking (`Alpha Corp, with sales of $9 billion in 42,`), the ranking
    word in the sentence or the one before: kind `rank`, and only those whose own clause names one of `names` (the
    question's), so no other company's place in the sentence is read as the named one's."""
    if not names or not ranking_sentence(f"{previous} {sentence}"):
        return []
    found = []
    for m in _BARE_RANK.finditer(sentence):
        quantity = Quantity(float(m.group(1)), kind="rank", text=m.group(1), start=m.start(1), end=m.end(1))
        clause = bound_clause(sentence, quantity)
        if any(mentions(name, clause, glossary) for name in names):
            found.append(quantity)
    return found


_MULTIPLIER = re.compile(r"\s*(?:times\b|-?fold\b|倍)")


def multipliers(sentence: str, quantities: Sequence[Quantity]) -> list[Quantity]:
    """A bare number followed by `times`, `fold` or `倍` (`an increase of 1.2 times`) is a multiplier, kind `times`:
    it answers no question about an amount or a count."""
    return [
        replace(q, kind="times") if q.kind == "number" and _MULTIPLIER.match(sentence, q.end) else q for q in quantities
    ]


_GROWTH_REACH = 24  # characters before a multiplier read for the rise word that makes it a growth (`增长了约`)


def grows_by_multiple(sentence: str, quantity: Quantity) -> bool:
    """`增长1.2倍`, `increase by 1.2 times`, `grew 1.2-fold`: a multiplier a rise word (`rate_up` of
    `rag/data/operations.tsv`) leads up to, through at most two `multiple_link` words (`by`, `了`, `约`), states a
    growth of N × 100 %; a level N times another's (`是2021年的3倍`, `增长到3倍`, `3 times as large`) is no growth."""
    if not _MULTIPLIER.match(sentence, quantity.end):
        return False
    before = sentence[max(0, quantity.start - _GROWTH_REACH) : quantity.start].lower().rstrip()
    words = operation_words()
    for _ in range(2):  # `增长了约1.2倍`: two links
        link = next((w for w in words.get("multiple_link", ()) if before.endswith(w) and _word_ends(before, w)), "")
        before = before[: len(before) - len(link)].rstrip()
    return any(before.endswith(word) and _word_ends(before, word) for word in words.get("rate_up", ()))


def _word_ends(text: str, word: str) -> bool:
    """`word`, which `text` ends with, is a whole word there: a Chinese word is; an English one not the end of a
    longer word (`setup` does not end with the word `up`)."""
    at = len(text) - len(word)
    return has_cjk(word) or at == 0 or not text[at - 1].isalpha()


def growth_kind(sentence: str, quantity: Quantity) -> str:
    """The figure's kind, a growth stated as a multiple (`grows_by_multiple`) being a percentage: `rose by 1.2 times
    and 63% respectively` states two growths of one kind."""
    if quantity.kind == "times" and grows_by_multiple(sentence, quantity):
        return "percent"
    return quantity_kind(quantity)


def growth_fits(question: Question, sentence: str, quantity: Quantity) -> bool:
    """A growth question asking a percentage (`增长了多少`) may be answered by the multiple a sentence states the
    growth as (`增长1.2倍`: `grows_by_multiple`), in its own unit."""
    asked = question.asked == "percent" and "growth" in question.measures and "share" not in question.measures
    return asked and quantity.kind == "times" and grows_by_multiple(sentence, quantity)


_MONTH_BEFORE = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.?\s*$|月\s*$"
)


def is_day_of_month(sentence: str, quantity: Quantity) -> bool:
    """`On September 8`, `9月8日`: a whole number right after a month name is a day, no figure."""
    if quantity.kind != "number" or not float(quantity.value).is_integer() or quantity.value > 31:
        return False
    return _MONTH_BEFORE.search(sentence[: quantity.start].lower()) is not None


def figures(sentence: str, asked: str) -> list[Quantity]:
    """The figures of a sentence that may answer: numbers (unit names and years left out), and, when the question
    asks for one, counts in words, ordinals or years."""
    found = [q for q in extract_quantities(sentence) if q.kind != "year" and not is_unit_name(q, sentence)]
    found = [
        q for q in multipliers(sentence, found) if not (is_day_of_month(sentence, q) or is_enumerator(sentence, q))
    ]
    if asked == "count":  # `three aspects of work`, `Eighty-one companies`; not the size of a `top five`
        found = [q for q in found + word_numbers(sentence) if not tops_a_ranking(sentence, q)]
    elif asked == "rank":
        found += ordinal_figures(sentence)
    elif asked == "year":
        found = [q for q in extract_quantities(sentence) if q.kind == "year"]
    return sorted(found, key=lambda q: q.start)


def tops_a_ranking(sentence: str, quantity: Quantity) -> bool:
    """The number right after a top word (`the top five countries`, `前5位`): the size of a ranking, counting no
    items the report reached."""
    before = sentence[max(0, quantity.start - 6) : quantity.start].lower()
    return any(before.rstrip().endswith(word) for word in operation_words().get("top_before", ()))


# `(Lead unit: ...; each district) 8.`, `3. Improve ...`: a small whole number standing alone between the end of one
# clause and a full stop or the next item is the number of a list item, not a figure.
_ITEM_BEFORE = re.compile(r"(?:^|[)）;；:：.。])\s*$")
_ITEM_AFTER = re.compile(r"[.、．]\s*(?:$|[A-Z\u4e00-\u9fff(（])")


def is_enumerator(sentence: str, quantity: Quantity) -> bool:
    """A list item's number (`3.` at a sentence start, `... district) 8.` at its end): no figure."""
    if quantity.kind != "number" or not float(quantity.value).is_integer() or not 0 < quantity.value < 100:
        return False
    before, after = sentence[: quantity.start], sentence[quantity.end :]
    return _ITEM_BEFORE.search(before) is not None and _ITEM_AFTER.match(after) is not None


def quantity_kind(quantity: Quantity) -> str:
    if quantity.kind in ("currency", "quantity") or (quantity.kind == "number" and quantity.scale != 1):
        return "amount"
    if quantity.kind in ("rank", "year", "times"):
        return quantity.kind
    if quantity.kind == "percentage_points":
        return "points"
    if quantity.kind == "percent":
        return "percent"
    if quantity.kind == "count" or (quantity.kind == "number" and float(quantity.value).is_integer()):
        return "count"
    return "number"


def counts_many(quantity: Quantity, question: Question) -> bool:
    """A count asked may be printed with a scale word and no unit (`9.16 million` people)."""
    return question.asked == "count" and quantity.kind == "number" and quantity.scale != 1


def prose_kind_fits(asked: str, kind: str) -> bool:
    return asked == kind or (asked == "amount" and kind == "number")


def world_heading(chunk: Chunk, question: Question, glossary: Glossary) -> bool:
    """The passage's heading path is about the world as a whole (a `scope_world` word of `rag/data/alignment.tsv`
    outside the `scope_world_not` phrases, in which a world word names no place a figure is about: `going global`,
    `global talent`), and names none of the question's entities (by name or demonym: `Chinese investment ... second
    in the world` is about China)."""
    heading = " / ".join(chunk.heading)
    if not names_world(heading):
        return False
    named = " ".join([heading, *(name for demonym, name in DEMONYMS.items() if demonym in heading)])
    return not any(mentions(entity, named, glossary) for entity in question.entities)


def prose_problems(
    chunk: Chunk,
    sentence: str,
    question: Question,
    glossary: Glossary,
    context_years: set[int] | None = None,
    previous: str = "",
    antecedent: str = "",
) -> tuple[Refusal, ...]:
    """Why a figure of `sentence` cannot answer: the sentence itself (or its heading path; or the `previous`
    sentence, when this one refers back to it: `refers_back`; or the `antecedent` sentences of its passage that
    name what it goes on about: `passage_antecedent`) must name the question's entities, and name its topic
    and specific measure (stock, flow) when the question names one."""
    # under a heading about the world (`Global investment trends`) the document's title (`China's ...`) no longer
    # names the place a sentence is about: a world figure is no answer for a country
    title = "" if world_heading(chunk, question, glossary) else chunk.title
    scope = " ".join([sentence, antecedent or earlier_sentence(sentence, previous, glossary), title, *chunk.heading])
    problems = [
        missing(e)
        for e in question.entities
        if not mentions(e, scope if is_place(e, glossary) else chunk.text, glossary)
        and not names_home_country(e, sentence, scope, question, glossary)
    ]
    sentence_scope = " ".join([sentence, *chunk.heading])
    problems += [missing(s) for s in question.sources if not mentions(s, sentence_scope, glossary)]
    own = f"{antecedent or earlier_sentence(sentence, previous, glossary)} {sentence}"
    problems += other_organisation(question, own, glossary)  # another company's figure
    if missing_topic(question, scope) or other_measure(question, sentence):
        problems.append(OTHER_MEASURE)
    sentence_years = years_in(sentence)
    fallback = years_in(chunk.text) if context_years is None else context_years | years_in(" ".join(chunk.heading))
    if question.year and question.year not in (sentence_years or fallback):
        problems.append(OTHER_YEAR)
    return tuple(problems)


def other_organisation(question: Question, text: str, glossary: Glossary) -> list[Refusal]:
    """A question about one company or agency (`rag.read.matching.organisations_in`) is not answered by a sentence
    that names another one and not it (`Company B ranked 115th` for Company A's place): the refusal of the one asked,
    or none."""
    asked = organisations_in(question.text, glossary)
    if not asked:
        return []
    named = organisations_in(text, glossary)
    if not named or set(named) & set(asked):
        return []
    return [missing(asked[0])]


# How many sentences back in its passage a figure's sentence may find the names it goes on about.
ANTECEDENT_SENTENCES = 3


def passage_antecedent(
    before: Sequence[str], sentence: str, question: Question, glossary: Glossary, unnamed: Sequence[str] = ()
) -> str:
    """The sentences of a passage, from the nearest one back (at most ANTECEDENT_SENTENCES) that with those after it
    names every entity of the question, up to `sentence`: a passage introduces a park or a project by its name, and
    its later sentences give the figures of `the park` (`By 2023, the area planted in the park reached ...`).
    `unnamed`: the entities that the sentence's own scope (its heading, title) leaves unnamed, the only ones the
    passage must name then (the heading names the province, the passage the park); all of them when empty.
    "" when none does, when `sentence` names a place or another name the question does not (its figure is that
    one's), or none of the question's words besides its names."""
    # `1.24 billion US dollars` names no place of its own where the sentence refers back to a set (`the four firms`)
    named = figures_blanked(sentence) if refers_to_set(sentence) else sentence
    own = own_names(named, glossary)
    if any(not mentions(name, question.text, glossary) for name in own):
        return ""
    asked = question.terms - token_set(" ".join(question.entities))
    words = token_set(sentence)
    if not any(term_in(term, words) for term in asked):
        return ""  # the sentence says nothing of what is asked about the name: no figure of it
    for start in range(len(before) - 1, max(-1, len(before) - 1 - ANTECEDENT_SENTENCES), -1):
        passage = " ".join(before[start:])
        if all(mentions(entity, f"{passage} {sentence}", glossary) for entity in unnamed or question.entities):
            return passage
    return ""


def figures_blanked(sentence: str) -> str:
    """The sentence with its figures, currency words and all (`US$ 5 million`, `3 billion US dollars`), blanked out:
    the country of a currency is no place the sentence is about."""
    for quantity in extract_quantities(sentence):
        sentence = f"{sentence[: quantity.start]}{' ' * (quantity.end - quantity.start)}{sentence[quantity.end :]}"
    return sentence


def refers_to_set(sentence: str) -> bool:
    """The sentence names a set by its size with a definite word (`the four enterprises`): the members an earlier
    sentence listed."""
    low = sentence.lower()
    return any(low[: number.start].endswith("the ") for number in word_numbers(sentence))


# The subject of a sentence, after a leading phrase that ends with a comma (`By the end of 2022, the park ...`).
_SUBJECT = re.compile(r"^(?:[^,，]{0,40}[,，]\s*)?(\S+)\s*(\w+)")


def earlier_sentence(sentence: str, previous: str, glossary: Glossary | None = None) -> str:
    """`previous` when `sentence` refers back to it (`refers_back`), or, with `glossary`, when its subject names no
    thing of its own (`subject_unnamed`: `In 2023, the number of flights rose ...` after a sentence about an airline)
    and it names no place or name of its own either; else ""."""
    if not previous:
        return ""
    if refers_back(sentence, previous):
        return previous
    if glossary is not None and subject_unnamed(sentence) and not own_names(figures_blanked(sentence), glossary):
        return previous
    return ""


# The subject after a leading phrase that ends with a comma: a definite or possessive word, a noun and what follows
_OPEN_SUBJECT = re.compile(r"^(?:[^,，]{0,40}[,，]\s*)?([A-Za-z]+)\s+([A-Za-z]+)(?:\s+(of)\b)?")


def subject_unnamed(sentence: str) -> bool:
    """The sentence's subject names only a measure (`the number of trains`, `the value of goods`: group
    `measure_subject`) or is a possessive pronoun's (`its exports`, group `pronoun_subject`): whose figures they are
    the sentence before says."""
    match = _OPEN_SUBJECT.match(sentence.strip())
    if not match:
        return False
    head, noun, of = match.group(1).lower(), match.group(2).lower(), match.group(3)
    words = alignment_words()
    if head in words.get("pronoun_subject", ()):
        return True
    return bool(of) and head == "the" and noun in words.get("measure_subject", ())  # (`its`, `their`: returned above)


def own_names(text: str, glossary: Glossary) -> list[str]:
    """The places (not totals: `world`) and proper names `text` names: whose figures a sentence states itself."""
    return [place for place in places_in(text, glossary) if place not in TOTAL_LABELS] + list(
        english_entities(text, glossary)
    )


def refers_back(sentence: str, previous: str) -> bool:
    """The sentence's subject is a definite word (`the`, `this`, `该`: group `refer_back`) and a noun the previous
    sentence holds (`... formed an overseas park. By 2022, the park created 1628 jobs`): the sentence goes on about
    what the previous one named."""
    match = _SUBJECT.match(sentence.strip())
    if not match:
        return False
    head, noun = match.group(1).lower(), match.group(2)
    words = alignment_words().get("refer_back", ())
    if has_cjk(head):
        start = next((word for word in words if has_cjk(word) and head.startswith(word)), "")
        noun = head[len(start) : len(start) + 2] if start else ""
        return bool(noun) and len(noun) == 2 and noun in previous
    return head in words and len(noun) >= 3 and find_word(noun.lower(), previous.lower()) is not None


def one_member(sentence: str, previous: str) -> bool:
    """The sentence goes on about one thing the sentence before named (`refers_back`), by a singular definite subject
    (`the park`, `this zone`, `该园区`; not `these zones`, `上述`): its figures are that one thing's."""
    if not refers_back(sentence, previous):
        return False
    match = _SUBJECT.match(sentence.strip())
    head, noun = match.group(1).lower(), match.group(2).lower()
    if has_cjk(head):
        return head.startswith(("该", "此"))
    return head in ("the", "this", "its") and not noun.endswith("s")


def respective_figure(sentence: str, quantities: Sequence[Quantity], question: Question) -> tuple[list, int] | None:
    """`completions, new orders and holding orders respectively accounted for 47.3%, 55.2% and 49.0%`: the figures
    of one kind after `respectively` and the position of the one whose list item the question names best (None
    when the sentence has no such list or no item stands out)."""

    def rate_kind(quantity: Quantity) -> str:
        return growth_kind(sentence, quantity)

    # figures leading up to the marker (`rose by 1.2 times and 63% respectively`) are paired where one is a growth
    # stated as a multiple
    mixed = any(rate_kind(q) != quantity_kind(q) for q in quantities)
    paired = respective_items(sentence, quantities, rate_kind, lead_up=mixed)
    if paired is None:
        return None
    after, items = paired
    scores = [overlap(question, item) for item in items]
    best = max(scores)
    if best == 0 or scores.count(best) > 1:
        return None
    return after, scores.index(best)


def anchored_year(sentence: str, years: Sequence[Quantity], question: Question) -> Quantity | None:
    """`By what year should X exceed USD 6 billion?`: the sentence's year with the question's preposition before it
    (`By 2027, ...`), and of those the one printed nearest to a figure the question names."""
    preposition = re.search(r"\b(by|in|until|before|after|since)\s+(?:what|which)\s+year", question.text.lower())
    if preposition:
        word = preposition.group(1)
        marked = [y for y in years if re.search(rf"\b{word}\s+(?:the\s+end\s+of\s+)?$", sentence[: y.start].lower())]
        years = marked or years
    anchors = [q for q in extract_quantities(sentence) if q.kind != "year" and q.value in question.numbers_all]
    if not years or not (anchors or preposition):
        return None
    if not anchors:
        return years[0]
    return min(years, key=lambda y: min(abs(y.start - a.start) for a in anchors))


def other_place_heading(chunk: Chunk, question: Question, glossary: Glossary) -> bool:
    """The passage sits under a heading about a place the question does not name (`Shanghai's foreign investment
    cooperation`): its figures are that place's, not those of the country the question asks about."""
    found = [place for place in places_in(" / ".join(chunk.heading), glossary) if place not in TOTAL_LABELS]
    # a longer name holding a shorter one found too (湖北省 and 湖北; 中国香港特别行政区, glossed `Hong Kong, China`,
    # and 中国) is no second place
    places = [p for p in found if not any(other != p and other in p for other in found)]
    grouped = destination_groups(chunk.heading, question, glossary)
    return any(not mentions(place, question.text, glossary) and place not in grouped for place in places)


def destination_groups(heading: Sequence[str], question: Question, glossary: Glossary) -> set[str]:
    """The groups of places (a continent, a bloc: `rag/data/classes.tsv`) a heading level names beside a place the
    question names (`Asia, a key region for Ruritania's investment`): there the group is where the asked place's
    figures go, not another place whose own figures the section gives."""
    groups: set[str] = set()
    words = {word for _, word in class_words()}
    for level in heading:
        places = places_in(level, glossary)
        named = {p for p in places if {name.lower() for name in names_of(p, glossary)} & words}
        if any(mentions(place, question.text, glossary) for place in places if place not in named):
            groups |= named
    return groups


_FROM_TO = re.compile(r"\s+(?:in\s+(?:19|20)\d\d\s+)?to\s+$|\s*(?:增加到|增长到|扩大到|提高到|到|至)\s*$")


def from_to_pairs(sentence: str, found: Sequence[Quantity]) -> list[tuple[Quantity, Quantity]]:
    """`expanded from A to B` with no years of its own, in a sentence that names the period: (B, A), the later
    figure first (the sentence's years are the pair's: `in the past five years ... from A to B`)."""
    pairs = []
    for old, new in zip(found, found[1:], strict=False):
        before = sentence[max(0, old.start - 6) : old.start].lower()
        if ("from" in before or "从" in before or "由" in before) and _FROM_TO.search(
            sentence[old.end : new.start].lower() + " "
        ):
            pairs.append((new, old))
    return pairs


def nearest_year(sentence: str, quantity: Quantity) -> int | None:
    """The year printed closest to a figure (`from 6.8 trillion in 2017 to 8.3 trillion in 2022`); the one year of
    its own clause when that holds one (`fell from 2020 in 9.3 million to 2022 in 9.2 million`: 2020 for 9.3)."""
    clause = bound_clause(sentence, quantity)
    own = {int(match.group(1)) for match in YEAR.finditer(clause)}
    if len(own) == 1:
        return own.pop()
    best: tuple[int, int] | None = None
    for match in YEAR.finditer(sentence):
        if quantity.start <= match.start() < quantity.end:
            continue
        distance = match.start() - quantity.end if match.start() >= quantity.end else 2 * (quantity.start - match.end())
        if best is None or distance < best[0]:
            best = (distance, int(match.group(1)))
    return best[1] if best else None


_BIND_BREAK = re.compile(r"[,;，；、:：]|\b(?:and|to|while|whereas)\b|和|及|而")


def bound_clause(sentence: str, quantity: Quantity) -> str:
    """The clause of `sentence` a figure belongs to: the text between the nearest commas, semicolons, `and`, `to`
    around it (`$2 billion in Asia, $3 billion in Latin America and $1 billion in Europe`: `$3 billion in Latin
    America`), not widened as `clause_around` widens a short clause."""
    return clause_around(sentence, quantity.start, quantity.end, _BIND_BREAK, widen=False)


def bound_place(clause: str, offset: int, question: Question, glossary: Glossary) -> bool | None:
    """Whether the place nearest to a figure (at `offset`) in its clause is one the question names: True, False
    for another place, None when the clause names no place."""
    places = [(zh, names_of(zh, glossary)) for zh in places_in(clause, glossary)]
    places += [(e, names_of(e, glossary)) for e in question.entities if is_place(e, glossary) and not has_cjk(e)]
    nearest: tuple[int, bool] | None = None
    for label, names in places:
        asked = label in question.entities or any(mentions(e, " ".join(names), glossary) for e in question.entities)
        for position in _name_positions(names, clause):
            if nearest is None or abs(position - offset) < nearest[0]:
                nearest = (abs(position - offset), asked)
    return None if nearest is None else nearest[1]


def clause_end(sentence: str, quantity: Quantity) -> int:
    """Where the clause a figure belongs to (`bound_clause`) ends."""
    after = _BIND_BREAK.search(sentence, quantity.end)
    return after.start() if after else len(sentence)


def binding_penalties(sentence: str, fitting: Sequence[Quantity], question: Question, glossary: Glossary) -> list:
    """For the several candidate figures of one sentence, how much less each is bound to what the question asks
    (0 for the best bound, negative for the others; never a bonus, so a sentence of many figures does not gain
    over a sentence of one):

    * a figure whose nearest place in its own clause is another place, when another figure's is the question's
      (`$2 billion in Asia, $3 billion in Latin America`): -1;
    * a figure whose clause shares fewer of the question's words than another's, when at least two clauses share
      some (`foreign trade grew 4%, retail sales grew 4.2%`): the difference in overlap. A clause that shares
      none (`... from 6.8 trillion in 2017 to 8.3 trillion in 2022`) continues the one before and is not compared.
    """
    clauses = [bound_clause(sentence, q) for q in fitting]
    places = [
        bound_place(c, q.start - sentence.find(c), question, glossary) if question.entities else None
        for c, q in zip(clauses, fitting, strict=True)
    ]
    contested = True in places and False in places
    penalties = [-1.0 if contested and place is False else 0.0 for place in places]
    # `A grew 70%, accounting for 28%, and B grew 55%, accounting for 40%` for a share of B: the figure whose subject
    # clause (`rag.read.clause_subjects`) names the question's item (a sector, a product), when another's does not
    items = [e for e in question.entities if not is_place(e, glossary)]
    if items:
        subjects = [subject_clause(sentence, q) for q in fitting]
        owned = [any(mentions(e, clause, glossary) for e in items) for clause in subjects]
        if True in owned and False in owned:
            penalties = [p if own else p - 1.0 for p, own in zip(penalties, owned, strict=True)]
    # `its investment reached $30 billion, and its 12 wind farms drew $4 billion` for the wind farms' money: the
    # figure whose subject clause names the head noun of the question's phrase (`rag.read.head_noun`); the words
    # each figure shares with the question are then counted over its subject clause too, the `with $4 billion`
    # clause naming no noun of its own, and no lone word of the question in a figure's phrase (`names_alone`)
    # binds it against the head noun
    shared = clauses
    head = question_head(question)
    if head:
        subjects = [subject_clause(sentence, q) for q in fitting]
        # a figure the head noun comes before in the sentence may be bound to it (`12 farms ..., 5 of which`)
        owned = [
            term_in(head, token_set(clause)) or term_in(head, token_set(sentence[: q.start]))
            for clause, q in zip(subjects, fitting, strict=True)
        ]
        if True in owned and False in owned:
            penalties = [p if own else p - HEAD_WEIGHT for p, own in zip(penalties, owned, strict=True)]
            shared = subjects
    # `orders were $8 billion, and the turnover was $6 billion` for a turnover question: the clause naming the asked
    # measure binds its figure (the clause of no measure or another one does not), a figure the question states
    # itself (`above 50 million`) taking no part
    named = [
        names_measure(question, c) if q.value not in question.numbers_all else None
        for c, q in zip(clauses, fitting, strict=True)
    ]
    if True in named and False in named:
        penalties = [p - 1.0 if n is False else p for p, n in zip(penalties, named, strict=True)]
    alone = names_alone(question, clauses, fitting) if shared is clauses else None
    if alone is not None:
        penalties = [p if n == alone else p - 1.0 for n, p in enumerate(penalties)]
    spans = [statement_of(sentence, q.start) for q in fitting]
    # `X grew 4%; Y grew 5.6%`: the statement naming more of what is asked binds its figures, a leading phrase
    # (`In the past five years,`) counting for every statement
    if len(set(spans)) > 1:
        said = [overlap(question, statement_scope(sentence, span)) for span in spans]
        penalties = [p + STATEMENT_WEIGHT * (o - max(said)) for p, o in zip(penalties, said, strict=True)]
    overlaps = [overlap(question, c) for c in shared]
    if sum(o > 0 for o in overlaps) >= 2:
        penalties = [p + o - max(overlaps) for p, o in zip(penalties, overlaps, strict=True)]
    if question.asked == "count":
        nouns = [overlap(question, words_after(sentence, q)) for q in fitting]
        penalties = [p + COUNTED_WEIGHT * (n - max(nouns)) for p, n in zip(penalties, nouns, strict=True)]
    return penalties


STATEMENT_WEIGHT = 1.2  # a statement of a sentence (`rag.text.sentences.statements`) weighs as a sentence does


def figure_order(sentence: str, quantities: Sequence[Quantity], quantity: Quantity) -> int:
    """The figure's place for the tie-break that prefers the first figures of a sentence: the number of its statement
    (`rag.text.sentences.statements`) plus its position among that statement's figures, so a figure that opens the
    third statement of a long sentence of several subjects is not pushed behind every figure of the first two."""
    spans = statements(sentence)
    number = next(n for n, (start, end) in enumerate(spans) if start <= quantity.start < end or n == len(spans) - 1)
    start = spans[number][0]
    return number + sum(1 for q in quantities if start <= q.start < quantity.start)


def names_alone(question: Question, clauses: Sequence[str], fitting: Sequence[Quantity]) -> int | None:
    """`investment of $2.4 billion, $7.6 billion of output, $0.1 billion of taxes` for a taxes question: the one
    figure whose phrase (`figure_phrase`) holds a word of the question while every other figure's phrase names a
    thing of its own (`subject_words`) binds what the question asks (its position in `fitting`); None when no one
    figure does. A figure the question states itself takes no part."""
    own = [n for n, q in enumerate(fitting) if q.value not in question.numbers_all]
    phrases = {n: figure_phrase(clauses[n], fitting[n]) for n in own}
    holding = [n for n in own if overlap(question, phrases[n]) > 0]
    if len(holding) != 1 or len(own) < 2:
        return None
    others = [n for n in own if n != holding[0]]
    return holding[0] if all(subject_words(question, phrases[n]) for n in others) else None


PHRASE_WORDS_BEFORE = 3  # `drawn investment of` $4 billion: the words of its clause that name what a figure is
PHRASE_CHARS_BEFORE = 6


def figure_phrase(clause: str, quantity: Quantity) -> str:
    """The few words before a figure in its clause and the rest of the clause after it (`investment of $4 billion`,
    `$0.4 billion of levies to the host towns`): what the figure is a figure of, without the subject the sentence
    names once for all its clauses (`X's parks had drawn ...`)."""
    at = clause.find(quantity.text)
    if at < 0:
        return clause
    before, after = clause[:at], clause[at + len(quantity.text) :]
    lead = before[-PHRASE_CHARS_BEFORE:] if has_cjk(before[-2:]) else " ".join(before.split()[-PHRASE_WORDS_BEFORE:])
    return f"{lead} {after}"


def subject_words(question: Question, clause: str) -> frozenset[str]:
    """The words of a clause that name a thing (`rag.read.gate.content_words`: no scale, currency or generic value
    words, no numbers; no word of a change, `an increase of 2 times compared with ...` continuing the clause before)
    and are no words of the question."""
    words = [word for word in content_words(clause.lower()) if not change_directions(word)]  # `USD` is no name
    return token_set(" ".join(words)) - question.terms


def asked_measures(question: Question, topics: bool = False) -> set[str]:
    """The specific measures (stock, flow, turnover...) the question asks for; with `topics`, its topics too (new
    contracts, M&A...)."""
    return (set(question.measures) & set(SPECIFIC_MEASURES)) | (set(question.topics) if topics else set())


def names_measure(question: Question, text: str, topics: bool = False) -> bool:
    """The text names a specific measure the question asks for (`the turnover`), or with `topics` a topic it asks
    for (`newly signed contracts`). A clause binding a figure is judged by measures only: a topic is often named
    once for several clauses (`outsourcing will expand from 18.6 in 2017 to 32.2 in 2022`)."""
    named = set(question_measures(text)) | (set(question_topics(text)) if topics else set())
    return bool(asked_measures(question, topics) & named)


COUNTED_WEIGHT = 2.0  # a count of other things (`six continents` for `how many countries`) loses to the asked ones


# `A is what percentage of B('s stock)?`, `A相当于B的百分之几`: the entity after `of` / before `的` is the whole.
_PERCENT_OF = (
    re.compile(r"\bwhat (?:percentage|percent|share|proportion|fraction) of\s+(.+)", re.IGNORECASE),
    re.compile(r"\bas a (?:percentage|share|proportion) of\s+(.+)", re.IGNORECASE),
    re.compile(r"(?:相当于|是)(.+?)的(?:百分之几|百分之多少|几成)"),
)


_OF_AFTER = re.compile(r"\s*(?:percent|per cent)?\s*(?:of|of the)\s+(.{1,40})", re.IGNORECASE)


_OF_AFTER_ZH = re.compile(r"(.{1,12}?)的\s*$")


def percent_whole(text: str) -> str:
    """The words naming the whole of `A is what percentage of B?` (`B?`, `相当于B的百分之几`: B), "" when the text asks
    no percentage of a named whole."""
    for pattern in _PERCENT_OF:
        match = pattern.search(text)
        if match:
            return match.group(1)
    return ""


def denominator(question: Question, glossary: Glossary) -> str:
    """For `A is what percentage of B?` naming both A and B, B: the whole the percentage is taken of. The months a
    question names (`between March and May, X's part of Y was what proportion`) date it: they are neither A nor B."""
    items = [e for e in question.entities if not is_month(e)]
    if len(items) < 2:
        return ""
    whole = percent_whole(question.text)
    named = [e for e in items if whole and mentions(e, whole, glossary)]
    return named[0] if len(named) == 1 else ""


def percent_of(sentence: str, quantity: Quantity, whole: str, glossary: Glossary) -> bool:
    """The percentage is printed as one of `whole` (`34 percent of the US`, `相当于美国的34%`)."""
    after = _OF_AFTER.match(sentence, quantity.end)
    if after and mentions(whole, after.group(1), glossary):
        return True
    before = _OF_AFTER_ZH.search(sentence[max(0, quantity.start - 14) : quantity.start])
    return bool(before) and mentions(whole, before.group(1), glossary)


_THAT_YEAR = re.compile(r"\b(?:(?:in )?that year|the same year|that same year)\b|当年|同年|该年", re.IGNORECASE)


def in_title(chunk: Chunk, sentence: str) -> int:
    """Where the document's title ends in a sentence that opens with it (the title line runs into the first
    passage: `Annual report 082 Segment results ...`), else 0: a number in a title (a report's number or edition)
    is no figure of the text."""
    title = chunk.title.split(" / ")[0].strip()
    return len(title) if title and sentence.startswith(title) else 0


def prose_candidates(question: Question, evidence: Evidence) -> list[ProsePick]:
    """The figures of the retrieved prose that could answer `question`, best first, each with its problems. Kept
    per question and hits for the request: several steps of one answer (the level worked back from the next year,
    the lookup) ask for the same candidates."""
    memo = evidence.index.memo("prose_candidates", 16)
    return list(memo.get((question, tuple(evidence.hits)), lambda: tuple(_prose_candidates(question, evidence))))


def _prose_candidates(question: Question, evidence: Evidence) -> list[ProsePick]:
    picks: list[ProsePick] = []
    whole = denominator(question, evidence.glossary) if question.asked == "percent" else ""
    # the words of the whole a share question names (`share of X's revenue`): a percentage printed of another whole
    # (`8% of the capacity`) scores lower than one of it in the same sentence
    wanted = whole_words(whole_asked(question)) if question.asked == "percent" else frozenset()
    rare = rare_among(question.terms, evidence.index.holding, len(evidence.index.lowered_texts))
    demanded = own_qualifiers(question, evidence.glossary)
    counted = counted_noun(question, evidence.glossary)
    stated = stated_figures(question)
    sizes_a_class = question.asked == "amount" and not states_threshold(question.text)
    asked_set = named_set(question.text)  # `the seven zones`: a figure of the whole set, not of one zone
    part = asked_part(question.text, evidence.glossary)  # `central China`: a figure bound to that part only
    industries = [e for e in question.entities if not is_place(e, evidence.glossary)]
    before_chunk = evidence.sentence_before
    named_measure = asks_named_measure(question)
    ranked_names = (*question.entities, *organisations_in(question.text, evidence.glossary))
    for rank, chunk in evidence.prose():
        heading = " ".join(chunk.heading)
        title_overlap = overlap(question, chunk.title)
        elsewhere = -0.8 if other_place_heading(chunk, question, evidence.glossary) else 0.0
        running = evidence.years_before(chunk)  # the years of the last sentence before this one that names any
        previous = ""
        before: list[str] = []
        for sentence in split_sentences(chunk.body):
            prior = previous or before_chunk(chunk)
            earlier = earlier_sentence(sentence, prior, evidence.glossary)
            context = running
            if not running and _THAT_YEAR.search(sentence):  # `in that year` with no year in reach: the section's
                context = evidence.section_year(chunk)
            elif not running:  # no year in reach: the one the running text before it under its heading last named
                context = evidence.heading_years(chunk)
            problems = prose_problems(chunk, sentence, question, evidence.glossary, context, prior)
            if any(problem.unmet is Unmet.ENTITY for problem in problems):
                unnamed = tuple(problem.entity for problem in problems if problem.unmet is Unmet.ENTITY)
                named = passage_antecedent(before, sentence, question, evidence.glossary, unnamed)
                if named:
                    earlier = named
                    problems = prose_problems(chunk, sentence, question, evidence.glossary, context, prior, named)
            if named_measure and not sentence_measure_fits(question, f"{earlier} {sentence}"):
                problems = (*problems, OTHER_MEASURE)  # a stock asked: a sentence naming no stock gives a flow
            base = 1.2 * overlap(question, f"{earlier} {sentence}") + 0.5 * title_overlap + 0.6 / (1 + rank) + elsewhere
            of_set = asked_set is not None and names_set(sentence, asked_set)
            member = asked_set is not None and not of_set and one_member(sentence, previous or before_chunk(chunk))
            base += SET_WEIGHT if of_set else 0.0
            before.append(sentence)
            previous = sentence
            running = years_in(sentence) or running
            quantities = [q for q in figures(sentence, question.asked) if q.start >= in_title(chunk, sentence)]
            if question.asked == "rank":  # `Alpha Corp ... in 42,` in a ranking: the named entity's place
                quantities = sorted(
                    quantities + bare_ranks(sentence, prior, ranked_names, evidence.glossary), key=lambda q: q.start
                )
            # a list of figures bound to a list of items (`A, B and C respectively`) or of periods (`the four quarters`)
            respective = respective_figure(sentence, quantities, question) or period_figure(
                sentence, quantities, question.text
            )
            anchored = anchored_year(sentence, quantities, question) if question.asked == "year" else None
            starts_from = [old for _, old in from_to_pairs(sentence, quantities)]
            fitting = [
                q
                for q in quantities
                if prose_kind_fits(question.asked, quantity_kind(q))
                or counts_many(q, question)
                or growth_fits(question, sentence, q)
            ]
            # a count of other things (`13 zones` beside `62 experiences`) is no rival of the figures that count the
            # asked noun: their binding is weighed among themselves
            rivals = [q for q in fitting if not (counted and counts_it(sentence, q, counted, heading) is False)]
            penalties = binding_penalties(sentence, rivals, question, evidence.glossary) if len(rivals) > 1 else []
            for quantity in quantities:
                if quantity not in fitting:
                    continue
                clause = clause_around(sentence, quantity.start, quantity.end)
                score = base + 1.0 * overlap(question, clause) - 0.05 * figure_order(sentence, quantities, quantity)
                if len(rivals) > 1 and quantity in rivals:  # several candidates: the one bound to the place and measure
                    score += penalties[rivals.index(quantity)]
                if wanted and len(fitting) > 1 and other_whole(wanted, sentence, quantity.end):
                    score -= RATE_KIND_PENALTY
                if len(fitting) > 1 or "share" in question.measures:
                    # a growth rate alone in its sentence does not answer a share question; a share alone is left
                    # to the rate-kind refusal of a growth question (the closest figure is a share)
                    score -= RATE_KIND_PENALTY * other_rate(question, sentence, quantity)
                if quantity.value in stated:
                    continue  # a figure the question states itself (`after eight products were opened, how many ...`)
                if of_set and quantity.value == asked_set.size:
                    continue  # the size of the set the question names (`七个` in the question, `seven zones` here)
                if anchored is not None:
                    score += 1.0 if quantity is anchored else -0.5
                if respective is not None and quantity in respective[0]:
                    score += 1.0 if respective[0].index(quantity) == respective[1] else -0.5
                nearest = nearest_year(sentence, quantity)
                if question.year and nearest and nearest != question.year and question.year in years_in(sentence):
                    score -= 1.0
                if question.year == max(years_in(sentence) or context or (0,)) and quantity in starts_from:
                    picks.append(ProsePick(chunk, sentence, quantity, score, (*problems, OTHER_YEAR)))
                    continue  # `grew from A to B` in a passage of the years up to the one asked: A is an earlier level
                if whole and not percent_of(sentence, quantity, whole, evidence.glossary):
                    picks.append(ProsePick(chunk, sentence, quantity, score, (*problems, OTHER_MEASURE)))
                    continue  # a percentage of something else than the whole the question names
                if other_direction(question, sentence[: clause_end(sentence, quantity)]):
                    picks.append(ProsePick(chunk, sentence, quantity, score, (*problems, OTHER_MEASURE)))
                    continue  # exports or total trade for an imports question
                starts = [q.start for q in fitting]
                neighbour = next(  # `A grew 70%, accounting for 28%, and B ...`: 28% is A's, not B's
                    (e for e in industries if other_industry(sentence, quantity.start, e, starts, evidence.glossary)),
                    None,
                )
                if neighbour is not None:
                    picks.append(ProsePick(chunk, sentence, quantity, score, (*problems, missing(neighbour))))
                    continue
                complement = complement_named(question, clause, evidence.glossary)
                if complement is not None:  # `non-public firms invested $7 billion` for the public ones
                    picks.append(ProsePick(chunk, sentence, quantity, score, (*problems, missing(complement))))
                    continue
                part_problem = part_binding(chunk, sentence, quantity, part, evidence.glossary)
                if part_problem is not None:
                    picks.append(ProsePick(chunk, sentence, quantity, score, (*problems, part_problem)))
                    continue  # the whole's figure, or another part's, for a question about one part of a country
                if member:  # `the park introduced 21 firms` for the seven zones: one member's figure
                    picks.append(ProsePick(chunk, sentence, quantity, score, (*problems, OTHER_MEASURE)))
                    continue
                if sizes_a_class and class_threshold(sentence, quantity):
                    picks.append(ProsePick(chunk, sentence, quantity, score, (*problems, OTHER_MEASURE)))
                    continue  # `projects with more than US$100 million each`: the size of a class, no amount
                bound, contradicted = binding(question.text, sentence, quantity, question.asked in RATE_ASKED)
                # a share alone in its sentence is left to the rate-kind refusal of a growth question (as `other_rate`)
                alone = contradicted <= set(KIND_CONTRASTS) and len(fitting) == 1 and "share" not in question.measures
                if contradicted and not alone:  # `dispatched 250 workers` for the workers abroad at the year's end,
                    picks.append(ProsePick(chunk, sentence, quantity, score, (*problems, OTHER_MEASURE)))
                    continue  # `down 3%` for a share: its own clause names another measure of the contrast asked
                score += BOUND_WEIGHT * bound
                counts = counts_it(sentence, quantity, counted, heading) if counted else None
                if counts is False:
                    picks.append(ProsePick(chunk, sentence, quantity, score, (*problems, other_count(counted))))
                    continue  # a count of other things (`seven zones` for `how many jobs`)
                score += NOUN_WEIGHT if counts else 0.0  # the figure is printed with the noun the question counts
                picks.append(ProsePick(chunk, sentence, quantity, score, problems, earlier))
    picks = qualified(qualified(picks, rare), demanded)
    return sorted(headed(picks, question_head(question)), key=lambda p: -p.score)


def stated_figures(question: Question) -> frozenset[float]:
    """The figures a question states itself, in digits or, for a count asked, in words (`after eight products were
    opened`): none of them is its answer."""
    words = word_numbers(question.text) if question.asked == "count" else []
    return frozenset(question.numbers_all) | {q.value for q in words}


def part_binding(
    chunk: Chunk, sentence: str, quantity: Quantity, part: tuple[str, str] | None, glossary: Glossary
) -> Refusal | None:
    """For a question about one part of a country (`rag.read.parts`: `the central region`), why a figure cannot
    answer: bound to another part in a sentence listing the parts, or to none (the whole's figure) in a passage
    whose headings do not name the part asked. None when it may answer."""
    if part is None:
        return None
    bound = bound_part(sentence, quantity.start, glossary)
    if bound == part[0]:
        return None
    if bound is None and any(found == part[0] for _, found in parts_in(" / ".join(chunk.heading), glossary)):
        return None
    return missing(part[1])


QUALIFIER_WEIGHT = 1.0
SET_WEIGHT = 0.5  # a sentence naming the set the question names by its size (`rag.read.set_scope`)
BOUND_WEIGHT = 0.5  # per asked measure (`rag.read.bound_measures`) a figure's own clause names
HEAD_WEIGHT = 1.0  # a figure not bound to the head noun of the question's phrase (`rag.read.head_noun`)
NOUN_WEIGHT = 0.5  # a count printed with the noun the question counts (`rag.read.counted.counts_it`)


RATE_KIND_PENALTY = 1.0  # a percentage of the other kind (a growth rate for a share, a share for a growth rate)
_RATE_KINDS = ("share", "growth")


_PUNCTUATION = re.compile(r"[,;，；:：]")


def other_rate(question: Question, sentence: str, quantity: Quantity) -> bool:
    """A percentage whose own words make it the other kind of rate than the question asks: `grew 8.4%` for a share
    question, `accounting for 27.1%` for a growth question."""
    if quantity_kind(quantity) != "percent":
        return False
    asked = set(question.measures) & set(_RATE_KINDS)
    if len(asked) != 1:
        return False
    # the words before it in its clause (`the growth rate of A and B is 8.4%`), and its bound clause after it
    starts = [m.end() for m in _PUNCTUATION.finditer(sentence, 0, quantity.start)]
    start = min(starts[-1] if starts else 0, max(0, quantity.start - 30))
    window = sentence[start : quantity.start] + bound_clause(sentence, quantity)
    named = set(question_measures(window)) & set(_RATE_KINDS)
    return bool(named) and not named & asked


def headed(picks: list[ProsePick], head: str) -> list[ProsePick]:
    """Each figure whose sentence (with the sentence it refers back to, its title and headings) does not name the
    head noun of the question's phrase (`rag.read.head_noun`: `Freedonia's wind farms`) loses HEAD_WEIGHT when
    another figure's does: the growth of the whole trade does not answer for the new formats of trade."""
    if not head:
        return picks
    scopes = [token_set(" ".join([p.earlier, p.sentence, p.chunk.title, *p.chunk.heading])) for p in picks]
    named = [term_in(head, scope) for scope in scopes]
    if not any(named):
        return picks
    return [p if own else replace(p, score=p.score - HEAD_WEIGHT) for p, own in zip(picks, named, strict=True)]


def own_qualifiers(question: Question, glossary: Glossary) -> frozenset[str]:
    """The industry and the group of places that alignment asks a looked-up sentence's figure to name in its own
    words (`rag.read.alignment.industry_terms`, `group_terms`: `Belt and Road`), however many passages print them:
    weighed apart from the rare terms, so that a sentence of the group asked outranks its neighbour about another
    group (`RCEP members`), which alignment would refuse."""
    return frozenset(industry_terms(question, glossary) + group_terms(question, glossary))


def qualified(picks: list[ProsePick], rare: frozenset[str]) -> list[ProsePick]:
    """Each figure loses QUALIFIER_WEIGHT times the share of the question's rare terms (`rag.read.qualifiers`) that its
    sentence lacks and the best-qualified sentence holds: never a bonus, so prose does not gain over table cells."""
    scopes = [token_set(" ".join([p.earlier, p.sentence, p.chunk.title, *p.chunk.heading])) for p in picks]
    covers = [qualifier_cover(rare, scope, term_in) for scope in scopes]
    best = max(covers, default=1.0)
    return [replace(p, score=p.score + QUALIFIER_WEIGHT * (c - best)) for p, c in zip(picks, covers, strict=True)]
