"""Question analysis for the grounded reader: language, years, entities, measure, operation and asked kind.

Everything here is rule-based and cheap, so the reader can run on every question without a model. The word lists
are the vocabulary of the reports (UNCTAD / MOFCOM tables): a measure is what a table column or a prose figure
states (流量 flow, 存量 stock, 金额 amount, ...); an operation is the arithmetic the question asks for; the asked
kind is the type of figure that answers it (amount, percent, count, rank, text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.read.operations import (
    asks_operation,
    asks_year_before,
    change_direction,
    change_directions,
    counted_nouns,
    fraction_thresholds,
    item_names,
    measure_words,
    operation_words,
    stated_sign,
)
from rag.read.rank_asks import asks_rank_move, without_editions
from rag.read.sized_lists import asked_size
from rag.text.glossary import Glossary, english_names, has_cjk
from rag.text.numbers import FISCAL_YEAR, YEAR, chinese_count, extract_quantities, word_numbers
from rag.text.thesaurus import without_hedges
from rag.text.tokens import find_word, tokenize
from rag.text.wordlists import grouped_words

QUESTION_WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "question_words.tsv"
# Capitalised words that are no entity, month names, ordinary words and Chinese name-asking words: data.
QUESTION_WORDS: dict[str, frozenset[str]] = {
    group: frozenset(words) for group, words in grouped_words(QUESTION_WORDS_PATH, "question words").items()
}
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent|per cent|个百分点|百分点)")

# Canonical measures and the words (English, Chinese) that name them, in questions and in column headers: data
# (`rag/data/measures.tsv`).
MEASURE_WORDS: dict[str, tuple[str, ...]] = measure_words()

# Kinds of deal or activity a figure counts: when a question names one, the evidence must name it too (a table of
# project finance does not answer an M&A question, completed turnover does not answer one about new contracts).
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "m&a": ("m&a", "merger", "acquisition", "并购"),
    "greenfield": ("greenfield", "绿地"),
    "project_finance": ("project financ", "项目融资"),
    "new_contracts": ("new contract", "newly signed", "newly-signed", "new signing", "新签"),
    "outsourcing": ("outsourc", "服务外包"),
}

ENTITY_CATEGORIES = ("country", "region", "industry")
# Questions that ask for a name, a kind, a place, a strategy or a source, wherever the asking word stands
# (`Toward which regions ...`, `what kind of centre`, `怎样的战略`, `哪家报纸`): sentences answer them unless the
# question also names a quantity.
_NAME_ASKED = re.compile(
    r"\b(?:which|where|whom|whose|what (?:kinds?|types?|sorts?|forms?|roles?|strategy|strategies|name|names)\b)"
)
_QUANTITY_EN = re.compile(
    r"\b(?:how (?:much|many|fast|large|big|long)|percent|percentage|share|proportion|rate|growth|grow|grew|value|"
    r"amount|number|total|figure|ratio|times|rank|ranked|ranking|largest|smallest|biggest|highest|lowest|most|least)\b"
)
_QUANTITY_ZH = re.compile(r"多少|几|比重|占比|比例|增长|增速|百分|排名|最")
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_ZH_ORDINAL_DIGITS = r"(\d{1,2}|[一二三四五六七八九十]{1,2})"


@lru_cache(maxsize=1)
def _ordinal_number() -> re.Pattern[str]:
    """`3rd`, `第三位`, `第二低` (closing words `ordinal_close_zh`, rag/data/operations.tsv); after a ranking verb
    (`排第二？`, `位居第三`) or a from-the-bottom word (`倒数第二`) the ordinal needs no closing word."""
    words = operation_words()
    closing = "|".join(map(re.escape, words.get("ordinal_close_zh", ())))
    bottom = "|".join(map(re.escape, words.get("ordinal_from_bottom", ())))
    open_after = rf"(?:(?<=[排居列])|(?<={bottom}))" if bottom else r"(?<=[排居列])"
    return re.compile(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)\b|第\s*{_ZH_ORDINAL_DIGITS}\s*(?:{closing})"
        rf"|{open_after}第\s*{_ZH_ORDINAL_DIGITS}(?![一二三四五六七八九十\d])"
    )


@lru_cache(maxsize=1)
def _chinese_ordinal_from_bottom() -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """`第二低` (a low closing word, `ordinal_low_zh`) and `倒数第二` (`ordinal_from_bottom`): each counts from the
    bottom of the column; both together count from the top again."""
    words = operation_words()
    low_words = "|".join(map(re.escape, words.get("ordinal_low_zh", ())))
    bottom = "|".join(map(re.escape, words.get("ordinal_from_bottom", ())))
    return (
        re.compile(rf"第\s*{_ZH_ORDINAL_DIGITS}\s*(?:{low_words})"),
        re.compile(rf"(?:{bottom})\s*第") if bottom else None,
    )


def _zh_ordinal_counts_from_bottom(low: str) -> bool:
    """Whether a Chinese ordinal asks for a row counted from the bottom (`第二少`, `倒数第三`); cheap when no `第`."""
    if "第" not in low:
        return False
    low_word, bottom = _chinese_ordinal_from_bottom()
    return (low_word.search(low) is not None) != (bottom is not None and bottom.search(low) is not None)


_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# `Which ... had the largest ...?`: a superlative without an ordinal asks for the first row.
_SUPERLATIVE = re.compile(
    r"\b(?:largest|biggest|highest|most|top|fastest|sharpest|steepest|deepest|smallest|lowest|fewest|slowest|weakest)\b"
    r"|(?<!at )\bleast\b"
    r"|最(?:大|多|高|快|小|少|低|慢)"
)
# `Which ... the smallest / grew slowest`, `哪个...最低`: the superlative counts from the bottom of the column.
_LOWEST = re.compile(r"\b(?:smallest|lowest|fewest|slowest|weakest)\b|(?<!at )\bleast\b|最(?:小|少|低|慢)")
# `grew fastest`, `增长最快`: the rows are ranked by their growth rate, not by their amount.
_FASTEST = re.compile(r"\b(?:fastest|slowest)\b|最(?:快|慢)")
# Capitalised words that are measures, units or question words, never the entity a question is about.
_GENERIC_CAPS = QUESTION_WORDS["generic_caps"]


# Adjectives that name a place: the evidence names the place.
DEMONYMS = {"Chinese": "China", "European": "Europe", "African": "Africa", "Asian": "Asia", "American": "America"}


@dataclass(frozen=True)
class Question:
    """What the reader needs to know about a question; see the module docstring for the vocabulary."""

    text: str
    lang: str
    years: tuple[int, ...]
    entities: tuple[str, ...]
    measures: tuple[str, ...]
    operation: str
    asked: str
    terms: frozenset[str]
    ordinal: int | None = None
    numbers: tuple[float, ...] = ()
    numbers_all: tuple[float, ...] = ()
    topics: tuple[str, ...] = ()
    lowest: bool = False  # a superlative counted from the bottom (`smallest`, `最低`)
    by_rate: bool = False  # rows ranked by a growth rate (`fastest`, `增长最快`)
    sources: tuple[str, ...] = ()  # the source a figure is attributed to (`据工信部介绍`): the sentence must name it
    listings: tuple[str, ...] = ()  # entities naming a list a figure comes from (`the Acme Global 300`): see `listings`

    @property
    def year(self) -> int | None:
        """The latest year named, the one a single-value question is about."""
        return max(self.years) if self.years else None


def detect_language(text: str) -> str:
    """`zh` when Chinese characters make up a fair part of the letters, else `en`."""
    cjk = len(_CJK_CHAR.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk and cjk * 3 >= latin else "en"


_MONTHS = QUESTION_WORDS["months"]


def is_month(name: str) -> bool:
    """`April`, `Sept`: a month's name (group `months` of `rag/data/question_words.tsv`), a period, no item."""
    return name.lower().strip(".") in _MONTHS


_NAMED_YEAR = re.compile(r"([A-Za-z][A-Za-z'’-]*)\s+$")


def _part_of_name(text: str, start: int) -> bool:
    """A year printed as part of a title (`World Investment Report 2023`, `Vision 2030`): the capitalised word
    before it is a name, not a preposition, a month or a possessive (`in 2022`, `December 2022`, `China's 2015`)."""
    match = _NAMED_YEAR.search(text[:start])
    if not match:
        return False
    word = match.group(1)
    if re.search(r"['’]s?$", word):  # `China's 2015 OFDI`, `IMF's 2024 forecast`: the year is asked about
        return False
    low = word.lower()
    return word[:1].isupper() and low not in _GENERIC_CAPS and low not in _MONTHS and low not in _COMMON_WORDS


# After a year: the month of a Chinese date (`2024年4月`) and a `的` before the noun naming an edition.
_ZH_MONTH = re.compile(r"^\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月份?\s*的?\s*")
_EN_MONTH = re.compile(r"([A-Za-z]+)\.?\s+$")


def _edition_year(text: str, start: int, end: int) -> bool:
    """The year dates an edition (`the April 2024 projection`, `2024年4月预测`): it is a month's (a date, not a
    period) and a noun naming a forecast or report (`edition` words of `rag/data/operations.tsv`) follows it."""
    rest = text[end:]
    month = _ZH_MONTH.match(rest)
    before = _EN_MONTH.search(text[:start])
    if month is not None:
        rest = rest[month.end() :]
    elif before is None or before.group(1).lower() not in _MONTHS:
        return False
    rest = rest.lstrip().lower()
    for word in operation_words().get("edition", ()):
        if rest.startswith(word) and (not word.isascii() or not rest[len(word) : len(word) + 1].isalpha()):
            return True
    return False


def question_years(text: str) -> tuple[int, ...]:
    """Years named in the question (`2022`, `2022年`, each end of `2021-2022`), in order, without repeats; a year
    that is part of a title (`World Investment Report 2023`) is no year the question asks about, nor is the date
    of an edition (`the April 2024 projection for 2025`) when the question names another year."""
    found = [(m.start(), int(m.group(1)), m.end()) for m in YEAR.finditer(text) if not _part_of_name(text, m.start())]
    found += [(m.start(), 2000 + int(m.group(1)), m.end()) for m in FISCAL_YEAR.finditer(text)]
    asked = [(at, year, end) for at, year, end in found if not _edition_year(text, at, end)]
    if asked and len({year for _, year, _ in asked}) < len({year for _, year, _ in found}):
        found = asked
    return tuple(dict.fromkeys(year for _, year, _ in sorted(found)))


def _low(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'"))


def _has_word(low: str, word: str) -> bool:
    """English words match at a word start (`grow` in `grew`? no; in `growth`, yes); Chinese words anywhere."""
    if has_cjk(word):
        return word in low
    return find_word(word, low, whole=False) is not None


@lru_cache(maxsize=8192)
def question_measures(text: str) -> tuple[str, ...]:
    """Canonical measures named in the text, in the order of MEASURE_WORDS (cached: the reader asks it of the same
    column and title texts for every cell it scores)."""
    low = without_negated(_RATIO_WORDS.sub(" ", _STOCK_SHARES.sub(" ", _low(text))))
    for word in operation_words().get("exclude", ()):
        low = low.replace(word, " ")  # `not counting X` leaves X out; it asks for no count
    return tuple(name for name, words in MEASURE_WORDS.items() if any(_has_word(low, word) for word in words))


_NEGATED_END = re.compile(r"[,，;；:：)）?？。]")


def without_negated(low: str) -> str:
    """`low` less the words a `negated` word sets aside, to the end of their clause (`stock, not the flow)` -> `stock,
    )`): a measure named there is not asked. A negated verb (`did not grow`) is no measure set aside."""
    for word in operation_words().get("negated", ()):
        pattern = rf"(?<![a-z]){re.escape(word)}\b" if word.isascii() else re.escape(word)
        for match in reversed(list(re.finditer(pattern, low))):
            stop = _NEGATED_END.search(low, match.end())
            end = stop.start() if stop else len(low)
            low = low[: match.start()] + " " + low[end:]
    return low


# `how many times`: a ratio, not a count.
_RATIO_WORDS = re.compile(r"\bhow many times\b|多少倍")


# `number of shares`, `shareholders`, `per share`: a company's stock, not a share of a total; `the current portion
# of a loan`: the part of a balance due within a year, an amount, not a share.
_STOCK_SHARES = re.compile(
    r"\bshares\b|\bshareholder\w*|\bper share\b|\bshare[- ](?:options?|capital|price|awards?|units?|based)\b"
    r"|\b(?:non-?current|current|long-term|short-term) portions?\b"
)


@lru_cache(maxsize=8192)
def question_topics(text: str) -> tuple[str, ...]:
    """Canonical topics (`TOPIC_WORDS`) named in the text (`project-finance` as `project finance`)."""
    low = _low(text).replace("-", " ")
    return tuple(name for name, words in TOPIC_WORDS.items() if any(_has_word(low, word) for word in words))


# Ordinary English words that a question may capitalise (at its start, or in a title-cased phrase): a
# preposition, a verb or an adverb is no entity.
_COMMON_WORDS = QUESTION_WORDS["common_words"]
_VERB_SUFFIX = re.compile(r"(?:ed|ing|ly)$")


def glossary_labels(name: str, glossary: Glossary | None) -> tuple[str, ...]:
    """The Chinese labels of the places and organisations (not industries or column words) that the glossary
    names `name` in English, case-insensitive (`ASEAN` → 东盟): aliases under which evidence may name an entity."""
    return glossary.labels_named(name) if glossary is not None else ()


def known_name(word: str, glossary: Glossary | None) -> bool:
    """A place or organisation the glossary names in English (case-insensitive), or a place adjective."""
    return word in DEMONYMS or bool(glossary_labels(word, glossary))


def _initial_is_name(run: list[str], possessive: bool, glossary: Glossary | None) -> bool:
    """Whether the capitalised run at the start of the question is a name, not a capitalised ordinary word.

    A question's first word is capitalised whatever it is: it is an entity when the glossary knows it, it is an
    acronym or a possessive (`Germany's`), or it opens a longer run of capitals that is no common word or verb."""
    first = run[0]
    if known_name(" ".join(run), glossary) or known_name(first, glossary):
        return True
    if _opening_verb(run, glossary):
        return False
    if possessive:
        return True
    if first.isupper() and len(first) > 1:
        return True
    low = first.lower()
    return len(run) > 1 and low not in _COMMON_WORDS and not _VERB_SUFFIX.search(low)


def _opening_verb(run: list[str], glossary: Glossary | None) -> bool:
    """A participle or verb form (`-ing`, `-ed`) opening the question before a name the glossary knows: the verb
    only leads into the name (`Counting X's ...`), a possessive after it belongs to the name alone."""
    return len(run) > 1 and bool(_VERB_SUFFIX.search(run[0].lower())) and known_name(" ".join(run[1:]), glossary)


def _comma_names_joined(text: str, glossary: Glossary | None) -> str:
    """The text with the comma of each glossary name that holds one (`Hong Kong, China`) dropped, so that the name
    stays one entity while a list's commas (`Brazil, Russia`) separate names."""
    if glossary is None or "," not in text:
        return text
    for name in comma_names(glossary):
        text = re.sub(re.escape(name), name.replace(",", ""), text, flags=re.IGNORECASE)
    return text


@lru_cache(maxsize=4)
def comma_names(glossary: Glossary) -> tuple[str, ...]:
    names = {t.en for t in glossary.terms if "," in t.en and t.category in ENTITY_CATEGORIES}
    return tuple(sorted(names, key=lambda name: -len(name)))  # the longest first: a name may hold a shorter one


# A month with its day or year (`December 31, 2019`, `June 2018`) is a date (a fiscal year's end), no name the
# evidence must hold; a month alone (`from January to April`) names a period that it must.
_DATE = re.compile(
    r"(?<![-–])\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?\b,?|(?:19|20)\d\d\b)",
    re.IGNORECASE,
)


# Where a question's text opens a new sentence: after a full stop, question or exclamation mark that ends a figure
# or a lower-case word (`in 2022. Roughly what ...`), not the stops of an abbreviation (`U.S. Navy`).
_SENTENCE_BREAK = re.compile(r"(?<=[0-9a-z%)][.?!])\s+(?=[A-Z])")


def english_entities(text: str, glossary: Glossary | None = None) -> tuple[str, ...]:
    """Runs of capitalised words (`North America`, `United Arab Emirates`), question, measure and ordinary words
    dropped, the first word of each of the question's sentences only when it is a name (see `_initial_is_name`):
    `Roughly` opening a second sentence is capitalised as a sentence start, no name."""
    text = _DATE.sub(" ", FISCAL_YEAR.sub(" ", text))  # `FY19`, `December 31, 2019` are dates, not names
    runs = [run for sentence in _SENTENCE_BREAK.split(text) for run in _capital_runs(sentence, glossary)]
    aliases = bracket_aliases(text, glossary)
    names = (aliases.get(" ".join(run), " ".join(run)) for run in runs if run)
    return tuple(dict.fromkeys(place_of_demonym(name, glossary) for name in names))


def _capital_runs(text: str, glossary: Glossary | None) -> list[list[str]]:
    """The runs of capitalised words of one sentence, its first word kept only when it is a name."""
    # a figure with its unit glued on (`100MW`) is a token of its own that ends a run, as a comma does: `the X 100MW
    # plant` names X, not `X MW`
    tokens = re.findall(r"[A-Za-z][A-Za-z&.'-]*|[,;:]|\d[\w.]*", _comma_names_joined(text.replace("’", "'"), glossary))
    words = [word for token in tokens for word in _qualifier_place(token, glossary)]
    runs: list[list[str]] = []
    current: list[str] = []
    initial: list[str] | None = None
    possessive = False
    for position, word in enumerate(words):
        if word in ",;:":  # `Brazil, Russia and India`: a list's names are separate entities
            if current:
                runs.append(current)
            current = []
            continue
        clean = re.sub(r"'s$", "", word).strip(".'")
        generic = clean.lower() in _GENERIC_CAPS or clean.lower() in _COMMON_WORDS
        if clean[:1].isupper() and not generic:
            if position == 0:
                initial = current
            if current is initial:
                possessive = possessive or word.endswith("'s")
            current.append(clean)
            continue
        if position == 0 and clean[:1].isupper() and clean.lower() in _COMMON_WORDS:
            initial = []
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    if initial and not _initial_is_name(initial, possessive, glossary):
        initial.pop(0)
    return runs


def _qualifier_place(token: str, glossary: Glossary | None) -> list[str]:
    """One token as the words of a run: a figure ends a run (`,`), as does a place hyphenated to a participle of
    `qualifier_participle` (`Chinese-built` -> `Chinese`, then a break): the participle qualifies the thing named
    after it, and the place alone is a name. An acronym the glossary does not know as a place is no place
    (`GAAP-based revenue` stays one name: a standard, not where the revenue comes from)."""
    if token[0].isdigit():
        return [","]
    head, _, tail = token.rpartition("-")
    if not head[:1].isupper() or tail.lower() not in QUESTION_WORDS.get("qualifier_participle", ()):
        return [token]
    if head.isupper() and not known_name(head, glossary):
        return [token]
    return [head, ","]


# A capitalised name followed by capitalised words in brackets: `Zembla (Blue Ridge)`.
BRACKETED = re.compile(r"([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)\s*[(（]\s*([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)\s*[)）]")


def bracket_aliases(text: str, glossary: Glossary | None) -> dict[str, str]:
    """The run of capitalised words a name and its bracketed other name make (`Zembla Blue Ridge`) -> the name
    with its bracket (`Zembla (Blue Ridge)`), which evidence names by either (`names_of`). A place in brackets
    (`Acme (Freedonia)`) says where the thing is, not what else it is called, and is left to the run."""
    found = {}
    for match in BRACKETED.finditer(text):
        name, other = match.group(1), match.group(2)
        if not known_name(other, glossary):
            found[f"{name} {other}"] = f"{name} ({other})"
    return found


# How an adjective of a place ends, and what ends the place's name instead (`Egyptian`, `Indonesian`, `Canadian`,
# `Japanese`).
_DEMONYM_ENDINGS = (("ian", ""), ("ian", "ia"), ("ian", "a"), ("an", ""), ("an", "a"), ("ese", ""))


def place_of_demonym(name: str, glossary: Glossary | None) -> str:
    """The place an adjective names (`DEMONYMS`, else a glossary place its ending turns it into: `Egyptian` →
    `Egypt`); any other name as it is."""
    if name in DEMONYMS:
        return DEMONYMS[name]
    if glossary is None or " " in name or glossary_labels(name, glossary):
        return name
    for ending, replacement in _DEMONYM_ENDINGS:
        if name.endswith(ending) and glossary_labels(place := name[: -len(ending)] + replacement, glossary):
            return place
    return name


def chinese_entities(text: str, glossary: Glossary) -> tuple[str, ...]:
    """Glossary names of countries, regions and industries in the question, longest first, never overlapping; of
    two names of one length that overlap, the one that starts first (`山东非国有`: 山东, not 东非). A name inside a
    proper name (`世界` of `世界经济展望`, `中国` of `中国人民银行`) or inside a quoted title (`《…》`) is no entity
    asked: `_named_spans` covers them first."""
    covered = _named_spans(text, glossary)
    found: list[tuple[int, str]] = []
    places = []
    for term in glossary.terms:
        if term.category not in ENTITY_CATEGORIES or len(term.zh) < 2:
            continue
        start = text.find(term.zh)
        while start >= 0:
            places.append((start, term.zh))
            start = text.find(term.zh, start + 1)
    for start, name in sorted(places, key=lambda place: (-len(place[1]), place[0])):
        span = range(start, start + len(name))
        negated = start > 0 and text[start - 1] == "非"  # 非金融类 (non-financial) does not name 金融
        if not negated and not any(covered[i] for i in span):
            for i in span:
                covered[i] = True
            found.append((start, name))
    names = list(dict.fromkeys(name for _, name in sorted(found)))
    # `电动汽车和智能汽车`: the second 汽车 is part of a compound the glossary lacks; the longer name found
    # already says what the question is about, and the evidence need not name the bare part again
    return tuple(name for name in names if not any(name != other and name in other for other in names))


PLACE_SUFFIXES = grouped_words(Path(__file__).resolve().parents[1] / "data" / "place_suffixes.tsv", "place suffixes")


def suffixed_places(text: str, found: tuple[str, ...]) -> tuple[str, ...]:
    """The places a Chinese question names by a place suffix the glossary does not know (`云梦省`, `东湖港`;
    `rag/data/place_suffixes.tsv`): two or three characters after the last `name_break` character before a suffix
    that no `not_before` character follows, overlapping no entity `found` already (`浙江省` is 浙江)."""
    suffixes = sorted(
        [*PLACE_SUFFIXES.get("suffix_kept", ()), *PLACE_SUFFIXES.get("suffix_dropped", ())], key=len, reverse=True
    )
    breaks, not_before = set("".join(PLACE_SUFFIXES.get("name_break", ()))), PLACE_SUFFIXES.get("not_before", ())
    names = []
    for run in re.finditer(r"[\u4e00-\u9fff]+", text):
        for match in re.finditer("|".join(map(re.escape, suffixes)), run.group(0)):
            if run.group(0)[match.end() : match.end() + 1] in not_before:
                continue
            head = run.group(0)[: match.start()]
            name = head[max((i for i, char in enumerate(head) if char in breaks), default=-1) + 1 :]
            whole = name + match.group(0)
            if 2 <= len(name) <= 3 and not any(whole in entity or entity in whole for entity in found):
                names.append(whole)
    return tuple(dict.fromkeys(names))


def suffixed_names(entity: str, glossary: Glossary) -> tuple[str, ...]:
    """The names a text may give a place `suffixed_places` found outside the glossary: the name as asked, and its
    bare name for a `suffix_dropped` suffix (`云梦省` is named by `云梦`); () for any other entity."""
    if not has_cjk(entity) or glossary.labels_named(entity) or any(term.zh == entity for term in glossary.terms):
        return ()
    for suffix in PLACE_SUFFIXES.get("suffix_dropped", ()):
        if entity.endswith(suffix) and len(entity) > len(suffix):
            return (entity, entity[: -len(suffix)])
    kept = PLACE_SUFFIXES.get("suffix_kept", ())
    return (entity,) if any(entity.endswith(suffix) and len(entity) > len(suffix) for suffix in kept) else ()


_PROPER_NAMES: dict[int, tuple[Glossary, tuple[str, ...], tuple[str, ...]]] = {}


def _proper_names(glossary: Glossary) -> tuple[Glossary, tuple[str, ...], tuple[str, ...]]:
    """The glossary's proper names of the `other` category (a capitalised gloss: ministries, agencies, companies,
    reports): their Chinese labels and their English names of several words, longest first; read once per
    glossary."""
    held = _PROPER_NAMES.get(id(glossary))
    if held is None or held[0] is not glossary:
        terms = [term for term in glossary.terms if term.category == "other" and term.en[:1].isupper()]
        english = {name for term in terms for name in english_names(term.en) if len(name.split()) > 1}
        held = _PROPER_NAMES[id(glossary)] = (
            glossary,
            tuple(sorted({term.zh for term in terms}, key=len, reverse=True)),
            tuple(sorted((name for name in english if name[:1].isupper()), key=len, reverse=True)),
        )
    return held


def proper_names_zh(glossary: Glossary) -> tuple[str, ...]:
    """The Chinese labels of the glossary's proper names (`_proper_names`)."""
    return _proper_names(glossary)[1]


_QUOTED_TITLE_ZH = re.compile(r"《[^》]{1,60}》")


def _named_spans(text: str, glossary: Glossary) -> list[bool]:
    """Per character of a Chinese question, whether it stands inside a proper name of the glossary's `other`
    category (a capitalised gloss: an organisation, a publication) or a quoted title `《…》`: the place or industry
    words there name the organisation or the title, not what the question asks about."""
    covered = [False] * len(text)
    spans = [match.span() for match in _QUOTED_TITLE_ZH.finditer(text)] if "《" in text else []
    names = _proper_names(glossary)[1 if has_cjk(text) else 2]
    for name in names:
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    for start, end in spans:
        for i in range(start, end):
            covered[i] = True
    return covered


# `据X介绍`, `据X表示`: the source a Chinese question attributes its figure to.
_ATTRIBUTION_ZH = re.compile(r"据(.{2,16}?)(?:介绍|表示|称|说|统计|报道|发布|披露)")


def attributed_sources(text: str, glossary: Glossary) -> tuple[str, ...]:
    """The glossary names (of any kind: a ministry, an agency) in the source a question attributes its figure to:
    the evidence must name the source too (`according to UNCTAD` is a capitalised name `english_entities` finds)."""
    match = _ATTRIBUTION_ZH.search(text)
    if not match:
        return ()
    phrase = match.group(1)
    return tuple(term.zh for term in glossary.terms if len(term.zh) >= 2 and term.zh in phrase)


def english_industries(text: str, glossary: Glossary) -> tuple[str, ...]:
    """Industries and groups of economies an English question names by a glossary name of two or more words
    (`renewable energy`, `developing economies`), as their Chinese labels: the subject of the question, which the
    evidence must name too.
    Single words (`power`, `finance`) are left out, they are too often ordinary words of a question, unless a sector
    noun follows (`the financial sector`: `_sector_named`)."""
    low = _low(text)
    spaced = re.sub(r"\s+", " ", text.replace("’", "'"))  # `low` before lower-casing: same offsets
    found: list[tuple[int, int, str, str]] = []
    spans: list[tuple[int, int]] = []
    sectors: dict[int, str] = {}  # a single-word industry before a sector noun: its first label at each place
    for term in glossary.terms:
        if term.category == "industry" and len(term.en.split()) == 1:
            sector = _sector_named(term.en.lower(), low)
            if sector is not None:
                sectors.setdefault(sector, term.zh)
            continue
        if "," in term.en:
            continue
        # a group of economies is named by any of its glossary names (`advanced economies`)
        for name in english_names(term.en) if term.category == "region" else [term.en]:
            match = find_word(name.lower(), low) if len(name.split()) >= 2 else None
            if match is None and term.category == "region":
                match = coordinated_modifier(name.lower(), low)  # `developed and developing economies`
            if match:
                spans.append((match.start(), match.end()))
            if match is None or term.category not in ("industry", "region"):
                continue
            # a capitalised group name (`North America`) is found by `english_entities` already, in its own words
            if not (term.category == "region" and spaced[match.start() : match.start() + 1].isupper()):
                found.append((match.start(), match.end(), term.zh, term.category))
    # a group's name inside a longer group's name found (`developing economies` of `emerging market and developing
    # economies`) is part of that name, not a second group; an industry's parts stay (each must be evidenced)
    kept = [
        (f[0], f[2])
        for f in found
        if f[3] != "region"
        or not any(o[3] == "region" and o[0] <= f[0] and f[1] <= o[1] and o[1] - o[0] > f[1] - f[0] for o in found)
    ]
    # `the oil and gas industry` names oil and gas, not gas; `project finance sectors` no finance sector
    kept += [(at, zh) for at, zh in sectors.items() if not any(low_ <= at < high for low_, high in spans)]
    return tuple(dict.fromkeys(zh for _, zh in sorted(kept)))


def coordinated_modifier(name: str, low: str) -> re.Match[str] | None:
    """Where `low` names the group `name` (`developed economies`) by its modifier coordinated with another's before
    their shared head noun (`shared_head` data: `developed and developing economies`), the match of the modifier;
    else None. The match ends with the modifier, so the second group's own name is not read as inside the first's."""
    modifier, _, head = name.rpartition(" ")
    if not modifier or head not in QUESTION_WORDS.get("shared_head", ()) or modifier not in low:
        return None
    return re.search(_coordinated(modifier, head), low)


def _coordinated(modifier: str, head: str) -> str:
    """The modifier, where one or two words coordinated with it and the head follow (`developed` of `developed and
    developing economies`)."""
    return rf"\b{re.escape(modifier)}(?= (?:and|or|&) (?:[a-z-]+ ){{1,2}}{re.escape(head)}\b)"


def group_mentions(names: Sequence[str], low: str) -> list[int]:
    """Where lower-cased `low` names a group by any of its `names`, in full or by its modifier coordinated with
    another's before their shared head (`coordinated_modifier`), in order."""
    found = set()
    for name in (n.lower() for n in names):
        found |= {m.start() for m in re.finditer(rf"(?<![a-z]){re.escape(name)}(?![a-z])", low)}
        modifier, _, head = name.rpartition(" ")
        if modifier and head in QUESTION_WORDS.get("shared_head", ()):
            found |= {m.start() for m in re.finditer(_coordinated(modifier, head), low)}
    return sorted(found)


def _sector_named(word: str, low: str) -> int | None:
    """Where `low` names a single-word industry by its word (or its adjective: `financial` for `finance`) before a
    sector noun (`sector_noun`: `the financial sector`), or None."""
    if (word[:5] if len(word) > 5 else word) not in low:  # (every form below begins so)
        return None
    nouns = "|".join(re.escape(n) for n in sorted(QUESTION_WORDS.get("sector_noun", ()), key=len, reverse=True))
    if not nouns or word == "industry":
        return None
    # the word itself or its adjective (`financial`, `agricultural`), not another word of its stem (`financing`)
    form = rf"(?:{re.escape(word)}|{re.escape(word[:5])}[a-z]*al)" if len(word) > 5 else re.escape(word)
    match = re.search(rf"(?<![a-z]-)\b{form}\s+(?:{nouns})\b", low)  # not `project-finance sectors`
    return match.start() if match else None


def _ordinal(low: str) -> int | None:
    match = _ordinal_number().search(low)
    if match:
        return int(match.group(1)) if match.group(1) else _chinese_number(match.group(2) or match.group(3))
    for word, number in _ORDINALS.items():
        if re.search(rf"\b{word}\b", low) and any(w in low for w in ("rank", "place", "largest", "biggest", "top")):
            return number
        joined = re.search(rf"\b{word}[- ]+(?=\w)", low)  # `the second-smallest`, `third highest`: a position
        if joined and _SUPERLATIVE.match(low, joined.end()):
            return number
    return None


def item_position(text: str) -> int | None:
    """The position of the list item a question asks for by an ordinal before an item noun (`the second point`,
    `the 4th measure`, `第二项`; nouns: group `list_item` of `rag/data/operations.tsv`), else None. A rank or a
    period (`the third largest`, `the third quarter`) names no such noun."""
    low = text.lower()
    nouns = operation_words().get("list_item", ())
    english = "|".join(re.escape(n) for n in nouns if n.isascii())
    ordinal = "|".join(_ORDINALS)
    match = re.search(rf"\b(?:({ordinal})|(\d{{1,2}})(?:st|nd|rd|th))\s+(?:[a-z-]+\s+)?(?:{english})s?\b", low)
    if match:
        return _ORDINALS[match.group(1)] if match.group(1) else int(match.group(2))
    chinese = "|".join(re.escape(n) for n in sorted((n for n in nouns if not n.isascii()), key=len, reverse=True))
    match = re.search(rf"第\s*(\d{{1,2}}|[一二三四五六七八九十]{{1,2}})\s*(?:{chinese})", text)
    return _chinese_number(match.group(1)) if match else None


def item_opening(position: int) -> re.Pattern[str]:
    """How a sentence opens list item `position` (3): `Third,`, `Thirdly:`, `3.`, `(3)`, `第三，`, `三是`, `（三）`."""
    word = next((w for w, n in _ORDINALS.items() if n == position), "")
    digit = next((d for d, n in _ZH_DIGITS.items() if n == position), "")
    forms = [rf"[(（]?{position}\s*[.)）、．](?!\d)"]
    forms += [rf"{word}(?:ly)?\s*[,，:：]"] if word else []
    forms += [rf"第{digit}[，,、：:]", rf"{digit}是", rf"[(（]{digit}[)）]", rf"{digit}、"] if digit else []
    return re.compile(rf"^\s*(?:{'|'.join(forms)})", re.IGNORECASE)


def _chinese_number(text: str) -> int | None:
    """`3`, `三`, `十`, `十二`, `二十`: a small number in Arabic or Chinese digits."""
    return int(text) if text.isdigit() else chinese_count(text)


def _is_text_question(low: str, lang: str) -> bool:
    if lang == "zh":
        return asks_operation(low, "text_zh") and "多少" not in low and "第几" not in low or asks_name(low, lang)
    if low.startswith(operation_words()["text_opener"]):
        return True
    clause = main_clause(low)
    return asks_name(low, lang) or (clause != low and _is_text_question(clause, lang))


def names_sized_list(low: str, lang: str) -> bool:
    """`哪三类产品`, `哪四家企业`: a Chinese question asking for that many named things (`rag.read.sized_lists`), not
    for a figure."""
    return lang == "zh" and asked_size(low) is not None and "多少" not in low


def main_clause(low: str) -> str:
    """An English question after the clause that sets its scope (`scope_opener` data: `among the X, which ...`,
    `of the X, which ...`), or after a statement it asks about, closed by a semicolon (`three of the X were Y; which
    ... were they?`): the question proper; the whole question where it opens with none."""
    head, comma, rest = low.partition(",")
    if comma and head.startswith(operation_words().get("scope_opener", ())):
        return rest.strip()
    statement, semicolon, asked = low.rpartition(";")
    if semicolon and statement.strip() and asked.strip():
        return asked.strip()
    return low


# `What pilot zone did X win support to build?`, `what programme has Y launched?`: `what` + a noun phrase + an
# auxiliary asks for the thing the noun names, unless the noun is a quantity (`what level did X reach`).
_THING_ASKED = re.compile(r"\bwhat ((?:[a-z][a-z'-]* ){1,6}?)(?:did|does|do|has|have|will|would)\b")
_QUANTITY_NOUNS = re.compile(
    r"\b(?:level|size|volume|scale|sum|cost|price|income|revenues?|sales|output|exports?|imports?|investments?|"
    r"capital|funds?|money|profits?|spending|budget|year|date|time|month|day)\b"
)


def asks_gap(text: str) -> bool:
    """`how far ahead`, `by how much did A exceed B`, `领先多少`: the gap between two items, a positive difference."""
    low = _low(text)
    return _GAP.search(low) is not None or (_GAP_COMPARED.search(low) is not None and _compares_zh(text))


def _compares_zh(text: str) -> bool:
    """The text holds a `比` that compares (`A比B`), not one that opens a word (`比重`, `比例`: group `bi_word_zh`)."""
    words = operation_words().get("bi_word_zh", ())
    return any(not text.startswith(words, m.start()) for m in re.finditer("比", text))


def asks_thing(low: str) -> bool:
    """`what <noun phrase> did/has ...`: a named thing is asked for (see `_THING_ASKED`)."""
    match = _THING_ASKED.search(low)
    return match is not None and not _QUANTITY_NOUNS.search(match.group(1))


def asks_name(low: str, lang: str) -> bool:
    """The question asks for a name, kind, place, strategy or source and names no quantity or measure."""
    if question_measures(low):
        return False
    if lang == "zh":
        return any(word in low for word in QUESTION_WORDS["name_asked_zh"]) and not _QUANTITY_ZH.search(low)
    named = _NAME_ASKED.search(low) is not None or asks_thing(low)
    return named and not _QUANTITY_EN.search(low)


def chinese_comparison(text: str) -> bool:
    """`A比B多多少`, `A比B低了多少`: a 比 token that is not `比上年` / `比去年` (those ask for a growth rate)."""
    import rjieba

    tokens = list(rjieba.cut(text))
    for i, token in enumerate(tokens):
        if token == "比" and i + 1 < len(tokens) and tokens[i + 1] not in ("上年", "去年", "上一年"):
            return _zh_gap_pattern().search("".join(tokens[i + 1 :])) is not None
    return False


@lru_cache(maxsize=1)
def _zh_gap_pattern() -> re.Pattern[str]:
    """A Chinese comparative (`comparison_zh` of `rag/data/operations.tsv`: 多, 高, 快...) asking by how much
    (`多多少`, `快几个`)."""
    words = "|".join(map(re.escape, operation_words().get("comparison_zh", ())))
    return re.compile(rf"(?:{words})了?(?:多少|几)")


# `Did A get more X or B?`, `did A or B see more`: a choice between two named items by a comparative, no `than`.
_EITHER = re.compile(r"^(?!.*\bthan\b)(?=.*\bor\b).*\b(?:more|larger|higher|bigger|greater|less|fewer|smaller|lower)\b")


@lru_cache(maxsize=2)
def _by_how_much() -> re.Pattern[str]:
    """`by how many deals did X drop from 2021 to 2022`, `减少了多少`, `扩大了多少`: the change between two years, as
    an amount; the Chinese verbs are `change_verb_zh` of `rag/data/operations.tsv` (`扩大到多少倍` asks a multiple)."""
    verbs = "|".join(map(re.escape, operation_words().get("change_verb_zh", ())))
    return re.compile(rf"\bby how (?:much|many)\b|(?:{verbs})了?多少(?!倍)")


@lru_cache(maxsize=4)
def comparative_pattern(groups: tuple[str, ...] = ("comparative_more", "comparative_less")) -> re.Pattern[str]:
    """An English comparative word of `groups` (`rag/data/operations.tsv`) as a whole word."""
    words = [word.strip() for group in groups for word in operation_words().get(group, ())]
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b")


def compares(low: str) -> bool:
    """`how much higher (slower) was A than B`: a comparative word before `than`."""
    return any(re.search(r"\bthan\b", low[m.end() :]) for m in comparative_pattern().finditer(low))


# `How far ahead of B was A`, `by how much did A exceed B`, `A领先B多少`, `A超过B多少`: the gap between two named items.
# With nothing between the verb and `多少` (`产量超出了多少`) no second item is named: that asks for the level a figure
# is stated to exceed (`over 2 trillion`), no gap, unless a `比` names the other item before it (`A比B高出多少`).
_GAP = re.compile(
    r"\bhow (?:far|much) (?:ahead|behind)\b"
    r"|\b(?:by )?how (?:much|many|far)\b.*\b(?:exceed|exceeded|exceeds|outstrip\w*|trail\w*|lead|led)\b"
    r"|\b(?:exceed|exceeded|lead|led|trail\w*) .* by how (?:much|many|far)\b"
    r"|(?:领先|超过|超出|高出|多出|落后)(?!了?(?:多少|几))[^，。？?]*(?:多少|几)"
)
# `A比B高出多少`: the gap to the item a `比` names; a `比` opening a word (`比重超过多少`: a level) names none.
_GAP_COMPARED = re.compile(r"比[^，。？?]*(?:领先|超过|超出|高出|多出|落后)了?(?:多少|几)")


# A change or comparison between figures (a word of change, `change in`, `compared to`): not one figure per year.
_CHANGE_OR_COMPARISON = re.compile(r"\b(?:chang|differ|compar|swing)|变化")


def asks_change(low: str) -> bool:
    """The question names a change (`change_words`: `decreased`, `增长`) or a comparison (`change in`, `compared
    to`, `swing`) between figures."""
    return bool(change_directions(low)) or _CHANGE_OR_COMPARISON.search(low) is not None


_HOW_MUCH = re.compile(r"\b(?:how (?:much|many)|what percentage|by what)\b")


def asks_words(low: str) -> bool:
    """An English question that asks for words, whatever figures it names: a reason (`Why did X rise from 2018 to
    2019?`, `What led to the decrease in X in 2019?`) or what something holds or means (`What does X consist of?`),
    and no amount (`how much`)."""
    if _HOW_MUCH.search(low):
        return False
    tail = " " + low.rstrip(" ?.")
    return (
        low.startswith("why")
        or asks_operation(low, "text_cause")
        or tail.endswith(tuple(f" {word}" for word in operation_words().get("text_ending", ())))
    )


@lru_cache(maxsize=1)
def _counted_items() -> re.Pattern[str]:
    """`how many segments had / did / took ...`: the counted items, then a verb whose condition they meet (the
    `counted_verb` words). A clause after a comma may ask it too (`Of the ten largest, how many held ...`), the
    counted items then named before."""
    verbs = "|".join(map(re.escape, operation_words().get("counted_verb", ())))
    measures = "|".join(re.escape(w) for w in operation_words().get("count_not", ()) if w.isascii())  # `points`
    words = rf"(?:[a-z0-9&-]+ ){{0,{COUNTED_REACH}}}"  # `economies in the 2031 top-20 gizmo ranking`: a scope in it
    return re.compile(rf"(?:^|[,，;；]\s*)how many (?!(?:{measures})){words}(?:{verbs})\b")


COUNTED_REACH = 8  # words of the counted items' phrase (its scope included) before the verb of their condition
_CLAUSE_END = re.compile(r"[,，;；?？]")


def counted_condition(low: str) -> str:
    """The words after the counted items' verb, to the end of its clause (`how many sectors saw their deals rise`:
    `their deals rise`): where the condition the items meet is stated. `` when no counted items are asked."""
    found = _counted_items().search(low)
    if found is None:
        return ""
    rest = low[found.end() :]
    end = _CLAUSE_END.search(rest)
    return rest[: end.start() if end else len(rest)]


def counts_rows_over(low: str, text: str) -> bool:
    """`How many segments had revenue above 1,000?`: items counted by a condition on their figures
    (`states_threshold`) that the items themselves meet (`_counted_items`), not years (`count_if` words); a count a
    report states of items described by a threshold (`how many firms achieved sales above N`) is looked up."""
    return (
        names_threshold_word(counted_condition(low))
        and not asks_operation(low, "count_if")
        and states_threshold(text)
    )


def counts_rows_changed(low: str) -> bool:
    """`How many sectors saw their deals rise?`: items counted by a direction of change stated in the clause of
    their verb (`change_words` data), the rows whose figure rose (fell); a direction elsewhere in the question
    (`how many staff had X sent, judging by its fall`) tests no row."""
    moved = asks_rank_move(low)  # `how many places did X slip`: a move in a ranking, no rows counted
    return bool(change_direction(counted_condition(low))) and not moved and not asks_operation(low, "count_if")


def counts_rows_compared(low: str, years: tuple[int, ...]) -> bool:
    """`Of the sectors listed, how many posted fewer deals in 2031 than in 2030?`: items counted (`_counted_items`)
    by setting each one's figure of one year against its figure of another (a comparative before `than`, two years
    named): the rows whose two cells compare so, not the gap between two figures."""
    return len(set(years)) == 2 and compares(low) and bool(_counted_items().search(low))


def compares_item_counts(low: str) -> bool:
    """`more gadget deals`, `fewer firms`: a comparative (`count_comparative` data) before an item noun in the
    plural (`per_item` data) within ITEM_REACH words compares numbers of items, as `fewer` alone already says:
    the rows are tested on a count column, not on the amount of those items (`more revenue` names no count)."""
    comparatives = operation_words().get("count_comparative", ())
    if not any(word in low for word in comparatives):
        return False
    words = "|".join(map(re.escape, comparatives))
    items = "|".join(map(re.escape, operation_words().get("per_item", ())))
    return re.search(rf"\b(?:{words})\s+(?:[a-z&-]+\s+){{0,{ITEM_REACH - 1}}}(?:{items})s\b", low) is not None


def names_threshold_word(low: str) -> bool:
    """An `above` or `below` word of `rag/data/operations.tsv` as a whole word, inflected or not (`exceeded`):
    `overseas` holds no `over`. A Chinese word (`超过`) has no word edges: it counts wherever it stands."""
    words = operation_words().get("above", ()) + operation_words().get("below", ())
    return any(
        word in low if _CJK_CHAR.search(word) else re.search(rf"\b{re.escape(word.strip())}(?:s|ed|ing)?\b", low)
        for word in words
    )


def counts_parts(low: str) -> bool:
    """`How many kinds of X are there?`: the parts of a whole counted, with no condition on their figures."""
    return "how many" in low and not (asks_operation(low, "above") or asks_operation(low, "below"))


def question_operation(text: str, years: tuple[int, ...], lang: str) -> str:
    """lookup, difference, sum, ratio, growth_rate, average, compare, rank (a row by its position) or text
    (sentences). The trigger words of each operation are data (`rag.read.operations`). An event's edition (`the
    9th Harbour Fair`) is no ordinal of a rank (`rag.read.rank_asks.without_editions`)."""
    low = _low(without_editions(text))
    if asks_operation(low, "define"):
        return "define"  # `what does X stand for`: the words the reports give X in brackets
    measures = question_measures(text)
    respective = lang == "en" and asks_operation(low, "list")
    if respective and not asks_change(low) and not _is_text_question(low, lang):
        return "list"  # `the respective weighted average shares in A and B`: each figure, whatever its row is called
    per_item = asks_value_per_item(low)
    if per_item and not asks_operation(low, "ratio"):
        return "per_count"  # `the average value per deal`: an amount over the same row's count
    if per_item:
        return "ratio"  # `how many times A's average per firm was B's`: a ratio of two values per item
    if asks_operation(low, "count_rows") and (names_threshold_word(low) or change_directions(low)):
        return "count_if"  # `how many of the items exceeded N / fell`: the rows meeting a condition
    if lang == "en" and counts_rows_over(low, text):
        return "count_if"  # `how many segments had revenue above N?`: the rows whose figure meets the condition
    if lang == "en" and counts_rows_changed(low):
        return "count_if"  # `how many sectors saw their deals rise?`: the rows whose figure changed so
    if lang == "en" and counts_rows_compared(low, years):
        return "count_if"  # `how many sectors saw fewer deals in A than in B?`: the rows whose two years compare so
    if (
        asks_operation(low, "components")
        and (not _HOW_MUCH.search(low) or counts_parts(low))
        and not asks_change(low)
        and not asks_operation(low, "rank_position")
    ):
        return "components"  # `What are the components of X?`, `how many kinds of X are there?`: the rows of X
    if lang == "en" and asks_words(low):
        return "text"
    if lang == "en" and item_position(low) is not None and not _QUANTITY_EN.search(low):
        return "text"  # `What is the plan's second point?`: the words of a list's second item
    if asks_operation(low, "cumulative") and len(years) >= 2 and not asks_change(low):
        return "sum"  # `the cumulative X from 2018 to 2022`: the years' figures added up
    if asks_operation(low, "sum") and not asks_mean(low, lang):
        return "sum"  # `the average of A, B and C together` asks for their mean
    if _asks_year(low) and (_SUPERLATIVE.search(low) or _LOWEST.search(low) or _COMPARED.search(low)):
        return "extreme_year"  # `in which year was X lowest?`: the year of a row's extreme figure
    if _YEARS_ASKED.search(low) and "how many" not in low and (states_threshold(text) or states_sign(text)):
        return "years_if"  # `in which years was X above 500?`: the years whose figure meets the condition
    if asks_operation(low, "rank_position") and _ordinal(low) is None:
        return "lookup"  # `what position did X take`: the named row's rank, printed or by sorting a column
    if _is_text_question(low, lang) and (_ordinal(low) is not None or _SUPERLATIVE.search(low)):
        return "rank"
    if low.startswith(operation_words().get("rank_after", ())) and _SUPERLATIVE.search(low):
        return "rank"  # `After X, which ... the most?`: the next row of the ranking, X left out
    if asks_operation(low, "ratio") or asks_ratio_percent(low):
        return "ratio"
    points = asks_points(low)
    if asks_operation(low, "implied") and _asks_amount(low) or works_from_growth(low):
        return "lookup"  # `what 2021 value does its 2022 growth rate imply?`: an amount, whatever rate words it holds
    if asks_operation(low, "cagr") and len(years) >= 2:
        return "growth_rate"  # computed as a compound annual rate (`derive_growth`)
    if asks_operation(low, "rate") and len(years) >= 2 and not points:
        return "growth_rate"  # `增速比上一期低几个百分点` compares two rates: a difference, in points
    changed = "growth" in measures or asks_change(low)  # `by what percentage did X differ from its 2017 level`
    if asks_operation(low, "percent_change") and len(years) >= 2 and changed and not points:
        return "growth_rate"
    if asks_mean(low, lang) and not (points and (compares(low) or (lang == "zh" and chinese_comparison(text)))):
        return "average"  # a points gap between two average rates (`年均增速比…快几个百分点`) is a difference
    if asks_operation(low, "table_years") and not states_threshold(text):
        return "table_years"  # `which years does the table cover?`: the years of its columns
    if asks_operation(low, "count_if") and (asks_operation(low, "above") or asks_operation(low, "below")):
        return "count_if"  # `in how many years did X exceed 2,000?`: the years whose figure meets the condition
    if asks_operation(low, "count_if") and compares(low):
        return "count_if"  # `how many years saw A post larger X than B?`: the years one figure is above another
    if asks_operation(low, "compare") or _EITHER.search(low):
        return "compare"
    if asks_operation(low, "list") and not _is_text_question(low, lang):
        return "list"  # `the respective X of A and B`: each figure, in the question's order
    if asks_operation(low, "implied"):
        return "lookup"  # the value a stated growth implies: looked up with its rate (`derive_before_growth`)
    if lang == "zh" and len(years) >= 2 and asks_growth_zh(low) and not asks_operation(low, "difference"):
        return "growth_rate"  # `比上一年增长了多少`: the growth in percent, not the change in the figure's unit
    if len(years) >= 2 and ("growth" in measures or asks_operation(low, "difference") or _by_how_much().search(low)):
        return "difference"
    if asks_operation(low, "difference") and not _is_text_question(low, lang):
        return "difference"  # `the difference between A and B`: a gap between two named figures
    if compares(low) or asks_gap(text) or (lang == "zh" and chinese_comparison(text)):
        return "difference"
    if _is_text_question(low, lang) or names_sized_list(low, lang):
        return "text"
    over_years = asks_operation(low, "years_total") and not asks_change(low) and "how many" not in low
    if len(years) >= 2 and over_years:
        return "sum"  # `the total X in 2018 and 2019`: the years' figures added up
    if len(years) >= 2 and not asks_change(low):
        return "list"  # `What was X in 2019 and 2018?`: the figure of each year named, in the question's order
    return "lookup"


# `the largest`, `最多`: an extreme of the figures of the items a question names (`top` names a ranking, no extreme).
_EXTREME = re.compile(
    r"\b(?:largest|biggest|highest|greatest|most|smallest|lowest|fewest|least)\b|最(?:大|多|高|小|少|低)"
)


def picks_among(low: str) -> bool:
    """The question asks which of the items it names is the largest (smallest, highest...)."""
    return asks_operation(low, "pick_one") and _EXTREME.search(low) is not None


_CLAUSE_END = re.compile(r"[,，;；:：?？]")


def given_clause(low: str) -> tuple[str, str] | None:
    """(given, asked): the clause the question's first `using` or `implied` word opens, up to the next clause break
    (`going by the decline reported`, `judging by the later number and its fall`, `根据…推算`), and the rest of the
    question, which asks; where a `using_back` word (`据此`, `from these`) comes first, the clauses before it are given
    and the rest asks. None when no such word is there."""
    words = operation_words()
    starts = [low.find(w) for op in ("using", "implied") for w in words.get(op, ()) if w in low]
    backs = [low.find(w) for w in words.get("using_back", ()) if w in low]
    if backs and (not starts or min(backs) <= min(starts)):
        # `X's 2031 level and its fall are known; from these, what was it in 2030?`: the word refers back, so the
        # clauses before it are what is given and the rest asks
        at = min(backs)
        return low[:at], low[at:]
    if not starts:
        return None
    at = min(starts)
    stop = _CLAUSE_END.search(low, at)
    end = stop.start() if stop else len(low)
    return low[at:end], f"{low[:at]} {low[end:]}"


def names_change(text: str) -> bool:
    """The text names a change: a growth or fall word (`rag/data/change_words.tsv`, growth measure words) or a
    percentage (`the 12.5% drop`)."""
    if "growth" in question_measures(text) or change_directions(text):
        return True
    return any(q.kind == "percent" for q in extract_quantities(text))


def works_from_multiple(low: str) -> bool:
    """`X in 2031 was 40 times its 2011 level; going by that, what was it in 2011?`: a level of the earlier of two
    years asked, with a multiple stated between them (a number before a `multiple` word) to work from. The clause
    that asks names the earlier year alone; the later year's figure is no answer."""
    years = sorted(set(question_years(low)))
    multiple = any(re.search(rf"\d\s*{re.escape(word)}", low) for word in operation_words().get("multiple", ()))
    if len(years) != 2 or not multiple:
        return False
    asking = [clause for clause in _CLAUSE_END.split(low) if clause.strip()]
    return bool(asking) and tuple(question_years(asking[-1])) == (years[0],)


def works_from_growth(low: str) -> bool:
    """`Given this year's gadget sales and their growth, what were last year's?`, `Based on the stated fall, what
    was X in 2030?`: a level (an amount or a count) of one year asked, with a change given as what to work from in
    a clause of its own (`given_clause`), which names no year or the next one; the clause that asks names no
    change and asks no rate or share."""
    split = given_clause(low)
    if split is None:
        return False
    given, asked = split
    asked_years, given_years = question_years(asked), question_years(given)
    if not asked_years and len(given_years) == 1 and asks_year_before(asked):
        asked_years = (given_years[0] - 1,)  # `given its fall in 2031, what was X the year before?`: 2030
    if len(asked_years) != 1 or any(year != asked_years[0] + 1 for year in given_years):
        return False
    if not names_change(given) or names_change(asked) or asks_operation(asked, "rate"):
        return False
    return not ({"share", "growth"} & set(question_measures(asked))) and "percent" not in asked


def states_sign(text: str) -> str:
    """`below` (`above`) when the question sets a condition on a figure's sign with no figure to compare against
    (`negative`, `为负`; `sign_negative` / `sign_positive` words, read by `stated_sign`), else ""."""
    if any(q.kind != "year" for q in extract_quantities(text)):
        return ""
    return {"negative": "below", "positive": "above"}.get(stated_sign(_low(text)), "")


def states_threshold(text: str) -> bool:
    """The question states a condition on figures: a comparison word and a figure that is not a year (`above
    3,000`) or a fraction in words (`at least a tenth`), not a comparison word alone (`issued under the plan`)."""
    low = _low(text)
    compares = asks_operation(low, "above") or asks_operation(low, "below")
    figures = any(q.kind != "year" for q in extract_quantities(text)) or bool(fraction_thresholds(text))
    return compares and figures or bool(stated_sign(low))


def asks_mean(low: str, lang: str) -> bool:
    """An average of figures, not an average rate (`average annual growth`), a figure named an average
    (`average_names_measure`) nor a text question."""
    if average_names_measure(low):
        return False
    return asks_operation(low, "average") and not _AVERAGE_RATE.search(low) and not _is_text_question(low, lang)


def averages_items(low: str, entities: tuple[str, ...], years: tuple[int, ...]) -> bool:
    """An average word over two or more items the question names, in one year at most (`the average 2025 growth of
    A, B and C`): the mean across the items, though the words name a rate (`average growth`) that over a range of
    years would be a compound rate of one item."""
    named = len(dict.fromkeys(entities)) >= 2 and len(years) <= 1
    labels = operation_words().get("average_label", ())
    averages = [at for word in operation_words().get("average", ()) if (at := low.find(word)) >= 0]
    return named and any(not low[:at].rstrip(" -").endswith(labels) for at in averages)


def averages_listed_years(low: str, years: tuple[int, ...]) -> bool:
    """An average word with three or more years listed one by one (`averaged over 2021, 2022 and 2023`): the mean of
    those years' figures. A compound rate needs only the first and last year (`from A to B`), and `annual`
    (`average annual growth`) asks for one."""
    listed = len(set(years)) >= 3 and len({int(y) for y in YEAR.findall(low)}) >= 3
    return listed and asks_operation(low, "average") and not average_names_measure(low) and "annual" not in low


# a number of years stated (`三年`, `3 years`, `three years`): digits not part of a year, or a small number word
_YEARS_COUNTED = re.compile(
    r"(?<![\d〇零一二两三四五六七八九十])(\d{1,2}|[一二两三四五六七八九十]{1,3}|[a-z]+)[\s-]*(?:个)?(?:年|years?\b)"
)


def counted_years(low: str) -> tuple[int, ...]:
    """The numbers of years a question states (`the three years' figures`, `三年`), not the years it names."""
    counts = []
    for match in _YEARS_COUNTED.finditer(low):
        word = match[1]
        count = next((int(q.value) for q in word_numbers(word + " years") if q.start == 0), None)
        counts.append(int(word) if word.isdigit() else count or chinese_count(word))
    return tuple(c for c in counts if c)


def averages_year_span(low: str, years: tuple[int, ...]) -> bool:
    """An average word over a range of two years whose number of years the question states (`the mean of the three
    years from 2031 to 2033`, `2031年至2033年三年的平均值`): the mean of each year's figure. A compound rate needs
    no count of years, and `annual` (`average annual growth`) asks for one."""
    span = sorted(set(years))
    if len(span) != 2 or not asks_operation(low, "average") or average_names_measure(low) or "annual" in low:
        return False
    return not _AVERAGE_RATE.search(low) and span[1] - span[0] + 1 in counted_years(low)


def asks_points(low: str) -> bool:
    """A difference of two percentages asked in percentage points (`in points`, `百分点`), not a rate."""
    return asks_operation(low, "points")


def asks_division_by_count(low: str) -> bool:
    """`Dividing X's amount by its number of Y`: one figure divided by a count, the value per item."""
    return asks_operation(low, "divide") and "count" in question_measures(low)


def average_names_measure(low: str) -> bool:
    """Every average word of the question is part of the name of the figure asked about, not the operation: right
    after a label word (`average_label` data: `the weighted average shares`), or after a change word (`the change
    in the average price from 2018 to 2019` asks for a change of a figure the report calls an average)."""
    labels = operation_words().get("average_label", ())
    seen = False
    for word in operation_words().get("average", ()):
        for found in re.finditer(re.escape(word), low):
            before = low[: found.start()].rstrip(" -")
            if not (before.endswith(labels) or asks_change(before)):
                return False
            seen = True
    return seen


def asks_value_per_item(low: str) -> bool:
    """A value per item is asked: an average per item, a division by a count, or a per word before an item."""
    return asks_per_count(low) or asks_division_by_count(low) or spreads_per_item(low)


def asks_values_per_item(question: Question) -> bool:
    """A ratio of two values per item (`how many times A's average per firm was B's`)."""
    return question.operation == "ratio" and asks_value_per_item(_low(question.text))


def asks_per_count(low: str) -> bool:
    """An average asked per item (`the average value per deal`, `平均每个项目`): an average word and a per-item
    word, `per cent` being no item."""
    low = f" {low.replace('per cent', 'percent')} "
    if not asks_operation(low, "average") or _AVERAGE_RATE.search(low) or average_names_measure(low):
        return False
    return asks_operation(low, "per_count") or averages_an_item(low)


ZH_ITEM_REACH = 3  # characters between a Chinese per word and its item (`每家入区企业`: the firms in the zones)


def items_spread_over(low: str) -> tuple[str, ...]:
    """`how much investment per enterprise`, `每家企业投资多少`: the English nouns of the item a per word (`per_word`
    data) stands right before (`per_item` data, in the singular; a Chinese item by its English nouns,
    `rag/data/per_items_zh.tsv`): a value per item is asked, with no average word. Empty when none."""
    english, chinese = operation_words().get("per_item", ()), item_names()
    found: list[str] = []
    for word in operation_words().get("per_word", ()):
        for match in re.finditer(re.escape(word), low):
            after = low[match.end() :].lstrip()
            following = re.match(r"[a-z]+", after)
            if following and following.group(0) in english:
                found.append(following.group(0))
            found += [en for zh, names in chinese.items() if zh in after[: ZH_ITEM_REACH + len(zh)] for en in names]
    return tuple(dict.fromkeys(found))


def items_asked(low: str) -> frozenset[str]:
    """The items a value per item is spread over: an item noun (`per_item` data, singular or plural) within
    ITEM_REACH words after a per word (`per_count` data: `each of the valley's gadget firms`), or the Chinese item
    after one (`每家企业`), with every English noun of the same item (`rag/data/per_items_zh.tsv`: firm, enterprise,
    company). Empty when the question names none."""
    items, groups = operation_words().get("per_item", ()), item_names()
    found: set[str] = set()
    for word in operation_words().get("per_count", ()):
        for match in re.finditer(re.escape(word), low):
            after = low[match.end() :]
            words = re.findall(r"[a-z]+", after)[: ITEM_REACH + 1]
            found |= {item for item in items if item in words or re.sub(r"y$", "ie", item) + "s" in words}
            found |= {en for zh, names in groups.items() if zh in after[: ZH_ITEM_REACH + len(zh)] for en in names}
    return frozenset(found | {en for names in groups.values() if found & set(names) for en in names})


def spreads_per_item(low: str) -> bool:
    """A value per item is asked by a per word before one item (`items_spread_over`)."""
    return bool(items_spread_over(low))


def counts_items(text: str) -> bool:
    """`what share of all gadget projects were ...`: items named in the plural (`per_item` data) and no amount
    word: the number of items is measured, not their value."""
    low = _low(text)
    if "amount" in question_measures(text):
        return False
    plurals = {re.sub(r"y$", "ie", item) + "s" for item in operation_words().get("per_item", ())}
    return any(word in plurals for word in re.findall(r"[a-z]+", low))


def share_kind(text: str) -> str:
    """`count` or `amount`: the figure a share is taken of. The number of items when the question counts them (`what
    share of all gadget projects`, `项目数量占比`: a count word, and no amount word but the asking words `how much`,
    `多少`), else their value."""
    if counts_items(text):
        return "count"
    named = question_measures(_AMOUNT_ASKED.sub(" ", _low(text)))
    return "count" if "count" in named and "amount" not in named else "amount"


def counted_figure(text: str) -> str:
    """`count` when the figure a change is taken of is a number of items the question names (`the number of
    projects`, `项目数量`, `counting deals`) and no other measure (`grew their turnover` is an amount, whatever it is
    the turnover of); else `amount`. The asking words (`how many`, `多少`) name no count."""
    named = set(question_measures(_AMOUNT_ASKED.sub(" ", _low(text)))) - {"growth", "share"}
    return "count" if named == {"count"} else "amount"


ITEM_REACH = 5  # words between an average word and the item it spreads over (`average net cross-border gadget deal`)


def averages_an_item(low: str) -> bool:
    """`the average gadget deal`: an average word and, within ITEM_REACH words after it and before a word that
    starts another phrase (`item_break` data: `average income attributable to the company` averages no company),
    one item (`per_item` data) in the singular: a value per item, not a mean of years or rows."""
    items = operation_words().get("per_item", ())
    for word in operation_words().get("average", ()):
        at = low.find(word)
        if at < 0:
            continue
        after = re.findall(r"[\w&-]+", low[at + len(word) :])
        if len(after) > 1 and after[0] in operation_words().get("item_size", ()) and after[1] == "of":
            after = after[2:]  # `the average size of a deal`: the size of one item
        after = after[: ITEM_REACH + 1]
        breaks = [n for n, token in enumerate(after) if parts_item(after, n)]
        if any(token in items for token in after[: min(breaks, default=len(after))]):
            return True
    return False


def parts_item(words: list[str], at: int) -> bool:
    """Whether the word at `at` starts another phrase (`item_break` data); `of` before one item's article
    (`item_one` data: `the average investment of a state-owned firm`) joins that single item to the average."""
    if words[at] not in operation_words().get("item_break", ()):
        return False
    return not (words[at] == "of" and at + 1 < len(words) and words[at + 1] in operation_words().get("item_one", ()))


# `which year`, `in what year`, `哪一年`: a year is the figure asked for; `what year-on-year change`, `what
# year-end balance` ask no year.
_NO_YEAR = r"(?![\w-])(?!\s+(?:on|over)\s+year)"
_YEAR_ASKED = re.compile(rf"\b(?:what|which|in what|by what) year{_NO_YEAR}|哪一年|哪年|何年")


# `In which year was X larger / lower?`: of two years, the one with the higher (lower) figure.
_COMPARED = re.compile(r"\b(?:larger|higher|bigger|greater|more|smaller|lower|less|fewer)\b(?!\s+than)")
_COMPARED_LOW = re.compile(r"\b(?:smaller|lower|less|fewer)\b")


# `which year(s)`, `in what years`, `哪些年`, `哪一年`: one or more years asked (`by what year` asks for a target a
# report sets, not for the years a table's figures meet).
_YEARS_ASKED = re.compile(rf"(?<!\bby )\b(?:what|which|in what|in which) years?{_NO_YEAR}|哪些年|哪一年|哪年")


def asks_years(low: str) -> bool:
    """The question asks which year or years (`in which years`, `哪一年`, `哪些年`), not how many."""
    return _YEARS_ASKED.search(low) is not None and "how many" not in low


def asks_lower_year(low: str) -> bool:
    """`In which year was X smaller?`: the year of the lower figure is asked."""
    return _asks_year(low) and _COMPARED.search(low) is not None and _COMPARED_LOW.search(low) is not None


def _asks_year(low: str) -> bool:
    return _YEAR_ASKED.search(low) is not None


# `how much / how many ... was it`, `多少`, `多大`: an amount asked (not a rate: `增速是多少` asks a rate).
_AMOUNT_ASKED = re.compile(
    r"\bhow (?:much|many|large|big)\b|\bwhat (?:was|were|is) (?:the )?(?:amount|value)|多少|多大"
)


def _asks_amount(low: str) -> bool:
    return _AMOUNT_ASKED.search(low) is not None


_HOW_MUCH = re.compile(r"\bhow much\b|多少(?![个项家人次类条笔名])")


def asked_bound(low: str) -> str:
    """`over` when the question asks how much at least (`bound_least` words: `at least how much`, `至少多少`),
    `under` when it asks how much at most (`bound_most`); "" otherwise. A count (`how many`) is no bounded amount."""
    if _HOW_MUCH.search(low) is None:
        return ""
    if asks_operation(low, "bound_least"):
        return "over"
    return "under" if asks_operation(low, "bound_most") else ""


# `average annual growth`, `年均增长`: an average rate a report states or a compound rate, not a mean of figures
# (`the average annual total` is a mean).
_AVERAGE_RATE = re.compile(
    r"\baverage (?:annual |yearly )?(?:growth|rate|increase|decrease)|\b(?:annual|yearly) average (?:growth|rate)"
    r"|年均增|平均每年增|平均增长|平均增速"
)


# The growth of an economy (GDP, `经济增长`) is a rate, whatever words ask for it (`日本经济将增长多少`).
_ECONOMY_GROWTH = re.compile(
    r"经济(?:将|会|预计)?(?:增长|增速)|gdp\s*(?:将|会)?(?:增长|增速)|\b(?:econom(?:y|ies|ic)|gdp)\b.*\b(?:grow|growth)"
    r"|\bgrowth (?:forecast|projection|outlook)"
)


_RANK_WORD = re.compile(r"\brank\w*|排名前?|位次|第几")


# `In the Acme 2020 ranking, ...`: a ranking named as the list the figure comes from.
# A lone dash between words is a clause break (`in 2022 - what ranking`), no word of the ranking's name.
_IN_RANKING = re.compile(r"\b(?:in|on|from|according to) (?:[\w'’][\w'’-]* ){0,6}rankings?\b")


def asks_amount_then_rank(low: str) -> bool:
    """`What were X's gadget sales and rank?`: an amount noun (`amount_noun` data), then `and`, then a rank word:
    two figures asked, the amount first, and it is the principal one."""
    rank = _RANK_WORD.search(low)
    head = low[: rank.start()] if rank else ""
    joined = head.rfind(" and ")
    return joined > 0 and any(find_word(word, head[:joined]) for word in operation_words().get("amount_noun", ()))


_ASKS_HOW_MUCH = re.compile(r"\bhow much\b")  # an amount asked (`how many` may count places or rows)


def without_ranking_sources(low: str) -> str:
    """`low` less the words naming the ranking a figure comes from (`in the top-20 ranking`, `在…排名中`: the
    `ranking_source_zh` words of operations.tsv), whose rank words ask no rank."""
    low = _IN_RANKING.sub(" ", low)
    for word in operation_words().get("ranking_source_zh", ()):
        low = low.replace(word, " ")
    return low


def ranking_qualifies(low: str) -> bool:
    """`Among the ports ranked in the top ten, what was X's container throughput?`, `排名前十的港口中X的吞吐量是多少`:
    the ranking only qualifies a measure the question names: the rank is not asked when every rank word is
    `ranked` / `排名前` and a stock, flow, turnover or throughput is named (`What was X's ranking?` asks it), or when
    every rank word names the ranking the figure comes from and `how much` asks an amount."""
    words = _RANK_WORD.findall(without_ranking_sources(low))
    qualifiers = all(word in ("ranked", "排名前") for word in words)
    source_only = not words  # every rank word names the ranking the figure comes from (`in the top-20 ranking`)
    words = words or _RANK_WORD.findall(low)
    named = set(question_measures(low)) & {"stock", "flow", "turnover", "throughput"}
    return bool(words) and qualifiers and (bool(named) or source_only and _ASKS_HOW_MUCH.search(low) is not None)


# `At what (average annual) rate did X grow`, `what was the annual rate of ...`: a rate is a percentage.
_ASKS_RATE = re.compile(
    r"\b(?:at|by) what (?!(?:[a-z-]+ ){0,3}?(?:exchange|interest|tax) rate)(?:[a-z-]+ ){0,3}rate\b"
    r"|\b(?:annual|average annual|annual average|compound annual|compound)(?: growth)? rate\b"
)


def asked_kind(text: str, operation: str, years: tuple[int, ...]) -> str:
    """The kind of figure that answers: amount, percent, points, count, rank or text."""
    low = _low(text)
    figures = ("lookup", "difference", "average", "sum", "compare", "extreme_year")
    if operation in figures and _ECONOMY_GROWTH.search(low):
        return "points" if operation == "difference" else "percent"
    if operation == "lookup" and works_from_growth(low):
        split = given_clause(low)
        counted = split is not None and "count" in question_measures(split[1])
        return "count" if counted else "amount"  # `how many X, judging by the next year's number and its fall`
    if operation == "lookup" and asks_operation(low, "implied"):
        return counted_figure(text)  # the value (or count) a growth rate implies, whatever rate words name it
    if operation == "lookup" and asks_operation(low, "whole") and _asks_amount(low):
        return "amount"  # `going by X's share, how much did the country as a whole ...`: the whole, not the share
    if operation != "compare" and _asks_year(low):
        return "year"  # `By what year should ... exceed USD 4 billion?`: a year is the figure asked for
    if operation in ("text", "define"):
        return "text"
    if asks_points(low):
        return "points"
    if operation in ("share", "growth_rate"):
        return "percent"
    if operation == "ratio" and asks_ratio_percent(low):
        return "percent"  # `A相当于B的百分之几`: A / B × 100
    if operation == "ratio":
        # `how many times as many projects, counting projects`: the ratio of two counts, not of their values
        return "count" if "count" in question_measures(low) else "amount"
    if operation == "lookup" and asks_operation(low, "rank_position") and _RANK_WORD.search(low):
        return "rank"  # `ranked by growth, where did X stand?`: a position, whatever figure the rows are ranked on
    percent_words = (
        *("share", "percent", "proportion", "portion", "fraction", "growth rate"),
        *("how fast", "year-on-year", "year on year"),
    )
    if operation == "lookup" and asked_bound(low):
        return "amount"  # `at least how much of X was A, given A's stated share`: an amount bounded by the share
    percent_zh = re.search(r"占比|比重|比例|份额|增长率|增速|同比", low)
    if any(w in _STOCK_SHARES.sub(" ", low) for w in percent_words) or percent_zh or _ASKS_RATE.search(low):
        return "percent"
    # `What were X's revenues and rank?`: an amount asked first, with the rank after it, is the principal figure
    amount_first = asks_amount_then_rank(low) or ranking_qualifies(low)
    ranked = any(w in low for w in ("rank", "排名", "位次", "第几"))
    ranked = ranked or asks_operation(low, "rank_position")
    if ranked and _ordinal(low) is not None and "count" in question_measures(low):
        return "count"  # `for how many years has X ranked first`: the rank is stated, the count asked
    if ranked and counts_ranked_items(low):
        return "count"  # `how many firms made the top-100 ranking`: the items a ranking lists, counted
    if ranked and operation != "rank" and (not amount_first or asks_operation(low, "rank_position")):
        return "rank"
    # `数量增长了多少` (how much did the number grow in one year): the growth of a count in one year is a rate
    # (`增长了`, with its particle: `比上年增长多少` beside an amount asked first asks the amount)
    if operation in ("lookup", "list", "average", "difference") and asks_rate_figure(low):
        return "percent"  # `What was the gizmo failure rate in 2031?`: a rate, printed as a percentage
    if operation == "lookup" and asks_amount_change(low):
        return "amount"  # `What was the increase in X in 2019?`: X's change, in X's unit (`derive_recent_change`)
    if operation == "lookup" and asks_amount_change_zh(low):
        return "count" if "count" in question_measures(low) else "amount"  # `比上年少了多少笔`: in the figure's unit
    grew = re.search(r"\b(grow|grew|growth|rise|rose|increase|change|decline|fall|fell)\b|增长了|增加了|变化", low)
    if grew and operation in ("lookup", "rank") and len(years) < 2 and "how many" not in low:
        return "percent"
    if operation == "average" and len(years) < 2 and "growth" in question_measures(low) and not asks_amount_change(low):
        return "percent"  # `the average growth of the five markets in 2031`: the mean of their growth rates
    if operation == "per_count" and "amount" in question_measures(low):
        return "amount"  # a value per item of the firms `几家` counts: its amount, whatever count word names them
    if "count" in question_measures(low) or re.search(r"(?:多少|几)(?:个|项|家|人|次|类|条|笔|名)", low):
        return "count"  # `how many deals`, `counting deals`, `有多少笔`: a number of items, not their value
    if counts_noun_asked_at_end(low):
        return "count"  # `派往海外的小工具员工约有多少`: the number of those people
    return "amount"


def counts_ranked_items(low: str) -> bool:
    """`how many firms made the top-100 ranking`, `有多少家企业进入排名`: a word asking a count (a measure `count` word
    that asks: `how many`, `多少家`) before every rank word counts the items the ranking lists; no position is asked.
    A count noun (`by number of projects, where did X rank`) may name the ranking's basis, and a rank move (`how many
    places`, `rag.read.rank_asks.asks_rank_move`) counts positions: both are left to the rank words."""
    rank = _RANK_WORD.search(low)
    if rank is None or asks_rank_move(low):
        return False
    head = low[: rank.start()]
    asking = (word for word in MEASURE_WORDS.get("count", ()) if word.startswith(_COUNT_ASKING))
    return any(_has_word(head, word) for word in asking)


_COUNT_ASKING = ("how many", "多少", "几")  # the asking words of a count, not its nouns (`number of`, `数量`)


_ASKED_AT_END = re.compile(r"(?:多少|几)[\s？?。！!]*$")


def counts_noun_asked_at_end(low: str) -> bool:
    """A Chinese question ending in `多少` right after a noun of `rag/data/counted_nouns.tsv` (`员工`, `人员`), with
    only `count_lead_zh` words between (`大约`, `有`): a number of those items. `出口额有多少` names no counted noun."""
    match = _ASKED_AT_END.search(low)
    if match is None:
        return False
    head = low[: match.start()]
    leads = sorted(operation_words().get("count_lead_zh", ()), key=len, reverse=True)
    while lead := next((word for word in leads if head.endswith(word)), ""):
        head = head[: -len(lead)]
    return any(len(noun) >= 2 and head.endswith(noun) for noun in counted_nouns())


def asks_amount_change_zh(low: str) -> bool:
    """`较上年减少几家`, `比前一年多了多少亿元`: a Chinese question asking the change against the year before in
    the figure's own unit (`change_unit_zh` data) right after `多少` / `几`, not a rate (`百分之几`, `%`); or with an
    amount verb (`amount_verb_zh` data: `较上年减少了多少？`) and nothing after `多少`."""
    if "多少" not in low and "几" not in low:
        return False
    return _amount_change_zh().search(low) is not None


@lru_cache(maxsize=1)
def _amount_change_zh() -> re.Pattern[str]:
    """`比上年<verb>了多少<unit>` (any change verb) or `比上年<amount verb>了多少` ending the question."""
    words = operation_words()
    before = "|".join(map(re.escape, words.get("year_before", ()))) or "(?!)"
    units = "|".join(map(re.escape, words.get("change_unit_zh", ()))) or "(?!)"
    verbs = "|".join(map(re.escape, words.get("amount_verb_zh", ()))) or "(?!)"
    return re.compile(
        rf"[比较](?:{before})(?:多|少|增加|减少|增长|下降)了?(?:多少|几)(?:{units})"
        rf"|[比较](?:{before})(?:{verbs})了?(?:多少|几)[\s？?。！!]*$"
    )


def ratio_over_earlier(text: str, years: tuple[int, ...]) -> bool:
    """A multiple of two years asked as the later figure over the earlier one: over a base word (`ratio_base` data:
    `扩大到原来的几倍`, `its original size`), or over two years named as a span, earlier first (`2031年到2036年`,
    `from 2031 to 2036`, `between 2031 and 2036`); otherwise the year named first is the numerator."""
    low = _low(text)
    return len(years) >= 2 and (asks_operation(low, "ratio_base") or spans_years(low, years[0], years[1]))


def spans_years(low: str, first: int, second: int) -> bool:
    """`first` and `second` joined as one span from the earlier to the later (`year_span_join` words between them,
    or `and` after a `year_span_between` word)."""
    if first >= second:
        return False
    words = operation_words()
    joins = "|".join(re.escape(w.strip()) for w in words.get("year_span_join", ()))
    opens = "|".join(re.escape(w) for w in words.get("year_span_between", ()))
    tail = r"\s*(?:年|年度|fy)?\s*"
    spanned = rf"{first}{tail}(?:{joins}){tail}{second}(?!\d)"
    between = rf"\b(?:{opens}) (?:the )?(?:years? )?{first}{tail}and{tail}{second}(?!\d)" if opens else ""
    return any(p and re.search(p, low) for p in (spanned if joins else "", between))


def asks_ratio_percent(low: str) -> bool:
    """`A相当于B的百分之几`: one figure over another, in percent (`ratio_percent` words with a `percent_word`);
    `相当于多少亿元` asks an amount, `相当于B的几倍` a ratio in times."""
    return asks_operation(low, "ratio_percent") and asks_operation(low, "percent_word")


def asks_growth_zh(low: str) -> bool:
    """`A比2031年增长了多少？`: a growth verb (`growth_verb_zh` data) with `多少` / `几` ending the question, no unit
    or `倍` after it: the growth between two periods, in percent (`增加了多少` and `增长了多少亿元` ask an amount)."""
    verbs = "|".join(map(re.escape, operation_words().get("growth_verb_zh", ())))
    return bool(verbs) and re.search(rf"(?:{verbs})了?(?:多少|几)[\s？?。！!]*$", low) is not None


def asks_amount_change(low: str) -> bool:
    """An English question naming a change as a noun (`change_noun` data: `What was the increase in X?`) and no
    percentage, rate or year-on-year word: the change of X's own figure, in X's unit, not a growth rate."""
    rated = "%" in low or re.search(r"\b(?:percent\w*|rates?|year[- ]on[- ]year|proportion|share)\b", low)
    return asks_operation(low, "change_noun") and not rated


# `What was the X rate in 2019?`: what the question asks, up to its first preposition or the end (no words after
# `at`, `using`, `of` ... : `the amount computed at the statutory rate` asks an amount).
_ASKED_HEAD = re.compile(
    r"^(?:what|how much) (?:is|was|were|are) (?:the |its |our |their )?"
    r"((?:(?!(?:at|using|by|of|under|with|from|in|for|on|as) )[\w.'’-]+ ){0,6}?[\w.'’-]+)"
    r"(?= (?:in|for|as|at|of|on|during|used|under)\b|\s*[?,]|$)"
)


def asks_rate_figure(low: str) -> bool:
    """English `What was the gizmo discount rate in 2031?`: the figure asked is named by a rate noun (`rate_head`
    data) at its end, not an exchange rate (a price): a percentage."""
    match = _ASKED_HEAD.match(low.strip())
    if match is None:
        return False
    words = match.group(1).split()
    return words[-1] in operation_words().get("rate_head", ()) and "exchange" not in words


def ranks_by_rate(low: str) -> bool:
    """`grew fastest`, `the sharpest percentage fall`, `增速最快`: rows are ranked by their growth rate, not their
    amount (a superlative of a change with a rate word, `rate_rank` of `rag/data/operations.tsv`)."""
    if _FASTEST.search(low):
        return True
    changes = "fall" in change_directions(low) or "growth" in question_measures(low)
    return bool(_SUPERLATIVE.search(low)) and asks_operation(low, "rate_rank") and changes


def ranks_lowest(low: str) -> bool:
    """The superlative counts from the bottom: `smallest`, `最低`, and the largest fall of a rate (`the sharpest
    percentage drop` is the lowest growth rate; `the smallest percentage drop` is not), and `the most negative`."""
    lowest = _LOWEST.search(low) is not None or asks_lower_year(low) or asks_operation(low, "lowest_superlative")
    lowest = lowest or _zh_ordinal_counts_from_bottom(low)
    # the superlative itself names no fall (`grew slowest` is the lowest rate, not the largest fall)
    return lowest != (ranks_by_rate(low) and "fall" in change_directions(_LOWEST.sub(" ", low)))


def world_share_whole(text: str, name: str) -> bool:
    """`name` is the world as the whole of a share the question asks (`占全球的份额`): no entity, as in English."""
    if name not in QUESTION_WORDS.get("world_names_zh", ()):
        return False
    return any(f"{word}{name}" in text for word in QUESTION_WORDS.get("share_of_zh", ()))


def listing_names(text: str, entities: tuple[str, ...], glossary: Glossary) -> tuple[str, ...]:
    """The entities that name a list or ranking by its size (`the Acme Global 300`, `the Zembla Top 50`): a name
    right before a count that is no year, not a place or organisation the glossary knows and not a possessive
    (`Zembla's 50 firms`). It qualifies where a figure comes from, as a source does: the passage must name it, the
    figure's own clause need not (`In the Acme Global 300, ... Firm B ranked 12th with revenue of ...`)."""
    return tuple(
        entity
        for entity in entities
        if not known_name(entity, glossary)
        and re.search(rf"\b{re.escape(entity)}\s+(?!(?:19|20)\d\d\b)\d+\b(?![.,]\d)", text) is not None
    )


def analyse_question(text: str, glossary: Glossary) -> Question:
    """Everything the reader uses about `text`; see `Question`."""
    lang = detect_language(text)
    years = question_years(text)
    sources = attributed_sources(text, glossary) if has_cjk(text) else ()
    entities = chinese_entities(text, glossary) + sources if has_cjk(text) else ()
    entities = entities + suffixed_places(text, entities) if has_cjk(text) else entities
    entities = entities + english_entities(text, glossary)
    if lang == "en":
        entities = entities + english_industries(text, glossary)
    entities = tuple(e for e in entities if not world_share_whole(text, e))
    operation = question_operation(text, years, lang)
    if operation == "lookup" and len(entities) >= 2 and picks_among(_low(text)):
        operation = "compare"  # `Of A, B and C, which had the largest X?`: the named items' figures compared
    if operation == "growth_rate" and averages_listed_years(_low(text), years):
        operation = "average"  # `averaged over 2021, 2022 and 2023, X's growth rate`: the mean of the three rates
    if operation in ("lookup", "growth_rate", "difference", "list", "average") and averages_year_span(
        _low(text), years
    ):
        operation, years = "average", tuple(range(min(years), max(years) + 1))  # each year of the span, averaged
    if operation in ("lookup", "growth_rate") and averages_items(_low(text), entities, years):
        operation = "average"  # `the average growth rate of A, B and C in 2025`: the mean of the items' figures
    if operation == "lookup" and len(years) == 1 and asks_year_before(_low(text)):
        years = (years[0] - 1,)  # `X in the year before 2022` asks for 2021
    year_words = {str(year) for year in years}
    plain_text = without_hedges(re.sub(r"['’]s\b", "", text))
    terms = frozenset(t for t in tokenize(glossary.expand_query(plain_text)) if t not in year_words)
    numbers = tuple(float(n) for n in _NUMBER.findall(text))
    return Question(
        text=text,
        lang=lang,
        years=years,
        entities=entities,
        measures=question_measures(text),
        operation=operation,
        asked=asked_kind(text, operation, years),
        terms=terms,
        ordinal=_ordinal(_low(without_editions(text))),
        lowest=ranks_lowest(_low(text)),
        by_rate=ranks_by_rate(_low(text)),
        numbers=numbers,
        numbers_all=tuple(q.value for q in extract_quantities(text) if q.kind != "year"),
        topics=question_topics(text),
        sources=sources,
        listings=listing_names(text, entities, glossary) if lang == "en" else (),
    )
