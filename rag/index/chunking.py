"""Turn documents into retrieval chunks: prose windows, one chunk per table row, one per whole table.

Chinese table labels carry their English gloss in the chunk text (`制造业 (manufacturing)`), so an English
question reaches a Chinese-labelled row through both the embedder and BM25. Bump CHUNKER_VERSION whenever the
chunk text or boundaries, or the tables stored beside the chunks, change: the index manifest records it and a
different version forces a rebuild (unchanged chunk texts reuse their cached vectors).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rag.index.facts import document_facts
from rag.ingest.coverage import TableCoverage, table_coverage
from rag.ingest.scales import infer_scales
from rag.ingest.tables import cell_unit, parse_tables, table_line_ranges
from rag.settings import Settings
from rag.text.glossary import Glossary
from rag.text.sentences import split_sentences
from rag.types import Chunk, Document, Fact, Table, TableRow

CHUNKER_VERSION = "13"
SKIPPED_HEADINGS = ("Contents",)


@dataclass(frozen=True)
class CorpusChunks:
    chunks: list[Chunk]
    tables: list[Table]
    labels_glossed: int
    labels_total: int
    labels_missing: tuple[str, ...]
    coverage: tuple[TableCoverage, ...] = ()  # per document: tables found, numeric cells read
    facts: tuple[Fact, ...] = ()  # every table cell and prose figure, typed (`rag.index.facts`)

    def count(self, kind: str) -> int:
        return sum(1 for chunk in self.chunks if chunk.kind == kind)


def chunk_corpus(documents: Iterable[Document], glossary: Glossary, settings: Settings) -> CorpusChunks:
    chunks: list[Chunk] = []
    tables: list[Table] = []
    coverage: list[TableCoverage] = []
    facts: list[Fact] = []
    for doc in documents:
        doc_tables = infer_scales(parse_tables(doc), doc)
        tables.extend(doc_tables)
        coverage.append(table_coverage(doc, doc_tables))
        chunks.extend(prose_chunks(doc, table_line_ranges(doc_tables), settings))
        for table in doc_tables:
            chunks.extend(table_chunks(doc, table, glossary))
        facts.extend(document_facts(doc, doc_tables, glossary))
    glossed, total, missing = glossary.coverage(sorted(table_labels(tables)))
    return CorpusChunks(chunks, tables, glossed, total, tuple(missing), tuple(coverage), tuple(facts))


# --- prose ---------------------------------------------------------------------------------------------------


def _sentences_by_section(doc: Document, skip: set[int]) -> Iterator[tuple[tuple[str, ...], list[tuple[int, str]]]]:
    """Consecutive sentences that share a heading path, each with its 1-based line number."""
    current: tuple[str, ...] | None = None
    run: list[tuple[int, str]] = []
    for number, line in enumerate(doc.lines, 1):
        heading = doc.heading_at(number)
        text = line.strip()
        if number in skip or not text or (heading and heading[0] in SKIPPED_HEADINGS):
            continue
        if heading != current:
            if run:
                yield current or (), run
            current, run = heading, []
        if heading and text == heading[-1]:
            continue  # the heading line itself is carried by every chunk's heading path
        run.extend((number, sentence) for sentence in split_sentences(text))
    if run:
        yield current or (), run


def _windows(sentences: list[tuple[int, str]], size: int, overlap: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """Windows [start, end) of up to `size` sentences and about `max_chars`, overlapping by `overlap`.

    Every window adds at least one sentence the previous one did not have: the overlap is dropped when it would
    leave no room for the next sentence under `max_chars`.
    """
    start = 0
    while start < len(sentences):
        end, chars = start, 0
        while (
            end < len(sentences)
            and end - start < size
            and (end == start or chars + len(sentences[end][1]) <= max_chars)
        ):
            chars += len(sentences[end][1])
            end += 1
        yield start, end
        if end >= len(sentences):
            return
        carried_from = max(end - overlap, start + 1)
        carried = sum(len(text) for _, text in sentences[carried_from:end])
        start = carried_from if carried + len(sentences[end][1]) <= max_chars else end


def page_range(doc: Document, start_line: int, end_line: int) -> dict[str, int]:
    """`page` and `end_page` of lines start..end (1-based) for a Chunk; zeros for a document without pages."""
    pages = [doc.page_at(line) for line in range(start_line, end_line + 1) if doc.page_at(line)]
    return {"page": min(pages), "end_page": max(pages)} if pages else {"page": 0, "end_page": 0}


def prose_title(doc: Document, heading: tuple[str, ...]) -> str:
    """Document title and the full heading path: the context every sentence of the chunk is read in."""
    return " / ".join([doc.title, *heading])


def prose_chunks(doc: Document, skip: set[int], settings: Settings) -> list[Chunk]:
    chunks = []
    for heading, sentences in _sentences_by_section(doc, skip):
        title = prose_title(doc, heading)
        for start, end in _windows(
            sentences, settings.chunk_sentences, settings.chunk_overlap, settings.chunk_max_chars
        ):
            window = sentences[start:end]
            body = " ".join(sentence for _, sentence in window)
            chunks.append(
                Chunk(
                    doc.name,
                    "prose",
                    f"{title}\n{body}",
                    window[0][0],
                    window[-1][0],
                    heading,
                    title=title,
                    **page_range(doc, window[0][0], window[-1][0]),
                )
            )
    return chunks


# --- tables --------------------------------------------------------------------------------------------------


def table_labels(tables: Iterable[Table]) -> set[str]:
    """Every Chinese row label, section label and column header part, for the glossary coverage report."""
    labels: set[str] = set()
    for table in tables:
        labels.update(part for column in table.columns for part in column.parts or (column.header,))
        labels.update(row.label for row in table.rows)
        labels.update(part for row in table.rows for part in row.section.split(" / ") if part)
        if table.label_header:
            labels.add(table.label_header)
    return {label for label in labels if any("\u3400" <= ch <= "\u9fff" for ch in label)}


def table_title(table: Table) -> str:
    """The contents-list title under the canonical id; without a contents entry, the title as printed."""
    if table.toc_title:
        return f"Table {table.table_id}: {table.toc_title}"
    return table.title or f"Table {table.table_id}"


def _unit_source_lines(table: Table) -> list[str]:
    lines = list(table.notes)
    if table.unit_line or table.unit:
        normalised = f" ({table.unit.label})" if table.unit and table.unit.label else ""
        lines.append(f"{table.unit_line or 'Unit:'}{normalised}")
    if table.source:
        lines.append(f"Source: {table.source}")
    return lines


def _title_block(table: Table) -> str:
    lines = [table_title(table)]
    if table.toc_title and table.title and table.title != table.toc_title:
        lines.append(f"(printed title: {table.title})")
    return "\n".join(lines + _unit_source_lines(table))


def _header(table: Table, index: int, glossary: Glossary) -> str:
    column = table.columns[index]
    parts = column.parts or (column.header,)
    return " ".join(glossary.annotate(part) for part in parts if part)


def _row_label(row: TableRow, glossary: Glossary) -> str:
    parts = [*(p for p in row.section.split(" / ") if p), row.label]
    return " / ".join(glossary.annotate(part) for part in parts)


def _value(table: Table, row: TableRow, index: int) -> str:
    cell = row.cells[index]
    unit = cell_unit(table, row, index)
    if cell.value is None or unit is None or not unit.label or unit == table.unit:
        return cell.text  # the table's main unit is stated once, in the title block
    if (cell.unit is not None and cell.unit.scale is None) or (unit.kind == "percent" and cell.text.endswith("%")):
        return cell.text  # its own marks print it: `12.7%`, `$9.87`, `1.2x`
    return f"{cell.text} ({unit.label})"


def _row_line(table: Table, row: TableRow, glossary: Glossary) -> str:
    values = "; ".join(
        f"{_header(table, i, glossary)}: {_value(table, row, i)}"
        for i in range(min(len(row.cells), len(table.columns)))
    )
    return f"{_row_label(row, glossary)} — {values}"


def table_chunks(doc: Document, table: Table, glossary: Glossary) -> list[Chunk]:
    heading = doc.heading_at(table.title_line)
    title, block = table_title(table), _title_block(table)
    label_header = glossary.annotate(table.label_header) if table.label_header else "Row"
    meta = {"table_id": table.table_id}
    chunks = [
        Chunk(
            doc.name,
            "table_row",
            "\n".join([title, f"{label_header}: {_row_line(table, row, glossary)}", *_unit_source_lines(table)]),
            row.line,
            row.line,
            heading,
            table.table_id,
            row.label,
            index,
            meta,
            title=title,
            **page_range(doc, row.line, row.line),
        )
        for index, row in enumerate(table.rows)
    ]
    whole = "\n".join([block, *(_row_line(table, row, glossary) for row in table.rows)])
    chunks.append(
        Chunk(
            doc.name,
            "table",
            whole,
            table.title_line,
            table.end_line,
            heading,
            table.table_id,
            meta=meta,
            title=title,
            **page_range(doc, table.title_line, table.end_line),
        )
    )
    return chunks
