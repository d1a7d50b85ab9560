"""Matching names: whether a question, a label or a passage names an entity, place, topic or measure.

Chinese labels are matched by substring or bigrams, English names by word stems and whole words; the glossary
gives each Chinese label its English names, so a question in either language names a row in either."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rag.lazy import BoundedCache
from rag.read.question import (
    BRACKETED,
    DEMONYMS,
    QUESTION_WORDS,
    Question,
    glossary_labels,
    known_name,
    proper_names_zh,
    question_measures,
    question_topics,
    suffixed_names,
)
from rag.text.abbreviations import abbreviations_named, other_forms
from rag.text.glossary import Glossary, has_cjk, normalise
from rag.text.tokens import find_word, token_set, word_pattern
from rag.text.variants import names_by_variant
from rag.text.wordlists import grouped_words

TOTAL_LABELS = ("合计", "总计", "世界", "全球", "total", "world")


SPECIFIC_MEASURES = ("stock", "flow", "turnover", "throughput")


def names_of(label: str, glossary: Glossary) -> list[str]:
    """A label and its English names: the gloss, the gloss without its bracket, and the aliases in the bracket."""
    return list(_memo(glossary).names.get(label, lambda: tuple(_names_of(label, glossary))))


def same_place(one: str, other: str, glossary: Glossary) -> bool:
    """Two labels name one place: they are equal or the glossary gives them a name in common (`拉美` and `拉丁美洲`,
    both `Latin America`); a place and a part of it (`中国`, `中国香港`) are not one."""
    return one == other or bool(set(names_of(one, glossary)) & set(names_of(other, glossary)))


def _names_of(label: str, glossary: Glossary) -> list[str]:
    names = [label]
    gloss = glossary.gloss(label) if has_cjk(label) else None
    if gloss:
        names += [gloss, re.sub(r"\s*\([^)]*\)", "", gloss)]
        for group in re.findall(r"\(([^)]*)\)", gloss):
            names += [part.strip() for part in group.split(",")]
    return [name for name in dict.fromkeys(names) if name]


def name_match(name: str, question: Question) -> float:
    """How fully the question names `name` (0..1): Chinese by substring or bigrams, English by word stems."""
    if has_cjk(name):
        if name in question.text:
            return 1.0 + 0.02 * len(name)  # the longer label named wins: 东南亚地区 over 东南亚
        grams = {name[i : i + 2] for i in range(len(name) - 1)} or {name}
        return 0.8 * sum(gram in question.text for gram in grams) / len(grams)
    tokens = token_set(name)
    return sum(term_in(token, question.terms) for token in tokens) / len(tokens) if tokens else 0.0


def term_in(token: str, terms: frozenset[str]) -> bool:
    """A word stem among the terms, or sharing a five-letter prefix with one (finance/financial, telecom/...)."""
    if token in terms:
        return True
    return len(token) >= 5 and any(len(term) >= 5 and term[:5] == token[:5] for term in terms)


def best_name_match(label: str, question: Question, glossary: Glossary) -> float:
    return max((name_match(name, question) for name in names_of(label, glossary)), default=0.0)


# Words that many place names share (`South Korea`, `South Africa`; `New Zealand`, `New Caledonia`; `Port of
# Dalian`, `Port of Tianjin`): a name of several words is not named by these alone.
SHARED_NAME_WORD = re.compile(
    r"(?:south|north|east|west|central|(?:east|west|north|south)ern|new|united|republic|democratic|people|kingdom"
    r"|states|islands?|and|the|of|saint|san|upper|lower|great|greater"
    r"|ports?|harbou?rs?)"
)


def _names_english(name: str, low: str) -> bool:
    """A name in lower-cased text; a name of several words needs at least half of them (translations vary), and
    among them a word of its own, not only a word that many names share (`South` of `South Korea`)."""
    if find_word(name.lower(), low, whole=False):
        return True
    words = [w for w in re.split(r"[\s-]+", name.lower()) if len(w) > 2]
    if len(words) < 2:
        return False
    found = [w for w in words if find_word(w, low, whole=False)]
    own = [w for w in found if not SHARED_NAME_WORD.fullmatch(w)]
    return bool(own) and len(found) * 2 >= len(words)


def mentions(entity: str, text: str, glossary: Glossary) -> bool:
    """Whether `text` names `entity` (a Chinese entity also by its English names, a place also by its adjective)."""
    return _memo(glossary).mentions.get((entity, text), lambda: _mentions(entity, text, glossary))


def world_names(entity: str) -> frozenset[str]:
    """The other Chinese names of the whole world when `entity` is one (`world_names_zh` data: `全球`, `世界`): each
    names the world as the others do, so `全球` is named by `world` as `世界` is."""
    names = QUESTION_WORDS.get("world_names_zh", frozenset())
    return names - {entity} if entity in names else frozenset()


@dataclass(frozen=True)
class _EntityNames:
    """What `_mentions` derives from an entity alone (its names, adjectives, aliases and their forms), made once per
    entity and glossary: the reader asks whether each of thousands of texts names the same few entities."""

    acronyms: tuple[re.Pattern, ...]  # `UK`, `US`: only as a whole word in capitals
    in_full: tuple[str, ...]  # the bracket's names (`Blue Ridge`), lower case, each named in full
    variant_labels: tuple[str, ...]  # the entity and its glossary labels, for `names_by_variant`
    word_by_word: bool  # `place_and_name`: matched by `named_word_by_word` alone
    names: tuple[str, ...]
    own: frozenset[str]  # the English names' words (`_words_of`)
    organisation: bool  # a Chinese ministry or company: named in full or by its short form only


def _entity_names(entity: str, glossary: Glossary) -> _EntityNames:
    memo = _memo(glossary)
    return memo.entity_names.get(entity, lambda: _make_entity_names(entity, glossary, memo))


def _make_entity_names(entity: str, glossary: Glossary, memo: _GlossaryMemo) -> _EntityNames:
    places = {entity, *(names_of(entity, glossary) if has_cjk(entity) else ())}  # `中国` by `Chinese` too
    adjectives = [adjective for adjective, place in DEMONYMS.items() if place in places]
    # an English entity the glossary knows is also named by its Chinese label and that label's other names
    labels = glossary_labels(entity, glossary)
    aliases = [name for label in labels for name in names_of(label, glossary)]
    aliases += other_forms(entity)  # `IoT` named as `Internet of Things` (`rag.text.abbreviations`)
    aliases += [name for world in world_names(entity) for name in names_of(world, glossary)]  # `全球` by `world`
    other_names = bracket_names(entity, glossary)  # each named in full: no word of `Blue Ridge` alone names it
    acronyms = tuple(re.compile(rf"\b{re.escape(name)}\b") for name in aliases + other_names if _acronym(name))
    in_full = tuple(name.lower() for name in other_names if not _acronym(name))
    aliases = [name for name in aliases if not _acronym(name)]
    named = re.sub(r"\s*[()]\s*", " ", entity).strip() if other_names else entity  # in part: its words, as a run
    names = list(dict.fromkeys(names_of(named, glossary) + adjectives + aliases))
    names += [singular for name in names if (singular := _singular(name))]
    own = frozenset(_words_of(name) for name in names if not has_cjk(name))
    organisation = has_cjk(named) and named in memo.organisations
    word_by_word = place_and_name(entity, glossary)
    return _EntityNames(acronyms, in_full, (entity, *labels), word_by_word, tuple(names), own, organisation)


def _mentions(entity: str, text: str, glossary: Glossary) -> bool:
    suffixed = _suffixed_names(entity, glossary)
    if suffixed:
        # a place outside the glossary has no English name: a text with no Chinese cannot be judged, and is not
        # held against it (`云梦省` asked of an English report that may spell it `Yunmeng`)
        return not has_cjk(text) or any(name in text for name in suffixed)
    known = _entity_names(entity, glossary)
    if any(pattern.search(text) for pattern in known.acronyms):
        return True  # an acronym (`UK`, `US`) counts only as a whole word in capitals, not as `uk` in `Ukraine`
    low = text.lower()
    if any(find_word(name, low, whole=False) for name in known.in_full):
        return True
    if names_by_variant(known.variant_labels, text):
        return True  # `"area" all the way`: the report's machine translation of 一带一路 (`rag.text.variants`)
    if known.word_by_word:  # `Zembla Lanshan`: as `Zembla` and `blue mount`, never `Zembla` alone
        return named_word_by_word(entity, low, glossary)
    memo = _memo(glossary)
    names = known.names
    if any(name in text if has_cjk(name) else _names_freely(name.lower(), low, known.own, memo) for name in names):
        return True
    if known.organisation:
        return False  # a ministry or company is named in full or by its short form (`MIIT`), not by some of its words
    # a name of several words found in part (`America` of `North America`) is not named by another place's name
    # (`Latin America`)
    partial = _without_other_places(names, text, glossary)
    return any(not has_cjk(name) and _names_english(name, partial) for name in names)


@lru_cache(maxsize=4096)
def _suffixed_names(entity: str, glossary: Glossary) -> tuple[str, ...]:
    return suffixed_names(entity, glossary) if has_cjk(entity) else ()


def _singular(name: str) -> str | None:
    """The singular of a one-word plural English name (`electronics` → `electronic`, named by `electronic
    payments`), or None: the adjective form names the same field. Short words (`ships`) and `-ss` stay as they are."""
    if has_cjk(name) or " " in name or len(name) < 7 or not name.endswith("s") or name.endswith("ss"):
        return None
    return name[:-1]


def _acronym(name: str) -> bool:
    return len(name) < 4 and name.isupper()


def place_and_name(entity: str, glossary: Glossary) -> bool:
    """An English name of several words, one naming a place and another an organisation or a park the glossary
    knows (`Zembla Lanshan`: the country and its park)."""
    words = entity.split()
    if len(words) < 2 or has_cjk(entity):
        return False
    places = _memo(glossary).place_labels
    kinds = [label in places for word in words for label in glossary_labels(word, glossary)]
    return any(kinds) and not all(kinds)


def named_word_by_word(entity: str, low: str, glossary: Glossary) -> bool:
    """Whether lower-cased `low` holds every word of an English name, each as itself or by another English name the
    glossary gives it (`Zembla Lanshan` in a text of `Zembla` and `blue mount`, 蓝山园区 glossed `Lanshan Park
    (Lanshan, blue mount)`: a word-for-word translation renders the name so). Every word must be found, so that the
    country alone (`Zembla`) does not name its park, as the half of its words would name another name."""
    for word in (word.lower() for word in entity.split()):
        if find_word(word, low):
            continue
        others = {name.lower() for label in glossary_labels(word, glossary) for name in names_of(label, glossary)}
        if not any(find_word(other, low) for other in others - {word} if not has_cjk(other)):
            return False
    return True


def bracket_names(entity: str, glossary: Glossary) -> list[str]:
    """An English entity that holds its other name in brackets (`Zembla (Blue Ridge)`, `rag.read.question.
    bracket_aliases`): the name and the other name, each of which names it; [] for any other entity (a row label
    `Other obligations (3)` holds a footnote mark, no name)."""
    match = BRACKETED.fullmatch(entity.strip())
    return [match.group(1), match.group(2)] if match and not known_name(match.group(2), glossary) else []


def _without_other_places(names: Sequence[str], text: str, glossary: Glossary) -> str:
    """Lower-cased `text` with the English names of the places it names blanked out, except places whose names
    hold or are held by one of `names` (`Hong Kong` in `Hong Kong, China` is the same place)."""
    low = text.lower()
    own = [_plain(name) for name in names if not has_cjk(name)]
    blanked = []
    for label in places_in(text, glossary):
        others = [name.lower() for name in names_of(label, glossary) if not has_cjk(name)]
        if any(_same_place(_plain(other), name) for other in others for name in own):
            continue
        blanked += others
    # the longest names first, whichever place they are of: `Widget Province` before the `Widget` of the place
    # `Widget`, which would leave `Province` to half-name another province
    for other in sorted(blanked, key=len, reverse=True):
        if other in low:  # (a name the text no longer holds leaves it as it is)
            low = word_pattern(other).sub(lambda m: " " * len(m.group(0)), low)
    return low


@lru_cache(maxsize=8192)
def _plain(name: str) -> str:
    """A name in lower case with its words' punctuation but a comma made spaces (`Hong Kong, China` as `hong kong,
    china`, `Ningbo-Zhoushan` as `ningbo zhoushan`)."""
    return " ".join(re.sub(r"[^\w,]+", " ", name.lower()).replace(",", ", ").split())


def _same_place(other: str, name: str) -> bool:
    """Two English place names (as `_plain`) that name one place: equal, one the other with words after it
    (`hong kong` and `hong kong china`, `latin america` and `latin america and the caribbean`), or one the other
    with words before it that make it no other place (`port of ningbo`). A name after a modifier (`north america`
    for `america`, `south sudan` for `sudan`: `_more_specific`) is a more specific place of its own."""
    bare_other, bare_name = other.replace(",", ""), name.replace(",", "")  # `hong kong, china` is `hong kong china`
    if bare_other == bare_name or bare_other.startswith(f"{bare_name} ") or bare_name.startswith(f"{bare_other} "):
        return True
    longer, shorter = (other, name) if len(other) > len(name) else (name, other)
    return longer.endswith(f" {shorter}") and not _more_specific(longer[: -len(shorter)])


@lru_cache(maxsize=1)
def _modifiers() -> frozenset[str]:
    return frozenset(grouped_words(MODIFIERS_PATH, "place modifiers").get("modifier", ()))


MODIFIERS_PATH = Path(__file__).resolve().parents[1] / "data" / "place_modifiers.tsv"


def _more_specific(before: str) -> bool:
    """The words of a longer place name before a shorter one make it another place: a modifier among them (`north`,
    `papua new`: `rag/data/place_modifiers.tsv`), or a comma right before the shorter one (`hong kong, china`)."""
    if before.rstrip().endswith(","):
        return True
    return any(word in _modifiers() for word in re.findall(r"[a-z]+", before))


def _names_freely(name: str, low: str, own: frozenset[str], memo: _GlossaryMemo) -> bool:
    """Lower-case English `name` found in lower-cased `low` at least once where it is not the tail of a longer place
    name of another place (`america` in `north america`, `sudan` in `south sudan`, `china` in `hong kong, china`):
    there the text names that other place, and a question's shorter name is no match for it (`_tail_covered`)."""
    if name not in low:
        return False
    spans = place_spans(low, memo)
    matches = word_pattern(name, False).finditer(low)
    return any(not _tail_covered(m.start(), m.end(), spans, own, low) for m in matches)


def _tail_covered(start: int, end: int, spans: PlaceSpans, own: frozenset[str], low: str) -> bool:
    """An occurrence at `start`..`end` of lower-cased `low` lies inside a place name that begins before it, is none
    of `own` names, and is another place by the words before it (`_more_specific`)."""
    return any(s < start and end <= e and name not in own and _more_specific(low[s:start]) for s, e, name, _ in spans)


PlaceSpans = tuple[tuple[int, int, str, str], ...]


def place_spans(low: str, memo: _GlossaryMemo, place_keys: PlaceKeys | None = None) -> PlaceSpans:
    """(start, end, name as `_words_of`, Chinese label) of every English place name of two words or more in
    lower-cased `low`: the longer names a shorter one may be the tail of. Read once per text; `place_keys`: the
    places `_places_started` found in the text, where the caller has them already."""

    def spans() -> PlaceSpans:
        return tuple(_place_spans(low, _places_started(low, memo) if place_keys is None else place_keys))

    return memo.spans.get(low, spans)


def _place_spans(low: str, place_keys: PlaceKeys) -> list[tuple[int, int, str, str]]:
    found = []
    for zh, keys in place_keys:
        for key, cjk in keys:
            if cjk or " " not in key.strip() or key not in low:
                continue
            found += [(m.start(), m.end(), _words_of(key), zh) for m in word_pattern(key).finditer(low)]
    return found


_PLACE_SUFFIX = re.compile(r"(?:地区|省|市|国|经济体)$")


def _words_of(name: str) -> str:
    """A name's words, lower case, without punctuation (`Hong Kong, China` as `hong kong china`)."""
    return " ".join(re.findall(r"[^\W_]+", name.lower()))


def names_part_of(label: str, entity: str) -> bool:
    """A Chinese row label that is only a part of the entity the question names (北美 of 北美和中美地区).

    The row then names another, smaller thing than asked; a generic suffix of the entity (地区, 省) is not a part.
    """
    if not (has_cjk(label) and has_cjk(entity)):
        return False
    label, whole = _PLACE_SUFFIX.sub("", normalise(label)), _PLACE_SUFFIX.sub("", entity)
    return len(label) >= 2 and label != whole and label in whole


def overlap(question: Question, text: str) -> float:
    """Share of the question's terms found in `text`."""
    if not question.terms:
        return 0.0
    return len(question.terms & token_set(text)) / len(question.terms)


def coverage(question: Question, text: str) -> float:
    """Share of the question's terms that `text` holds, word stems compared as in `term_in`.

    A Chinese question is measured by its English glossary expansions where it has them (titles are English)."""
    terms = [term for term in question.terms if not has_cjk(term)] or list(question.terms)
    if not terms:
        return 0.0
    words = token_set(re.sub(r"['’]s\b", "", text)) | abbreviations_named(text)
    return sum(term_in(term, words) for term in terms) / len(terms)


def missing_topic(question: Question, text: str) -> bool:
    """The question names a topic (`TOPIC_WORDS`: M&A, new contracts, ...) that `text` does not."""
    return bool(question.topics) and not set(question.topics) & set(question_topics(text))


def extra_topic(question: Question, title: str) -> bool:
    """The table counts one kind of deal (`greenfield`, `M&A` in its title) and the question names no kind: a
    question about all outward investment is not answered by the greenfield part of it."""
    return not question.topics and bool(question_topics(title))


def other_measure(question: Question, text: str) -> bool:
    """The question asks for a stock (or flow, turnover...) and `text` states another of these, not the one asked."""
    wanted = set(question.measures) & set(SPECIFIC_MEASURES)
    offered = set(question_measures(text)) & set(SPECIFIC_MEASURES)
    return bool(wanted and offered and not wanted & offered)


def known_place(entity: str, glossary: Glossary) -> bool:
    """A place or organisation the glossary knows (by its Chinese label or an English name), or a place adjective."""
    if has_cjk(entity):
        return entity in _memo(glossary).place_labels
    return known_name(entity, glossary)


def is_place(entity: str, glossary: Glossary) -> bool:
    """A place or an English name (a capitalised run: a place, organisation or person), not a Chinese industry."""
    return not has_cjk(entity) or entity in _memo(glossary).place_labels


def _name_positions(names: Sequence[str], text: str) -> list[int]:
    low = text.lower()
    found = []
    for name in names:
        if has_cjk(name):
            found += [m.start() for m in re.finditer(re.escape(name), text)]
        else:
            found += [m.start() for m in word_pattern(name.lower()).finditer(low)]
    return found


@dataclass(frozen=True)
class _GlossaryMemo:
    """What matching derives from one glossary, made once: its places and their names, and the answers already
    given for a label's names, a text's places and an entity named in a text (pure functions of their arguments
    and the glossary, asked again for the same row labels, headings and clauses by every question)."""

    glossary: Glossary
    places: tuple[tuple[str, tuple[str, ...]], ...] = ()
    place_labels: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()  # proper names of the `other` category: ministries, companies
    place_keys: tuple = ()  # the places' names as `_places_in` reads them (`_search_keys`)
    english_heads: dict = field(default_factory=dict)  # the places by their keys' first characters (`_key_heads`)
    chinese_heads: dict = field(default_factory=dict)
    names: BoundedCache = field(default_factory=lambda: BoundedCache(8192))
    found: BoundedCache = field(default_factory=lambda: BoundedCache(8192))
    organisations_found: BoundedCache = field(default_factory=lambda: BoundedCache(8192))  # a text's organisations
    mentions: BoundedCache = field(default_factory=lambda: BoundedCache(16384))
    entity_names: BoundedCache = field(default_factory=lambda: BoundedCache(4096))  # `_EntityNames` by entity
    spans: BoundedCache = field(default_factory=lambda: BoundedCache(8192))  # `place_spans` of a lower-cased text


_MEMOS: dict[int, _GlossaryMemo] = {}


def _memo(glossary: Glossary) -> _GlossaryMemo:
    memo = _MEMOS.get(id(glossary))
    if memo is None or memo.glossary is not glossary:  # new, or the id of a glossary since collected
        places = tuple(
            (term.zh, tuple(name for name in _names_of(term.zh, glossary) if len(name) > 1))
            for term in glossary.terms
            if term.category in ("country", "region") and len(term.zh) > 1
        )
        # proper names of the `other` category (a capitalised gloss): ministries, agencies, companies, reports
        others = frozenset(proper_names_zh(glossary))
        keys = _search_keys(places)
        labels = frozenset(zh for zh, _ in places)
        heads = _key_heads(keys, chinese=False), _key_heads(keys, chinese=True)
        memo = _MEMOS[id(glossary)] = _GlossaryMemo(glossary, places, labels, others, keys, *heads)
    return memo


def place_names(glossary: Glossary) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(Chinese name, its names) of every country and region (provinces and cities included) in the glossary."""
    return _memo(glossary).places


def organisations_in(text: str, glossary: Glossary) -> list[str]:
    """The ministries, agencies and companies (the glossary's proper names of the `other` category) `text` names, by
    their Chinese label or an English name; each text read once per glossary, as `places_in` reads it (every
    candidate sentence of every question is asked, and the question's own text once per sentence)."""
    memo = _memo(glossary)
    found = memo.organisations_found.get(
        text, lambda: tuple(sorted(label for label in memo.organisations if mentions(label, text, glossary)))
    )
    return list(found)


def places_in(text: str, glossary: Glossary) -> list[str]:
    """The countries, regions, provinces and cities `text` names in full (Chinese or English); each text is read
    once per glossary (the reader asks of the same headings and clauses for every question)."""
    memo = _memo(glossary)
    return list(memo.found.get(text, lambda: tuple(_places_in(text, memo))))


PlaceKeys = tuple[tuple[str, tuple[tuple[str, bool], ...]], ...]


def _places_in(text: str, memo: _GlossaryMemo) -> list[str]:
    """The places named in `text`; an English name only where it is not the tail of another place's longer name
    (`america` of `north america` names no America, `china` of `hong kong, china` no China: `_tail_covered`)."""
    low = text.lower()
    place_keys = _places_started(text, memo)
    spans = place_spans(low, memo, place_keys)
    found = []
    for zh, keys in place_keys:
        own = frozenset(span[2] for span in spans if span[3] == zh)
        if any(key in text if cjk else _named_at(key, low, spans, own) for key, cjk in keys):
            found.append(zh)
    return found


def _named_at(key: str, low: str, spans: PlaceSpans, own: frozenset[str]) -> bool:
    if key not in low:
        return False
    return any(not _tail_covered(m.start(), m.end(), spans, own, low) for m in word_pattern(key).finditer(low))


def _places_started(text: str, memo: _GlossaryMemo) -> PlaceKeys:
    """The places (in glossary order) that `text` may name: an English key begins where a word of the lower-cased
    text begins (`word_pattern` finds it nowhere else), a Chinese key anywhere in the text. A text holds the first
    characters of a few of the glossary's hundreds of places; only these are read further."""
    low = text.lower()
    heads = {low[i : i + n] for i in (0, *(m.end() for m in _NOT_LETTER.finditer(low))) for n in HEAD_LENGTHS}
    found = {i for head in heads & memo.english_heads.keys() for i in memo.english_heads[head]}
    if has_cjk(text):
        pairs = {text[i : i + 2] for i in range(len(text) - 1)}
        found |= {i for pair in pairs & memo.chinese_heads.keys() for i in memo.chinese_heads[pair]}
    return tuple(memo.place_keys[i] for i in sorted(found))


_NOT_LETTER = re.compile(r"[^a-z]")
HEAD_LENGTHS = (2, 3, 4)  # an English key is known by its first four characters (all of a shorter one)


def _key_heads(place_keys: PlaceKeys, chinese: bool) -> dict[str, tuple[int, ...]]:
    """The first characters of each English key (`HEAD_LENGTHS`) or of each Chinese key (two), and the positions in
    `place_keys` of the places with a key so begun (`_places_started`)."""
    heads: dict[str, list[int]] = {}
    for i, (_, keys) in enumerate(place_keys):
        for key, cjk in keys:
            if cjk == chinese:
                heads.setdefault(key[: 2 if cjk else HEAD_LENGTHS[-1]], []).append(i)
    return {head: tuple(dict.fromkeys(places)) for head, places in heads.items()}


def _search_keys(places: tuple[tuple[str, tuple[str, ...]], ...]) -> PlaceKeys:
    """Each place's names as (the Chinese name, or the English name in lower case; whether Chinese), worked out once
    per glossary rather than once per text."""
    return tuple(
        (zh, tuple((name if has_cjk(name) else name.lower(), has_cjk(name)) for name in names)) for zh, names in places
    )


def names_in_full(entity: str, label: str, glossary: Glossary) -> bool:
    return any(entity.lower() in name.lower() for name in names_of(label, glossary))


def mention_position(label: str, question: Question, glossary: Glossary) -> int:
    low = question.text.lower()
    positions = [low.find(name.lower()) for name in names_of(label, glossary)]
    return min((p for p in positions if p >= 0), default=len(low))


def spelled_out(label: str, text: str, glossary: Glossary) -> float:
    """Share of the words of the label's best name that `text` spells as written (`developed` is not
    `developing`, though both stem to `develop`); a Chinese name counts when it is in the text."""
    low = text.lower()
    best = 0.0
    for name in names_of(label, glossary):
        if has_cjk(name):
            best = max(best, float(name in text))
            continue
        words = [w for w in re.split(r"[\s-]+", name.lower()) if len(w) > 2]
        if words:
            found = sum(bool(find_word(w, low, whole=False)) for w in words)
            best = max(best, found / len(words))
    return best


def display_name(label: str, glossary: Glossary) -> str:
    return glossary.annotate(label)
