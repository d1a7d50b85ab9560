"""Typed facts at index time: one `Fact` per numeric table cell and one per figure in a prose sentence.

A fact says what the reports state and where, in the record the reader checks an answer against
(`rag.read.alignment`): its row path with its section, its column path with its group and period, or its clause and
subject; its value, unit with scale and kind (amount, count, percent, rank, ratio, growth); and its locator. Each
carries a one-line English statement for people and logs. Facts are stored beside the chunks (`facts.jsonl`) and
nothing new is embedded: matching goes through the row, column and clause fields, whose words the chunks already
carry into retrieval.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from rag.ingest.tables import cell_unit, table_line_ranges
from rag.text.glossary import Glossary, has_cjk
from rag.text.numbers import extract_quantities, is_unit_name, years_in
from rag.text.sentences import clause_around, split_sentences
from rag.text.wordlists import grouped_words
from rag.types import Document, Fact, Table, TableRow, Unit

KINDS_PATH = Path(__file__).resolve().parents[1] / "data" / "fact_kinds.tsv"
SUBJECT_CHARS = 80  # a prose fact's subject: at most this much of its clause before the figure


@lru_cache(maxsize=2)
def kind_words(path: Path = KINDS_PATH) -> dict[str, tuple[str, ...]]:
    """kind -> its words (lower case), in file order; see `rag/data/fact_kinds.tsv`."""
    return grouped_words(path, "fact kind words")


def worded_kind(text: str) -> str:
    """growth, ratio or rank when `text` (a column header, a clause) holds one of that kind's words; else ""."""
    low = text.lower()
    return next((kind for kind, words in kind_words().items() if any(word in low for word in words)), "")


def unit_kind(unit: Unit | None, worded: str) -> str:
    """A figure's kind from its unit and the kind its words name (`worded_kind`)."""
    if worded == "rank":
        return "rank"
    kind = unit.kind if unit is not None else "unknown"
    if kind == "percent":
        return "growth" if worded == "growth" else "percent"
    if worded == "ratio" and kind not in ("currency", "count"):
        return "ratio"
    return "count" if kind == "count" else "amount"


# --- table cells ---------------------------------------------------------------------------------------------------


def _bilingual(label: str, glossary: Glossary) -> str:
    """`Manufacturing (制造业)` for a Chinese label the glossary glosses; the label as printed otherwise."""
    english = glossary.gloss(label) if has_cjk(label) else None
    return f"{english[:1].upper()}{english[1:]} ({label})" if english else label


def row_path(row: TableRow) -> tuple[str, ...]:
    return (*(part for part in row.section.split(" / ") if part), row.label)


def _unit_words(unit: Unit | None) -> str:
    if unit is None:
        return ""
    return "%" if unit.kind == "percent" else unit.label or unit.raw


def cell_fact(doc: Document, table: Table, row: TableRow, index: int, glossary: Glossary) -> Fact | None:
    """The fact of one cell; None for a text cell or a `-` placeholder."""
    cell = row.cells[index]
    if cell.value is None or index >= len(table.columns):
        return None
    column = table.columns[index]
    parts = column.parts or (column.header,)
    unit = cell_unit(table, row, index, inferred=True)
    periods = tuple(sorted(years_in(column.header) | years_in(row.label)))
    path = row_path(row)
    title = f"Table {table.table_id}: {table.toc_title or table.title}".rstrip(": ")
    name = " / ".join(_bilingual(part, glossary) for part in path)
    columns = ", ".join(_bilingual(part, glossary) for part in parts if part)
    unit_text = _unit_words(unit)
    figure = cell.text if unit_text == "%" and cell.text.endswith("%") else f"{cell.text} {unit_text}".strip()
    return Fact(
        doc_name=doc.name,
        source="table",
        value=cell.value,
        text=cell.text,
        kind=unit_kind(unit, worded_kind(" ".join(parts)) or title_kind(table)),
        statement=f"{name}, {columns}: {figure} — {title}",
        line=row.line,
        page=doc.page_at(row.line),
        unit=unit,
        periods=periods,
        table_id=table.table_id,
        table_title=table.toc_title or table.title,
        row=path,
        column=tuple(part for part in parts if part),
        column_index=index,
        heading=doc.heading_at(table.title_line),
    )


def title_kind(table: Table) -> str:
    """The kind a table's title names (`world port ranking`: rank) for the cells of columns that name none, unless
    a column of its own names that kind: then the title's word is that column's (the rank column of a ranking that
    also prints throughput and growth), and the other columns keep the kind their units give."""
    kind = worded_kind(table.toc_title or table.title)
    if kind and any(worded_kind(" ".join(column.parts or (column.header,))) == kind for column in table.columns):
        return ""
    return kind


def table_facts(doc: Document, tables: Iterable[Table], glossary: Glossary) -> Iterator[Fact]:
    for table in tables:
        for row in table.rows:
            for index in range(len(row.cells)):
                fact = cell_fact(doc, table, row, index, glossary)
                if fact is not None:
                    yield fact


# --- prose figures -------------------------------------------------------------------------------------------------


_QUANTITY_UNITS = {"percent": "percent", "percentage_points": "percent", "count": "count", "currency": "currency"}


def _quantity_unit(quantity) -> Unit:
    kind = _QUANTITY_UNITS.get(quantity.kind, "quantity" if quantity.kind == "quantity" else "unknown")
    label = " ".join(part for part in (quantity.currency, quantity.base) if part)
    return Unit(
        raw=quantity.text, label=label, kind=kind, currency=quantity.currency, scale=quantity.scale, base=quantity.base
    )


def sentence_facts(doc: Document, line: int, sentence: str) -> Iterator[Fact]:
    """A fact for every figure of a prose sentence (years and the numbers of unit names left out)."""
    heading = doc.heading_at(line)
    for quantity in extract_quantities(sentence):
        if quantity.kind == "year" or is_unit_name(quantity, sentence):
            continue
        clause = clause_around(sentence, quantity.start, quantity.end).strip()
        subject = clause.partition(quantity.text)[0].strip()[-SUBJECT_CHARS:]
        periods = tuple(sorted(years_in(clause) or years_in(sentence)))
        unit = _quantity_unit(quantity)
        kind = "growth" if quantity.kind == "percentage_points" else unit_kind(unit, worded_kind(clause))
        period = ", ".join(str(year) for year in periods)
        where = " / ".join(heading[-1:]) or doc.title
        yield Fact(
            doc_name=doc.name,
            source="prose",
            value=quantity.value,
            text=quantity.text,
            kind=kind,
            statement=f"{clause}{f' ({period})' if period else ''}: {quantity.text} — {where}, line {line}",
            line=line,
            page=doc.page_at(line),
            unit=unit,
            periods=periods,
            clause=clause,
            subject=subject,
            heading=heading,
        )


def prose_facts(doc: Document, skip: set[int]) -> Iterator[Fact]:
    for number, text in enumerate(doc.lines, 1):
        if number in skip or not text.strip():
            continue
        for sentence in split_sentences(text.strip()):
            yield from sentence_facts(doc, number, sentence)


def document_facts(doc: Document, tables: list[Table], glossary: Glossary) -> list[Fact]:
    """Every fact of one document: its tables' cells, then the figures of its prose (lines outside the tables)."""
    return [*table_facts(doc, tables, glossary), *prose_facts(doc, table_line_ranges(tables))]
