"""Aggregates over a named subset of one table's rows: the first N rows (`the three largest`, `前五`), the rows of a
class (`the African countries among ...`, `how many of them are European`, `the G7`, `the individual countries`),
with rows left out (`excluding X`, `除X外`). Over the subset: a sum (or its share of the whole), a mean, a count (of
its members, or of those meeting a condition), or the row with the extreme figure. A sum or mean of a group whose
own row a table prints (`东盟`) is that row's; the single countries of a table are its rows the glossary files as
countries, groups and regions left out.

The words are data: the trigger words in `rag/data/operations.tsv` (top_before, top_after, exclude, subset_total),
the classes and the words naming them in `rag/data/classes.tsv`, their members in `rag/data/members.tsv` (Chinese
labels; English rows through the glossary). A subset that cannot be resolved in full (a class member unknown, N
more than the rows printed, a left-out row not found) is refused, never summed in part. Every operand is cited.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain
from pathlib import Path

from rag.read.aggregates import (
    comparative,
    counted_figure,
    row_condition,
    row_name,
    state_counted,
    state_group_share,
)
from rag.read.cells import CellPick, cell_candidates, cell_kind, cell_years, is_total, table_picks
from rag.read.classes import COUNTRY, class_pairs, class_words, labelled, member_classes
from rag.read.compose import (
    AnswerDraft,
    cell_citation,
    cite_operands,
    operands_subject,
    state_formula,
)
from rag.read.derived import row_across_years
from rag.read.evidence import Evidence
from rag.read.matching import mentions, names_of
from rag.read.operations import asks_operation, change_direction, operation_words
from rag.read.question import QUESTION_WORDS, Question, asks_mean
from rag.read.ranks import rank_column
from rag.read.refusals import NO_OPERANDS, NO_ROW, UNRESOLVED, Refusal
from rag.retrieve.operands import operand_hits
from rag.text.glossary import Glossary
from rag.text.numbers import chinese_count, difference, mean, total
from rag.text.tokens import bounded_word, holds_any
from rag.types import Answer, Chunk, Table, TableRow

DATA = Path(__file__).resolve().parents[1] / "data"
COMPUTED_DECIMALS = 2

# English number words and Chinese numerals a count of rows is written with (`the three largest`, `前十`)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
# a count of rows as written: digits, an English number word or a Chinese numeral (`两` for two)
_NUMBER = rf"(\d{{1,2}}|{'|'.join(_NUMBER_WORDS)}|[一二两三四五六七八九十]{{1,3}})"


def is_count_word(word: str) -> bool:
    """`ten`, `10`: a word that only counts the named things (`the ten ASEAN members`)."""
    return word.isdigit() or word.lower() in _NUMBER_WORDS


@lru_cache(maxsize=2)
def class_sizes(path: Path = DATA / "class_sizes.tsv") -> dict[str, int]:
    """closed group -> how many member countries it has (a continent, an open class, has none)."""
    return {name: int(size) for name, size in class_pairs(path)}


def class_name(name: str, lang: str) -> str:
    """The class as the answer names it: its longest word in the answer's language."""
    words = [w for c, w in class_words() if c == name and w.isascii() == (lang == "en")]
    return words[0].title() if words else name


def _count_of(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word) or chinese_count(word)


def top_n(text: str) -> int | None:
    """The N of `the top N`, `the N largest`, `the ten highest-ranked`, `前N(大)`: the first N rows are asked."""
    return rows_named(text, "top_before", "top_after")


def bottom_n(text: str) -> int | None:
    """The N of `the bottom N`, `the N smallest`, `the N ... at the bottom`, `倒数N`: the last N rows are asked."""
    return rows_named(text, "bottom_before", "bottom_after", between=2)


FAR_REACH = 10  # words between a number of rows and the superlative that closes its phrase (`far_rows`)
_ZH_COUNTER = "个家名位大"


def far_rows(text: str) -> tuple[str, int] | None:
    """(`top` or `bottom`, N) when a number of rows opens a phrase that a superlative closes a few words later in
    the same clause (`the four sectors that took in the least`, `the six markets where X sold most`,
    `三个投资最少的行业`): the first superlative after the number decides (`top_far` / `bottom_far` words).
    `at least N` and `most of` are no superlative."""
    low = text.lower()
    words = operation_words()
    groups = {word: group for group in ("top_far", "bottom_far") for word in words.get(group, ())}
    english = "|".join(re.escape(w) for w in sorted(groups, key=len, reverse=True) if w.isascii())
    chinese = "|".join(re.escape(w) for w in sorted(groups, key=len, reverse=True) if not w.isascii())
    patterns = [
        rf"\b{_NUMBER}\s+(?:[a-z'’-]+\s+){{0,{FAR_REACH}}}?(?<!at )({english})\b(?!\s+of\b)",
        rf"{_NUMBER}[{_ZH_COUNTER}][^，,。？?；;：:]{{0,12}}?({chinese})",
    ]
    for pattern in patterns:
        for match in re.finditer(pattern, low):
            found = _count_of(match.group(1))
            if found and found >= 2 and not _YEARISH.match(low[match.end(1) :]):
                return ("top" if groups[match.group(2)] == "top_far" else "bottom"), found
    return None


_YEARISH = re.compile(r"\s*(?:%|percent|per cent|years?\b|年|月)")


def rank_span(text: str) -> tuple[int, int] | None:
    """(first, last) of a range of positions the question names: `ranked 4th to 9th`, `places 3-7`, `the 2nd
    through 5th largest`, `第4至8位`, `排名第十一到第十五` (`rank_span_before` / `rank_span_to` words); None unless the
    range holds two or more positions."""
    low = text.lower()
    words = operation_words()
    joins = "|".join(re.escape(w.strip()) for w in sorted(words.get("rank_span_to", ()), key=len, reverse=True))
    before = "|".join(re.escape(w.strip()) for w in sorted(words.get("rank_span_before", ()), key=len, reverse=True))
    end = rf"(?:no\.\s*)?第?\s*(?<!\d){_NUMBER}(?!\d)(st|nd|rd|th)?"
    for match in re.finditer(rf"(?:({before})\s*(?:from\s+|between\s+)?)?{end}\s*(?:{joins}|and)\s*{end}", low):
        ranked, first, suffix, last, suffix2 = match.groups()
        ordinal = bool(suffix and suffix2) or "第" in match.group(0)
        joined_by_and = "and" in match.group(0).split()  # `the 3rd and 5th` are two positions, not a range
        if not (ranked or ordinal) or (joined_by_and and not ranked) or _YEARISH.match(low[match.end() :]):
            continue
        span = _count_of(first), _count_of(last)
        if span[0] and span[1] and span[0] < span[1]:
            return span
    return None


def rows_named(text: str, before: str, after: str, between: int = 1) -> int | None:
    """A number of rows, written after a word of group `before` or before one of group `after` (with up to `between`
    words in between: `five destinations at the bottom`); None unless it is two or more."""
    low = text.lower()
    words = operation_words()
    number = _NUMBER
    for word in words.get(before, ()):
        pattern = rf"{re.escape(word)}{number}" if not word.isascii() else rf"\b{re.escape(word)}[\s-]+{number}\b"
        for match in re.finditer(pattern, low):
            found = _count_of(match.group(1))
            if found and found >= 2:
                return found
    for word in words.get(after, ()):
        if not word.isascii():
            continue
        gap = rf"(?:[a-z-]+\s+){{0,{between}}}"
        for match in re.finditer(rf"\b{number}\s+{gap}{re.escape(word)}\b", low):
            found = _count_of(match.group(1))
            if found and found >= 2:
                return found
    return None


def asked_class(text: str) -> str | None:
    """The class of rows the question names (`African`, `欧洲`), by the words of `rag/data/classes.tsv`."""
    low = text.lower()
    for name, word in class_words():
        if (word in low) if not word.isascii() else word in low and bounded_word(word).search(low):
            return name
    return None


_EXCLUDED_END = re.compile(r"[,，。？?;；]|\b(?:which|what|how|who|in|for|from|at|by|among|is|was|were|did)\b")
_ZH_EXCLUDED = re.compile(r"^(.{1,20}?)(?:以外|之外|外)")  # `除A外`: a Chinese exclusion closes with 外


def excluded_names(text: str, group: str = "exclude") -> list[str]:
    """The names after an exclusion word (`excluding A, which ...` -> `A`; `除A外` -> `A`), split at `and` / `、`;
    the words of another trigger group with `group` (`complement`: `outside A`)."""
    low = text.lower()
    for word in sorted(operation_words().get(group, ()), key=len, reverse=True):
        at = low.find(word)
        if at < 0 or (word.isascii() and at > 0 and low[at - 1].isalpha()):
            continue
        rest = text[at + len(word) :]
        if not rest.strip() or rest.lstrip()[0] in ",，。？?;；":
            continue  # `撇开X不算，...`: the word closes a phrase (`wrapped_names`), it opens none
        if word in ("除", "除了"):
            closed = _ZH_EXCLUDED.match(rest)
            if closed is None:
                continue  # `扣除`, `消除`, `除以`: no exclusion without its closing 外
            rest = closed.group(1)
        end = _EXCLUDED_END.search(rest.lower(), 1)
        fragment = rest[: end.start() if end else len(rest)].strip()
        return _split_names(fragment)
    return wrapped_names(text) if group == "exclude" else []


def _split_names(fragment: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\band\b|、|和|及", fragment) if p.strip()]
    return [re.sub(r"^the\s+", "", p, flags=re.IGNORECASE) for p in parts]


_WRAP_REACH = 40  # characters between the two words around the rows left out


def wrapped_names(text: str) -> list[str]:
    """The names between an `exclude_open` and an `exclude_close` word of one clause (`leaving A and B aside` -> `A`,
    `B`; `撇开A不算` -> `A`); [] when no such pair is there."""
    low = text.lower()
    words = operation_words()
    for opener in words.get("exclude_open", ()):
        match = re.search(r"(?<![a-z])" + re.escape(opener) + (r"\b" if opener.isascii() else ""), low)
        if match is None:
            continue
        rest = low[match.end() : match.end() + _WRAP_REACH]
        closes = [at for word in words.get("exclude_close", ()) if (at := _word_at(word, rest)) > 0]
        if not closes:
            continue
        fragment = text[match.end() : match.end() + min(closes)].strip()
        if fragment and not re.search(r"[,，。？?;；]", fragment):
            return _split_names(fragment)
    return []


def _word_at(word: str, text: str) -> int:
    """Where `text` holds `word` (an English one as a whole word), or -1."""
    found = re.search((r"\b" + re.escape(word) + r"\b") if word.isascii() else re.escape(word), text)
    return found.start() if found else -1


def stated_members(text: str, cls: str | None) -> int | None:
    """The number of members the question gives the class (`the seven G7 economies`, `the 10 ASEAN members`): a
    number word right before a word naming the class."""
    if cls is None:
        return None
    low = text.lower()
    number = rf"(\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})"
    for name, word in class_words():
        if name == cls and word.isascii():
            match = re.search(rf"\b{number}\s+{re.escape(word)}\b", low)
            if match:
                return _count_of(match.group(1))
    return None


@dataclass(frozen=True)
class Qualifiers:
    """What names the subset: the first N rows, a class (and the number of its members the question states), rows
    left out, the last N rows (of the first N, when both are named)."""

    top: int | None
    cls: str | None
    excluded: tuple[str, ...]
    members: int | None = None
    bottom: int | None = None
    span: tuple[int, int] | None = None  # the positions first..last of a ranking (`ranked 4th to 9th`)
    by_column: bool = False  # the N are chosen by the asked figure (`the three holding the most`), not a rank column
    listed: bool = False  # only the class's members the table lists are asked (`the ASEAN countries in the table`)
    table: tuple[int, ...] | None = None  # the printed number of the table whose listed rows are asked (`表3-1所列`)

    def __bool__(self) -> bool:
        named = self.top is not None or self.bottom is not None or self.span is not None
        return named or self.cls is not None or bool(self.excluded) or (self.listed and self.table is not None)


def qualifiers_of(question: Question) -> Qualifiers:
    cls = asked_class(question.text)
    members = stated_members(question.text, cls)
    excluded = tuple(excluded_names(question.text))
    span = rank_span(question.text)
    top, bottom = (None, None) if span else (top_n(question.text), bottom_n(question.text))
    by_column = (top is not None or bottom is not None) and not named_by_rank(question.text)
    if span is None and top is None and bottom is None:
        far = far_rows(question.text)
        top, bottom = (far[1], None) if far and far[0] == "top" else (None, far[1]) if far else (None, None)
        by_column = far is not None
    table = printed_table(question.text)
    listed = (cls is not None or table is not None) and asks_operation(question.text.lower(), "listed_rows")
    return Qualifiers(top, cls, excluded, members, bottom, span, by_column, listed, table)


def table_number(printed: str) -> tuple[int, ...]:
    """The numbers of a table's printed id (`3-1`, `3.1`, `３－１` all read (3, 1))."""
    return tuple(int(d) for d in re.findall(r"\d+", printed))


def printed_table(text: str) -> tuple[int, ...] | None:
    """The number of the table a question names by its printed id after a `table_ref` word (`Table 3-1`, `表3-1`),
    or None."""
    words = sorted(operation_words().get("table_ref", ()), key=len, reverse=True)
    if not words:
        return None
    lead = "|".join(rf"\b{re.escape(w)}" if w.isascii() else re.escape(w) for w in words)
    found = re.search(rf"(?:{lead})\s*(\d+(?:\s*[-.－–—．]\s*\d+)*)", text, re.I)
    return table_number(found.group(1)) if found else None


def named_by_rank(text: str) -> bool:
    """The N rows are named by their place in a ranking (`the top 5`, `前五`, `the bottom 3`, `倒数三`), not by a
    superlative of a figure (`the five largest`): a rank column the table prints chooses them."""
    return rows_named(text, "rank_named", "") is not None


def item_rows(table: Table, index: int) -> list[TableRow]:
    """The rows that are items: a figure in the column, no total, no row heading a section of others."""
    parents = {row.section.split(" / ")[-1] for row in table.rows if row.section}
    return [
        row
        for row in table.rows
        if index < len(row.cells)
        and row.cells[index].value is not None
        and not is_total(row)
        and row.label not in parents
    ]


def first_rows(
    table: Table, index: int, rows: list[TableRow], count: int, by_column: bool = False
) -> list[TableRow] | None:
    """The first `count` rows: by the table's rank column (rank up to `count`), else (or `by_column`, when the
    question chooses them by the figure it asks) by the column, largest first; None when the table does not print
    that many."""
    ranks = rank_column(table)
    ranks = None if by_column and ranks != index else ranks  # the rank column itself is read as ranks
    if ranks is not None:
        ranked = [(row.cells[ranks].value, row) for row in rows if ranks < len(row.cells)]
        ranked = [(rank, row) for rank, row in ranked if rank is not None]
        if not ranked or max(rank for rank, _ in ranked) < count:
            return None
        return [row for rank, row in sorted(ranked, key=lambda item: item[0]) if rank <= count]
    if count > len(rows):
        return None
    return sorted(rows, key=lambda row: -row.cells[index].value)[:count]


def last_rows(
    table: Table, index: int, rows: list[TableRow], count: int, by_column: bool = False
) -> list[TableRow] | None:
    """The last `count` of the rows in the order of rank (`first_rows` over all of them); None when there are no
    more rows than that (the bottom N of N rows is no subset the question would name)."""
    ranked = first_rows(table, index, rows, len(rows), by_column)
    if ranked is None or count >= len(ranked):
        return None
    return ranked[-count:]


def span_rows(table: Table, index: int, rows: list[TableRow], span: tuple[int, int]) -> list[TableRow] | None:
    """The rows at positions first..last: by the table's rank column (every position printed, once), else by the
    column, largest first; None when the table does not reach the last position (no near rows instead)."""
    first, last = span
    ranks = rank_column(table)
    if ranks is None:
        return None if last > len(rows) else sorted(rows, key=lambda row: -row.cells[index].value)[first - 1 : last]
    ranked = {}
    for row in rows:
        rank = row.cells[ranks].value if ranks < len(row.cells) else None
        if rank is not None and first <= rank <= last:
            ranked.setdefault(rank, []).append(row)
    if sorted(ranked) != [float(n) for n in range(first, last + 1)] or any(len(r) > 1 for r in ranked.values()):
        return None
    return [ranked[rank][0] for rank in sorted(ranked)]


def resolve(table: Table, index: int, qualifiers: Qualifiers, glossary: Glossary) -> list[TableRow] | None:
    """The rows the qualifiers name, in the table's order of rank; None when they cannot be resolved in full."""
    rows = item_rows(table, index)
    if qualifiers.span is not None:
        chosen = span_rows(table, index, rows, qualifiers.span)
        if chosen is None:
            return None
        rows = chosen
    if qualifiers.top is not None:
        chosen = first_rows(table, index, rows, qualifiers.top, qualifiers.by_column)
        if chosen is None:
            return None
        rows = chosen
    if qualifiers.bottom is not None:
        chosen = last_rows(table, index, rows, qualifiers.bottom, qualifiers.by_column)
        if chosen is None:
            return None
        rows = chosen
    if qualifiers.excluded:
        left_out = [r for r in rows if any(excluded_row(r, name, glossary) for name in qualifiers.excluded)]
        if len(left_out) < len(qualifiers.excluded):
            return None
        rows = [r for r in rows if r not in left_out]
    if qualifiers.cls is not None:
        rows = [row for row in rows if row.label not in group_labels(glossary)]  # a group is no member
        classes = [member_classes(row.label, glossary) for row in rows]
        if any(found is None for found in classes):
            return None  # a row of unknown class: the class's rows cannot all be named
        rows = [row for row, found in zip(rows, classes, strict=True) if qualifiers.cls in found]
        if qualifiers.members is not None and len(rows) != qualifiers.members:
            return None  # `the seven G7 economies` over a table printing five of them: no near figure
        if qualifiers.top is None and not qualifiers.listed and not whole_group(rows, qualifiers):
            return None
    return rows


def whole_group(rows: list[TableRow], qualifiers: Qualifiers) -> bool:
    """A closed group (`the G20`, sizes in rag/data/class_sizes.tsv) is the subset only when the table prints every
    member not left out: the mean of the members a table happens to print is a near figure for the group's (unless
    the question asks for the members the table lists: `Qualifiers.listed`)."""
    size = class_sizes().get(qualifiers.cls or "")
    return size is None or len(rows) >= size - len(qualifiers.excluded)


def excluded_row(row: TableRow, name: str, glossary: Glossary) -> bool:
    """The row is the one a question leaves out: its label (or a name of it) names `name` in full."""
    return any(
        mentions(name, label, glossary) or mentions(label, name, glossary)
        for label in names_of(row.label, glossary)[:2]
    )


def class_fits(table: Table, qualifiers: Qualifiers, glossary: Glossary, whole: bool = False) -> bool:
    """A class qualifies this table's rows only when two or more of its rows are members (a table of continents
    answers `Africa` by its row, not as a class)."""
    if qualifiers.cls is None:
        return True
    if whole and prints_group(table, qualifiers.cls, glossary):
        return False  # a sum or mean of a group whose own row the table prints (`东盟`): that row, not its members
    return sum(qualifiers.cls in (member_classes(row.label, glossary) or ()) for row in table.rows) >= 2


def prints_group(table: Table, cls: str, glossary: Glossary) -> bool:
    """The table has a row of the class itself (`东盟`, `- 非洲`): the group's own figure."""
    return any(names_class(row.label, cls, glossary) for row in table.rows)


def names_class(label: str, cls: str, glossary: Glossary) -> bool:
    """The row label is the class itself (`东盟`, `ASEAN`): it is, or a name of it is, one of the class's words."""
    words = {w for c, w in class_words() if c == cls}
    return any(name.lower() in words for name in {label, *names_of(label, glossary)})


def group_labels(glossary: Glossary) -> frozenset[str]:
    """The labels the glossary knows as regions or groups of economies (`欧元区`, `世界`): no member of a class."""
    return labelled(glossary, "region")


@dataclass(frozen=True)
class Anchor:
    """The table and column the aggregate is over, and the rows of the subset."""

    pick: CellPick
    rows: tuple[TableRow, ...]


def is_ranking(table: Table, count: int) -> bool:
    """The table ranks its rows: it has a rank column, or its title names a top N of at least `count`."""
    stated = top_n(f"{table.title} {table.toc_title}")
    return rank_column(table) is not None or (stated is not None and stated >= count)


def listed_members(entities: Sequence[str], qualifiers: Qualifiers, glossary: Glossary) -> tuple[str, ...]:
    """The members of the asked class the question lists by name (`the G7 (US, Japan, ...)`, short forms through
    the glossary): the subset's rows, not the table's subject. Two or more are a list; one member named beside a
    class (`Japan's flows to the Asian ones`) may be the subject, and `the individual countries` lists none."""
    if qualifiers.cls in (None, COUNTRY):
        return ()
    named = tuple(e for e in entities if qualifiers.cls in (member_classes(e, glossary) or ()))
    return named if len(named) >= 2 else ()


def subset_anchor(
    question: Question, evidence: Evidence, qualifiers: Qualifiers, asked: str, whole: bool = False
) -> Anchor | Refusal:
    """The best table-level pick of the asked kind whose table the qualifiers apply to, with the subset's rows.

    The question's entities are matched against the table, not its rows (`Zhejiang` in the title); the class word
    and the left-out names are left out of that match."""
    dropped = set(qualifiers.excluded)
    entities = tuple(e for e in question.entities if e not in dropped and asked_class(e) is None)
    listed = listed_members(entities, qualifiers, evidence.glossary)
    probe = replace(question, entities=tuple(e for e in entities if e not in listed), asked=asked)
    seen: set[tuple[int, int]] = set()
    unresolved = False
    picks = cell_candidates(probe, evidence, asked)
    reach = qualifiers.span[1] if qualifiers.span else qualifiers.top
    if reach is not None:  # `the three largest`, `ranked 4th to 9th` presuppose a ranking: one goes first
        picks.sort(key=lambda p: not is_ranking(p.table, reach))
    ranked = qualifiers.cls is None and (qualifiers.top or qualifiers.bottom or qualifiers.span)
    # a class is read from the tables retrieved; a retrieved table is the one asked about, not the next one's
    nearby = nearby_picks(probe, evidence, asked) if ranked and not evidence.tables() else ()
    for pick in chain(picks, nearby):
        key = (id(pick.table), pick.index)
        if key in seen or any(problem != NO_ROW for problem in pick.problems):
            continue
        seen.add(key)
        if whole and qualifiers.cls is not None and prints_group(pick.table, qualifiers.cls, evidence.glossary):
            return NO_OPERANDS  # the group's own row answers (the reader's lookup), not the members of another table
        if not class_fits(pick.table, qualifiers, evidence.glossary, whole):
            continue
        if qualifiers.table is not None and table_number(pick.table.printed_id) != qualifiers.table:
            continue  # `the ports listed in Table 3-1`: the rows of that table only
        rows = resolve(pick.table, pick.index, qualifiers, evidence.glossary)
        if rows is None or not all(any(excluded_row(r, name, evidence.glossary) for r in rows) for name in listed):
            unresolved = True  # a member the question lists is not among the class's rows: no near set
            continue
        return Anchor(pick, tuple(rows))
    return NO_OPERANDS if not unresolved else UNRESOLVED


def nearby_picks(question: Question, evidence: Evidence, asked: str) -> Iterator[CellPick]:
    """The cells of the tables printed next to a retrieved passage in its section (`Evidence.related_tables`, the
    nearest table to each), best first, for the first (last) N rows when no hit is a table row: a subset names no
    row, so retrieval that finds the prose about a table may miss its rows. Each cell keeps its constraints (entity,
    year, measure). A class (`the Asian ones`) is not looked for there: its members name the rows retrieval finds."""
    near = [entry for entry in evidence.related_tables(question) if entry[1] < 2 * len(evidence.hits)]
    if near:
        yield from sorted(table_picks(question, evidence, asked, question.years[-1:], near), key=lambda p: -p.score)


_WHICH = re.compile(r"\b(?:which|what|who)\b|哪")
_SUPERLATIVE = re.compile(r"\b(?:most|largest|biggest|highest|greatest|least|smallest|lowest|weakest|fastest)\b|最")


def asks_extreme_row(question: Question) -> bool:
    """`which X held the largest Y`, `哪个...最多`: the row of an extreme figure is asked."""
    low = question.text.lower()
    return bool(_WHICH.search(low) and _SUPERLATIVE.search(low))


def subset_operation(question: Question, qualifiers: Qualifiers) -> str | None:
    """count, mean, extreme or sum: what the question asks of the subset; None when it asks none of them."""
    low = question.text.lower()
    if count_names_rows(low):
        return "sum"  # `甲盟的几个成员出口合计是多少`: the amount of the counted rows is asked, not their number
    if asks_operation(low, "count_rows") or (counts_rows(low) and row_test_named(question)):
        return "count"
    if qualifiers.cls is not None and counts_class(low, qualifiers.cls):
        return "count"  # `how many G7 members are among the ten rows`: the class's rows among the table's
    ranked = qualifiers.top is not None or qualifiers.bottom is not None or qualifiers.span is not None
    if qualifiers.cls is not None and ranked and counts_rows(low):
        return "count"  # `how many European countries made the top ten`: the class's rows among the first N
    if asks_mean(low, question.lang):
        return "mean"
    if qualifiers.cls is not None and len(question.years) <= 1 and asks_operation(low, "average"):
        return "mean"  # `the G7's average growth in 2025`: an average rate of one year over a group is its rows' mean
    if question.operation == "sum" or asks_operation(low, "subset_total"):
        return "sum"
    if qualifiers.cls is not None and (ranked or qualifiers.listed) and asks_members_share(question):
        return "sum"  # `what share came from the African ones among the top ten`: the members' shares added
    if (qualifiers.excluded or qualifiers.cls) and (question.lowest or asks_extreme_row(question)):
        return "extreme"
    return None


def count_names_rows(low: str) -> bool:
    """A count word only names the rows (`甲盟的几个成员出口合计是多少`: the several members): a sum word
    (`subset_total`) after it and the question ending in a figure's ask (`figure_ask_zh`, `是多少`) ask the rows'
    total. A count asked after the sum word (`合计有多少个`) still asks a number of rows."""
    words = operation_words()
    counts = [at for w in words.get("count_members", ()) if (at := low.rfind(w)) >= 0]
    if not counts:
        return False
    tail = low[max(counts) :]
    summed = any(w in tail for w in words.get("subset_total", ()) if not w.isascii())
    asked = re.sub(r"[？?。\s]+$", "", tail)
    return summed and any(asked.endswith(w) for w in QUESTION_WORDS["figure_ask_zh"])


def asks_members_share(question: Question) -> bool:
    """The question asks the share of one year that a class's members hold together (a percentage, named a share):
    the members' printed shares added, or their sum over the whole where the table prints amounts only."""
    return question.asked == "percent" and "share" in question.measures and len(set(question.years)) <= 1


def derive_subset(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """An aggregate over the rows the question's qualifiers name; NO_OPERANDS when it names no subset or asks no
    aggregate of one (the reader's other paths answer then). A group the evidence neither names nor has a table of
    members for (`the G7` over a forecast with no 2026 column) is refused: any other figure would be a near one."""
    qualifiers = qualifiers_of(question)
    operation = subset_operation(question, qualifiers) if qualifiers else None
    if operation is None:
        return NO_OPERANDS
    found = aggregate_subset(draft, question, evidence, qualifiers, operation)
    if found == NO_OPERANDS and qualifiers.cls not in (None, COUNTRY) and not class_named(evidence, qualifiers.cls):
        return UNRESOLVED
    return found


def class_named(evidence: Evidence, cls: str) -> bool:
    """A retrieved passage names the class (`Africa`, `东盟`): it may state the group's figure itself."""
    words = [w for c, w in class_words() if c == cls]
    for hit in evidence.hits:
        low = hit.chunk.text.lower()
        if holds_any(words, low):
            return True
    return False


def aggregate_subset(
    draft: AnswerDraft, question: Question, evidence: Evidence, qualifiers: Qualifiers, operation: str
) -> Answer | Refusal:
    """The count, mean, sum or extreme over the subset (see `derive_subset`)."""
    if operation == "count":
        return subset_count(draft, question, evidence, qualifiers)
    asked = "percent" if question.asked == "percent" or question.by_rate else "amount"
    whole = operation in ("sum", "mean")  # the group's figure, which its own row states where the table prints one
    found = subset_anchor(question, evidence, qualifiers, asked, whole)
    if found == NO_OPERANDS and qualifiers.cls is not None and not group_in(evidence, qualifiers.cls):
        evidence = with_members(evidence, qualifiers.cls)
        found = subset_anchor(question, evidence, qualifiers, asked, whole)
    if isinstance(found, Refusal) and asked == "percent" and operation == "sum":
        return share_of_whole(draft, question, evidence, qualifiers)
    if isinstance(found, Refusal):
        return found
    picks = [replace(found.pick, row=row, problems=()) for row in found.rows]
    if operation == "extreme":
        return subset_extreme(draft, question, evidence, picks)
    if len(picks) < 2 and operation != "sum" or not picks:
        return NO_OPERANDS
    formula = mean([p.value for p in picks]) if operation == "mean" else total([p.value for p in picks])
    subject = operands_subject(picks, evidence.glossary, question.lang)
    state_formula(draft, formula, picks, evidence, subject)
    draft.confidence = 0.6
    return draft.answer()


def group_in(evidence: Evidence, cls: str) -> bool:
    """A retrieved table prints the class's own row: its members are not looked for elsewhere."""
    return any(prints_group(table, cls, evidence.glossary) for table, _, _ in evidence.tables())


def with_members(evidence: Evidence, cls: str) -> Evidence:
    """The evidence with every indexed table row of a member of the class added after the hits: retrieval may
    return the prose about a table of countries but not its rows (`rag.retrieve.operands`)."""

    def member(chunk: Chunk) -> bool:
        return cls in (member_classes(chunk.row_label, evidence.glossary) or ())

    return replace(evidence, hits=operand_hits(evidence.hits, evidence.index.chunks, member))


def counts_rows(low: str) -> bool:
    """A count word asks for a number of rows (`how many are forecast to`), not for a measure (`how many percentage
    points`, `how many times`: the `count_not` words right after it)."""
    words = operation_words()
    for word in words.get("count_members", ()):
        at = low.find(word)
        if at >= 0 and not low[at + len(word) :].lstrip().startswith(words.get("count_not", ())):
            return True
    return False


def counts_class(low: str, cls: str) -> bool:
    """A count word asks for the number of the class's members itself: the class word right after it (`how many
    G7 members`, `有几个东盟国家`) or, in Chinese, a few characters before it (`北欧国家有几个`); not a count
    of something the members did (`how many projects did Nordic firms announce`)."""
    words = [w for c, w in class_words() if c == cls]
    for count in operation_words().get("count_members", ()):
        at = low.find(count)
        if at < 0:
            continue
        after = re.sub(r"^(?:of )?(?:the )?", "", low[at + len(count) :].lstrip())
        if any(after.startswith(w) for w in words):
            return True
        before = low[:at]
        if any(not w.isascii() and w in before and len(before) - before.rfind(w) - len(w) <= 4 for w in words):
            return True
    return False


def row_test_named(question: Question) -> bool:
    """The question states a test for each row: a threshold (`above 5 %`), a direction of change (`shrank`), or a
    comparison of two years (`higher in 2025 than in 2024`)."""
    low = question.text.lower()
    if asks_operation(low, "above") or asks_operation(low, "below") or change_direction(low):
        return True
    return len(set(question.years)) == 2 and bool(comparative(low))


def subset_count(
    draft: AnswerDraft, question: Question, evidence: Evidence, qualifiers: Qualifiers
) -> Answer | Refusal:
    """`How many of the top ten are European?`: the rows of the class among the rows the other qualifiers name,
    counted; every counted row cited. With a condition (`how many of the five biggest shrank`), the rows of the subset
    meeting it (`count_meeting`)."""
    conditional = row_test_named(question)
    if qualifiers.cls is None and not conditional:
        return NO_OPERANDS
    found = NO_OPERANDS
    low = question.text.lower()
    threshold = asks_operation(low, "above") or asks_operation(low, "below")
    kinds = (counted_figure(question).asked, "percent", "amount") if conditional else ("rank", "amount", "percent")
    kinds = kinds[:1] if threshold else kinds  # a threshold's own kind (`5 %`, `USD 1 billion`) is the figure tested
    for asked in dict.fromkeys(kinds):
        found = subset_anchor(question, evidence, qualifiers, asked)
        if not isinstance(found, Refusal):
            break
    if isinstance(found, Refusal):
        return found
    if conditional:
        return count_meeting(draft, question, evidence, found)
    pool = resolve(found.pick.table, found.pick.index, replace(qualifiers, cls=None), evidence.glossary) or []
    items = []
    for row in found.rows:
        pick = replace(found.pick, row=row, problems=())
        n = draft.cite(cell_citation(pick, evidence))
        items.append(f"{row_name(row.label, evidence.glossary, question.lang, bare=True)} [{n}]")
    condition = class_name(qualifiers.cls, question.lang)
    draft.say(
        "counted_class", count=len(found.rows), total=len(pool), condition=condition, items="; ".join(items) or "-"
    )
    draft.record_count(found.pick.table, found.rows)
    draft.record_count(found.pick.table, pool)
    draft.value = draft.source_value = float(len(found.rows))
    draft.unit = draft.source_unit = "count"
    draft.confidence = 0.5
    return draft.answer()


def count_meeting(draft: AnswerDraft, question: Question, evidence: Evidence, found: Anchor) -> Answer | Refusal:
    """`How many of the individual countries exceed 4 %?`: the subset's rows that meet the question's condition
    (`rag.read.aggregates.row_condition`), counted; every row tested cited (`rag.read.aggregates.state_counted`)."""
    test = row_condition(question, found.pick, draft.templates, evidence.glossary)
    if test is None:
        return NO_OPERANDS
    picks = [replace(found.pick, row=row, problems=()) for row in found.rows]
    return state_counted(
        draft, picks, test, evidence, lambda p: row_name(p.row.label, evidence.glossary, question.lang, bare=True)
    )


def subset_extreme(
    draft: AnswerDraft, question: Question, evidence: Evidence, picks: Sequence[CellPick]
) -> Answer | Refusal:
    """`Excluding A, which row holds the largest X?`: the row of the extreme figure among the subset, all cited."""
    if len(picks) < 2:
        return NO_OPERANDS
    lower = question.lowest
    order = sorted(picks, key=lambda p: p.value, reverse=not lower)
    refs = [draft.cite(cell_citation(p, evidence)) for p in order]
    names = [row_name(p.row.label, evidence.glossary, question.lang, bare=True) for p in order]
    ordering = (" < " if lower else " > ").join(
        f"{name} {p.row.cells[p.index].text} [{n}]" for name, p, n in zip(names, order, refs, strict=True)
    )
    column = column_name(order[0], evidence.glossary, question.lang)
    extreme = draft.templates["lowest" if lower else "highest"]
    draft.say("extreme_row", winner=names[0], extreme=extreme, column=column, ordering=ordering)
    draft.spans = (names[0], order[0].row.label)
    draft.confidence = 0.6
    return draft.answer()


def column_name(pick: CellPick, glossary: Glossary, lang: str) -> str:
    """The pick's column as a sentence names it: its measure (`stock`, `存量`), its year alone as `figure in 2024`."""
    header = pick.table.columns[pick.index].header
    measure = re.sub(r"(?:19|20)\d\d\s*年?", "", header).strip()
    if not measure:
        return header.strip() if lang == "zh" else f"figure in {header.replace('年', '').strip()}"
    return header if lang == "zh" else glossary.gloss(header) or header


def whole_pick(parts: Sequence[CellPick], question: Question, evidence: Evidence) -> CellPick | None:
    """The whole a share is taken of: the total row of the parts' table in their column, else the total row (`世界`,
    `合计`) of another table of the question's year in the same unit."""
    anchor = parts[0]
    for row in anchor.table.rows:
        if is_total(row) and anchor.index < len(row.cells) and row.cells[anchor.index].value:
            return replace(anchor, row=row, problems=())
    unit = anchor.unit.label if anchor.unit is not None else None
    for pick in cell_candidates(replace(question, asked="amount"), evidence, "amount"):
        same_unit = (pick.unit.label if pick.unit is not None else None) == unit
        if is_total(pick.row) and pick.table is not anchor.table and same_unit and not pick.problems:
            return pick
    return None


def share_of_whole(
    draft: AnswerDraft, question: Question, evidence: Evidence, qualifiers: Qualifiers
) -> Answer | Refusal:
    """`What share did the top three hold of the total?` over a table of amounts: their sum over the whole."""
    found = subset_anchor(question, evidence, qualifiers, "amount", whole=True)
    if isinstance(found, Refusal):
        return found
    parts = [replace(found.pick, row=row, problems=()) for row in found.rows]
    if not parts or cell_kind(parts[0].table, parts[0].row, parts[0].index) == "percent":
        return NO_OPERANDS
    whole = whole_pick(parts, question, evidence)
    if whole is None:
        return NO_OPERANDS
    state_group_share(draft, parts, whole, evidence, question.lang)
    draft.confidence = 0.6
    return draft.answer()


def change_pair(pick: CellPick, years: Sequence[int]) -> tuple[CellPick, CellPick] | None:
    """The row's cells of the two years in the pick's column group, earlier first."""
    by_year = {min(cell_years(p.table, p.row, p.index)): p for p in row_across_years(pick)}
    first, last = by_year.get(years[0]), by_year.get(years[-1])
    return (first, last) if first is not None and last is not None else None


def derive_extreme_change(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`Which item saw the largest drop in X from A to B?`: each item row's change between the two years, and the
    row of the largest fall (rise); every row's two cells cited. NO_OPERANDS unless the question asks which row, with
    a superlative, one direction of change and two years."""
    low = question.text.lower()
    years = sorted(set(question.years))
    direction = change_direction(low)
    if len(years) != 2 or not direction or question.asked in ("percent", "year") or not asks_extreme_row(question):
        return NO_OPERANDS
    probe = replace(question, asked="amount")
    seen: set[tuple[int, int]] = set()
    for anchor in cell_candidates(probe, evidence, "amount", [years[1]]):
        key = (id(anchor.table), anchor.index)
        if key in seen or any(problem != NO_ROW for problem in anchor.problems):
            continue
        seen.add(key)
        pairs = [
            change_pair(replace(anchor, row=row, problems=()), years) for row in item_rows(anchor.table, anchor.index)
        ]
        pairs = [pair for pair in pairs if pair is not None]
        if len(pairs) < 2:
            continue
        pairs.sort(key=lambda pair: pair[1].value - pair[0].value, reverse=direction == "rise")
        items = []
        for before, after in pairs:
            refs = cite_operands(draft, (before, after), evidence)
            name = row_name(after.row.label, evidence.glossary, question.lang, bare=True)
            change = round(after.value - before.value, 4)
            draft.record(difference(after.value, before.value))
            printed = f"{before.row.cells[before.index].text} → {after.row.cells[after.index].text}"
            items.append(f"{name} {printed} ({change:+g}) [{refs}]")
        winner = row_name(pairs[0][1].row.label, evidence.glossary, question.lang, bare=True)
        draft.say(
            "extreme_change", winner=winner, change=draft.templates[f"change_{direction}"], ordering="; ".join(items)
        )
        draft.spans = (winner, pairs[0][1].row.label)
        draft.confidence = 0.5
        return draft.answer()
    return NO_OPERANDS
