"""The grounded reader: answers from the retrieved evidence by code, with no generative model.

It reads the question (`rag.read.question`), then scores two kinds of candidate facts in the hits:

* table cells, read from the structured tables (never from chunk text): row label × column, matched across
  languages through the glossary (Chinese label, English gloss and its aliases; section rows and `- 欧洲` sub-rows
  through `row.section`), the column's year and measure, and the table's title and heading;
* numbers in prose sentences (`extract_quantities`), matched by the words of the sentence and of the clause
  around the number, and by the kind of figure asked for.

A candidate has *problems* when an entity, the year or the measure named in the question is not in its evidence,
or the figure is of another kind than asked; only candidates without problems may answer, and the best one's
problems become the refusal reason. Derived questions (difference, sum, share, growth rate, rank) are computed
with `rag.text.numbers` formulas whose operands are cited cells. Units are converted by code (亿 → billion) and a
unit whose scale the table does not state is never given one. Answer sentences come from `prompts/grounded_*.json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from rag.index.store import StoredIndex
from rag.ingest.tables import cell_unit, is_inferred
from rag.read.qualifiers import qualifier_cover, rare_terms
from rag.read.question import (
    DEMONYMS,
    MEASURE_WORDS,
    Question,
    analyse_question,
    asks_gap,
    glossary_labels,
    known_name,
    question_measures,
    question_topics,
)
from rag.retrieve.operands import operand_hits
from rag.text.glossary import Glossary, has_cjk, normalise
from rag.text.numbers import (
    Formula,
    Quantity,
    annual_growth_rate,
    change,
    difference,
    extract_quantities,
    format_amount,
    growth_rate,
    is_unit_name,
    natural_scale,
    ratio,
    share,
    to_base,
    total,
    word_numbers,
)
from rag.text.sentences import split_sentences
from rag.text.tokens import tokenize
from rag.text.units import RANK_WORDS
from rag.types import Answer, Chunk, Citation, Hit, ScaleEvidence, Table, TableRow, Unit, page_span

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_CLAUSE_BREAK = re.compile(r"[,;，；、:：]|\band\b")
TOTAL_LABELS = ("合计", "总计", "世界", "全球", "total", "world")
SPECIFIC_MEASURES = ("stock", "flow", "turnover", "throughput")
FALL_WORDS = ("fall", "fell", "drop", "decline", "decrease", "slow", "减少", "下降", "回落")
# Below MIN_SCORE the best candidate is too weakly related to answer. Tuned on the dev set: every unanswerable
# question there is refused for a named entity, year or measure missing from the evidence, none for its score
# alone, while a higher floor refused answerable Chinese questions over English prose (few shared words).
MIN_SCORE = 0.5
MIN_TEXT_OVERLAP = 0.3  # share of question terms a quoted sentence must contain
REL_DISAGREE = 0.005
NAMED_ROW = 0.6  # how fully the question must name a row for it to be an operand of a sum or difference
RELATED_TITLE = 0.5  # share of the question's terms a table's title and heading must hold to join the evidence
RELATED_COVER = 0.6  # share of the question's terms a row of a table outside the hits must account for
SUBJECT_MARGIN = 0.15  # how much more of the question a sentence must hold than a cell's table (dev set: 0.1-0.15 same)


# --- small helpers ---------------------------------------------------------------------------------------------


def load_templates(prompts_dir: Path, lang: str) -> dict[str, str]:
    path = prompts_dir / f"grounded_{lang}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"answer templates {path} cannot be read ({exc}); restore them from the repository") from exc


def plain(value: float) -> str:
    """A number without exponent or trailing zeros (12 significant digits hide float noise)."""
    text = format(Decimal(f"{value:.12g}"), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def years_in(text: str) -> set[int]:
    return {int(year) for year in _YEAR.findall(text)}


def names_of(label: str, glossary: Glossary) -> list[str]:
    """A label and its English names: the gloss, the gloss without its bracket, and the aliases in the bracket."""
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
            return 1.0 + 0.02 * len(name)  # the longer label named wins: 拉丁美洲和加勒比 over 拉丁美洲
        grams = {name[i : i + 2] for i in range(len(name) - 1)} or {name}
        return 0.8 * sum(gram in question.text for gram in grams) / len(grams)
    tokens = set(tokenize(name))
    return sum(term_in(token, question.terms) for token in tokens) / len(tokens) if tokens else 0.0


def term_in(token: str, terms: frozenset[str]) -> bool:
    """A word stem among the terms, or sharing a five-letter prefix with one (finance/financial, telecom/...)."""
    if token in terms:
        return True
    return len(token) >= 5 and any(len(term) >= 5 and term[:5] == token[:5] for term in terms)


def best_name_match(label: str, question: Question, glossary: Glossary) -> float:
    return max((name_match(name, question) for name in names_of(label, glossary)), default=0.0)


# Words that many place names share (`South Korea`, `South Africa`; `New Zealand`, `New Caledonia`): a name of
# several words is not named by these alone.
SHARED_NAME_WORD = re.compile(
    r"(?:south|north|east|west|central|(?:east|west|north|south)ern|new|united|republic|democratic|people|kingdom"
    r"|states|islands?|and|the|of|saint|san|upper|lower|great|greater)"
)


def _names_english(name: str, low: str) -> bool:
    """A name in lower-cased text; a name of several words needs at least half of them (translations vary), and
    among them a word of its own, not only a word that many names share (`South` of `South Korea`)."""
    if re.search(rf"(?<![a-z]){re.escape(name.lower())}", low):
        return True
    words = [w for w in re.split(r"[\s-]+", name.lower()) if len(w) > 2]
    if len(words) < 2:
        return False
    found = [w for w in words if re.search(rf"(?<![a-z]){re.escape(w)}", low)]
    own = [w for w in found if not SHARED_NAME_WORD.fullmatch(w)]
    return bool(own) and len(found) * 2 >= len(words)


def mentions(entity: str, text: str, glossary: Glossary) -> bool:
    """Whether `text` names `entity` (a Chinese entity also by its English names, a place also by its adjective)."""
    low = text.lower()
    adjectives = [adjective for adjective, place in DEMONYMS.items() if place == entity]
    # an English entity the glossary knows is also named by its Chinese label and that label's other names
    aliases = [name for label in glossary_labels(entity, glossary) for name in names_of(label, glossary)]
    if any(len(name) < 4 and name.isupper() and re.search(rf"\b{re.escape(name)}\b", text) for name in aliases):
        return True  # an acronym (`UK`, `US`) counts only as a whole word in capitals, not as `uk` in `Ukraine`
    aliases = [name for name in aliases if not (len(name) < 4 and name.isupper())]
    for name in dict.fromkeys(names_of(entity, glossary) + adjectives + aliases):
        if has_cjk(name):
            if name in text:
                return True
        elif _names_english(name, low):
            return True
    return False


_PLACE_SUFFIX = re.compile(r"(?:地区|省|市|国|经济体)$")


def names_part_of(label: str, entity: str) -> bool:
    """A Chinese row label that is only a part of the entity the question names (拉丁美洲 of 拉丁美洲和加勒比地区).

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
    return len(question.terms & set(tokenize(text))) / len(question.terms)


# --- table cells -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellPick:
    """One table cell considered as the answer, with its score and the reasons it cannot answer (problems)."""

    table: Table
    row: TableRow
    index: int
    score: float
    problems: tuple[str, ...] = ()
    chunk: Chunk | None = None
    heading: tuple[str, ...] = ()
    related: bool = False  # from a table no hit belongs to (`Evidence.related_tables`)

    @property
    def value(self) -> float | None:
        return self.row.cells[self.index].value

    @property
    def column(self) -> str:
        return self.table.columns[self.index].header

    @property
    def unit(self) -> Unit | None:
        return cell_unit(self.table, self.row, self.index, inferred=True)


def column_text(table: Table, index: int, glossary: Glossary) -> str:
    column = table.columns[index]
    parts = column.parts or (column.header,)
    return " ".join(f"{part} {glossary.gloss(part) or ''}" for part in parts)


def cell_kind(table: Table, row: TableRow, index: int) -> str:
    """rank, percent, count or amount: the kind of figure in a cell."""
    header = table.columns[index].header.lower() if index < len(table.columns) else ""
    if any(word in header for word in RANK_WORDS):
        return "rank"
    unit = cell_unit(table, row, index)
    if unit is not None and unit.kind in ("percent", "count"):
        return unit.kind
    return "amount"


def kind_fits(asked: str, kind: str) -> bool:
    if asked in ("text", "any"):
        return True
    if asked == "points":
        return kind == "percent"
    return asked == kind


def row_years(row: TableRow) -> set[int]:
    return years_in(row.label)


def cell_years(table: Table, row: TableRow, index: int) -> set[int]:
    return years_in(table.columns[index].header) | row_years(row)


def is_total(row: TableRow) -> bool:
    return row.label.lower() in TOTAL_LABELS


def asks_total(question: Question) -> bool:
    low = question.text.lower()
    return any(word in low for word in ("total", "world", "global", "合计", "全球", "世界", "总"))


def table_context(table: Table, heading: tuple[str, ...]) -> str:
    return " ".join([table.title, table.toc_title, " ".join(heading), " ".join(table.notes), table.label_header])


def row_match(row: TableRow, question: Question, glossary: Glossary) -> float:
    """How well the question names this row: its label, its section parts, or both."""
    if years_in(row.label):
        return 1.0 if years_in(row.label) & set(question.years) else 0.0
    label = best_name_match(row.label, question, glossary)
    parts = [part for part in row.section.split(" / ") if part]
    if not parts:
        return label
    section = sum(best_name_match(part, question, glossary) for part in parts) / len(parts)
    if question_measures(" ".join(names_of(row.label, glossary))):  # `金额` under `半导体`: the section names the row
        return section + 0.25 * label
    return label + 0.25 * section * label


def names_row(row: TableRow, question: Question, glossary: Glossary) -> bool:
    """The question names the row by its own label (not a year row, not a total, not a bare section)."""
    if years_in(row.label) or is_total(row):
        return False
    return best_name_match(row.label, question, glossary) >= NAMED_ROW


def coverage(question: Question, text: str) -> float:
    """Share of the question's terms that `text` holds, word stems compared as in `term_in`.

    A Chinese question is measured by its English glossary expansions where it has them (titles are English)."""
    terms = [term for term in question.terms if not has_cjk(term)] or list(question.terms)
    if not terms:
        return 0.0
    words = frozenset(tokenize(re.sub(r"['’]s\b", "", text))) | abbreviations_in(text)
    return sum(term_in(term, words) for term in terms) / len(terms)


# The reports spell out what analysts abbreviate: the abbreviation counts as named where its long form is.
ABBREVIATIONS = {
    "fdi": re.compile(r"foreign direct investment", re.IGNORECASE),
    "ofdi": re.compile(r"(?:outward|outbound|overseas) (?:foreign )?direct investment", re.IGNORECASE),
}


def abbreviations_in(text: str) -> frozenset[str]:
    return frozenset(short for short, long_form in ABBREVIATIONS.items() if long_form.search(text))


def related_row(table: Table, row: TableRow, heading: tuple[str, ...], question: Question, glossary: Glossary) -> bool:
    """A row of a table no hit belongs to may answer only when the question names it by its label and the table's
    title, heading, row and column names together hold most of the question's terms (its whole subject)."""
    if not names_row(row, question, glossary):
        return False
    columns = " ".join(column_text(table, i, glossary) for i in range(len(table.columns)))
    text = " ".join([table_context(table, heading), columns, *names_of(row.label, glossary), row.section])
    return coverage(question, text) >= RELATED_COVER


def column_name_score(table: Table, index: int, question: Question, glossary: Glossary) -> float:
    """+1 per column name part the question names (`当期收益再投资` reinvested earnings), -0.5 per part it does not.

    Year and measure parts (`2022`, `金额`, `比重`) are left to the year and measure scores.
    """
    column = table.columns[index]
    score = 0.0
    for part in column.parts or (column.header,):
        gloss = glossary.gloss(part) or ""
        if years_in(part) or question_measures(f"{part} {gloss}") or not part:
            continue
        score += 1.0 if best_name_match(part, question, glossary) >= 0.5 else -0.5
    return score


def measure_score(table: Table, row: TableRow, index: int, question: Question, glossary: Glossary) -> float:
    column = question_measures(column_text(table, index, glossary) + " " + row.label)
    asked = set(question.measures)
    score = 0.5 if asked & set(column) else 0.0
    score += 0.5 if asked & set(column) - {"amount", "growth"} else 0.0
    wanted = asked & set(SPECIFIC_MEASURES)
    # the column names the measure (存量 stock) or, when it names none, the table's title does (`OFDI flows`)
    offered = set(column) & set(SPECIFIC_MEASURES) or set(question_measures(table.toc_title)) & set(SPECIFIC_MEASURES)
    if wanted and offered and not wanted & offered:
        score -= 1.0
    return score


def is_row_chunk(chunk: Chunk, table: Table, row_index: int) -> bool:
    return (
        chunk.kind == "table_row"
        and chunk.doc_name == table.doc_name
        and chunk.table_id == table.table_id
        and chunk.row_index == row_index
    )


@dataclass(frozen=True)
class Evidence:
    """The hits, grouped the ways the reader needs them."""

    hits: tuple[Hit, ...]
    index: StoredIndex
    glossary: Glossary

    def tables(self) -> list[tuple[Table, int, tuple[str, ...]]]:
        """(table, best hit rank, heading) for each table that a hit belongs to, best first."""
        seen: dict[tuple[str, str], tuple[Table, int, tuple[str, ...]]] = {}
        for rank, hit in enumerate(self.hits):
            chunk = hit.chunk
            key = (chunk.doc_name, chunk.table_id)
            if chunk.table_id and key not in seen:
                table = self.index.table(chunk.table_id, chunk.doc_name)
                if table is not None:
                    seen[key] = (table, rank, chunk.heading)
        return list(seen.values())

    def related_tables(self, question: Question) -> list[tuple[Table, int, tuple[str, ...]]]:
        """Tables no hit belongs to that the evidence points to, each ranked after every hit.

        * the table nearest to a retrieved prose passage in the same section (a report states a figure in prose
          and prints its breakdown in the table next to it);
        * a table whose title and heading share most of the question's subject terms.
        """
        seen = {(table.doc_name, table.table_id) for table, _, _ in self.tables()}
        found: dict[tuple[str, str], tuple[Table, int, tuple[str, ...]]] = {}
        headings = self.table_headings()
        for rank, chunk in self.prose():
            nearest = min(
                (
                    t
                    for t in self.index.tables
                    if t.doc_name == chunk.doc_name
                    and headings.get((t.doc_name, t.table_id), ())[:2] == chunk.heading[:2]
                ),
                key=lambda t: min(abs(t.start_line - chunk.end_line), abs(chunk.start_line - t.end_line)),
                default=None,
            )
            if nearest is not None:
                key = (nearest.doc_name, nearest.table_id)
                found.setdefault(key, (nearest, len(self.hits) + rank, headings.get(key, chunk.heading)))
        hit_sections = {(table.doc_name, heading[:2]) for table, _, heading in self.tables()}
        for table in self.index.tables:
            key = (table.doc_name, table.table_id)
            heading = headings.get(key, ())
            if coverage(question, table_context(table, heading)) >= RELATED_TITLE:
                found.setdefault(key, (table, 2 * len(self.hits), heading))
            elif (table.doc_name, heading[:2]) in hit_sections:  # a sibling of a retrieved table
                found.setdefault(key, (table, 2 * len(self.hits) + 1, heading))
        return [entry for key, entry in found.items() if key not in seen]

    def table_headings(self) -> dict[tuple[str, str], tuple[str, ...]]:
        return {(c.doc_name, c.table_id): c.heading for c in self.index.chunks if c.kind == "table"}

    def row_rank(self, table: Table, row_index: int) -> int | None:
        return next((rank for rank, hit in enumerate(self.hits) if is_row_chunk(hit.chunk, table, row_index)), None)

    def row_chunk(self, table: Table, row_index: int) -> Chunk | None:
        return next((chunk for chunk in self.index.chunks if is_row_chunk(chunk, table, row_index)), None)

    def prose(self) -> list[tuple[int, Chunk]]:
        return [(rank, hit.chunk) for rank, hit in enumerate(self.hits) if hit.chunk.kind == "prose"]

    def years_before(self, chunk: Chunk) -> set[int]:
        """The years of the last sentence naming any before the passage's first sentence, read from the overlapping
        passage that holds it (a window may start mid-paragraph, after the paragraph's `In 2022`)."""
        sentences = split_sentences(chunk.body)
        if not sentences:
            return set()
        for other in self.index.chunks:
            if other.kind != "prose" or other.doc_name != chunk.doc_name or other.id == chunk.id:
                continue
            if not other.start_line <= chunk.start_line <= other.end_line:
                continue
            before = split_sentences(other.body)
            if sentences[0] not in before:
                continue
            for sentence in reversed(before[: before.index(sentences[0])]):
                if years_in(sentence):
                    return years_in(sentence)
        return set()

    def section_year(self, chunk: Chunk) -> set[int]:
        """The year that the prose of the passage's enclosing section (its heading path but the last part) names
        most often, at least twice as often as any other: `in that year` under a chapter about one year."""
        parent = chunk.heading[:-1] if len(chunk.heading) > 1 else chunk.heading
        counts: dict[int, int] = {}
        for other in self.index.chunks:
            if other.kind == "prose" and other.doc_name == chunk.doc_name and other.heading[: len(parent)] == parent:
                for match in _YEAR.finditer(other.body):
                    counts[int(match.group(1))] = counts.get(int(match.group(1)), 0) + 1
        ranked = sorted(counts.values(), reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0] < 2 * ranked[1]):
            return set()
        return {max(counts, key=counts.get)}

    def section_mentions_year(self, table: Table, heading: tuple[str, ...], year: int) -> bool:
        """The prose of the table's own section names the year: the garbled titles (`2012` for 2022) need this."""
        return any(
            chunk.kind == "prose"
            and chunk.doc_name == table.doc_name
            and chunk.heading[:2] == heading[:2]
            and year in years_in(chunk.body)
            for chunk in self.index.chunks
        )


def asks_change(question: Question) -> bool:
    """A percent question about growth (`同比增长多少`), not about a share."""
    return question.asked == "percent" and "growth" in question.measures and "share" not in question.measures


# `中国对香港的直接投资`, `China's investment in Hong Kong`: the place invested in, after 对 / in / into / to.
_DESTINATION_ZH = re.compile(r"对(.{1,12}?)的?(?:直接)?投资")
_DESTINATION_EN = re.compile(r"\b(?:invest\w*|ofdi|fdi|flows?)\s+(?:[a-z]+\s+){0,2}?(?:in|into|to)\s+(.{1,40})")
_OUTFLOW_WORDS = ("流出", "outflow")


def destination(question: Question, glossary: Glossary) -> str:
    """The place the question's first-named entity invests in, when the question names both (else "")."""
    if len(question.entities) < 2:
        return ""
    for pattern, text in ((_DESTINATION_ZH, question.text), (_DESTINATION_EN, question.text.lower())):
        match = pattern.search(text)
        if not match:
            continue
        named = [e for e in question.entities[1:] if is_place(e, glossary) and mentions(e, match.group(1), glossary)]
        if named:
            return named[0]
    return ""


def outflow_of_destination(pick: CellPick, question: Question, glossary: Glossary) -> bool:
    """The cell is the outflow of the place invested in (`中国香港 / 流出流量` for `中国对香港的直接投资`): that
    place's own investment abroad, not the investment into it that the question asks about."""
    place = destination(question, glossary)
    if not place or not any(mentions(place, name, glossary) for name in names_of(pick.row.label, glossary)):
        return False
    column = column_text(pick.table, pick.index, glossary).lower()
    return any(word in column for word in _OUTFLOW_WORDS)


def cell_problems(pick: CellPick, question: Question, evidence: Evidence, years: Sequence[int]) -> tuple[str, ...]:
    """Why this cell cannot answer: `entity:<name>`, `year`, `measure` or `kind`."""
    table, row, index, glossary = pick.table, pick.row, pick.index, evidence.glossary
    problems: list[str] = []
    context = " ".join(
        [table_context(table, pick.heading), row.label, row.section, column_text(table, index, glossary)]
        + names_of(row.label, glossary)
        + [name for part in row.section.split(" / ") if part for name in names_of(part, glossary)]
    )
    # a publisher the question names (`in Lloyd's List's ranking`) may be named by the table's Source line; a
    # place may not (a bulletin of China's investment abroad is no table about China)
    sourced = f"{context} {table.source}"
    problems += [
        f"entity:{e}"
        for e in question.entities
        if not mentions(e, context if known_place(e, glossary) else sourced, glossary)
    ]
    # the row of the place invested in (中国香港) does not name the investor (中国) by holding its name: the table must
    problems += [
        f"entity:{e}"
        for e in question.entities
        if f"entity:{e}" not in problems
        and e != (place := destination(question, glossary))
        and place
        and any(mentions(place, name, glossary) for name in names_of(row.label, glossary))
        and not mentions(e, " ".join([table_context(table, pick.heading), row.section]), glossary)
    ]
    problems += [
        f"entity:{e}"
        for e in question.entities
        if names_part_of(row.label, e) and not mentions(e, table_context(table, pick.heading), glossary)
    ]
    wanted = set(years)
    have = cell_years(table, row, index)
    if (
        wanted
        and have
        and not wanted & have
        or (
            wanted
            and not have
            and not any(
                year in years_in(table.title + table.toc_title)
                or evidence.section_mentions_year(table, pick.heading, year)
                for year in wanted
            )
        )
    ):
        problems.append("year")
    if measure_score(table, row, index, question, glossary) < 0:
        problems.append("measure")
    if missing_topic(question, context) or extra_topic(question, table_context(table, pick.heading)):
        problems.append("measure")
    if asks_change(question) and "share" in question_measures(column_text(table, index, glossary)):
        problems.append("measure")  # a share is not the growth asked about
    if pick.value is None or outflow_of_destination(pick, question, glossary):
        problems.append("measure")
    if row_match(row, question, glossary) < 0.5 and not (is_total(row) and asks_total(question)):
        problems.append("row")
    return tuple(problems)


def score_cell(
    table: Table,
    row_index: int,
    index: int,
    rank: int,
    heading: tuple[str, ...],
    question: Question,
    evidence: Evidence,
) -> float:
    row = table.rows[row_index]
    glossary = evidence.glossary
    score = 2.0 * row_match(row, question, glossary)
    score += measure_score(table, row, index, question, glossary)
    score += column_name_score(table, index, question, glossary)
    have = cell_years(table, row, index)
    if question.years and have & set(question.years):
        score += 0.5
    elif not question.years and have:
        latest = max((y for i in range(len(table.columns)) for y in cell_years(table, row, i)), default=0)
        score += 0.3 if latest in have else 0.0
    score += 1.5 * overlap(question, table_context(table, heading))
    row_rank = evidence.row_rank(table, row_index)
    score += 0.6 / (1 + row_rank) if row_rank is not None else 0.0
    score += 0.3 / (1 + rank)
    if cell_kind(table, row, index) == question.asked or (question.asked == "points" and "percent"):
        score += 0.3
    return score


def cell_candidates(question: Question, evidence: Evidence, asked: str, years: Sequence[int] | None = None) -> list:
    """Every numeric cell of every hit table, scored, best first (kind must fit `asked`).

    When no hit table has a clean cell in a row the question names, the rows of the tables the evidence points
    to (`Evidence.related_tables`) that the question names join them (`related_row`).
    """
    years = question.years[-1:] if years is None else years
    picks = table_picks(question, evidence, asked, years, evidence.tables())
    if not any(not p.problems and names_row(p.row, question, evidence.glossary) for p in picks):
        picks += table_picks(question, evidence, asked, years, evidence.related_tables(question), related=True)
    return sorted(picks, key=lambda p: -p.score)


def table_picks(
    question: Question,
    evidence: Evidence,
    asked: str,
    years: Sequence[int],
    tables: Sequence[tuple[Table, int, tuple[str, ...]]],
    related: bool = False,
) -> list[CellPick]:
    picks: list[CellPick] = []
    for table, rank, heading in tables:
        for row_index, row in enumerate(table.rows):
            if related and not related_row(table, row, heading, question, evidence.glossary):
                continue
            for index, cell in enumerate(row.cells[: len(table.columns)]):
                if cell.value is None or not kind_fits(asked, cell_kind(table, row, index)):
                    continue
                score = score_cell(table, row_index, index, rank, heading, question, evidence)
                pick = CellPick(table, row, index, score, heading=heading, related=related)
                picks.append(replace(pick, problems=cell_problems(pick, question, evidence, years)))
    return picks


# --- prose numbers ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProsePick:
    chunk: Chunk
    sentence: str
    quantity: Quantity
    score: float
    problems: tuple[str, ...] = ()


_ORDINAL_FIGURE = re.compile(r"(?<![\d.])(\d{1,3})(?:st|nd|rd|th)\b|第\s*(\d{1,3})\s*(?:届|次|位|名)")


def ordinal_figures(sentence: str) -> list[Quantity]:
    """Positions and editions printed as ordinals (`the 23rd China International Industry Fair`, `第23届`,
    `ranked 115th`): kind `rank`. They are no amounts, so the verifier does not read them as stated numbers."""
    return [
        Quantity(float(m.group(1) or m.group(2)), kind="rank", text=m.group(0), start=m.start(), end=m.end())
        for m in _ORDINAL_FIGURE.finditer(sentence)
    ]


_MULTIPLIER = re.compile(r"\s*(?:times\b|-?fold\b|倍)")


def multipliers(sentence: str, quantities: Sequence[Quantity]) -> list[Quantity]:
    """A bare number followed by `times`, `fold` or `倍` (`an increase of 1.2 times`) is a multiplier, kind `times`:
    it answers no question about an amount or a count."""
    return [
        replace(q, kind="times") if q.kind == "number" and _MULTIPLIER.match(sentence, q.end) else q for q in quantities
    ]


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
    found = [q for q in multipliers(sentence, found) if not is_day_of_month(sentence, q)]
    if asked == "count":  # `three aspects of work`, `Eighty-one companies`
        found += word_numbers(sentence)
    elif asked == "rank":
        found += ordinal_figures(sentence)
    elif asked == "year":
        found = [q for q in extract_quantities(sentence) if q.kind == "year"]
    return sorted(found, key=lambda q: q.start)


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


def prose_kind_fits(asked: str, kind: str) -> bool:
    return asked == kind or (asked == "amount" and kind == "number")


def clause_around(sentence: str, start: int, end: int) -> str:
    """The clause of `sentence` that holds the span [start, end): text between the nearest breaks."""
    before = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)]
    after = _CLAUSE_BREAK.search(sentence, end)
    left = before[-1] if before else 0
    previous = before[-2] if len(before) > 1 else 0
    return sentence[previous if end - left < 40 else left : after.start() if after else len(sentence)]


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
        return any(zh == entity for zh, _ in place_names(glossary))
    return known_name(entity, glossary)


def is_place(entity: str, glossary: Glossary) -> bool:
    """A place or an English name (a capitalised run: a place, organisation or person), not a Chinese industry."""
    return not has_cjk(entity) or any(zh == entity for zh, _ in place_names(glossary))


def prose_problems(
    chunk: Chunk, sentence: str, question: Question, glossary: Glossary, context_years: set[int] | None = None
) -> tuple[str, ...]:
    """Why a figure of `sentence` cannot answer: the sentence itself (or its heading path) must name the question's
    entities, and name its topic and specific measure (stock, flow) when the question names one."""
    scope = " ".join([sentence, chunk.title, *chunk.heading])
    problems = [
        f"entity:{e}"
        for e in question.entities
        if not mentions(e, scope if is_place(e, glossary) else chunk.text, glossary)
    ]
    if missing_topic(question, scope) or other_measure(question, sentence):
        problems.append("measure")
    sentence_years = years_in(sentence)
    fallback = years_in(chunk.text) if context_years is None else context_years | years_in(" ".join(chunk.heading))
    if question.year and question.year not in (sentence_years or fallback):
        problems.append("year")
    return tuple(problems)


_RESPECTIVELY = re.compile(r"\brespectively\b|分别")
_LIST_BREAK = re.compile(r",|，|、|;|；|\band\b|和|及")


def respective_figure(sentence: str, quantities: Sequence[Quantity], question: Question) -> tuple[list, int] | None:
    """`completions, new orders and holding orders respectively accounted for 47.3%, 55.2% and 49.0%`: the figures
    of one kind after `respectively` and the position of the one whose list item the question names best (None
    when the sentence has no such list or no item stands out)."""
    marker = _RESPECTIVELY.search(sentence)
    if not marker:
        return None
    after = [q for q in quantities if q.start >= marker.start()]
    if len(after) < 2 or len({quantity_kind(q) for q in after}) != 1:
        return None
    head = sentence[: min(marker.start(), after[0].start)]
    items = [item for item in _LIST_BREAK.split(head) if item.strip()][-len(after) :]
    if len(items) != len(after) or any(q.kind != "year" for item in items for q in extract_quantities(item)):
        return None  # the figures do not follow the whole list (`A and B respectively 790 and 160, C 110`)
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
    return any(not mentions(place, question.text, glossary) for place in places)


def nearest_year(sentence: str, quantity: Quantity) -> int | None:
    """The year printed closest to a figure (`from 6.8 trillion in 2017 to 8.3 trillion in 2022`)."""
    best: tuple[int, int] | None = None
    for match in _YEAR.finditer(sentence):
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
    before = [m.end() for m in _BIND_BREAK.finditer(sentence, 0, quantity.start)]
    after = _BIND_BREAK.search(sentence, quantity.end)
    return sentence[before[-1] if before else 0 : after.start() if after else len(sentence)]


def _name_positions(names: Sequence[str], text: str) -> list[int]:
    low = text.lower()
    found = []
    for name in names:
        pattern = re.escape(name) if has_cjk(name) else rf"(?<![a-z]){re.escape(name.lower())}(?![a-z])"
        found += [m.start() for m in re.finditer(pattern, text if has_cjk(name) else low)]
    return found


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
    overlaps = [overlap(question, c) for c in clauses]
    if sum(o > 0 for o in overlaps) >= 2:
        penalties = [p + o - max(overlaps) for p, o in zip(penalties, overlaps, strict=True)]
    return penalties


# `A is what percentage of B('s stock)?`, `A相当于B的百分之几`: the entity after `of` / before `的` is the whole.
_PERCENT_OF = (
    re.compile(r"\bwhat (?:percentage|percent|share|proportion|fraction) of\s+(.+)", re.IGNORECASE),
    re.compile(r"\bas a (?:percentage|share|proportion) of\s+(.+)", re.IGNORECASE),
    re.compile(r"(?:相当于|是)(.+?)的(?:百分之几|百分之多少|几成)"),
)
_OF_AFTER = re.compile(r"\s*(?:percent|per cent)?\s*(?:of|of the)\s+(.{1,40})", re.IGNORECASE)
_OF_AFTER_ZH = re.compile(r"(.{1,12}?)的\s*$")


def denominator(question: Question, glossary: Glossary) -> str:
    """For `A is what percentage of B?` naming both A and B, B: the whole the percentage is taken of."""
    if len(question.entities) < 2:
        return ""
    for pattern in _PERCENT_OF:
        match = pattern.search(question.text)
        if match:
            named = [e for e in question.entities if mentions(e, match.group(1), glossary)]
            if len(named) == 1:
                return named[0]
    return ""


def percent_of(sentence: str, quantity: Quantity, whole: str, glossary: Glossary) -> bool:
    """The percentage is printed as one of `whole` (`34 percent of the US`, `相当于美国的34%`)."""
    after = _OF_AFTER.match(sentence, quantity.end)
    if after and mentions(whole, after.group(1), glossary):
        return True
    before = _OF_AFTER_ZH.search(sentence[max(0, quantity.start - 14) : quantity.start])
    return bool(before) and mentions(whole, before.group(1), glossary)


_THAT_YEAR = re.compile(r"\b(?:(?:in )?that year|the same year|that same year)\b|当年|同年|该年", re.IGNORECASE)


def prose_candidates(question: Question, evidence: Evidence) -> list[ProsePick]:
    picks: list[ProsePick] = []
    whole = denominator(question, evidence.glossary) if question.asked == "percent" else ""
    rare = rare_terms(question.terms, evidence.index.lowered_texts)
    for rank, chunk in evidence.prose():
        title_overlap = overlap(question, chunk.title)
        elsewhere = -0.8 if other_place_heading(chunk, question, evidence.glossary) else 0.0
        running = evidence.years_before(chunk)  # the years of the last sentence before this one that names any
        for sentence in split_sentences(chunk.body):
            base = 1.2 * overlap(question, sentence) + 0.5 * title_overlap + 0.6 / (1 + rank) + elsewhere
            context = running
            if not running and _THAT_YEAR.search(sentence):  # `in that year` with no year in reach: the section's
                context = evidence.section_year(chunk)
            problems = prose_problems(chunk, sentence, question, evidence.glossary, context)
            running = years_in(sentence) or running
            quantities = figures(sentence, question.asked)
            respective = respective_figure(sentence, quantities, question)
            anchored = anchored_year(sentence, quantities, question) if question.asked == "year" else None
            fitting = [q for q in quantities if prose_kind_fits(question.asked, quantity_kind(q))]
            penalties = binding_penalties(sentence, fitting, question, evidence.glossary) if len(fitting) > 1 else []
            for order, quantity in enumerate(quantities):
                if quantity not in fitting:
                    continue
                clause = clause_around(sentence, quantity.start, quantity.end)
                score = base + 1.0 * overlap(question, clause) - 0.05 * order
                if len(fitting) > 1:  # several candidate figures: the one bound to the question's place and measure
                    score += penalties[fitting.index(quantity)]
                if question.numbers_all and quantity.value in question.numbers_all:
                    continue
                if anchored is not None:
                    score += 1.0 if quantity is anchored else -0.5
                if respective is not None and quantity in respective[0]:
                    score += 1.0 if respective[0].index(quantity) == respective[1] else -0.5
                nearest = nearest_year(sentence, quantity)
                if question.year and nearest and nearest != question.year and question.year in years_in(sentence):
                    score -= 1.0
                if whole and not percent_of(sentence, quantity, whole, evidence.glossary):
                    picks.append(ProsePick(chunk, sentence, quantity, score, (*problems, "measure")))
                    continue  # a percentage of something else than the whole the question names
                picks.append(ProsePick(chunk, sentence, quantity, score, problems))
    return sorted(qualified(picks, rare), key=lambda p: -p.score)


QUALIFIER_WEIGHT = 1.0


def qualified(picks: list[ProsePick], rare: frozenset[str]) -> list[ProsePick]:
    """Each figure loses QUALIFIER_WEIGHT times the share of the question's rare terms (`rag.read.qualifiers`) that its
    sentence lacks and the best-qualified sentence holds: never a bonus, so prose does not gain over table cells."""
    scopes = [frozenset(tokenize(" ".join([p.sentence, p.chunk.title, *p.chunk.heading]))) for p in picks]
    covers = [qualifier_cover(rare, scope, term_in) for scope in scopes]
    best = max(covers, default=1.0)
    return [replace(p, score=p.score + QUALIFIER_WEIGHT * (c - best)) for p, c in zip(picks, covers, strict=True)]


# --- answer assembly -------------------------------------------------------------------------------------------


@dataclass
class Draft:
    """An answer being written: its text parts, citations and figures."""

    question: Question
    templates: dict[str, str]
    parts: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    value: float | None = None
    unit: str = ""
    source_value: float | None = None
    source_unit: str = ""
    formula: str = ""
    confidence: float = 0.0

    def say(self, name: str, **fields: object) -> None:
        self.parts.append(self.templates[name].format(**fields))

    def cite(self, citation: Citation) -> int:
        """Number a source once; a second sentence quoted from the same passage joins that citation's quote."""
        for i, existing in enumerate(self.citations):
            if (existing.locator, existing.doc_name) == (citation.locator, citation.doc_name):
                if citation.quote and citation.quote not in existing.quote:
                    self.citations[i] = replace(existing, quote=f"{existing.quote} … {citation.quote}")
                return existing.n
        numbered = replace(citation, n=len(self.citations) + 1)
        self.citations.append(numbered)
        return numbered.n

    def answer(self) -> Answer:
        joint = "" if self.question.lang == "zh" else " "
        return Answer(
            question=self.question.text,
            text=joint.join(self.parts),
            citations=tuple(self.citations),
            value=self.value,
            unit=self.unit,
            source_value=self.source_value,
            source_unit=self.source_unit,
            formula=self.formula,
            refused=False,
            confidence=round(max(0.0, min(1.0, self.confidence)), 2),
            lang=self.question.lang,
            mode="grounded",
            notes=tuple(self.notes),
        )


def cell_citation(pick: CellPick, evidence: Evidence) -> Citation:
    table, row = pick.table, pick.row
    row_index = table.rows.index(row)
    chunk = evidence.row_chunk(table, row_index)
    label = f"{row.section} / {row.label}" if row.section else row.label
    page = chunk.page if chunk else 0
    return Citation(
        n=0,
        doc_name=table.doc_name,
        locator=f"table {table.table_id}, row {label}, column {pick.column} ({page_span(page) or f'line {row.line}'})",
        quote=chunk.body if chunk else row.label,
        start_line=row.line,
        end_line=row.line,
        chunk_id=chunk.id if chunk else "",
        heading=pick.heading,
        table_id=table.table_id,
        row_label=row.label,
        column=pick.column,
        value_text=row.cells[pick.index].text,
        page=page,
        end_page=page,
    )


def prose_citation(chunk: Chunk, sentence: str, value_text: str = "") -> Citation:
    return Citation(
        n=0,
        doc_name=chunk.doc_name,
        locator=chunk.locator,
        quote=sentence,
        start_line=chunk.start_line,
        end_line=chunk.end_line,
        chunk_id=chunk.id,
        heading=chunk.heading,
        value_text=value_text,
        page=chunk.page,
        end_page=chunk.end_page,
    )


def english_unit(unit: Unit, base_value: float) -> tuple[float, str]:
    """(value, unit label) in the natural English scale: 27.15, `USD billion`."""
    value, word = natural_scale(base_value, "en")
    base = unit.currency or unit.base
    return value, " ".join(part for part in (base, word) if part)


def signed_amount(base_value: float, currency: str, lang: str) -> str:
    """`format_amount`, with a minus written before the currency so that it reads as a sign (`-USD 1.6 billion`)."""
    text = format_amount(abs(base_value), currency, lang)
    return f"-{text}" if base_value < 0 else text


def natural_text(value: float, unit: Unit, lang: str) -> str:
    """The figure in a natural unit for the answer's language (`USD 27.15 billion`, `271.5亿美元`)."""
    base_value = to_base(value, unit.scale)
    if unit.kind == "currency":
        return signed_amount(base_value, unit.currency, lang)
    number, word = natural_scale(base_value, lang)
    joint = "" if lang == "zh" else " "
    return joint.join(part for part in (plain(number), word, unit.base) if part)


def subject_of(pick: CellPick, glossary: Glossary, lang: str) -> str:
    """`table 1-9, 制造业 (manufacturing), 流量 (flow)`: what the figure is, named as the table names it."""
    row = pick.row
    label = " / ".join(part for part in (row.section, row.label) if part)
    column = pick.table.columns[pick.index]
    parts = column.parts or (column.header,)
    header = " ".join(glossary.annotate(part) for part in parts)
    label_text = " / ".join(glossary.annotate(part) for part in label.split(" / "))
    if lang == "zh":
        return f"表{pick.table.table_id}中{label}的{column.header}"
    return f"In table {pick.table.table_id}, {label_text}, {header}"


def state_cell(draft: Draft, pick: CellPick, evidence: Evidence) -> int:
    """Write one cell as the answer: natural unit and the table's own unit; returns its citation number."""
    lang, templates = draft.question.lang, draft.templates
    n = draft.cite(cell_citation(pick, evidence))
    value, unit, text = pick.value, pick.unit, pick.row.cells[pick.index].text
    subject = subject_of(pick, evidence.glossary, lang)
    kind = cell_kind(pick.table, pick.row, pick.index)
    draft.source_value, draft.value = value, value
    if kind == "rank":
        draft.unit = draft.source_unit = "rank"
        draft.say("rank_lookup", subject=subject, value_source=text, n=n)
    elif kind == "percent":
        draft.unit = draft.source_unit = "%"
        draft.say("lookup_plain", subject=subject, value_natural=templates["percent"].format(value=text), n=n)
    elif unit is not None and unit.kind in ("currency", "quantity") and unit.scale:
        draft.value, draft.unit = english_unit(unit, to_base(value, unit.scale))
        draft.source_unit = unit.label
        natural = natural_text(value, unit, lang)
        if unit.scale in (1e9, 1e12, 1e6) and lang == "en" or unit.scale == 1e8 and lang == "zh":
            draft.say("lookup_plain", subject=subject, value_natural=natural, n=n)
        else:
            draft.say("lookup", subject=subject, value_natural=natural, value_source=text, source_unit=unit.label, n=n)
        row_context(draft, pick, evidence.glossary, n)
        inferred_scale_note(draft, [pick])
    elif unit is not None and unit.kind in ("currency", "quantity"):
        draft.unit = draft.source_unit = unit.label
        draft.say("lookup_unscaled", subject=subject, value_source=text, unit_raw=unit.raw, n=n)
        implied_scale_note(draft, pick, evidence)
    else:
        draft.unit = draft.source_unit = unit.label if unit else ""
        shown = f"{text} {unit.label}" if unit and unit.label and unit.label != "count" else text
        draft.say("lookup_plain", subject=subject, value_natural=shown, n=n)
    return n


def inferred_scale_note(draft: Draft, picks: Sequence[CellPick]) -> None:
    """Where a table's unit line gives no scale and `rag.ingest.scales` read it from the prose, say so and cite the
    sentence it was read from, once per table."""
    seen: set[str] = set()
    for pick in picks:
        table, printed = pick.table, cell_unit(pick.table, pick.row, pick.index)
        if table.id in seen or not is_inferred(table, printed):
            continue
        seen.add(table.id)
        evidence = table.scale_evidence
        n = draft.cite(scale_citation(table, evidence))
        label = evidence.label if draft.question.lang == "en" else zh_scale_label(evidence.scale, printed.currency)
        draft.say("inferred_scale", unit_raw=printed.raw, scale_label=label, prose_value=evidence.prose_text, n=n)
        draft.notes.append(
            f"table {table.table_id} prints no scale; {evidence.label} read from line {evidence.line}, where "
            f"{evidence.prose_text} states the cell {evidence.cell_text} ({evidence.row_label}, {evidence.column}); "
            f"{evidence.agreeing} cells agree at that scale"
        )


def scale_citation(table: Table, evidence: ScaleEvidence) -> Citation:
    return Citation(
        n=0,
        doc_name=table.doc_name,
        locator=f"line {evidence.line}",
        quote=evidence.sentence,
        start_line=evidence.line,
        end_line=evidence.line,
        value_text=evidence.prose_text,
    )


def zh_scale_label(scale: float, currency: str) -> str:
    """`亿美元` for 1e8 USD: the Chinese name of a currency scale."""
    return re.sub(r"^1(?!\d)", "", format_amount(scale, currency or "USD", "zh"))


def row_context(draft: Draft, pick: CellPick, glossary: Glossary, n: int) -> None:
    """After an amount, the same row's rates as printed (share of the total, year on year): context an analyst
    reads next to the figure, all from the one cited row."""
    items = []
    for index, cell in enumerate(pick.row.cells[: len(pick.table.columns)]):
        if index == pick.index or cell.value is None or cell_kind(pick.table, pick.row, index) != "percent":
            continue
        column = pick.table.columns[index]
        header = " ".join(glossary.annotate(part) for part in (column.parts or (column.header,)))
        items.append(f"{header}: {draft.templates['percent'].format(value=cell.text)}")
    if items:
        draft.say("row_context", items=draft.templates["list_joiner"].join(items), n=n)


def row_names(pick: CellPick, glossary: Glossary) -> list[str]:
    names = names_of(pick.row.label, glossary)
    return [name for name in names if len(name) > 1]


def related_prose(pick: CellPick, evidence: Evidence) -> list[tuple[Chunk, str, Quantity]]:
    """Prose quantities in the hits whose sentence names the cell's row, in the same kind as the cell."""
    kind = cell_kind(pick.table, pick.row, pick.index)
    names = row_names(pick, evidence.glossary)
    found = []
    for _, chunk in evidence.prose():
        if chunk.doc_name != pick.table.doc_name:
            continue
        for sentence in split_sentences(chunk.body):
            for quantity in extract_quantities(sentence):
                if quantity.kind == "year" or quantity.note == "garbled unit":
                    continue
                clause = clause_around(sentence, quantity.start, quantity.end)
                if not any(mentions(name, clause, evidence.glossary) for name in names):
                    continue
                if quantity_kind(quantity) == kind or (kind == "amount" and quantity.kind == "currency"):
                    found.append((chunk, sentence, quantity))
    return found


def implied_scale_note(draft: Draft, pick: CellPick, evidence: Evidence) -> None:
    """Where a prose number names the same figure at a power-of-ten scale, say what scale it implies."""
    value = pick.value
    for chunk, sentence, quantity in related_prose(pick, evidence):
        if quantity.kind != "currency" or quantity.scale == 1:
            continue
        for power in range(0, 13):
            if value and abs(value * 10**power - quantity.base_value) <= 1e-6 * abs(quantity.base_value):
                n = draft.cite(prose_citation(chunk, sentence, quantity.text))
                scale_unit = Unit(raw="", kind="currency", currency=quantity.currency or "USD", scale=10.0**power)
                implied = format_amount(10.0**power, scale_unit.currency, draft.question.lang)
                draft.say("implied_scale", prose_value=quantity.text, n=n, implied_unit=implied)
                draft.notes.append(f"table unit states no scale; prose at {chunk.locator} implies {implied}")
                return


_PLACES: dict[int, tuple[tuple[str, tuple[str, ...]], ...]] = {}


def place_names(glossary: Glossary) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(Chinese name, its names) of every country and region (provinces and cities included) in the glossary."""
    key = id(glossary)
    if key not in _PLACES:
        _PLACES[key] = tuple(
            (term.zh, tuple(name for name in names_of(term.zh, glossary) if len(name) > 1))
            for term in glossary.terms
            if term.category in ("country", "region") and len(term.zh) > 1
        )
    return _PLACES[key]


def places_in(text: str, glossary: Glossary) -> list[str]:
    """The countries, regions, provinces and cities `text` names in full (Chinese or English)."""
    low = text.lower()
    found = []
    for zh, names in place_names(glossary):
        for name in names:
            hit = name in text if has_cjk(name) else re.search(rf"(?<![a-z]){re.escape(name.lower())}(?![a-z])", low)
            if hit:
                found.append(zh)
                break
    return found


def same_scope(sentence: str, pick: CellPick, glossary: Glossary) -> bool:
    """Whether a prose sentence can be about the cell's figure: every place it names is the table's subject
    (in its title or heading) or one of the table's rows (`Shanghai ... Latin America` is not China's total)."""
    table = pick.table
    context = table_context(table, pick.heading)
    rows = " ".join(name for row in table.rows for name in names_of(row.label, glossary))
    for place in places_in(sentence, glossary):
        if not (mentions(place, context, glossary) or mentions(place, rows, glossary)):
            return False
    return True


def disagreement_note(draft: Draft, pick: CellPick, n_table: int, evidence: Evidence) -> None:
    """Cite a prose figure that states the same fact as the cell with another value (beyond 0.5 %)."""
    kind = cell_kind(pick.table, pick.row, pick.index)
    if kind not in ("percent", "amount"):
        return
    column_measures = set(question_measures(column_text(pick.table, pick.index, evidence.glossary)))
    for chunk, sentence, quantity in related_prose(pick, evidence):
        clause = clause_around(sentence, quantity.start, quantity.end)
        clause_measures = set(question_measures(clause))
        if kind == "percent" and not column_measures & clause_measures:
            continue
        named = column_measures & {"count", *SPECIFIC_MEASURES}
        if named and not named & clause_measures:
            continue  # the growth of the number of deals is not the growth of their value
        if draft.question.year and years_in(sentence) and draft.question.year not in years_in(sentence):
            continue
        if not same_scope(sentence, pick, evidence.glossary):
            continue
        table_value = cell_quantity(pick)
        if table_value is None or agrees(table_value, quantity):
            continue
        n = draft.cite(prose_citation(chunk, sentence, quantity.text))
        shown = pick.row.cells[pick.index].text + ("%" if kind == "percent" else "")
        draft.say("disagreement", table_value=shown, n_table=n_table, prose_value=quantity.text, n_prose=n)
        draft.notes.append(f"table and prose disagree: {shown} in table {pick.table.table_id} vs {quantity.text}")
        return


def cell_quantity(pick: CellPick) -> Quantity | None:
    unit = pick.unit
    if pick.value is None:
        return None
    if cell_kind(pick.table, pick.row, pick.index) == "percent":
        return Quantity(pick.value, kind="percent", base="%")
    if unit is not None and unit.kind == "currency" and unit.scale:
        return Quantity(pick.value, scale=unit.scale, kind="currency", currency=unit.currency, base=unit.base)
    return None


def agrees(cell: Quantity, prose: Quantity) -> bool:
    a, b = cell.base_value, prose.base_value
    if cell.kind == "percent":
        a, b = abs(a), abs(b)
    return abs(a - b) <= REL_DISAGREE * max(abs(a), abs(b), 1e-12)


# --- the answer paths ------------------------------------------------------------------------------------------


def answer_cell(draft: Draft, pick: CellPick, evidence: Evidence) -> None:
    n = state_cell(draft, pick, evidence)
    disagreement_note(draft, pick, n, evidence)


def answer_prose(draft: Draft, pick: ProsePick) -> None:
    quantity = pick.quantity
    n = draft.cite(prose_citation(pick.chunk, pick.sentence, quantity.text))
    lang = draft.question.lang
    if quantity.kind == "currency" and quantity.scale != 1 and quantity.note != "garbled unit":
        natural = signed_amount(quantity.base_value, quantity.currency, lang)
        draft.value, word = natural_scale(quantity.base_value, "en")
        draft.unit = " ".join(part for part in (quantity.currency, word) if part)
    else:
        natural = quantity.text.strip()
        if quantity.note == "in words":
            natural = f"{plain(quantity.value)} ({natural})"
        draft.value, draft.unit = quantity.value, quantity.base or quantity.kind
        if quantity.kind == "percent" and falls_before(pick.sentence, quantity):
            draft.value = -abs(quantity.value)  # `fell 60.9%` is a change of -60.9 %
    draft.source_value, draft.source_unit = quantity.value, quantity.text
    draft.say("prose", value_natural=natural, quote=pick.sentence, n=n)
    if quantity.note and quantity.note != "in words":
        draft.notes.append(f"the figure {quantity.text!r} is read with a doubtful unit ({quantity.note})")


def falls_before(sentence: str, quantity: Quantity) -> bool:
    before = sentence[max(0, quantity.start - 25) : quantity.start].lower()
    return any(word in before for word in FALL_WORDS + ("down",))


SOURCE_WORDS = ("source", "publish", "compiled", "produce", "来源", "出处", "发布", "编制")


def source_lines(question: Question, evidence: Evidence) -> list[tuple[int, Chunk, str]]:
    """`Who publishes the ranking used for the ports table?`: the `Source:` lines of the retrieved tables, each
    with its table's passage, when the question asks where figures come from."""
    if not any(word in question.text.lower() for word in SOURCE_WORDS):
        return []
    return [
        (rank, hit.chunk, line.strip())
        for rank, hit in enumerate(evidence.hits)
        if hit.chunk.kind in ("table", "table_row")
        for line in hit.chunk.body.splitlines()
        if line.strip().lower().startswith("source:")
    ]


_WHEN = re.compile(r"^(?:when|what period|what date|what time|in what year)\b|什么时候|何时|哪一年|期限|时间")
_DATED = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DOC_EVENTS = ("post", "publish", "issue", "release", "发布", "印发")


def asks_when(question: Question) -> bool:
    return bool(_WHEN.search(_low_question(question)))


def _low_question(question: Question) -> str:
    return question.text.lower().strip()


def document_lines(question: Question, evidence: Evidence) -> list[tuple[int, Chunk, str]]:
    """For a `when` / `what period` question, lines that date a retrieved document: its title (`Work Plan ...
    (2023-2025)`), and, when the question asks when it was posted or published, the document's dated words naming
    that event (`Post time: Sep-07-2023`), wherever they are in the document."""
    if not asks_when(question):
        return []
    found = [(rank, chunk, chunk.title.split(" / ")[0].strip()) for rank, chunk in evidence.prose()]
    events = [event for event in _DOC_EVENTS if event in _low_question(question)]
    if not events:
        return found
    docs = {chunk.doc_name: rank for rank, chunk in evidence.prose()}
    dated_event = re.compile(rf"(?:{'|'.join(events)})[^.。\n]{{0,30}}?(?:19|20)\d\d\S*", re.IGNORECASE)
    for chunk in evidence.index.chunks:
        if chunk.kind == "prose" and chunk.doc_name in docs:
            found += [(docs[chunk.doc_name], chunk, m.group(0)) for m in dated_event.finditer(chunk.body)]
    return found


def text_sentences(question: Question, evidence: Evidence, limit: int = 3) -> list[tuple[float, Chunk, str]]:
    scored, seen = [], set()
    when = asks_when(question)
    for rank, chunk, line in document_lines(question, evidence):
        if line and line not in seen:
            seen.add(line)
            dated = 0.5 if _DATED.search(line) else 0.0
            scored.append((overlap(question, f"{chunk.title} {line}") + dated + 0.3 / (1 + rank), chunk, line))
    for rank, chunk, line in source_lines(question, evidence):
        if line not in seen:
            seen.add(line)
            context = f"{chunk.title} {line}"
            scored.append((overlap(question, context) + 0.3 / (1 + rank), chunk, line))
    for rank, chunk in evidence.prose():
        for sentence in split_sentences(chunk.body):
            if sentence in seen:  # overlapping chunks repeat sentences; quote each once
                continue
            seen.add(sentence)
            score = overlap(question, sentence) + 0.3 * overlap(question, chunk.title) + 0.3 / (1 + rank)
            score += 0.3 if when and _DATED.search(sentence) else 0.0
            scored.append((score, chunk, sentence))
    scored.sort(key=lambda item: -item[0])
    leads = lead_lines(question, evidence)[:1]
    return leads + [item for item in scored if not leads or item[2] != leads[0][2]][: limit - len(leads)]


# Work plans name who leads each task in a line of its own (`(Lead unit: ...; Participants: ...)`, `牵头单位：`).
_ASKS_LEAD = re.compile(
    r"\bwho (?:leads?|is responsible|is in charge|heads?)\b|\blead(?:ing)? (?:unit|department|agency|body)\b"
    r"|\bresponsible (?:unit|department|agency)\b|牵头|负责单位|责任单位|负责部门"
)
_LEAD_LINE = re.compile(r"^\W*(?:lead(?:ing)? units?|responsible units?|牵头单位|责任单位)\s*[:：]", re.IGNORECASE)


def paragraph_of(chunk: Chunk, sentence: str, evidence: Evidence) -> tuple[str, int]:
    """The text of the one-paragraph passages of the document's line that holds `sentence` (its task item), and the
    best retrieval rank among them (the number of hits when none was retrieved)."""
    lines = {
        c.start_line
        for c in evidence.index.chunks
        if c.kind == "prose" and c.doc_name == chunk.doc_name and c.start_line == c.end_line and sentence in c.body
    } or {chunk.start_line}
    line = min(lines)

    def on_line(c: Chunk) -> bool:
        return c.kind == "prose" and c.doc_name == chunk.doc_name and c.start_line == c.end_line == line

    ranks = [rank for rank, hit in enumerate(evidence.hits) if on_line(hit.chunk)]
    return " ".join(c.body for c in evidence.index.chunks if on_line(c)), min(ranks, default=len(evidence.hits))


def lead_lines(question: Question, evidence: Evidence) -> list[tuple[float, Chunk, str]]:
    """`Who leads the task of X?`, `X的牵头单位`: the lead-unit lines of the retrieved passages, each scored by how
    much of the question its own task item (the paragraph that holds the line) shares and how well that item was
    retrieved, plus one."""
    if not _ASKS_LEAD.search(question.text.lower()):
        return []
    found: dict[str, tuple[float, Chunk, str]] = {}
    for _, chunk in evidence.prose():
        for sentence in split_sentences(chunk.body):
            if _LEAD_LINE.search(sentence) and sentence not in found:
                paragraph, rank = paragraph_of(chunk, sentence, evidence)
                score = 1.0 + overlap(question, paragraph) + 0.3 / (1 + rank)
                found[sentence] = (score, chunk, sentence)
    return sorted(found.values(), key=lambda item: -item[0])


def answer_text(draft: Draft, question: Question, evidence: Evidence) -> str:
    """Quote the best supporting sentences; returns a refusal reason instead when none is good enough."""
    best = text_sentences(question, evidence)
    if not best or best[0][0] < MIN_TEXT_OVERLAP:
        return "weak"
    missing = [
        e for e in question.entities if not any(mentions(e, chunk.text, evidence.glossary) for _, chunk, _ in best)
    ]
    if missing:
        return f"entity:{missing[0]}"
    draft.say("text_intro")
    for _, chunk, sentence in best:
        n = draft.cite(prose_citation(chunk, sentence))
        draft.say("text_item", quote=sentence, n=n)
    draft.confidence = min(1.0, best[0][0])
    return ""


def first_clean(picks: Sequence) -> object | None:
    return next((pick for pick in picks if not pick.problems), None)


# --- derived values --------------------------------------------------------------------------------------------


def falls(question: Question) -> bool:
    low = question.text.lower()
    return any(word in low for word in FALL_WORDS)


_LESS = re.compile(r"\b(?:lower|fewer|less|smaller)\b|低|(?<![多减])少(?!数)")


def magnitude_order(first, second, question: Question) -> tuple:
    """`How much lower / how many fewer ...` (`低多少`, `少多少`) asks for a positive gap: the larger operand first.
    Other differences keep their order (later minus earlier, the first-named minus the second)."""
    if (_LESS.search(question.text.lower()) or asks_gap(question.text)) and first.value < second.value:
        return second, first
    return first, second


def same_column_pick(picks: list[CellPick], table: Table, index: int, row: TableRow) -> CellPick | None:
    return next((p for p in picks if p.table is table and p.index == index and p.row is row), None)


def year_pair(question: Question, evidence: Evidence) -> tuple[CellPick, CellPick] | None:
    """The same row (or column) of one table in the two years asked about: (later, earlier)."""
    old_year, new_year = min(question.years), max(question.years)
    asked = "percent" if question.asked == "points" else question.asked
    new = [p for p in cell_candidates(question, evidence, asked, [new_year]) if not p.problems]
    old = [p for p in cell_candidates(question, evidence, asked, [old_year]) if not p.problems]
    for pick in new:
        for other in old:
            if other.table is not pick.table or other is pick:
                continue
            same_row = (
                other.row is pick.row
                and pick.table.columns[pick.index].parts[:1] != ()
                and column_group(pick) == column_group(other)
            )
            same_column = other.index == pick.index and other.row is not pick.row and row_years(other.row)
            if same_row or same_column:
                return pick, other
    return None


def column_group(pick: CellPick) -> str:
    """A column header without its year (`金额 2021` → `金额`), to pair the same measure across years."""
    return _YEAR.sub("", pick.column).replace("年", "").strip()


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


def names_in_full(entity: str, label: str, glossary: Glossary) -> bool:
    return any(entity.lower() in name.lower() for name in names_of(label, glossary))


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
    unique = list({id(p.row): p for p in named}.values())
    return sorted(unique, key=lambda p: mention_position(p.row.label, question, evidence.glossary))


def mention_position(label: str, question: Question, glossary: Glossary) -> int:
    low = question.text.lower()
    positions = [low.find(name.lower()) for name in names_of(label, glossary)]
    return min((p for p in positions if p >= 0), default=len(low))


def only_entity(pick: CellPick) -> bool:
    return all(problem.startswith("entity:") for problem in pick.problems)


def cite_operands(draft: Draft, picks: Sequence[CellPick], evidence: Evidence) -> str:
    return "][".join(str(draft.cite(cell_citation(p, evidence))) for p in picks)


def state_formula(draft: Draft, formula: Formula, picks: Sequence[CellPick], evidence: Evidence, subject: str) -> None:
    refs = cite_operands(draft, picks, evidence)
    unit = picks[0].unit
    kind = cell_kind(picks[0].table, picks[0].row, picks[0].index)
    if formula.op in ("share", "growth_rate"):
        label, draft.unit = "%", "%"
    elif formula.op == "ratio":
        label = draft.templates["times"]
        draft.unit = "times"
    elif kind == "percent":
        label = "%" if formula.op == "sum" else draft.templates["points"].format(value="").strip()
        draft.unit = "%" if formula.op == "sum" else "percentage points"
    else:
        label = unit.label if unit is not None and unit.label not in ("", "count") else ""
        draft.unit = label or kind
    spoken = "" if re.search(r"\d", label) else label
    draft.formula = formula.render(spoken, draft.question.lang)
    draft.value = draft.source_value = formula.result
    draft.source_unit = draft.unit
    shown = draft.formula + (" " + draft.templates["formula_unit"].format(source_unit=label) if spoken != label else "")
    draft.say("derived", subject=subject, formula=shown, refs=refs)
    if unit is not None and unit.kind == "currency" and unit.scale and formula.op in ("difference", "sum"):
        draft.value, draft.unit = english_unit(unit, to_base(formula.result, unit.scale))
        if unit.scale not in (1e9,):
            draft.say("derived_natural", value_natural=natural_text(formula.result, unit, draft.question.lang))
    inferred_scale_note(draft, picks)


def derive_difference(draft: Draft, question: Question, evidence: Evidence) -> str:
    if len(question.years) >= 2:
        pair = year_pair(question, evidence)
        if pair is None:
            return derive_prose_difference(draft, question, evidence)
        new, old = pair
        first, second = (old, new) if falls(question) else (new, old)
        subject = subject_of(new, evidence.glossary, question.lang)
    else:
        picks = entity_picks(question, evidence, question.asked)
        if len(picks) < 2:
            return "operands"
        first, second = picks[0], picks[1]
        subject = subject_of(first, evidence.glossary, question.lang)
    first, second = magnitude_order(first, second, question)
    percent = cell_kind(first.table, first.row, first.index) == "percent"
    formula = (change if percent else difference)(first.value, second.value)
    state_formula(draft, formula, [first, second], evidence, subject)
    draft.confidence = 0.7
    return ""


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
            for new in by_year[new_year]:
                for old in by_year[old_year]:
                    if (new.kind, new.currency, new.scale, new.base) != (old.kind, old.currency, old.scale, old.base):
                        continue
                    score = overlap(question, sentence) + 0.6 / (1 + rank)
                    if best is None or score > best[0]:
                        best = (score, ProsePick(chunk, sentence, new, score), old)
    return (best[1], best[2]) if best else None


def derive_prose_difference(draft: Draft, question: Question, evidence: Evidence) -> str:
    """The difference between two years' figures stated in one sentence, when no table holds the pair."""
    pair = prose_year_pair(question, evidence)
    if pair is None:
        return "operands"
    pick, old = pair
    new = pick.quantity
    first, second = magnitude_order(*((old, new) if falls(question) else (new, old)), question)
    formula = difference(first.value, second.value)
    _, word = natural_scale(new.scale, "en")
    label = " ".join(part for part in (new.currency or new.base, word) if part)
    n = draft.cite(prose_citation(pick.chunk, pick.sentence, f"{new.text}; {old.text}"))
    draft.formula = formula.render(label, draft.question.lang)
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = label
    draft.say("derived_prose", formula=draft.formula, n=n, quote=pick.sentence)
    draft.confidence = 0.6
    return ""


# A figure stated as a change: `88,000 more than the previous year`, `an increase of 5 billion`, `增加了3万人`.
_STATED_CHANGE = re.compile(
    r"\b(?:more|fewer|less|higher|lower|increase[sd]?|decrease[sd]?|up|down|rose|fell|grew|added)\b|增加|减少|增长|下降"
)


# `than a year earlier`, `over the previous year`, `比上年`: a change over the year before the one asked about.
_YEAR_BEFORE = re.compile(
    r"\b(?:(?:a|one|the) year (?:earlier|before)|(?:the )?(?:previous|prior|preceding|last) year|year[- ]on[- ]year)\b"
    r"|上年|去年|上一年|同比"
)


def stated_change(draft: Draft, question: Question, evidence: Evidence) -> str:
    """`How many more ... in 2023 than a year earlier?` when no operands are found: a figure of the asked kind that
    a sentence states as the change itself (`88,000 more than the previous year`), its own clause naming the
    change. A percentage answers only a percent question (`up 34 percent` is no count)."""
    for pick in prose_candidates(question, evidence):
        if pick.problems or not _STATED_CHANGE.search(bound_clause(pick.sentence, pick.quantity).lower()):
            continue
        if pick.score < MIN_SCORE * (0.5 if question.lang == "zh" else 1.0):
            break
        answer_prose(draft, pick)
        draft.confidence = min(1.0, pick.score / 4)
        return ""
    return "operands"


def year_ratio_operands(question: Question, evidence: Evidence) -> list[CellPick]:
    """`2022年X是2006年的多少倍`, `how many times X's 2006 figure was its 2022 figure`: the same row or column in
    the two years, the year named first over the year named second."""
    pair = year_pair(question, evidence)
    if pair is None:
        return []
    new, old = pair
    return [new, old] if question.years[0] > question.years[1] else [old, new]


def derive_ratio(draft: Draft, question: Question, evidence: Evidence) -> str:
    """`How many times as much did A invest as B`: A / B, both cells of one table and column."""
    picks = entity_picks(question, evidence, question.asked)
    if len(picks) < 2 and len(question.years) >= 2:
        picks = year_ratio_operands(question, evidence)
    if len(picks) < 2:
        return "operands"
    formula = ratio(picks[0].value, picks[1].value)
    state_formula(draft, formula, picks[:2], evidence, subject_of(picks[0], evidence.glossary, question.lang))
    draft.confidence = 0.7
    return ""


def named_columns(question: Question, evidence: Evidence, asked: str) -> list[CellPick]:
    """`What did equity and debt investment in X add up to?`: the cells of the best clean row in the columns the
    question names (each column name part named, `column_name_score` > 0), in the question's order."""
    picks = [p for p in cell_candidates(question, evidence, asked) if not p.problems]
    if not picks:
        return []
    anchor, glossary = picks[0], evidence.glossary
    named = {
        p.index: p
        for p in reversed(picks)
        if p.table is anchor.table
        and p.row is anchor.row
        and column_name_score(p.table, p.index, question, glossary) > 0
    }
    header = lambda p: p.table.columns[p.index].header  # noqa: E731
    return sorted(named.values(), key=lambda p: mention_position(header(p), question, glossary))


def derive_sum(draft: Draft, question: Question, evidence: Evidence) -> str:
    asked = question.asked if question.asked in ("percent", "count") else "amount"
    picks = entity_picks(question, evidence, asked)
    if len(picks) < 2:
        picks = named_columns(question, evidence, asked)
    if len(picks) < 2:
        return "operands"
    formula = total([p.value for p in picks])
    state_formula(draft, formula, picks, evidence, subject_of(picks[0], evidence.glossary, question.lang))
    draft.confidence = 0.7
    return ""


def parent_pick(part: CellPick, picks: Sequence[CellPick]) -> CellPick | None:
    """The whole a part belongs to: its section's own row with the same label, or the table's total row."""
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


def derive_share(draft: Draft, question: Question, evidence: Evidence) -> str:
    picks = [p for p in cell_candidates(question, evidence, "amount") if not p.problems]
    for part in picks[:5]:
        whole = parent_pick(part, cell_candidates(question, evidence, "amount"))
        if whole is not None and whole.value:
            formula = share(part.value, whole.value)
            state_formula(draft, formula, [part, whole], evidence, subject_of(part, evidence.glossary, question.lang))
            draft.confidence = 0.6
            return ""
    return "operands"


def derive_percent_of(draft: Draft, question: Question, evidence: Evidence) -> str:
    """`A is what percentage of B?`: A / B × 100 from two cells of one table and column (amounts, not shares)."""
    whole_name = denominator(question, evidence.glossary)
    amounts = replace(question, asked="amount", measures=tuple(m for m in question.measures if m != "share"))
    picks = entity_picks(amounts, evidence, "amount")
    wholes = [
        p for p in picks if any(mentions(whole_name, n, evidence.glossary) for n in row_names(p, evidence.glossary))
    ]
    parts = [p for p in picks if p not in wholes]
    if not wholes or not parts or not wholes[0].value:
        return "operands"
    part, whole = parts[0], wholes[0]
    formula = share(part.value, whole.value)
    state_formula(draft, formula, [part, whole], evidence, subject_of(part, evidence.glossary, question.lang))
    draft.confidence = 0.6
    return ""


def derive_growth(draft: Draft, question: Question, evidence: Evidence) -> str:
    saved = question
    question = replace(question, asked="amount")
    pair = year_pair(question, evidence)
    if pair is None:
        return "operands"
    new, old = pair
    formula = growth_rate(new.value, old.value)
    state_formula(draft, formula, [new, old], evidence, subject_of(new, evidence.glossary, saved.lang))
    draft.confidence = 0.6
    return ""


_AVERAGE_ANNUAL = re.compile(r"\b(?:average annual|annual average|compound annual|cagr)\b|年均|平均每年")


def stated_rate(draft: Draft, question: Question, evidence: Evidence) -> bool:
    """A growth rate between two years that the prose states itself (`from 2002 to 2022 ... the average annual growth
    rate was 22.8%`): the best clean percentage of a sentence naming both years. Returns whether it answered."""
    both = set(question.years[:2]) if len(question.years) >= 2 else set()
    picks = [
        p
        for p in prose_candidates(replace(question, asked="percent"), evidence)
        if not p.problems and both and both <= years_in(p.sentence) and quantity_kind(p.quantity) == "percent"
    ]
    if not picks or picks[0].score < MIN_SCORE * (0.5 if question.lang == "zh" else 1.0):
        return False
    answer_prose(draft, picks[0])
    draft.confidence = min(1.0, picks[0].score / 4)
    return True


def derive_prose_growth(draft: Draft, question: Question, evidence: Evidence) -> str:
    """A growth rate between two years from the two amounts one sentence states (`from 6.8 trillion yuan in 2017
    to 8.3 trillion yuan in 2022`): average annual (compound) when the question says so, else the whole change."""
    pair = prose_year_pair(replace(question, asked="amount"), evidence)
    if pair is None:
        return "operands"
    pick, old = pair
    new = pick.quantity
    years = max(question.years) - min(question.years)
    if _AVERAGE_ANNUAL.search(question.text.lower()) and years > 1:
        formula = annual_growth_rate(new.value, old.value, years)
    else:
        formula = growth_rate(new.value, old.value)
    n = draft.cite(prose_citation(pick.chunk, pick.sentence, f"{new.text}; {old.text}"))
    draft.formula = formula.render("%", draft.question.lang)
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = "%"
    draft.say("derived_prose", formula=draft.formula, n=n, quote=pick.sentence)
    draft.confidence = 0.6
    return ""


def prose_growth(draft: Draft, question: Question, evidence: Evidence) -> bool:
    return stated_rate(draft, question, evidence) or not derive_prose_growth(draft, question, evidence)


def rank_column(table: Table) -> int | None:
    return next((i for i, c in enumerate(table.columns) if any(w in c.header.lower() for w in RANK_WORDS)), None)


def derive_rank(draft: Draft, question: Question, evidence: Evidence) -> str:
    """The row at the asked position: by a rank column, or by sorting rows on the best-matching column."""
    tables = evidence.tables()
    if not tables:
        return "operands"
    scored = sorted(tables, key=lambda t: -overlap(question, table_context(t[0], t[2])) + 0.05 * t[1])
    table, _, heading = scored[0]
    position = question.ordinal
    index = rank_column(table)
    if position is not None and index is not None:
        row = next((r for r in table.rows if r.cells[index].value == position), None)
        if row is None:
            return "operands"
        return state_rank_row(draft, CellPick(table, row, index, 0.0, heading=heading), evidence, position)
    return sort_rank(draft, question, evidence, table, heading)


def names_row_kind(table: Table, question: Question, glossary: Glossary) -> bool:
    """The question names the kind of thing the table's rows are (`which continent` over 洲别, `which of the
    economies` over 区域 / 经济体): a row of that table can be the answer to `which` (as it can when the table's
    title holds most of the question's terms)."""
    parts = [part for part in re.split(r"\s*/\s*", table.label_header) if part]
    return any(best_name_match(part, question, glossary) >= 0.5 for part in parts)


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
            found = sum(bool(re.search(rf"(?<![a-z]){re.escape(w)}", low)) for w in words)
            best = max(best, found / len(words))
    return best


def rate_columns(table: Table, glossary: Glossary) -> list[int]:
    """The percent columns that state a growth (增长率, 年增长, 同比 year on year), not a share."""
    return [
        i
        for i in range(len(table.columns))
        if table.columns[i].unit is not None
        and table.columns[i].unit.kind == "percent"
        and "growth" in question_measures(column_text(table, i, glossary))
    ]


def sort_column(table: Table, question: Question, glossary: Glossary) -> int | None:
    """The column to rank rows on: a growth-rate column when the question ranks by growth (`fastest`), else an
    amount column (a count column for `how many`); the year asked about, then the measure asked, then the first."""
    columns = [i for i in range(len(table.columns)) if table.columns[i].unit and cell_kind_of_column(table, i)]
    if question.by_rate:
        columns = rate_columns(table, glossary)
    elif question.asked == "count" or "count" in question.measures:
        columns = [i for i in range(len(table.columns)) if cell_kind(table, table.rows[0], i) == "count"] or columns

    def fit(i: int) -> float:
        header = column_text(table, i, glossary)
        year = 1.0 if years_in(table.columns[i].header) & set(question.years) else 0.0
        return year + 0.5 * len(set(question.measures) & set(question_measures(header)))

    return max(columns, key=lambda i: (fit(i), -i), default=None)


def ranked_rows(table: Table, index: int, question: Question, glossary: Glossary) -> list[TableRow]:
    """The rows to rank: those of a section the question names (`the developed-economy groups`), or else every
    row but totals and the rows that head a section."""
    rows = [r for r in table.rows if r.cells[index].value is not None and not is_total(r)]
    sections = {r.section for r in rows if r.section}
    named = [sec for sec in sections if best_name_match(sec.split(" / ")[-1], question, glossary) >= NAMED_ROW]
    if named:
        # word stems join `developed` and `developing`: a section the question spells out goes first
        best = max(
            named,
            key=lambda sec: (
                spelled_out(sec.split(" / ")[-1], question.text, glossary),
                best_name_match(sec.split(" / ")[-1], question, glossary),
            ),
        )
        return [r for r in rows if r.section == best]
    parents = {r.section.split(" / ")[-1] for r in rows if r.section}
    return [r for r in rows if r.label not in parents]  # a section's own row sums its members: not one of them


def sort_rank(draft: Draft, question: Question, evidence: Evidence, table: Table, heading: tuple) -> str:
    glossary = evidence.glossary
    index = sort_column(table, question, glossary)
    related = names_row_kind(table, question, glossary) or overlap(question, table_context(table, heading)) >= 0.5
    if index is None or not related:
        return "operands"
    candidates = ranked_rows(table, index, question, glossary)
    excluded = [r for r in candidates if row_match(r, question, glossary) >= 0.99]
    rows = [r for r in candidates if r not in excluded]
    rows.sort(key=lambda r: r.cells[index].value if question.lowest else -r.cells[index].value)
    position = (question.ordinal or 1) - (len(excluded) if question.ordinal else 0)
    if not rows or position < 1 or position > len(rows):
        return "operands"
    picks = [CellPick(table, r, index, 0.0, heading=heading) for r in rows[: position + 1]]
    refs = [draft.cite(cell_citation(p, evidence)) for p in picks]
    chosen = picks[position - 1]
    ordering = (" < " if question.lowest else " > ").join(
        f"{display_name(p.row.label, glossary)} {p.row.cells[index].text} [{n}]"
        for p, n in zip(picks, refs, strict=True)
    )
    draft.say(
        "rank_sorted",
        column=glossary.annotate(table.columns[index].header),
        row_name=display_name(chosen.row.label, glossary),
        position=position + len(excluded),
        table_title=f"table {table.table_id}",
        excluded=", ".join(display_name(r.label, glossary) for r in excluded) or "-",
        ordering=ordering,
    )
    draft.confidence = 0.6
    return ""


def cell_kind_of_column(table: Table, index: int) -> bool:
    unit = table.columns[index].unit
    return unit is not None and unit.kind in ("currency", "quantity", "unknown")


def display_name(label: str, glossary: Glossary) -> str:
    return glossary.annotate(label)


def state_rank_row(draft: Draft, pick: CellPick, evidence: Evidence, position: int) -> str:
    n = draft.cite(cell_citation(pick, evidence))
    values = [
        (i, c)
        for i, c in enumerate(pick.row.cells[: len(pick.table.columns)])
        if i != pick.index and c.value is not None
    ]
    clause = ""
    if values:
        i, cell = values[0]
        clause = draft.templates["rank_value_clause"].format(value_text=f"{pick.table.columns[i].header} {cell.text}")
    draft.say(
        "rank_row",
        row_name=display_name(pick.row.label, evidence.glossary),
        position=position,
        table_title=f"table {pick.table.table_id}",
        n=n,
        value_clause=clause,
    )
    draft.confidence = 0.7
    return ""


def english_ordinal(number: int) -> str:
    """`1st`, `2nd`, `3rd`, `11th`, `23rd`: a position, which is no quantity to verify."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def rank_by_value(draft: Draft, question: Question, evidence: Evidence) -> str:
    """`Where did Sweden rank by stock?` over a table with no rank column: the named row's position when the rows
    of its section (totals left out) are sorted on the asked column, largest first; the rows above it are cited."""
    glossary = evidence.glossary
    picks = [
        p
        for p in cell_candidates(question, evidence, "amount")
        if not p.problems and names_row(p.row, question, glossary) and rank_column(p.table) is None
    ]
    if not picks:
        return "operands"
    pick = picks[0]
    peers = [
        row
        for row in pick.table.rows
        if row.section == pick.row.section
        and not is_total(row)
        and not row_years(row)
        and pick.index < len(row.cells)
        and row.cells[pick.index].value is not None
    ]
    peers.sort(key=lambda row: -row.cells[pick.index].value)
    position = next(i for i, row in enumerate(peers, 1) if row is pick.row)
    shown = [replace(pick, row=row) for row in peers[:position]]
    ordering = " > ".join(
        f"{display_name(p.row.label, glossary)} {p.row.cells[p.index].text} [{draft.cite(cell_citation(p, evidence))}]"
        for p in shown
    )
    draft.say(
        "rank_computed",
        row_name=display_name(pick.row.label, glossary),
        position=position,
        ordinal=english_ordinal(position),
        column=glossary.annotate(pick.column),
        table_title=f"table {pick.table.table_id}",
        ordering=ordering,
    )
    draft.value = draft.source_value = float(position)
    draft.unit = draft.source_unit = "rank"
    draft.confidence = 0.6
    return ""


def reverse_lookup(draft: Draft, question: Question, evidence: Evidence) -> str:
    """`Which sector fell 46%?`: the row whose cell holds the number the question names."""
    for table, _, heading in evidence.tables():
        for row in table.rows:
            for index, cell in enumerate(row.cells[: len(table.columns)]):
                if cell.value is None or abs(cell.value) not in [abs(n) for n in question.numbers]:
                    continue
                pick = CellPick(table, row, index, 0.0, heading=heading)
                # the question asks for the row, so it does not name it: only the other problems count
                if set(cell_problems(pick, question, evidence, question.years[-1:])) - {"row"}:
                    continue
                n = draft.cite(cell_citation(pick, evidence))
                draft.say(
                    "reverse",
                    row_name=display_name(row.label, evidence.glossary),
                    table_title=f"table {table.table_id}",
                    column=evidence.glossary.annotate(pick.column),
                    value_text=cell.text,
                    n=n,
                )
                draft.confidence = 0.7
                return ""
    return "operands"


# --- choosing and refusing -------------------------------------------------------------------------------------


def is_share_cell(pick: CellPick | None, evidence: Evidence) -> bool:
    if pick is None:
        return False
    return "share" in question_measures(column_text(pick.table, pick.index, evidence.glossary))


def answer_lookup(draft: Draft, question: Question, evidence: Evidence) -> str:
    cells = cell_candidates(question, evidence, question.asked)
    named_rank = any(not c.problems and names_row(c.row, question, evidence.glossary) for c in cells)
    if question.asked == "rank" and not named_rank and not rank_by_value(draft, question, evidence):
        return ""
    prose = prose_candidates(question, evidence)
    cell, sentence = first_clean(cells), first_clean(prose)
    wants_share = question.asked == "percent" and "share" in question.measures
    if wants_share and not is_share_cell(cell, evidence) and not derive_share(draft, question, evidence):
        return ""
    if cell is None and sentence is None and asks_change(question) and len(question.years) == 1:
        # `2022年...同比增长多少` with no printed rate: the rate over the year before, from the amounts
        previous = replace(question, years=(question.years[0] - 1, question.years[0]))
        if not derive_growth(draft, previous, evidence):
            return ""
    best = max((c for c in (cell, sentence) if c is not None), key=lambda c: c.score, default=None)
    if isinstance(best, CellPick) and best.related and sentence is not None and same_figure(best, sentence):
        best = sentence  # the retrieved sentence states the figure of a table outside the hits, with its scale
    if isinstance(best, CellPick) and sentence is not None and names_more(sentence, best, question, evidence):
        best = sentence  # the sentence names the question's subject; the table only its year and entity
    if best is None:
        worst = (cells[:1] + prose[:1]) or []
        return worst[0].problems[0] if worst and worst[0].problems else "measure"
    if best.score < MIN_SCORE * (0.5 if question.lang == "zh" else 1.0):
        return "weak"
    if isinstance(best, CellPick):
        answer_cell(draft, best, evidence)
    else:
        answer_prose(draft, best)
    draft.confidence = min(1.0, best.score / 4)
    return ""


def names_more(sentence: ProsePick, cell: CellPick, question: Question, evidence: Evidence) -> bool:
    """The sentence holds clearly more of the question's terms than the cell's table, row and column names."""
    if sentence.score < MIN_SCORE:
        return False
    margin = prose_support(sentence, question) - cell_support(cell, question, evidence.glossary)
    return margin >= SUBJECT_MARGIN


def cell_support(pick: CellPick, question: Question, glossary: Glossary) -> float:
    """Share of the question's terms that the cell's table title, heading, row and column names hold."""
    table, row = pick.table, pick.row
    text = " ".join(
        [table_context(table, pick.heading), column_text(table, pick.index, glossary), row.section]
        + names_of(row.label, glossary)
    )
    return coverage(question, text)


def prose_support(pick: ProsePick, question: Question) -> float:
    """Share of the question's terms that the sentence (with its passage's title and heading) holds."""
    return coverage(question, " ".join([pick.sentence, pick.chunk.title, *pick.chunk.heading]))


def same_figure(cell: CellPick, prose: ProsePick) -> bool:
    """The prose figure is the cell's value at some power of ten (a table unit without a stated scale)."""
    value, base = cell.value, prose.quantity.base_value
    return bool(value) and any(abs(value * 10**power - base) <= 1e-6 * abs(base) for power in range(-4, 13))


def refusal(question: Question, templates: dict[str, str], reason: str) -> Answer:
    if reason.startswith("entity:"):
        entity = reason.split(":", 1)[1]
        text_reason = templates["reason_entity"].format(entity=re.sub(r"\d", "", entity).strip())
    else:
        text_reason = templates.get(f"reason_{reason}", templates["reason_weak"])
    text = re.sub(r"\d", "", templates["refusal"].format(reason=text_reason))
    return Answer(
        question=question.text,
        text=text,
        refused=True,
        confidence=0.5,
        lang=question.lang,
        mode="grounded",
        notes=(f"refused: {reason}",),
    )


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


DERIVATIONS = {
    "difference": derive_difference,
    "sum": derive_sum,
    "ratio": derive_ratio,
    "growth_rate": derive_growth,
    "rank": derive_rank,
}


def grounded_answer(
    question: str, hits: Sequence[Hit], index: StoredIndex, glossary: Glossary, prompts_dir: Path
) -> Answer:
    """Answer `question` from `hits` by code: a cited table cell, prose figure, formula or quoted sentences.

    Refuses (no number in the text, reason in `notes`) when an entity, year or measure of the question is not in
    the evidence, or the evidence is too weakly related. `timings_ms` is left for the chain to fill.
    """
    parsed = analyse_question(question, glossary)
    templates = load_templates(prompts_dir, parsed.lang)
    evidence = Evidence(tuple(hits), index, glossary)
    draft = Draft(parsed, templates)
    reason = route(draft, parsed, evidence)
    if reason:
        return refusal(parsed, templates, reason)
    return draft.answer()


def route(draft: Draft, question: Question, evidence: Evidence) -> str:
    """Run the answer path the question asks for; returns a refusal reason, or "" when the draft is written."""
    if not evidence.hits:
        return "weak"
    by_value = question.numbers and question.operation in ("text", "rank")
    if by_value and not reverse_lookup(draft, question, evidence):
        return ""
    derive = DERIVATIONS.get(question.operation)
    if derive is not None:
        reason = derive(draft, question, evidence)
        if reason == "operands" and question.operation != "rank":
            reason = derive(draft, question, with_operands(question, evidence))
        if not reason:
            return ""
        # no table holds both years: a rate the prose states, or one computed from two amounts it states
        if reason == "operands" and question.operation == "growth_rate" and prose_growth(draft, question, evidence):
            return ""
        if reason == "operands" and question.operation == "difference" and _YEAR_BEFORE.search(question.text.lower()):
            reason = stated_change(draft, question, evidence)
            if not reason:
                return ""
        if question.operation != "rank":
            return reason
    if question.operation in ("text", "rank"):
        return answer_text(draft, question, evidence)
    whole = question.asked == "percent" and denominator(question, evidence.glossary)
    if whole and not derive_percent_of(draft, question, evidence):
        return ""  # else a sentence stating the percentage of the whole may answer
    return answer_lookup(draft, question, evidence)


__all__ = ["grounded_answer", "MEASURE_WORDS"]
