"""How an analyst names a table figure in a sentence: subject first, from the row's name and the table's topic (what
its title says the figures measure), with the column's measure, never the table's coordinates.

`China's OFDI flow in manufacturing in 2022 was ...`, `South Korea ranked 10th in the Global Innovation Index`,
`2022年制造业同比下降13.2%`. The frames a title wraps its topic in (`Industry distribution of ...`, `... by economy,
2012-2022`) are data (`rag/data/table_topics.tsv`); a table whose title leaves no short topic is named by its row
and column alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rag.read.cells import CellPick, cell_kind, is_total
from rag.read.matching import SPECIFIC_MEASURES, TOTAL_LABELS, is_place, places_in
from rag.read.operations import measure_words
from rag.read.question import Question, question_measures
from rag.text.glossary import Glossary, has_cjk
from rag.text.numbers import FISCAL_YEAR, years_in
from rag.text.tokens import find_word
from rag.text.wordlists import read_pairs

TOPICS_PATH = Path(__file__).resolve().parents[1] / "data" / "table_topics.tsv"
MAX_TOPIC_WORDS = 8  # a longer remainder is a sentence of the title, not the name of what the table measures
YEAR_WORD = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)\s*年?")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# What a column header says about its period, its scale or a remark, not its measure: `Years ended December 31,`,
# `31 December`, `as of`, `(in thousands)`, `(Restated)1`, `2019*`, `[2]`.
HEADER_NOISE = re.compile(
    r"\([^()]*\)\d?|\*+|\[\d+\]|\b(?:fiscal )?(?:years?|quarters?|months?|weeks?) end(?:ed|ing)\b|\bas of\b|\bfiscal\b"
    rf"|\b{_MONTH}\b\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?,?|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b",
    re.IGNORECASE,
)
_PERIOD_ONLY = ("year", "years", "fy")


def header_measure(header: str) -> str:
    """A column header (or one of its parts) without its years (`2022年`, `FY19`), dates, period words and remarks
    (`HEADER_NOISE`): the measure it names (`金额 2022` → `金额`, `Years ended July 28, 2018 (in millions)` → ``),
    the same in the columns of one measure across years, and what an answer calls the figure."""
    text = HEADER_NOISE.sub(" ", FISCAL_YEAR.sub(" ", YEAR_WORD.sub(" ", header)))
    text = " ".join(text.split()).strip(" ,;:")
    return "" if text.lower() in _PERIOD_ONLY else text


_WORLDWIDE = re.compile(r"^(?:global|world|worldwide)\s+", re.IGNORECASE)
_YOY = ("同比", "year on year", "year-on-year", "annual")  # a growth column against the year before


@lru_cache(maxsize=4)
def title_frames(path: Path = TOPICS_PATH) -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, replacement) pairs that strip a table title's frame, in file order."""
    frames = [
        (re.compile(pattern, re.IGNORECASE), replacement)
        for pattern, replacement in read_pairs(path, "table title frames")
    ]
    return tuple(frames)


@lru_cache(maxsize=512)
def _stripped_title(title: str) -> str:
    text = title.strip()
    for _ in range(12):  # the frames nest a few deep at most
        before = text
        for pattern, replacement in title_frames():
            text = pattern.sub(replacement, text).strip(" ,:;")
        if text == before:
            break
    if not text or re.search(r"\d", text) or len(text.split()) > MAX_TOPIC_WORDS:
        return ""
    return text


def table_topic(title: str, glossary: Glossary) -> str:
    """What a table's figures measure, from its title: `China's OFDI flows`, `greenfield investment projects`; the
    place a title names last (`FDI flows in Shanghai`) comes first as their owner (`Shanghai's FDI flows`)."""
    text = _stripped_title(title)
    owned = re.fullmatch(r"(.+?)\s+(?:in|of)\s+([A-Z][\w .'-]+)", text)
    if owned and owners(owned.group(2), glossary):
        text = f"{owned.group(2)}'s {owned.group(1)}"
    words = text.split()
    # a common noun phrase (`Greenfield investment projects`, `Global FDI`), not a name (`Global Innovation Index`)
    # nor a place's (`Shanghai's FDI flows`)
    owner = owners(re.sub(r"'s?$", "", words[0]), glossary) if words else []
    common = len(words) > 1 and not words[1].istitle() and not words[0].isupper() and not owner
    return text[:1].lower() + text[1:] if common else text


def owners(text: str, glossary: Glossary) -> list[str]:
    """The places `text` names, the world and the globe left out (`global FDI` names no owner)."""
    return [place for place in places_in(text, glossary) if place.lower() not in TOTAL_LABELS]


def short_name(label: str, glossary: Glossary, question: Question) -> str:
    """A row's name as the question calls it where it uses one of the row's names (`South Korea` for `Republic of
    Korea (South Korea)`), else its English name without the aliases in brackets, in the glossary's case (a common
    noun stays lower case mid-sentence); Chinese in a Chinese answer."""
    if question.lang == "zh" or not has_cjk(label):
        return label
    gloss = glossary.gloss(label)
    if not gloss:
        return label
    main, _, rest = gloss.partition(" (")
    aliases = [main, *(alias.strip() for alias in rest.rstrip(")").split(","))] if rest else [main]
    low = question.text.lower()
    used = [alias for alias in aliases if alias and find_word(alias.lower(), low)]
    return max(used, key=len) if used else main


@dataclass(frozen=True)
class CellWords:
    """A cell's figure in words: who it is about, what the column measures and when."""

    who: str  # the row's name, "" for a year row or a total
    label: str  # the row's label as printed (the section's, for a row that names a measure)
    total: bool
    measure: tuple[str, ...]  # the column's measure words, in the answer's language (`value`, `流量`)
    count: bool  # the measure is a number of things (`数量`, `number of projects`), not an amount
    parts: tuple[str, ...]  # the column's other words: what the figure is a part of (`new equity`, `新增股权`)
    growth: bool  # the column is a rate of change
    yoy: bool  # against the year before (`同比`, `year on year`)
    share: bool
    year: int | None
    topic: str  # the table's topic in English (`China's OFDI flows`), "" when its title names none


def cell_words(pick: CellPick, glossary: Glossary, question: Question) -> CellWords:
    column = pick.table.columns[pick.index]
    zh = question.lang == "zh"
    measure, parts, growth, yoy, share, count = [], [], False, False, False, False
    row = pick.row
    label, section = row.label, row.section
    raws = list(column.parts or (column.header,))
    if section and question_measures(label):  # a `金额` row under a sector: the sector is the row, `金额` its measure
        raws.insert(0, label)
        label = section.split(" / ")[-1]
    for raw in raws:
        part = header_measure(raw)
        if not part:
            continue
        gloss = glossary.gloss(part) or part
        named = question_measures(f"{part} {gloss}")
        growth, share = growth or "growth" in named, share or "share" in named
        count = count or ("count" in named and "growth" not in named and "share" not in named)
        yoy = yoy or any(word in f"{part} {gloss}".lower() for word in _YOY)
        words = part if zh else gloss
        (measure if named else parts).append(words)
    who = "" if years_in(label) or is_total(row) else short_name(label, glossary, question)
    years = years_in(column.header) | years_in(row.label)
    year = max(years) if years else stated_year(pick, question)
    title = pick.table.toc_title or pick.table.title
    # a topic names the figures of a table whose rows are places, industries or years (`China's OFDI flows` in
    # mining), not of one whose rows are line items that name their own measure (`Widget revenue`)
    categorical = years_in(label) or has_cjk(label) or owners(label, glossary)
    topic = table_topic(title, glossary) if categorical and not zh else ""
    return CellWords(who, label, is_total(row), tuple(measure), count, tuple(parts), growth, yoy, share, year, topic)


def stated_year(pick: CellPick, question: Question) -> int | None:
    """The year of a cell whose row and column name none: the year the question asks about, where the table's title
    states it (a table of one year); never a year the table does not state."""
    title_years = years_in(f"{pick.table.title} {pick.table.toc_title}")
    return question.years[0] if len(question.years) == 1 and question.years[0] in title_years else None


def ranking_basis(pick: CellPick, glossary: Glossary, question: Question) -> str:
    """What a ranking sorts its rows on, in words and with its year: `the value of project finance deals in 2022`,
    `2022年金额`; the column's coordinates stay in the citations."""
    words = cell_words(pick, glossary, question)
    if question.lang == "zh":
        measure = "".join([*words.parts, *words.measure]) or asked_measure_zh(question)
        if words.year:
            return f"{words.year}年{measure}"
        return measure or pick.column
    kind = cell_kind(pick.table, pick.row, pick.index)
    base = tuple(word for word in words.measure if "growth" not in question_measures(word)) if words.growth else ()
    head = english_head(replace(words, total=False, measure=base or words.measure), kind)
    head = head or " ".join([*words.parts, *words.measure]) or glossary.gloss(pick.column) or pick.column
    if words.growth and "growth" not in question_measures(head):
        head = f"the {'year-on-year ' if words.yoy else ''}growth of {head}"  # a rate column ranks by its rate
    return f"{head} in {words.year}" if words.year else head


def asked_measure_zh(question: Question) -> str:
    """The Chinese word the question names its measure by (`增速`, `存量`; `rag/data/measures.tsv`): the basis of a
    ranking whose column names only a year, its measure standing in the table's unit line."""
    for measure in question.measures:
        if measure == "rank":
            continue  # `排名` names the ranking, not what it ranks on
        found = [word for word in measure_words().get(measure, ()) if has_cjk(word) and word in question.text]
        if found:
            return max(found, key=len)
    return ""


def superlative(position: int, lowest: bool, templates: dict[str, str]) -> str:
    """`最低`, `第二高`, `highest`, `third-lowest`: a place in a ranking as an analyst words it (the words are the
    answer language's templates)."""
    side = templates["rank_side_low" if lowest else "rank_side_high"]
    if position == 1:
        return templates["rank_extreme_1"].format(side=side)
    words = templates["ordinal_words"].split()
    nth = (
        words[position - 1]
        if position <= len(words)
        else templates["ordinal_digits"].format(n=position, ordinal=english_ordinal(position))
    )
    return templates["rank_extreme_n"].format(side=side, nth=nth)


def ranking_within(words: CellWords) -> str:
    """`in the Global Innovation Index` (a ranking the title names), `by global FDI` (the table's topic); "" where
    the title names none."""
    if not words.topic:
        return ""
    return f"in the {words.topic}" if words.topic[:1].isupper() else f"by {words.topic}"


def row_title(label: str, glossary: Glossary, question: Question, first: bool = False) -> str:
    """A row in a sentence of the answer's language: its Chinese label, or its English name as the question calls it
    (`short_name`), capitalised at the start of a sentence."""
    name = short_name(label, glossary, question)
    return name[:1].upper() + name[1:] if first else name


def english_ordinal(number: int) -> str:
    """`1st`, `2nd`, `3rd`, `11th`, `23rd`: a position, which is no quantity to verify."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _singular(phrase: str) -> str:
    """`China's OFDI flows` -> `China's OFDI flow`: the head of a phrase naming one figure (before any `of`)."""
    head, sep, rest = phrase.partition(" of ")
    words = head.split(" ")
    last = words[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")) and not last.isupper():
        words[-1] = last[:-1]
    return " ".join(words) + sep + rest


def _specific(text: str) -> set[str]:
    return set(question_measures(text)) & set(SPECIFIC_MEASURES)


def english_head(words: CellWords, kind: str) -> str:
    """What the figure is, before its row: `China's OFDI flow`, `the number of greenfield investment projects`,
    `new equity in China's OFDI flow`; "" when the table names no topic."""
    topic = words.topic
    if not topic:
        return ""
    measure = " ".join(words.measure)
    total = "total " if words.total else ""
    if kind == "count" or words.count:
        things = measure.partition("number of ")[2]  # `number of projects` of a topic that names no things
        head = f"the {total}number of {topic}" + (f" {things}" if things and not topic.endswith("s") else "")
    else:
        wanted, offered = _specific(measure), _specific(topic)
        if wanted and not wanted & offered:  # `stock` in a table of flows, `outflows` in a table of FDI
            stem = next(iter(offered), "")
            head = re.sub(rf"\b{stem}s?\b", measure, topic, count=1) if stem else f"{topic} {measure}"
            head = _singular(head)
        elif not offered and measure:  # `the value of greenfield investment projects`
            head = f"the {total}{measure} of {topic}"
        else:
            head = _singular(topic)
    if words.parts:
        head = f"{' '.join(words.parts)} in {head}"
    return head


def english_subject(words: CellWords, kind: str, glossary: Glossary) -> str:
    """The subject of a sentence stating the figure: its head with the row (`China's OFDI flow in mining`, `North
    America's FDI`), or the row and the column's measure where the table names no topic (`Port of Tianjin's
    throughput`)."""
    head = english_head(words, kind)
    who = words.who
    if not head:
        measure = " ".join([*words.parts, *words.measure])
        if who and measure:
            return f"{who}{possessive(who)} {measure}"
        if who:
            return f"The figure for {who}"
        return measure[:1].upper() + measure[1:] or "The figure"
    if not who:
        subject = head if head.startswith("the ") or not words.total else f"{head} in total"
    elif head.startswith("the ") or owners(head, glossary) or not is_place(words.label, glossary):
        subject = f"{head} in {who}"
    elif head[:1].isupper():  # a named series (`World Economic Outlook growth projection`) gives a place a figure
        subject = f"the {head} for {who}"
    else:  # a place's own figures (`North America's FDI`): the world a title spans is the row's, not the world's
        subject = f"{who}{possessive(who)} {_WORLDWIDE.sub('', head)}"
    return subject[:1].upper() + subject[1:]


def possessive(name: str) -> str:
    return "'" if name.endswith("s") else "'s"


def change_words(value: float, templates: dict[str, str]) -> str:
    """`rose` / `fell` / `was unchanged at`: the verb of a rate of change, by its sign."""
    return templates["rose" if value > 0 else "fell" if value < 0 else "unchanged"]


def row_change(pick: CellPick, glossary: Glossary, question: Question) -> CellPick | None:
    """The same row's rate of change of the stated figure, against the year before: the `同比` of a flow, the
    `金额 增长率` of a `金额 2022` (not of `金额 2021`, a year the rate is not about, nor of `数量`)."""
    table, row = pick.table, pick.row
    own = set(cell_words(pick, glossary, question).measure)
    own_years = years_in(table.columns[pick.index].header)
    latest = max((y for c in table.columns for y in years_in(c.header)), default=None)
    if own_years and latest not in own_years:
        return None
    for index, cell in enumerate(row.cells[: len(table.columns)]):
        if index == pick.index or cell.value is None or cell_kind(table, row, index) != "percent":
            continue
        other = CellPick(table, row, index, 0.0, heading=pick.heading)
        words = cell_words(other, glossary, question)
        if not words.growth or words.share:
            continue
        base = set(words.measure) - {w for w in words.measure if "growth" in question_measures(w)}
        if not base or base & own:
            return other
    return None
