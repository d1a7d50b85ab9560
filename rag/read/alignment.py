"""Refusal by alignment: an answer stands only when the facts it cites satisfy every constraint of the question.

The reader picks its evidence at question time; this check comes after, with the answer's citations mapped back to
the typed facts of the index (`rag.index.facts`). A constraint of the question (`rag.read.question.Question`: its
entities, year, asked kind, scope) that the cited facts leave unmet turns the answer into a typed refusal that says
which one; a near miss (another year, a part instead of the whole asked, China's figure for a world question) is
worse than no answer. The words the check reads a scope or a kind by are data (`rag/data/alignment.tsv`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rag.index.store import StoredIndex
from rag.read.classes import COUNTRY, class_words, member_classes
from rag.read.counted import counted_noun, counts_it, words_after
from rag.read.gate import stopwords
from rag.read.matching import (
    SPECIFIC_MEASURES,
    TOTAL_LABELS,
    bracket_names,
    display_name,
    is_place,
    mentions,
    named_word_by_word,
    names_of,
    names_part_of,
    places_in,
    term_in,
)
from rag.read.open_lists import list_items, listed_with_others
from rag.read.operations import opens_with_part
from rag.read.period_span import other_span
from rag.read.periods import period_words
from rag.read.question import Question, english_entities, question_measures
from rag.read.rank_asks import asks_rank_move, stated_rank
from rag.read.refusals import Refusal, Unmet
from rag.read.respective import respective_items
from rag.read.side_texts import sides_text
from rag.text.abbreviations import defined_pairs, other_forms
from rag.text.glossary import Glossary, english_names, has_cjk
from rag.text.numbers import YEAR, Quantity, extract_quantities, word_numbers, years_in
from rag.text.tokens import find_word, token_set
from rag.text.wordlists import grouped_words
from rag.types import Answer, Citation, Fact

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "alignment.tsv"


@lru_cache(maxsize=2)
def alignment_words(path: Path = WORDS_PATH) -> dict[str, tuple[str, ...]]:
    """group -> its words (lower case); see `rag/data/alignment.tsv`."""
    return grouped_words(path, "alignment words")


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """The word stems of the `generic` group: words naming only a kind of thing (`countries`, `sector`)."""
    return token_set(" ".join(alignment_words().get("generic", ())))


def names_group(text: str, group: str) -> bool:
    """`text` holds a word of `group` (English at a word start, Chinese anywhere)."""
    low = text.lower()
    return any(word_at(word, low, whole=False) is not None for word in alignment_words().get(group, ()))


def word_at(word: str, low: str, whole: bool = True) -> int | None:
    """Where lower-cased `low` holds `word`: anywhere for a Chinese word, as an English word (`whole=False`: at a
    word start) otherwise; None when it does not."""
    if has_cjk(word):
        at = low.find(word)
        return at if at >= 0 else None
    match = find_word(word, low, whole=whole)
    return match.start() if match else None


# --- citations to facts ------------------------------------------------------------------------------------------


def cited_facts(citation: Citation, index: StoredIndex) -> tuple[Fact, ...]:
    """The facts a citation points at: the cell of a table citation; the figure (or, without one named, every
    figure) of the sentence a prose citation quotes. Empty where the index holds no fact there."""
    places = index.facts_by_place
    if citation.table_id:
        found = [
            fact
            for fact in places.get((citation.doc_name, citation.start_line), ())
            if fact.table_id == citation.table_id and fact.text == citation.value_text
        ]
        exact = [fact for fact in found if " ".join(fact.column) == citation.column or citation.column in fact.column]
        return tuple(exact or found)
    found = []
    for line in range(citation.start_line, citation.end_line + 1):
        for fact in places.get((citation.doc_name, line), ()):
            if fact.source == "prose" and fact.clause and fact.clause in citation.quote:
                found.append(fact)
    named = [fact for fact in found if citation.value_text and fact.text == citation.value_text]
    return tuple(named or found)


@dataclass(frozen=True)
class Cited:
    """One citation of an answer with the facts it points at."""

    citation: Citation
    facts: tuple[Fact, ...]

    @property
    def context(self) -> str:
        """What the cited passage says its figures are about: a cell's row path, column path, table title and
        heading; a sentence with its heading path."""
        parts: list[str] = [" ".join(self.citation.heading)]
        for fact in self.facts:
            if fact.source == "table":
                parts += [*fact.row, *fact.column, fact.table_title]
        if not self.citation.table_id:
            parts.append(self.citation.quote)
        return " ".join(part for part in parts if part)


def answer_facts(answer: Answer, index: StoredIndex) -> list[Cited]:
    """The citations of `answer` that point at facts (a scale note or a quoted passage with no figure points at
    none)."""
    cited = [Cited(citation, cited_facts(citation, index)) for citation in answer.citations]
    return [item for item in cited if item.facts]


def principal(answer: Answer, cited: Sequence[Cited]) -> list[Cited]:
    """The citations that hold the answer's own figure (a lookup); every cited fact when it is computed or chosen
    among several rows."""
    if answer.formula or answer.source_value is None or len(_rows(cited)) > 1:
        return list(cited)
    holding = [item for item in cited if any(_same(fact.value, answer.source_value) for fact in item.facts)]
    return holding or list(cited)


def _rows(cited: Sequence[Cited]) -> set[tuple[str, int]]:
    return {(fact.table_id, fact.line) for item in cited for fact in item.facts if fact.source == "table"}


def looked_up(question: Question, answer: Answer, cited: Sequence[Cited]) -> bool:
    """The answer is one figure looked up, not computed nor chosen among rows: a lookup question, no formula, and a
    cited fact that holds the answer's figure (a count of rows, a row's name or a sum cites no such fact)."""
    return question.operation == "lookup" and states_figure(answer, cited)


def states_figure(answer: Answer, cited: Sequence[Cited]) -> bool:
    """The answer is one figure as printed, whatever the question's operation (a multiple the report states for a
    `how many times` question): no formula, one row, and a cited fact that holds it."""
    if answer.formula or answer.source_value is None:
        return False
    if len(_rows(cited)) > 1:
        return False  # several rows cited: a count or a choice among them, whatever figure it came to
    return any(_same(fact.value, answer.source_value) for item in cited for fact in item.facts)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


# --- constraints ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Misalignment:
    """A constraint of the question the cited facts leave unmet: `constraint` (period, span, measure, entity,
    source, kind, scope, actor, investor, specific, qualifier, flow, subject, whole, item), what was asked and what
    the closest fact gives instead."""

    constraint: str
    asked: str
    found: str = ""

    def refusal(self, templates: dict[str, str]) -> Refusal:
        """The typed refusal, its words in the question's language (`templates`: `prompts/grounded_*.json`)."""
        if self.constraint == "period":
            return Refusal(Unmet.YEAR)
        if self.constraint == "measure":
            return Refusal(Unmet.MEASURE)
        if self.constraint == "counted":
            return Refusal(Unmet.COUNTED, self.asked)
        if self.constraint in ("entity", "source"):
            return Refusal(Unmet.ENTITY, self.asked)
        if self.constraint == "kind":
            asked, found = (templates[f"kind_{kind}"] for kind in (self.asked, self.found))
        elif self.constraint in ("flow", "subject", "span", "scope"):  # template names (`flow_import`, `scope_world`)
            asked, found = (templates["near_for"].format(name=templates[key]) for key in (self.asked, self.found))
        elif self.constraint == "actor":
            asked = templates["near_own"].format(name=self.asked)
            found = templates["near_china"].format(name=self.found)
        elif self.constraint == "investor":
            asked = templates["near_china"].format(name=self.asked)
            found = templates["near_own"].format(name=self.found)
        elif self.constraint in ("place", "item"):  # another place's or list item's: what is asked has no short name
            asked, found = "", self.found
        elif self.found:  # specific, qualifier: the figure is of another (larger, or neighbouring) thing
            asked, found = (templates["near_for"].format(name=name) for name in (self.asked, self.found))
        else:  # a prose figure, which has no short name: only what is missing is said
            asked, found = self.asked, ""
        return Refusal(Unmet.NEAR, asked, found)


def period_unmet(question: Question, answer: Answer, cited: Sequence[Cited]) -> Misalignment | None:
    """A looked-up figure whose own period (its column's, row's or clause's years) is known and is not the year
    asked."""
    if not looked_up(question, answer, cited) or question.year is None or len(question.years) > 1:
        return None
    facts = [fact for item in cited for fact in item.facts]
    if not facts or any(not fact.periods or question.year in fact.periods for fact in facts):
        return None
    given = sorted({year for fact in facts for year in fact.periods})
    return Misalignment("period", str(question.year), ", ".join(map(str, given)))


def names_world(heading: str) -> bool:
    """`heading` holds a `scope_world` word outside the `scope_world_not` phrases, in which a world word names no
    place a figure is about (`going global`, `global talent`)."""
    low = heading.lower()
    for phrase in alignment_words().get("scope_world_not", ()):
        low = low.replace(phrase, " ")
    return any(find_word(word, low) is not None for word in alignment_words().get("scope_world", ()))


def world_figure(item: Cited, glossary: Glossary) -> bool:
    """A prose figure about the world as a whole: its heading path names the world and not China, and neither its
    own clause nor its sentence names China or any other place (`Greenfield investment came to USD 1.3 trillion`
    under `Global investment trends`)."""
    heading = " / ".join(item.citation.heading)
    if item.citation.table_id or not names_world(heading) or names_group(heading, "scope_china"):
        return False
    own = [item.citation.quote, *(fact.clause for fact in item.facts if fact.clause)]
    return not any(names_group(text, "scope_china") or clause_places(text, glossary) for text in own)


def scope_unmet(question: Question, cited: Sequence[Cited], glossary: Glossary) -> Misalignment | None:
    """A world question answered by a figure about China: its row, column, title or sentence names China and not
    the world, or its own clause does (`China's stock of USD 2.7 trillion, a share of the global stock of ...`: the
    world is named after the figure, as what China's is a share of). And the other way round: a China question
    answered by a prose figure about the world (`world_figure`)."""
    asks_world = names_group(question.text, "scope_world") and not names_group(question.text, "scope_china")
    asks_china = names_group(question.text, "scope_china") and not names_group(question.text, "scope_world")
    if asks_china and any(world_figure(item, glossary) for item in cited):
        return Misalignment("scope", "scope_china", "scope_world")
    if not asks_world:
        return None
    for item in cited:
        contexts = [item.context, *(fact.clause for fact in item.facts if fact.source == "prose" and fact.clause)]
        if any(names_group(text, "scope_china") and not names_group(text, "scope_world") for text in contexts):
            return Misalignment("scope", "scope_world", "scope_china")
    return None


def measure_unmet(question: Question, answer: Answer, cited: Sequence[Cited]) -> Misalignment | None:
    """A looked-up cell whose labels, or where they name none its table's title, name a specific measure (a stock, a
    flow: `SPECIFIC_MEASURES`) and none of those the question asks: a flow does not answer for a stock."""
    wanted = set(question.measures) & set(SPECIFIC_MEASURES)
    if not wanted or not looked_up(question, answer, cited):
        return None
    for item in cited:
        for fact in item.facts:
            if fact.source != "table":
                continue
            offered = set(question_measures(fact_words(fact))) & set(SPECIFIC_MEASURES)
            offered = offered or set(question_measures(fact.table_title)) & set(SPECIFIC_MEASURES)
            if offered and not wanted & offered:
                return Misalignment("measure", min(wanted), min(offered))
    return None


def fact_words(fact: Fact) -> str:
    """A fact's own words: a cell's row and column labels, a prose figure's clause."""
    return " ".join((*fact.row, *fact.column)) if fact.source == "table" else fact.clause


def span_unmet(question: Question, answer: Answer, cited: Sequence[Cited]) -> Misalignment | None:
    """A looked-up figure whose own words give another span of time than the question asks (`rag.read.period_span`):
    an average annual rate over several years for January to April, one year's change for an average annual one."""
    if not looked_up(question, answer, cited):
        return None
    for item in cited:
        for fact in item.facts:
            spans = other_span(question.text, fact_words(fact))
            if spans:
                return Misalignment("span", *(f"span_{span}" for span in spans))
    return None


def points_from_amounts(question: Question, answer: Answer, cited: Sequence[Cited]) -> bool:
    """A question asking percentage points answered by a formula whose cited figures are all amounts or counts
    (none a percentage): the difference of two amounts is no difference of two rates."""
    if question.asked != "points" or not answer.formula:
        return False
    operands = [quantity.value for quantity in extract_quantities(answer.formula)]
    facts = [fact for item in cited for fact in item.facts if any(_same(fact.value, value) for value in operands)]
    return bool(facts) and all(
        fact.kind in ("amount", "count") and (fact.unit is None or fact.unit.kind != "percent") for fact in facts
    )


def fact_rate_kind(fact: Fact) -> str:
    """growth or share for a percentage whose own words say which (a cell's row and column labels, a prose clause:
    naming a share and no growth, or the other way round); "" when they do not tell (a bare `%` column)."""
    if fact.unit is None or fact.unit.kind != "percent":
        return ""
    words = fact_words(fact)
    growth = names_group(words, "kind_growth")
    share = names_group(words, "kind_share") or printed_share(fact)
    return "share" if share and not growth else "growth" if growth and not share else ""


def printed_share(fact: Fact) -> bool:
    """A prose percentage printed as a part of a whole (`25% of the province's exports`): the words right after it
    open with `of` and a whole (`_WHOLE_GIVEN`)."""
    at = fact.clause.find(fact.text) if fact.source == "prose" and fact.text else -1
    return at >= 0 and _WHOLE_GIVEN.match(fact.clause, at + len(fact.text)) is not None


def kind_unmet(question: Question, answer: Answer, cited: Sequence[Cited]) -> Misalignment | None:
    """A looked-up figure of another kind than asked: a rank for an amount (a table's rank column), a share for a
    growth rate, a growth rate for a share; or a difference in percentage points worked out from amounts only."""
    if points_from_amounts(question, answer, cited):
        return Misalignment("kind", "points", "amount")
    if not looked_up(question, answer, cited):
        return None
    facts = [fact for item in cited for fact in item.facts]
    if not facts:
        return None
    table_kinds = {fact.kind for fact in facts if fact.source == "table"}
    if question.asked in ("amount", "count") and table_kinds and table_kinds <= {"rank"}:
        return Misalignment("kind", question.asked, "rank")
    if question.asked != "percent":
        return None
    growth, share = names_group(question.text, "kind_growth"), names_group(question.text, "kind_share")
    asked = "growth" if growth and not share else "share" if share and not growth else ""
    given = {fact_rate_kind(fact) for fact in facts}
    if asked and len(given) == 1 and "" not in given and asked not in given:
        return Misalignment("kind", asked, given.pop())
    return None


def entity_unmet(
    question: Question, answer: Answer, cited: Sequence[Cited], index: StoredIndex, glossary: Glossary
) -> Misalignment | None:
    """An entity of the question that no cited sentence names up to the end of the figure's clause, with its
    heading path and document title (`own_context`: what follows names other things, as `mainly in A, B and C`
    after a total); the reader matches a table row to an entity by its own, looser, name match. A list the figure
    comes from (`Question.listings`) is met where the cited passage names it."""
    if not looked_up(question, answer, cited) or any(item.citation.table_id for item in cited):
        return None
    contexts = [own_context(item, index, glossary) for item in cited]
    passages = [
        f"{context} {index.chunk_texts.get(item.citation.chunk_id, '')}".lower()
        for context, item in zip(contexts, cited, strict=True)
    ]
    documents = {item.citation.doc_name for item in cited}
    for entity in question.entities:
        if entity in question.listings and any(mentions(entity, passage, glossary) for passage in passages):
            continue  # the list a figure comes from (`the Acme Global 300`) is named by its passage, as a source is
        # a document that defines a short form (`green investment principles (GP)`) names the entity by it after
        forms = [form for name in documents for form in defined_forms(entity, name, index)]
        if any(mentions(form, context, glossary) for form in forms for context in contexts):
            continue
        if not any(
            mentions(entity, context, glossary)
            or names_home_country(entity, item.citation.quote, context, question, glossary)
            for context, item in zip(contexts, cited, strict=True)
        ):
            return Misalignment("entity", entity)
        if distinct_words_unnamed(entity, passages, index, glossary, question.text):
            return Misalignment("entity", entity)
    return None


def names_home_country(entity: str, sentence: str, scope: str, question: Question, glossary: Glossary) -> bool:
    """`ranking first in the country`, `全国`: a sentence names the country its province or city lies in by a
    `scope_nation` phrase (`rag/data/alignment.tsv`), not by its name. That names the question's China (a `scope_china`
    word) where the question names China only as the frame of another place it asks about (`ranked first in China`,
    `Guangdong's share of China's total`), the sentence's scope names that place, and the sentence names no country
    but China: a province's figure never stands in for China's own."""
    if not names_group(entity, "scope_china") or not any(
        word_at(phrase, sentence.lower()) is not None for phrase in alignment_words().get("scope_nation", ())
    ):
        return False
    inner = [e for e in question.entities if e != entity and is_place(e, glossary) and not is_country(e, glossary)]
    if not inner or not all(mentions(e, scope, glossary) for e in inner):
        return False
    return not any(
        is_country(place, glossary) and not mentions(entity, place, glossary) for place in places_in(sentence, glossary)
    )


def is_country(place: str, glossary: Glossary) -> bool:
    """The glossary files `place` (a Chinese label or an English name) as a country."""
    labels = (place,) if has_cjk(place) else glossary.labels_named(place)
    return any(term.category == "country" for term in glossary.terms if term.zh in labels)


def defined_forms(entity: str, doc_name: str, index: StoredIndex) -> tuple[str, ...]:
    """The short forms a document defines for `entity` in its prose (`Long Form (ABBR)`), and its long forms when
    `entity` is one (`rag.text.abbreviations.defined_pairs`), read once per document."""
    pairs = index.memo("defined_pairs").get(doc_name, lambda: tuple(_document_pairs(doc_name, index)))
    key = entity.strip().lower()
    return tuple({abbr if long.lower() == key else long for abbr, long in pairs if key in (abbr.lower(), long.lower())})


def _document_pairs(doc_name: str, index: StoredIndex) -> list[tuple[str, str]]:
    return [pair for chunk in index.chunks if chunk.doc_name == doc_name for pair in defined_pairs(chunk.text)]


def read_defined_pairs(index: StoredIndex) -> None:
    """Every document's defined pairs (`defined_forms`) read now, in one pass over the chunks, so that no question
    pays for reading a whole document (`rag.read.reader.prepare_reader`)."""
    by_document: dict[str, list[tuple[str, str]]] = {}
    for chunk in index.chunks:
        by_document.setdefault(chunk.doc_name, []).extend(defined_pairs(chunk.text))
    memo = index.memo("defined_pairs")
    for doc_name, pairs in by_document.items():
        memo.get(doc_name, lambda pairs=pairs: tuple(pairs))


def distinct_words_unnamed(
    entity: str, passages: Sequence[str], index: StoredIndex, glossary: Glossary, text: str = ""
) -> tuple[str, ...]:
    """The words of an English name of several words that few passages of the index hold (`QUALIFIER_SHARE`: `Post`
    of `China Post`, `Fortune` of `Fortune Global`) and that none of the cited passages (lower-cased) holds, when
    none of them names it in full: `mentions` takes half of a name's words for it (translations vary), and the
    half that `China Post` shares with every sentence about China names another thing. A name the question `text`
    gives in brackets right after the entity (`Zembla Park (blue ridge)`) names it as well."""
    if has_cjk(entity):
        return ()
    names = [entity, *bracket_names(entity, glossary), *other_names(entity, text)]
    if any(find_word(name.lower(), passage, whole=False) for name in names for passage in passages):
        return ()
    if any(named_word_by_word(entity, passage, glossary) for passage in passages):
        return ()  # each word printed, one by another name the glossary gives it (`blue mount` for `Lanshan`)
    words = re.findall(r"[a-z]+", re.sub(r"\s*\([^)]*\)", " ", entity.lower()))
    if len(words) < 2:
        return ()
    limit = QUALIFIER_SHARE * len(index.chunks)
    return tuple(
        word
        for word in words
        if 0 < index.holding(word) <= limit and not any(find_word(word, passage, whole=False) for passage in passages)
    )


def specific_unmet(question: Question, cited: Sequence[Cited], glossary: Glossary) -> Misalignment | None:
    """The question names something more specific than the cited row: a part of an industry or region whose row
    label is the larger whole (the question's entity holds the row's name and more)."""
    # per entity, the question's words outside it: the measure it asks (`total revenue` ... `X Revenue`)
    outside = {entity: token_set(question.text.replace(entity, " ")) for entity in question.entities}
    for item in cited:
        for fact in item.facts:
            if fact.source != "table" or not fact.row:
                continue
            label = fact.row[-1]
            for entity in question.entities:
                if names_part_of(label, entity) or _narrower(entity, fact, glossary, outside[entity]):
                    return Misalignment("specific", entity, label)
    return None


def _narrower(entity: str, fact: Fact, glossary: Glossary, measure: frozenset[str] = frozenset()) -> bool:
    """An English entity whose words hold every word of one of the row label's English names, and more words that
    the cell's own labels (its section, column, table title) do not hold, that name no mere kind of thing and that
    the question does not also use outside the entity (`measure`: the measure it asks, as `revenue` in `share of
    total revenue ... Americas Revenue`): `Current Federal` under a `Current` section, `Americas revenue` in a
    revenue table and `foreign countries` name the row itself."""
    if has_cjk(entity):
        return False
    words = token_set(entity)
    labels = " ".join(name for label in (*fact.row, *fact.column) for name in names_of(label, glossary))
    framed = token_set(f"{labels} {fact.table_title}") | generic_words()
    for name in names_of(fact.row[-1], glossary):
        if has_cjk(name):
            continue
        own = token_set(name)
        if own and own < words and words - own - framed - measure:
            return True
    return False


# Glossary categories whose English names are things a figure is about (an industry, a good or technology, a place,
# a group of economies); their words in a question narrow what it asks about.
QUALIFIER_CATEGORIES = ("industry", "product", "region", "country")
MIN_QUALIFIER_CHARS = 4
# Of those words, the ones printed in at most this share of the indexed passages qualify a question. Tuned on the
# validation sets: `sector` (in 3 % of the passages) or `finance` (5 %) is the frame of many questions.
QUALIFIER_SHARE = 0.02


@lru_cache(maxsize=4)
def qualifier_vocabulary(glossary: Glossary) -> frozenset[str]:
    """The word stems of the glossary's English names of industries and places (`semiconductor`, `retail`), less
    the words that name no subject (`least`: `rag/data/question_stopwords.tsv`)."""
    generic = stopwords()
    return frozenset(
        word
        for term in glossary.terms
        if term.category in QUALIFIER_CATEGORIES
        for word in token_set(term.en)
        if word.isalpha() and len(word) >= MIN_QUALIFIER_CHARS and word not in generic
    )


def entity_words(question: Question, glossary: Glossary) -> frozenset[str]:
    """The word stems of the question's entities and their English names: the reader binds those to rows and
    sentences itself (an entity may be named to be left out: `excluding Germany`)."""
    names = [name for entity in question.entities for name in names_of(entity, glossary)]
    return token_set(" ".join(names))


def qualifier_terms(question: Question, index: StoredIndex, glossary: Glossary) -> tuple[str, ...]:
    """The question's words that name an industry or a place (the glossary's vocabulary) and that few passages of
    the index hold: `semiconductor` narrows a question, `sector` or `country` does not; the words of its entities
    are left to the entity checks; a count in words (`the seven
    ports`, `Group of Seven` in the glossary) is a number, not a qualifier."""
    vocabulary = qualifier_vocabulary(glossary) - entity_words(question, glossary) - generic_words()
    counts = {quantity.text.lower() for quantity in word_numbers(question.text)}
    limit = QUALIFIER_SHARE * len(index.chunks)
    return tuple(
        sorted(
            term
            for term in question.terms
            if term in vocabulary and term not in counts and index.holding(term) <= limit
        )
    )


def industry_names() -> frozenset[str]:
    """The word stems of the one-word industry names that are no ordinary word of a question (group
    `industry_own`: `manufacturing`, `mining`; not `services` nor `power`)."""
    return token_set(" ".join(alignment_words().get("industry_own", ())))


def industry_terms(question: Question, glossary: Glossary) -> tuple[str, ...]:
    """The question's words naming one industry (`manufacturing`), however many passages print them: a prose
    figure looked up for the question must name that industry in its own words, as a sentence names its sector
    where a table's cell takes it from its row (the share limit of `qualifier_terms` is for table cells)."""
    return tuple(sorted(question.terms & (industry_names() - entity_words(question, glossary))))


@lru_cache(maxsize=4)
def group_names(glossary: Glossary) -> tuple[str, ...]:
    """The glossary's English names of groups of places of two words or more (`Belt and Road`), lower case."""
    names = {name.lower() for term in glossary.terms if term.category == "region" for name in english_names(term.en)}
    return tuple(sorted(name for name in names if len(name.split()) >= 2))


def names_places(name: str, low: str) -> bool:
    """A group's name in lower-cased `low` stands for its places: it ends in a word naming only a kind of place, or
    one follows it (`Belt and Road countries`), not another noun it names (`the Belt and Road Green Principles`)."""
    found = find_word(name, low)
    after = low[found.end() :].split()[:1] if found else []
    return bool(token_set(" ".join([name.split()[-1], *after])) & generic_words())


def group_terms(question: Question, glossary: Glossary) -> tuple[str, ...]:
    """The word stems of the groups of places an English question names in full (`trade with Belt and Road
    countries`: `belt`, `road`) and its entities leave out: a prose figure looked up for it must name the group, as
    one of another group's trade (`RCEP members`) stands in the same paragraph."""
    if question.lang != "en":
        return ()
    low = question.text.lower()
    named = [name for name in group_names(glossary) if find_word(name, low)]
    # a longer name of the group (`Belt and Road partners`) asks no more than its shortest one named
    core = [name for name in named if not any(other != name and find_word(other, name) for other in named)]
    words = token_set(" ".join(name for name in core if names_places(name, low)))
    return tuple(sorted(words - entity_words(question, glossary) - generic_words() - stopwords()))


def other_names(entity: str, text: str) -> list[str]:
    """The names `text` gives in brackets right after `entity`, in any case (`Zembla Park (blue ridge)`)."""
    return [match.group(1).strip() for match in re.finditer(rf"{re.escape(entity)}\s*[(（]([^)）]+)[)）]", text)]


def own_context(item: Cited, index: StoredIndex, glossary: Glossary) -> str:
    """What a cited figure's own words are: a cell's row, column, table title and heading; a sentence up to the
    end of the figure's clause (what comes after names other things), with its heading and document title."""
    title = index.chunk_titles.get(item.citation.chunk_id, "")
    if item.citation.table_id:
        labels = {part for fact in item.facts for part in (*fact.row, *fact.column)}
        names = " ".join(name for label in sorted(labels) for name in names_of(label, glossary))
        return f"{item.context} {names} {item.citation.quote} {title}"
    quote = item.citation.quote
    ends = [quote.find(fact.clause) + len(fact.clause) for fact in item.facts if fact.clause in quote]
    return " ".join([quote[: _own_end(quote, max(ends))] if ends else quote, " ".join(item.citation.heading), title])


def _own_end(quote: str, clause_end: int) -> int:
    """Where a figure's own words end: at the next figure or the next word that splits it into parts (`mainly in
    A and B` after a total: group `partition`), else with the sentence (`$5 million for our X and Y brands in
    our Z segment` is all about the one figure)."""
    rest = quote[clause_end:]
    cuts = [match.start() for match in (_DIGIT.search(rest),) if match]
    low = rest.lower()
    cuts += [at for word in alignment_words().get("partition", ()) if (at := word_at(word, low)) is not None]
    return clause_end + min(cuts) if cuts else len(quote)


_DIGIT = re.compile(r"\d")


def qualifier_unmet(
    question: Question, answer: Answer, cited: Sequence[Cited], index: StoredIndex, glossary: Glossary
) -> Misalignment | None:
    """A word of the question naming an industry, a good or a place (`semiconductor`, `hydrogen`) that no cited
    figure's own context holds: the figure is of the whole, or of another part, not of the part asked about. A
    looked-up figure, or one computed from prose figures or a table's totals (its total or year rows: a growth rate
    of the total is no growth rate of a part); one computed from named rows is left alone, as its rows may be the
    members of a group the question names (the African ones)."""
    if not (looked_up(question, answer, cited) or (answer.formula and no_named_rows(cited))):
        return None
    contexts = [token_set(own_context(item, index, glossary)) for item in cited]
    terms = qualifier_terms(question, index, glossary)
    if looked_up(question, answer, cited) and not any(item.citation.table_id for item in cited):
        # a sentence's figure names its industry and its group of places in its own words
        terms += industry_terms(question, glossary) + group_terms(question, glossary)
    for term in terms:
        if not any(term_in(term, context) for context in contexts):
            return Misalignment("qualifier", printed_name(term, question.text, glossary), _subject(cited[0]))
    return None


def printed_name(stem: str, text: str, glossary: Glossary) -> str:
    """What a word stem of `text` stands for, as printed: the group of places it names (`belt`: `Belt and Road`) or
    its word (`manufactur`: `manufacturing`); the stem when `text` does not hold it."""
    low = text.lower()
    group = next((name for name in group_names(glossary) if stem in token_set(name) and find_word(name, low)), "")
    found = find_word(group or stem, low, whole=bool(group))
    if found is None:
        return stem
    return text[found.start() : found.end()] if group else re.match(r"[\w-]+", text[found.start() :]).group(0)


def no_named_rows(cited: Sequence[Cited]) -> bool:
    """Every cited fact is a prose figure or a table cell of a total row (`合计`, `world`) or a year's row
    (`2021年`)."""
    facts = [fact for item in cited for fact in item.facts]
    return bool(facts) and all(
        fact.source != "table" or (fact.row and (fact.row[-1].lower() in TOTAL_LABELS or years_in(fact.row[-1])))
        for fact in facts
    )


def _subject(item: Cited) -> str:
    """What a cited cell is about: its row label ("" for a prose figure, whose clause is no short name, and for a
    year's row, which names no thing)."""
    fact = item.facts[0]
    return fact.row[-1] if fact.row and not years_in(fact.row[-1]) else ""


def source_unmet(question: Question, cited: Sequence[Cited], index: StoredIndex, glossary: Glossary):
    """A source the question attributes its figure to (`据工信部介绍`) that the cited passage does not name."""
    contexts = [f"{item.context} {item.citation.quote} {_table_source(item, index)}" for item in cited]
    for source in question.sources:
        if not any(mentions(source, context, glossary) for context in contexts):
            return Misalignment("source", source)
    return None


def _table_source(item: Cited, index: StoredIndex) -> str:
    table = index.table(item.citation.table_id, item.citation.doc_name) if item.citation.table_id else None
    return f"{table.source} {' '.join(table.notes)}" if table else ""


def actor_unmet(question: Question, answer: Answer, cited: Sequence[Cited]) -> Misalignment | None:
    """A looked-up cell of a table of China's investment (its title names China as the investor: `actor_china`) for
    a question that names no China word: it asks about the row's own figure (Africa's outflows), not China's in it."""
    if not looked_up(question, answer, cited) or names_group(question.text, "scope_china"):
        return None
    for item in cited:
        for fact in item.facts:
            if fact.source == "table" and names_group(fact.table_title, "actor_china"):
                return Misalignment("actor", fact.row[-1], fact.row[-1])
    return None


def investor_unmet(question: Question, answer: Answer, cited: Sequence[Cited]) -> Misalignment | None:
    """The other way round of `actor_unmet`: a question about China's investment in a place (`investor_china`:
    `中国对X`, `China's investment in X`) answered by a cell of a table that names China nowhere in its title (the
    world's regions): the row's figure is the place's own (Oceania's outflows), not China's in it."""
    if not looked_up(question, answer, cited) or not names_group(question.text, "investor_china"):
        return None
    for item in cited:
        for fact in item.facts:
            if fact.source == "table" and fact.row and not names_group(fact.table_title, "scope_china"):
                return Misalignment("investor", fact.row[-1], fact.row[-1])
    return None


def framed_by(question: Question, cited: Sequence[Cited], glossary: Glossary) -> Misalignment | None:
    """Cited table cells whose rows are countries in a table whose title names another place as the one whose
    figures they are (`FDI flows of Province P by destination`: P's investment in each country), for a question
    that names that place nowhere: it asks about the countries' own figures, not P's with them. China's tables are
    `actor_unmet`'s; a place the rows are members of (`Africa` for `Egypt`: `rag/data/members.tsv`) only groups
    them."""
    cells = [fact for item in cited for fact in item.facts if fact.source == "table" and fact.row]
    rows = [member_classes(fact.row[-1], glossary) for fact in cells]
    if not cells or not all(classes and COUNTRY in classes for classes in rows):
        return None
    containers = {word for classes in rows for name, word in class_words() if name in (classes or ())}
    for title in dict.fromkeys(fact.table_title for fact in cells):
        for place in clause_places(title, glossary):
            if names_group(place, "scope_china") or any(mentions(place, fact.row[-1], glossary) for fact in cells):
                continue
            if {name.lower() for name in names_of(place, glossary)} & containers:
                continue
            if not names_place(question, place, glossary):
                return Misalignment("place", "", place)
    return None


def names_place(question: Question, place: str, glossary: Glossary) -> bool:
    """The question names `place`, or a place whose name is part of one of its names (`浙江` for `浙江省`)."""
    if mentions(place, question.text, glossary):
        return True
    names = " ".join(names_of(place, glossary))
    return any(mentions(asked, names, glossary) for asked in places_in(question.text, glossary))


# A currency printed with a place's letters (`US$`, `US dollars`) names no place.
_CURRENCY_PLACE = re.compile(r"\bU\.?S\.?\s*(?:\\?\$|dollars?\b)", re.IGNORECASE)


def clause_places(clause: str, glossary: Glossary) -> list[str]:
    """The places a figure's clause names, currencies (`US$`) and the world as a whole left out."""
    text = _CURRENCY_PLACE.sub(" ", clause)
    return [place for place in places_in(text, glossary) if not names_group(place, "scope_world")]


def place_unmet(
    question: Question, answer: Answer, cited: Sequence[Cited], index: StoredIndex, glossary: Glossary
) -> Misalignment | None:
    """A looked-up prose figure whose own clause names places, none of which the question names nor its passage's
    title and heading (the document's province): the figure is that place's (Africa's part of a province's
    investment), not the one asked about."""
    if not looked_up(question, answer, cited):
        return None
    for item in cited:
        if item.citation.table_id or names_group(item.citation.quote, "respectively"):
            return None
        title = " ".join([index.chunk_titles.get(item.citation.chunk_id, ""), *item.citation.heading])
        framing = set(places_in(title, glossary))
        for fact in item.facts:
            own = [place for place in clause_places(fact.clause, glossary) if place not in framing]
            if question.entities:
                own += [name for name in unlisted_places(fact.clause, glossary) if not _frames(name, title, question)]
            named = any(mentions(entity, fact.clause, glossary) for entity in question.entities)
            if own and not named:
                return Misalignment("place", "", own[0])
    return None


def _frames(name: str, title: str, question: Question) -> bool:
    """The passage's title or heading, or the question itself, prints `name`: it frames the figure, no other place."""
    return any(find_word(name.lower(), text.lower()) is not None for text in (title, question.text))


def unlisted_places(clause: str, glossary: Glossary) -> list[str]:
    """Capitalised names the glossary does not hold that a clause marks as places by the words around them (group
    `place_before`: `in Ruritania`; group `place_noun`: `Zembla Province`, `the Province of Zembla`), or as the
    owner of what the figure measures (`Ruritania's exports`); a month (`in March`) or a name the glossary holds as
    something else (`Ministry of Commerce`) is none. A passage about one place names another in a figure's own
    clause only to give that place's figure."""
    if not _CAPITAL_AFTER_START.search(clause):
        return []
    months = period_words().get("month", {})
    found = []
    for name in english_entities(clause, glossary):
        low = name.lower()
        if low in months or glossary.labels_named(name) or places_in(name, glossary):
            continue
        at = find_word(low, clause.lower())
        if at is not None and _marked_as_place(clause, at.start(), at.end()):
            found.append(name)
    return found


def _marked_as_place(clause: str, start: int, end: int) -> bool:
    """The name at `clause[start:end]` follows a `place_before` word, ends with a `place_noun` word, follows `<place
    noun> of`, or owns what follows it (`'s`)."""
    words = alignment_words()
    nouns = words.get("place_noun", ())
    before = clause[:start].lower().split()[-2:]
    return (
        (bool(before) and before[-1] in words.get("place_before", ()))
        or clause[:end].lower().split()[-1] in nouns
        or (len(before) == 2 and before[1] == "of" and before[0] in nouns)
        or clause[end : end + 2] in ("'s", "’s")
    )


# a capital letter after a clause's first word: a name may be there (a clause without one names no unlisted place)
_CAPITAL_AFTER_START = re.compile(r"\S\s+\S*[A-Z]")


_WHOLE_ASKED = re.compile(r"\b(?:share|percentage|percent|proportion|fraction) of\s+(.+)", re.IGNORECASE)
# the whole a printed percentage is of, up to a punctuation mark or the next figure
_WHOLE_GIVEN = re.compile(r"\s*(?:percent|per cent)?\s+of\s+(?:that of\s+)?([^,;.:()\d]{1,60})", re.IGNORECASE)


def whole_asked(question: Question) -> str:
    """The whole an English share question takes its part of (`what share of X's GDP should A account for`: X's
    GDP), up to the first word of `whole_end`; "" when it names none."""
    match = _WHOLE_ASKED.search(question.text)
    if match is None:
        return ""
    ends = set(alignment_words().get("whole_end", ()))
    words = []
    for word in re.findall(r"[\w'’-]+", match.group(1)):
        if word.lower() in ends:
            break
        words.append(word)
    return " ".join(words)


def whole_asked_zh(question: Question) -> str:
    """The whole a Chinese share question takes its part of (`占X的比重`: X), between a word of `whole_open` and one of
    `whole_close`; "" when it names none."""
    words = alignment_words()
    for opener in words.get("whole_open", ()):
        start = question.text.find(opener)
        if start < 0:
            continue
        rest = question.text[start + len(opener) :]
        ends = [at for word in words.get("whole_close", ()) if 0 < (at := rest.find(word)) <= MAX_WHOLE_CHARS]
        if ends:
            return rest[: min(ends)].removesuffix("的").strip()
    return whole_before_part(question.text)


def whole_before_part(text: str) -> str:
    """The whole a Chinese share question names before it turns to the part (`2031年X中，Y所占比例`: X, its year left
    out), a word of `whole_within` ending it and one of `whole_close` after it; "" when it names none so, or one
    longer than MAX_WHOLE_CHARS."""
    words = alignment_words()
    for marker in words.get("whole_within", ()):
        at = text.find(marker)
        if at <= 0 or not any(word in text[at:] for word in words.get("whole_close", ())):
            continue
        whole = _YEAR_ZH.sub("", text[:at]).removesuffix("的").strip()
        return whole if len(whole) <= MAX_WHOLE_CHARS else ""
    return ""


_YEAR_ZH = re.compile(rf"{YEAR.pattern}年")  # a year as a Chinese question prints it (`2031年`)


# How many characters a Chinese whole (`全市GDP`, `全省进出口总额`) may run to.
MAX_WHOLE_CHARS = 20


def english_whole(whole: str, glossary: Glossary) -> str:
    """A Chinese whole in English words: its glossary terms (longest first) by their English names, its Latin words
    as written, the words of the report's own frame (`全市`, `全省`) and of a mere total (`总额`) left out; "" when a
    Chinese word of it is in no glossary term (the whole is then not known well enough to hold a figure against)."""
    words = alignment_words()
    rest = whole
    for word in (*words.get("whole_frame", ()), *words.get("whole_total", ())):
        rest = rest.replace(word, " ") if has_cjk(word) else rest
    names = []
    for term in sorted(glossary.terms, key=lambda term: -len(term.zh)):
        if len(term.zh) >= 2 and term.zh in rest:
            names.append(term.en)
            rest = rest.replace(term.zh, " ")
    for word in ("的", *words.get("whole_link", ())):
        rest = rest.replace(word, " ")
    if has_cjk(rest):
        return ""
    return " ".join([*names, rest])


def whole_words(text: str) -> frozenset[str]:
    """The word stems of `text` that name a whole: no stop word, kind-of-thing word (`generic`), word of the
    report's own frame (`whole_frame`: the province) or figure."""
    frame = token_set(" ".join(alignment_words().get("whole_frame", ())))
    return frozenset(word for word in token_set(text) - stopwords() - generic_words() - frame if word.isalpha())


def whole_unmet(question: Question, answer: Answer, cited: Sequence[Cited], glossary: Glossary) -> Misalignment | None:
    """A looked-up prose percentage printed as a share of another whole than the question's (`77% of that of the
    service industry` for a share of a city's GDP): the whole after the figure names none of the asked whole's
    words. A whole of only generic words (`of the total`) states no other whole."""
    if question.asked != "percent" or not looked_up(question, answer, cited):
        return None
    asked = whole_asked(question) or whole_asked_zh(question)
    wanted = whole_words(english_whole(asked, glossary) if has_cjk(asked) else asked)
    if not wanted:
        return None
    for item in cited:
        quote, figure = item.citation.quote, item.citation.value_text
        at = quote.find(figure) if figure and not item.citation.table_id else -1
        other = other_whole(wanted, quote, at + len(figure)) if at >= 0 else ""
        if other:
            return Misalignment("whole", asked, other)
        if at >= 0 and whole_unnamed(question, quote, glossary):
            return Misalignment("measure", asked)  # a share stated of what the sentence names, not of the whole asked
    return None


def whole_unnamed(question: Question, quote: str, glossary: Glossary) -> bool:
    """A Chinese share question names its whole before its part (`whole_before_part`: `X中，Y的比例`), and `quote`
    names no word of it but its places: a share printed there is of what that sentence is about, not of X."""
    asked = whole_before_part(question.text)
    own = whole_words(english_whole(asked, glossary)) - place_words(asked, glossary) if asked else frozenset()
    return bool(own) and not any(term_in(word, token_set(quote)) for word in own)


def place_words(text: str, glossary: Glossary) -> frozenset[str]:
    """The word stems of the English names of the places `text` names (`广东`: guangdong)."""
    return token_set(" ".join(name for place in places_in(text, glossary) for name in names_of(place, glossary)))


def other_whole(wanted: frozenset[str], sentence: str, end: int) -> str:
    """The whole a percentage printed up to `end` of `sentence` is stated to be of (`... of that of X`), when it
    names none of the `wanted` words (`whole_words` of the asked whole); "" when it names one or states none."""
    given = whole_stated(sentence, end)
    stated = whole_words(given)
    return given if stated and not any(term_in(word, stated) for word in wanted) else ""


def whole_stated(sentence: str, end: int) -> str:
    """The whole a percentage printed up to `end` of `sentence` is stated to be of (`40% of the FDI flow`: `the FDI
    flow`); "" when it states none."""
    given = _WHOLE_GIVEN.match(sentence, end)
    return given.group(1).strip() if given else ""


# Families of directions a figure can have, each with its two-way words first (group `<family>_both`): trade
# (imports, exports) and direct investment (inward, outward).
DIRECTIONS = {"flow": ("both", "import", "export"), "invest": ("both", "in", "out")}


def directions_named(text: str, family: str = "flow") -> frozenset[str]:
    """The directions of one family `text` names (groups `<family>_*`): the two-way words are read first and
    blanked out, so that `import and export` names no one-way flow."""
    low = text.lower()
    found = set()
    for word in alignment_words().get(f"{family}_both", ()):
        while (at := word_at(word, low, whole=False)) is not None:
            found.add("both")
            low = f"{low[:at]}{' ' * len(word)}{low[at + len(word) :]}"
    found |= {way for way in DIRECTIONS[family][1:] if names_group(low, f"{family}_{way}")}
    return frozenset(found)


def trade_flows(text: str) -> frozenset[str]:
    """The directions of trade `text` names (both, import, export)."""
    return directions_named(text, "flow")


def other_direction(question: Question, text: str) -> tuple[str, str] | None:
    """The direction the question asks and the other one `text` gives, as group names (`flow_import`,
    `flow_export`; `invest_in`, `invest_out`), when the question asks one direction of a family and `text` names
    directions of it, none of them the one asked (`exports grew 5%` for an imports question, an outflow for an
    inflow question); None when it fits or either names none."""
    for family, ways in DIRECTIONS.items():
        asked = asked_directions(question, family)
        given = directions_named(text, family) if asked else frozenset()
        if given and not asked & given:
            return f"{family}_{min(asked, key=ways.index)}", f"{family}_{min(given, key=ways.index)}"
    return None


def asked_directions(question: Question, family: str) -> frozenset[str]:
    """The directions of one family a figure may have to answer the question: the one direction it names, or, for
    a question of two sides (`A grew faster than B`) one of which names it, each side's own (a side naming none but
    a word of the whole flow, `<family>_whole`: `trade with A`, asks both ways; a side naming neither inherits the
    other's, as in `exports to A than to B`). Empty when no one direction is asked."""
    named = directions_named(question.text, family)
    if len(named) != 1:
        return frozenset()
    texts = sides_text(question)  # only once one direction is asked: most figures of most questions stop above
    if texts is None:
        return named
    own = [directions_named(text, family) or whole_flow(text, family) for text in texts]
    return frozenset().union(*own)


def whole_flow(text: str, family: str) -> frozenset[str]:
    """`both` when `text` names the flow of a family as a whole (`trade`, `贸易`) and no direction of it."""
    return frozenset({"both"}) if names_group(text, f"{family}_whole") else frozenset()


def flow_unmet(question: Question, answer: Answer, cited: Sequence[Cited], index: StoredIndex, glossary: Glossary):
    """A cited figure whose own words give another direction than the one asked: total trade or exports for an
    imports question, a country's outflows for its inflows. An answer that gives no figure (a service, a name
    quoted from passages) has no figure's own words: the direction is met when any cited passage names it."""
    if answer.source_value is None and not answer.formula:
        quoted = " ".join(f"{citation.quote} {' '.join(citation.heading)}" for citation in answer.citations)
        directions = other_direction(question, quoted)
        return Misalignment("flow", *directions) if directions else None
    for item in cited:
        directions = other_direction(question, own_context(item, index, glossary))
        if directions:
            return Misalignment("flow", *directions)
    return None


SUBJECTS = ("money", "invest", "contract", "people", "tax", "trade", "outsourcing")
# The kinds of money a figure's words may name where they say which (`subject_money` names money of either kind).
MONEY_KINDS = frozenset({"invest", "contract"})


def subjects_named(text: str) -> frozenset[str]:
    """What `text` says is measured: money (direct investment, contracted projects' turnover, or money of no kind
    said), people, taxes paid, goods traded, outsourcing executed, several or none (groups `subject_*`). Money of no
    kind said is dropped beside a kind of money (`the investment amount` names investment)."""
    named = {subject for subject in SUBJECTS if names_group(text, f"subject_{subject}")}
    return frozenset(named - {"money"} if named & MONEY_KINDS else named)


def other_subject(asked: frozenset[str], given: frozenset[str]) -> tuple[str, str] | None:
    """The one subject asked and the one other subject given (`invest`, `contract`) when each names exactly one and
    they differ; money of no kind said fits either kind of money. None when they fit or either is unclear."""
    if len(asked) != 1 or len(given) != 1 or asked == given:
        return None
    pair = asked | given
    if "money" in pair and pair - {"money"} <= MONEY_KINDS:
        return None
    return next(iter(asked)), next(iter(given))


def figure_lead(quote: str, figure: str) -> str:
    """The words that lead up to a figure printed in `quote`: from the figure before it (a year is no figure) or
    the sentence's start, to the figure (`2,514 workers were dispatched, an increase of` before `11%`); "" when
    the figure is not printed there."""
    at = quote.rfind(figure) if figure else -1
    if at < 0:
        return ""
    before = [q.end for q in extract_quantities(quote[:at]) if q.kind != "year"]
    return quote[max(before, default=0) : at]


def count_phrase(quote: str, figure: str) -> str:
    """The words right after a count printed in `quote` that name what it counts (`27 overseas contracted projects`:
    `rag.read.counted.words_after`); "" when the figure is not printed there."""
    at = quote.rfind(figure) if figure else -1
    found = extract_quantities(quote[at:]) if at >= 0 else []
    return words_after(quote[at:], found[0]) if found else ""


def subject_words(item: Cited, answer: Answer, count: bool = False) -> str:
    """The words that say what a cited figure measures: a cell's row and column labels, or where they name nothing
    measured its table's title (`turnover of contracted projects by country`); the words leading up to a prose
    figure, and for a count (`count`: the question asks one) whose lead names nothing measured, the noun phrase
    after it that it counts."""
    if not item.citation.table_id:
        figure = item.citation.value_text or answer.source_unit
        lead = figure_lead(item.citation.quote, figure)
        return lead if subjects_named(lead) or not count else f"{lead} {count_phrase(item.citation.quote, figure)}"
    cells = [fact for fact in item.facts if fact.source == "table"]
    labels = " ".join(fact_words(fact) for fact in cells)
    return labels if subjects_named(labels) else " ".join(fact.table_title for fact in cells)


def subject_unmet(question: Question, answer: Answer, cited: Sequence[Cited]) -> Misalignment | None:
    """A looked-up figure whose own words name only people (workers, personnel) for a question that names only money
    (investment, turnover), taxes paid for either, a contracted project's turnover for direct investment, or any
    other way round: the figure measures another thing than asked."""
    asked = subjects_named(question.text)
    if len(asked) != 1 or not looked_up(question, answer, cited):
        return None
    for item in cited:
        pair = other_subject(asked, subjects_named(subject_words(item, answer, question.asked == "count")))
        if pair:
            return Misalignment("subject", *(f"subject_{subject}" for subject in pair))
    return None


# How many words before a trade flow's word (`exports`) may name the kind of goods it is of.
GOODS_WORDS = 3


def goods_asked(question: Question) -> tuple[tuple[str, str], ...]:
    """The kinds of goods an English question's trade flows are of, each with its flow as asked: the words right
    before an import or export word, back to a possessive, a capitalised name, a figure or a word that names no
    subject (`Freedonia's electronic component exports` asks about `electronic component`)."""
    if has_cjk(question.text):
        return ()
    stops = stopwords() | generic_words()
    words = re.findall(r"[\w&'’-]+", question.text.replace("’", "'"))
    found = []
    for at, word in enumerate(words):
        if not trade_flows(word) - {"both"} or at == 0:
            continue
        phrase: list[str] = []
        for before in reversed(words[max(0, at - GOODS_WORDS) : at]):
            low = before.lower()
            if low.endswith("'s") or before[:1].isupper() or before[:1].isdigit() or low in stops or trade_flows(low):
                break
            phrase.insert(0, low)
        if phrase:
            found.append((" ".join(phrase), " ".join([*phrase, word.lower()])))
    return tuple(found)


def goods_unmet(
    question: Question, answer: Answer, cited: Sequence[Cited], index: StoredIndex, glossary: Glossary
) -> Misalignment | None:
    """A kind of goods the question's trade flow is of (`goods_asked`), printed in few passages of the index
    (`QUALIFIER_SHARE`), that no cited figure's own words name: the figure is of all goods, or of others."""
    if not looked_up(question, answer, cited):
        return None
    limit = QUALIFIER_SHARE * len(index.chunks)
    contexts = [own_context(item, index, glossary).lower() for item in cited]
    for goods, asked in goods_asked(question):
        if index.holding(goods) <= limit and not any(find_word(goods, context, whole=False) for context in contexts):
            return Misalignment("qualifier", asked, _subject(cited[0]))
    return None


def item_unmet(question: Question, answer: Answer, cited: Sequence[Cited]) -> Misalignment | None:
    """A looked-up prose figure paired by position with an item of a `respectively` list (`the number of trains and
    the value of goods rose 1.2 times and 63% respectively`) whose own words the English question names none of:
    the figure counts that item, not what is asked. Words that name no thing of their own (stop words, kinds of
    thing, mere measures: `measure_generic`) do not count. Chinese questions name items in other words than the
    English reports: they are left to the reader's own binding."""
    if question.lang != "en" or not states_figure(answer, cited):
        return None
    asked = asked_words(question)
    for item in cited:
        quote = item.citation.quote
        paired = None if item.citation.table_id else respective_items(quote, extract_quantities(quote), _any_kind)
        if paired is None:
            continue
        figures, items = paired
        at = [n for n, figure in enumerate(figures) if _same(figure.value, answer.source_value)]
        own = item_words(items[at[0]]) if len(at) == 1 else frozenset()
        if own and not any(term_in(word, asked) for word in own):
            return Misalignment("item", "", item_name(items[at[0]]))
    return None


def listed_unmet(question: Question, answer: Answer, cited: Sequence[Cited], glossary: Glossary) -> Misalignment | None:
    """A looked-up prose figure printed after an open list that names an entity of the question as one of its items
    (`in A, B, C and other places, a total of 900 projects`: `rag.read.open_lists`): the figure is the list's total,
    not the entity's own. A `respectively` sentence binds its figures to the items one by one and is left alone."""
    if not looked_up(question, answer, cited):
        return None
    ends = alignment_words().get("list_open", ())
    for item in cited:
        quote, figure = item.citation.quote, item.citation.value_text
        at = quote.find(figure) if figure and not item.citation.table_id else -1
        if at < 0 or names_group(quote, "respectively"):
            continue
        for entity in question.entities:
            listed = listed_with_others(quote, at, entity, glossary, ends)
            # a question naming every item the list names asks for the list's figure as the report gives it
            if listed and not all(mentions(name, question.text, glossary) for name in list_items(listed, ends)):
                return Misalignment("item", "", listed)
    return None


def rank_unmet(question: Question, answer: Answer, cited: Sequence[Cited], index: StoredIndex) -> Misalignment | None:
    """A rank looked up from a table for a question that asks how far a rank moved (`rag.read.rank_asks`: one year's
    rank states no move), or that states the rank of the row it asks about (`the port ranked second`) when the cited
    row holds another rank: its own rank cell, or for another figure of the row (its throughput) the rank cell
    beside it (`row_ranks`). A count asked of a rank the cited sentence states (`ranking first ... for 37 years`) is
    the sentence's count, whatever kind the index gave its figure."""
    if not looked_up(question, answer, cited):
        return None
    ranks = [fact for item in cited for fact in item.facts if fact.kind == "rank"]
    if ranks and asks_rank_move(question.text):
        return Misalignment("kind", "rank_change", "rank")
    stated = stated_rank(question.text)
    if stated is None:
        return None
    ranks = ranks or row_ranks(cited, index)
    if not ranks or any(_same(fact.value, stated) for fact in ranks):
        return None
    if question.asked == "count" and any(stated_rank(item.citation.quote) == stated for item in cited):
        return None  # `for how many years has X ranked first`: the sentence states that rank, and counts the years
    return Misalignment("place", "", ranks[0].row[-1] if ranks[0].row else "")


def row_ranks(cited: Sequence[Cited], index: StoredIndex) -> list[Fact]:
    """The rank cells of the table rows the cited cells lie on (a ranking's `world rank` column beside the
    throughput cited)."""
    facts = [fact for item in cited for fact in item.facts if fact.source == "table"]
    rows = {(fact.doc_name, fact.line, fact.table_id) for fact in facts}
    return [
        fact
        for doc_name, line, table_id in rows
        for fact in index.facts_by_place.get((doc_name, line), ())
        if fact.source == "table" and fact.table_id == table_id and fact.kind == "rank"
    ]


def part_unmet(question: Question, answer: Answer, cited: Sequence[Cited]) -> Misalignment | None:
    """A looked-up prose percentage whose leading words name the part it is the share of (`the proportion of X will
    exceed 40%`: `part_open` words; or the amount a share follows: `amount_part`) with words that neither the English
    question nor the whole it names hold: the figure is another part's share (IT outsourcing's for a question about
    business process outsourcing)."""
    if question.lang != "en" or question.asked != "percent" or not looked_up(question, answer, cited):
        return None
    asked = asked_words(question)
    whole = whole_words(whole_asked(question))
    for item in cited:
        lead = "" if item.citation.table_id else figure_lead(item.citation.quote, item.citation.value_text)
        low = lead.lower()
        starts = [at + len(word) for word in alignment_words().get("part_open", ()) if (at := low.rfind(word)) >= 0]
        if starts:
            part = item_name(lead[max(starts) :].strip())
            own = item_words(part) - whole
        elif part := amount_part(item.citation.quote, item.citation.value_text, lead):
            own = {word for word in item_words(part) if not term_in(word, whole)}  # `invested` of the investment
        else:
            continue
        if own and not any(term_in(word, asked) for word in own):
            return Misalignment("item", "", part)
    return None


_UNITLESS_KINDS = ("percent", "percentage_points")  # a rate, not an amount
SHARE_LEAD_WORDS = 3  # `which accounted for`: more words between an amount and its share say more than the share


def amount_part(quote: str, figure: str, lead: str) -> str:
    """The part a share printed right after an amount is of (`gadget makers invested $3 billion, accounting for
    41%`: `gadget makers invested`): the amount's own lead less its part marker (`Among them`: `opens_with_part`),
    where the words between the two figures name only the share (`accounting for`); "" otherwise, or after a rate."""
    if not lead.strip(" ,") or len(lead.split()) > SHARE_LEAD_WORDS or "share" not in question_measures(lead):
        return ""
    before = quote[: quote.rfind(figure) - len(lead)]
    amount = next(reversed([q for q in extract_quantities(before) if q.kind != "year"]), None)
    if amount is None or amount.kind in _UNITLESS_KINDS:
        return ""  # a share printed after a rate (`grew 8%, accounting for 27%`) says no part by an amount
    own = figure_lead(before, amount.text).strip(" ,")
    return item_name(own[len(opens_with_part(own)) :].strip(" ,"))


def share_part_unmet(question: Question, answer: Answer, cited: Sequence[Cited], glossary: Glossary):
    """A looked-up table share whose part is its column group, not its row (`新增股权 | 比重` in a table of year or
    total rows: new equity's share of the flow), when the question does not name that part: the printed share is of
    another part and whole than the ones asked (`A's share of the world's X` answered by a component's share of X)."""
    if question.asked != "percent" or not looked_up(question, answer, cited):
        return None
    for item in cited:
        for fact in item.facts:
            part = column_part(fact)
            if part and not mentions(part, question.text, glossary):
                return Misalignment("item", "", part)
    return None


def column_part(fact: Fact) -> str:
    """The part a table share cell is of when its row is a year or a total and its column a share under a group
    (`新增股权 | 比重`): the group's label; "" for any other cell (a row's own share names its part by the row)."""
    if fact.source != "table" or len(fact.column) < 2 or not fact.row:
        return ""
    label = fact.row[-1]
    if not (years_in(label) or label.lower() in TOTAL_LABELS):
        return ""
    group, own = fact.column[0], fact.column[-1]
    return group if names_group(own, "kind_share") and not names_group(group, "kind_share") else ""


# How many words a modifier may hold between its opening word and its head (`in green energy industries`).
SCOPE_WORDS = 4


@lru_cache(maxsize=1)
def _scope_pattern() -> re.Pattern[str]:
    """`in|of` + up to SCOPE_WORDS words + `industries|sectors|...` (groups `scope_open`, `scope_head`)."""
    words = alignment_words()
    opens, heads = ("|".join(map(re.escape, words.get(group, ()))) for group in ("scope_open", "scope_head"))
    word = rf"(?!(?:{opens})\s)[\w-]+\s+"  # the part's words open no other modifier: the nearest one is read
    return re.compile(rf"\b(?:{opens})\s+((?:{word}){{1,{SCOPE_WORDS}}})(?:{heads})\b")


def scoped_parts(lead: str) -> list[tuple[str, frozenset[str]]]:
    """The parts the words leading up to a figure narrow its measure to (`investment in green energy industries
    will reach`: `green energy industries`), each with the word stems that name it (question stop words left out)."""
    parts = []
    for match in _scope_pattern().finditer(lead.lower()):
        words = token_set(match.group(1)) - stopwords()
        if words:
            parts.append((match.group(0).split(None, 1)[1], words))
    return parts


def narrowed_unmet(question: Question, answer: Answer, cited: Sequence[Cited]) -> Misalignment | None:
    """A looked-up prose figure whose leading words narrow its measure to a part (`investment in green energy
    industries will exceed $2 billion`) that the question names by none of its words: the figure is a part's, not
    the whole's the question asks about (a city's total investment)."""
    if not looked_up(question, answer, cited):
        return None
    asked = asked_words(question) | question.terms
    for item in cited:
        if item.citation.table_id:
            continue
        lead = figure_lead(item.citation.quote, item.citation.value_text or answer.source_unit)
        for part, words in scoped_parts(lead):
            if not any(term_in(word, asked) for word in words):
                return Misalignment("item", "", part)
    return None


_ABBREVIATION = re.compile(r"\b[A-Z][A-Za-z0-9&]{1,7}\b")


def asked_words(question: Question) -> frozenset[str]:
    """The word stems of an English question with the long forms of the abbreviations it prints (`IT`: `information
    technology`), which the reports spell out."""
    longs = [form for name in _ABBREVIATION.findall(question.text) for form in other_forms(name, question.text)]
    return token_set(" ".join([question.text, *longs]))


def _any_kind(quantity: Quantity) -> str:
    """A list of figures bound to items may mix kinds (`1.2 times and 63%`)."""
    return "figure"


def item_words(item: str) -> frozenset[str]:
    """The word stems of a list item that name a thing of its own: no stop word, kind-of-thing word or mere measure
    (`measure_generic`: `the value of`, `the number of`, `increase`)."""
    measure = token_set(" ".join(alignment_words().get("measure_generic", ())))
    return frozenset(word for word in token_set(item) - stopwords() - generic_words() - measure if word.isalpha())


def item_name(item: str) -> str:
    """A list item up to its verb (`the value of goods will increase by`: `the value of goods`), for the refusal."""
    ends = {*alignment_words().get("whole_end", ()), *alignment_words().get("item_end", ())}
    words = item.split()
    cut = next((n for n, word in enumerate(words) if n and word.lower() in ends), len(words))
    return " ".join(words[:cut])


def counted_unmet(question: Question, answer: Answer, glossary: Glossary) -> Misalignment | None:
    """A count read from a sentence that counts other things than the question (`two cities` of a slogan for `how
    many sister cities`): the figure as printed is found in the cited sentence and its noun read there. Counts in
    words have no fact in the index, so this reads the quote itself."""
    counted = counted_noun(question, glossary)
    if counted is not None and False in counted_verdicts(question, answer, glossary):
        return Misalignment("counted", counted.phrase)
    return None


def counted_verdicts(question: Question, answer: Answer, glossary: Glossary, head: bool = False) -> list[bool | None]:
    """For each quoted sentence the answer's figure is read from, whether the figure counts what the question counts
    (`counts_it`; with `head`, the counted phrase's noun itself must be bound, not only a word before it: `gadget`
    of `gadget factories`); [] for an answer of no stated count, or a count of a table's rows (its rows are what is
    counted, and its unit word `count` is no printed figure: `country` of a cited sentence holds it)."""
    counted = counted_noun(question, glossary)
    if counted is None or answer.formula or answer.source_value is None or not answer.source_unit:
        return []
    if any(step.op == "count" and step.table_id for step in answer.steps):
        return []
    counted = replace(counted, words=counted.words[-1:]) if head else counted
    verdicts = []
    for citation in answer.citations:
        at = citation.quote.rfind(answer.source_unit) if not citation.table_id else -1
        if at < 0:
            continue
        figure = Quantity(answer.source_value, text=answer.source_unit, start=at, end=at + len(answer.source_unit))
        verdicts.append(counts_it(citation.quote, figure, counted, " ".join(citation.heading)))
    return verdicts


def misalignment(question: Question, answer: Answer, index: StoredIndex, glossary: Glossary) -> Misalignment | None:
    """The first constraint of the question that the answer's cited facts leave unmet; None when all are met or
    the answer cites no fact (a quoted passage, a refusal)."""
    if answer.refused:
        return None
    counted = counted_unmet(question, answer, glossary)
    if counted is not None:
        return counted
    cited = principal(answer, answer_facts(answer, index))
    if not cited:
        return None
    unmet = (
        period_unmet(question, answer, cited)
        or span_unmet(question, answer, cited)
        or scope_unmet(question, cited, glossary)
        or measure_unmet(question, answer, cited)
        or actor_unmet(question, answer, cited)
        or framed_by(question, cited, glossary)
        or investor_unmet(question, answer, cited)
        or kind_unmet(question, answer, cited)
        or flow_unmet(question, answer, cited, index, glossary)
        or subject_unmet(question, answer, cited)
        or whole_unmet(question, answer, cited, glossary)
        or item_unmet(question, answer, cited)
        or listed_unmet(question, answer, cited, glossary)
        or rank_unmet(question, answer, cited, index)
        or part_unmet(question, answer, cited)
        or share_part_unmet(question, answer, cited, glossary)
        or narrowed_unmet(question, answer, cited)
        or entity_unmet(question, answer, cited, index, glossary)
        or specific_unmet(question, cited, glossary)
        or source_unmet(question, cited, index, glossary)
        or qualifier_unmet(question, answer, cited, index, glossary)
        or goods_unmet(question, answer, cited, index, glossary)
        or place_unmet(question, answer, cited, index, glossary)
    )
    if unmet is None or unmet.constraint in ("period", "kind", "flow", "subject", "span", "measure"):
        return unmet
    return replace(unmet, asked=display_name(unmet.asked, glossary), found=display_name(unmet.found, glossary))
