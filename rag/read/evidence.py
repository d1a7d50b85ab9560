"""The evidence of one question: the retrieved hits, grouped the ways the reader needs them (tables, prose, the
tables the prose points to, the years a passage's context names)."""

from __future__ import annotations

from dataclasses import dataclass

from rag.index.store import StoredIndex
from rag.read.matching import coverage
from rag.read.question import (
    Question,
)
from rag.text.glossary import Glossary
from rag.text.numbers import (
    YEAR,
    years_in,
)
from rag.text.sentences import split_sentences
from rag.types import Chunk, Hit, Table

RELATED_TITLE = 0.5  # share of the question's terms a table's title and heading must hold to join the evidence


def table_context(table: Table, heading: tuple[str, ...]) -> str:
    return " ".join([table.title, table.toc_title, " ".join(heading), " ".join(table.notes), table.label_header])


def is_row_chunk(chunk: Chunk, table: Table, row_index: int) -> bool:
    return (
        chunk.kind == "table_row"
        and chunk.doc_name == table.doc_name
        and chunk.table_id == table.table_id
        and chunk.row_index == row_index
    )


def garbled_from(printed: int, year: int) -> bool:
    """A printed year that a garbled translation may have made of `year`: the same year, one digit off (`2012` for
    2022, `2013` for 2023) or two neighbouring digits swapped (`2013` for 2031); not `2013` for 2022."""
    shown, asked = str(printed), str(year)
    if len(shown) != len(asked):
        return False
    differ = [n for n, (a, b) in enumerate(zip(shown, asked, strict=True)) if a != b]
    swapped = len(differ) == 2 and differ[1] == differ[0] + 1 and shown[differ[0]] == asked[differ[1]]
    return len(differ) <= 1 or (swapped and shown[differ[1]] == asked[differ[0]])


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
        passage that holds it (a window may start mid-paragraph, after the paragraph's `In 2022`). Found once per
        passage and index (`StoredIndex.memo`)."""
        return set(self.index.memo("years_before").get(chunk.id, lambda: frozenset(self._years_before(chunk))))

    def _years_before(self, chunk: Chunk) -> set[int]:
        sentences = split_sentences(chunk.body)
        if not sentences:
            return set()
        for other in self.index.chunks:
            if other.kind != "prose" or other.doc_name != chunk.doc_name:
                continue
            if not other.start_line <= chunk.start_line <= other.end_line or other.id == chunk.id:
                continue
            before = split_sentences(other.body)
            if sentences[0] not in before:
                continue
            for sentence in reversed(before[: before.index(sentences[0])]):
                if years_in(sentence):
                    return years_in(sentence)
        return set()

    def heading_years(self, chunk: Chunk) -> set[int]:
        """The years of the last sentence naming any in the passages before this one under the very same heading:
        the year a section's running text carries into a paragraph that names none (`By country, A's outflows fell
        13%` after `In 2022 world outflows ...`). None for a passage first under its heading. Found once per passage
        and index (`StoredIndex.memo`)."""
        return set(self.index.memo("heading_years").get(chunk.id, lambda: frozenset(self._heading_years(chunk))))

    def _heading_years(self, chunk: Chunk) -> set[int]:
        latest, found = -1, set()
        for other in self.index.chunks:
            if other.kind != "prose" or other.doc_name != chunk.doc_name or other.heading != chunk.heading:
                continue
            if not latest < other.start_line < chunk.start_line:
                continue
            named = [years for sentence in split_sentences(other.body) if (years := years_in(sentence))]
            if named:
                latest, found = other.start_line, named[-1]
        return found

    def sentence_before(self, chunk: Chunk) -> str:
        """The sentence just before the passage's first sentence, read from an overlapping passage that holds both
        ("" when none does): what a first sentence's `the park` may refer back to. Found once per passage."""
        return self.index.memo("sentence_before").get(chunk.id, lambda: self._sentence_before(chunk))

    def _sentence_before(self, chunk: Chunk) -> str:
        sentences = split_sentences(chunk.body)
        for other in self.index.chunks:
            if not sentences or other.kind != "prose" or other.doc_name != chunk.doc_name or other.id == chunk.id:
                continue
            if other.start_line <= chunk.start_line <= other.end_line:
                before = split_sentences(other.body)
                at = before.index(sentences[0]) if sentences[0] in before else 0
                if at > 0:
                    return before[at - 1]
        return ""

    def section_year(self, chunk: Chunk) -> set[int]:
        """The year that the prose of the passage's enclosing section (its heading path but the last part) names
        most often, at least twice as often as any other: `in that year` under a chapter about one year."""
        parent = chunk.heading[:-1] if len(chunk.heading) > 1 else chunk.heading
        counts: dict[int, int] = {}
        for other in self.index.chunks:
            if other.kind == "prose" and other.doc_name == chunk.doc_name and other.heading[: len(parent)] == parent:
                for match in YEAR.finditer(other.body):
                    counts[int(match.group(1))] = counts.get(int(match.group(1)), 0) + 1
        ranked = sorted(counts.values(), reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0] < 2 * ranked[1]):
            return set()
        return {max(counts, key=counts.get)}

    def section_mentions_year(self, table: Table, heading: tuple[str, ...], year: int) -> bool:
        """The prose of the table's own section names the year: the garbled titles (`2012` for 2022) need this. A
        title that prints a year the year asked cannot be garbled from (`garbled_from`: `2013` for 2022) dates the
        table otherwise, whatever the section names. Found once per section, year and index (`StoredIndex.memo`)."""
        printed = years_in(f"{table.title} {table.toc_title}")
        if printed and not any(garbled_from(shown, year) for shown in printed):
            return False
        key = (table.doc_name, heading[:2], year)
        return self.index.memo("section_years").get(key, lambda: self._section_mentions_year(table, heading, year))

    def _section_mentions_year(self, table: Table, heading: tuple[str, ...], year: int) -> bool:
        return any(
            chunk.kind == "prose"
            and chunk.doc_name == table.doc_name
            and chunk.heading[:2] == heading[:2]
            and year in years_in(chunk.body)
            for chunk in self.index.chunks
        )
