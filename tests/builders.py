"""Hand-made `Table`, `Chunk`, `Hit` and `StoredIndex` values for unit tests: one place to build them, so each test
says only what is particular to it (labels, figures, units)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rag.index.store import Manifest, StoredIndex
from rag.types import Cell, Chunk, Column, Document, Fact, Hit, Table, TableRow, Unit

USD_1E8 = Unit(raw="USD 100 million", label="USD 100 million", kind="currency", currency="USD", scale=1e8, base="USD")
USD_BARE = Unit(raw="us \\$", label="USD (scale not stated)", kind="currency", currency="USD", base="USD")
PERCENT = Unit(raw="%", label="%", kind="percent")


def make_table(
    rows: Mapping[str, Sequence[str]],
    *,
    columns: Sequence[tuple[str, Unit | None]] = (("2021", USD_1E8), ("2022", USD_1E8), ("增长率", PERCENT)),
    unit: Unit = USD_1E8,
    table_id: str = "1-1",
    doc_name: str = "t.txt",
    title: str = "China's outward investment flows by industry, 2021-2022",
    label_header: str = "行业",
    source: str = "",
    title_line: int = 8,
) -> Table:
    """A one-header-row table: `rows` maps each label to its cells as printed (numbers parsed where they are)."""
    first_row = title_line + 2

    def cell(text: str) -> Cell:
        try:
            return Cell(text, float(text.replace(",", "")))
        except ValueError:
            return Cell(text)

    records = tuple(
        TableRow(line=first_row + i, label=label, cells=tuple(cell(text) for text in cells))
        for i, (label, cells) in enumerate(rows.items())
    )
    return Table(
        doc_name=doc_name,
        table_id=table_id,
        printed_id=table_id,
        title=f"Table {table_id}: {title}",
        toc_title=title,
        unit=unit,
        unit_line=f"Unit: {unit.raw}",
        source=source,
        label_header=label_header,
        header_rows=((label_header, *(header for header, _ in columns)),),
        columns=tuple(Column(header, (header,), column_unit) for header, column_unit in columns),
        rows=records,
        title_line=title_line,
        start_line=title_line + 1,
        end_line=title_line + 1 + len(records),
    )


def row_chunks(table: Table, heading: tuple[str, ...] = ("Chapter 1",)) -> list[Chunk]:
    """One `table_row` chunk per row, as the chunker makes them (without the row's glossed text)."""
    return [
        Chunk(
            table.doc_name,
            "table_row",
            f"Table {table.table_id}\n{row.label}",
            row.line,
            row.line,
            heading,
            table.table_id,
            row.label,
            i,
            title=f"Table {table.table_id}",
        )
        for i, row in enumerate(table.rows)
    ]


def table_chunk(table: Table) -> Chunk:
    """The whole-table chunk."""
    return Chunk(
        table.doc_name,
        "table",
        f"Table {table.table_id}",
        table.start_line,
        table.end_line,
        ("Chapter 1",),
        table.table_id,
    )


def prose_chunk(text: str, line: int = 3, doc_name: str = "t.txt", heading: str = "Chapter 1") -> Chunk:
    """A one-line prose passage under `Report / <heading>` (`Chapter 1`)."""
    title = f"Report / {heading}"
    return Chunk(doc_name, "prose", f"{title}\n{text}", line, line, (heading,), title=title)


def stored_index(tables: Sequence[Table], chunks: Sequence[Chunk], facts: Sequence[Fact] = ()) -> StoredIndex:
    """An in-memory index holding exactly these tables, chunks and facts (no vectors)."""
    manifest = Manifest(1, "4", "none", {}, 0, {}, {})
    return StoredIndex(manifest, tuple(chunks), tuple(tables), None, lambda: tuple(facts))


def table_document(table: Table) -> Document:
    """A document of blank lines long enough to hold `table`, under `Chapter 1` (for its facts' locators)."""
    lines = table.end_line + 1
    return Document(table.doc_name, "Report", ("",) * lines, (("Chapter 1",),) * lines, "0" * 64)


def indexed_table(table: Table, glossary) -> StoredIndex:
    """An in-memory index of one table: its row chunks and its cells' facts (`rag.index.facts`)."""
    return indexed_tables([table], glossary)


def indexed_tables(tables: Sequence[Table], glossary) -> StoredIndex:
    """An in-memory index of several tables: their row chunks and their cells' facts, each table in its own
    document of blank lines (`table_document`)."""
    from rag.index.facts import table_facts

    chunks = [chunk for table in tables for chunk in row_chunks(table)]
    facts = tuple(fact for table in tables for fact in table_facts(table_document(table), [table], glossary))
    return stored_index(list(tables), chunks, facts)


def indexed_prose(text: str, line: int = 3, heading: str = "Chapter 1") -> tuple[Chunk, StoredIndex]:
    """A one-line prose passage (`prose_chunk`) and an in-memory index holding it with its figures' facts
    (`rag.index.facts`), so that the alignment check can map a citation of it back to its facts."""
    from rag.index.facts import prose_facts

    chunk = prose_chunk(text, line, heading=heading)
    lines = ("",) * (line - 1) + (text,)
    document = Document(chunk.doc_name, "Report", lines, ((heading,),) * line, "0" * 64)
    return chunk, stored_index([], [chunk], tuple(prose_facts(document, set())))


def hits(chunks: Sequence[Chunk]) -> list[Hit]:
    """The chunks as retrieved, best first (scores 1, 1/2, 1/3, ...)."""
    return [Hit(chunk, 1.0 / (i + 1)) for i, chunk in enumerate(chunks)]


def ask_table(question: str, table: Table, glossary):
    """The grounded reader's answer to `question` with every row of `table` retrieved, best first."""
    return ask_tables(question, [table], glossary)


def ask_tables(question: str, tables: Sequence[Table], glossary):
    """The grounded reader's answer to `question` with every row of `tables` retrieved, in order."""
    from rag.read.reader import grounded_answer
    from rag.settings import PROJECT_ROOT

    index = indexed_tables(tables, glossary)
    return grounded_answer(question, hits(index.chunks), index, glossary, PROJECT_ROOT / "prompts")


def ranking_and_world(world_rows: dict) -> tuple[Table, Table]:
    """A ranking of economies' 2041 lantern outflows (no total row) and a table of year columns whose rows
    `world_rows` give (the world row, groups of economies)."""
    ranking = make_table(
        {"Borduria": ("1", "900.0"), "Syldavia": ("2", "600.0"), "Ruritania": ("3", "300.0")},
        columns=(("排名", None), ("outflows", USD_1E8)),
        table_id="2-2",
        title="Top three economies by lantern FDI outflows in 2041",
        label_header="economy",
        title_line=8,
    )
    world = make_table(
        world_rows,
        columns=(("2040", USD_1E8), ("2041", USD_1E8)),
        table_id="2-1",
        title="Lantern FDI by economy group, 2040-2041",
        label_header="economy",
        title_line=20,
    )
    return ranking, world
