"""The small frozen records that pass between pipeline stages.

Every record that is stored or cited has a content-hash id, so the same text always gets the same id and
an index built twice from the same seeds is identical.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from rag.lazy import shared_cached_property


def content_id(*parts: object, length: int = 16) -> str:
    """A short, stable SHA-256 id of the given parts (joined with a separator that text never contains)."""
    joined = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def page_span(page: int, end_page: int = 0) -> str:
    """`page 3` or `pages 3-4`; "" for a document without pages (a text file)."""
    if not page:
        return ""
    return f"pages {page}-{end_page}" if end_page > page else f"page {page}"


@dataclass(frozen=True)
class Document:
    """One seed file, read as lines. `lines[i]` is line `i + 1` of the file (for a PDF, Word, Excel or HTML file,
    of the text its reader made: paragraphs as lines, tables in the tab-separated form `rag.ingest.tables` reads).

    `pages[i]` is the 1-based page of line `i + 1` where the format has pages (PDF); empty otherwise. `format` is
    the reader that made it ("text", "pdf", "docx", "xlsx", "xls", "csv", "html"); `warnings` are one-line notes
    about content the reader could not use (a formula without a saved value, a page without a text layer).
    """

    name: str
    title: str
    lines: tuple[str, ...]
    headings: tuple[tuple[str, ...], ...]
    sha256: str
    pages: tuple[int, ...] = ()
    format: str = "text"
    page_count: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]

    def heading_at(self, line: int) -> tuple[str, ...]:
        """Heading path (chapter, section, ...) in force at 1-based `line`."""
        return self.headings[line - 1] if 0 < line <= len(self.headings) else ()

    def page_at(self, line: int) -> int:
        """Page of 1-based `line`; 0 when the document has no pages."""
        return self.pages[line - 1] if 0 < line <= len(self.pages) else 0


@dataclass(frozen=True)
class Unit:
    """A unit as printed and, where the document makes it clear, normalised.

    `scale` multiplies a cell value to get base units (1e8 for 亿美元 / "USD 100 million"); `None` when the
    document does not say. `kind` is one of "currency", "percent", "count", "quantity", "unknown".
    """

    raw: str
    label: str = ""
    kind: str = "unknown"
    currency: str = ""
    scale: float | None = None
    base: str = ""


@dataclass(frozen=True)
class Cell:
    """One value cell. `text` is the cell as printed (`$1,452.4`, `(2,020)`, `13.0%`); `value` the number it prints
    (1452.4, -2020, 13.0), `None` for text or a `-` placeholder.

    `unit` is set only where the cell's own marks state another unit than its column and row do: `12.7%` in a
    column of amounts, `$9.87` in a column without a currency. `rag.ingest.tables.cell_unit` reads it first.
    """

    text: str
    value: float | None = None
    unit: Unit | None = None


@dataclass(frozen=True)
class Column:
    """A value column: its header text joined across header rows, e.g. `金额 2021`, and its unit."""

    header: str
    parts: tuple[str, ...] = ()
    unit: Unit | None = None


@dataclass(frozen=True)
class TableRow:
    """One record of a table. Two records printed side by side on one line share the same `line`."""

    line: int
    label: str
    cells: tuple[Cell, ...]
    section: str = ""
    raw_label: str = ""
    # Unit of this row's non-percent cells when the row label names another quantity than the columns (a
    # `项目数量` row in a table of amounts); None means the column units apply. See `rag.ingest.tables.cell_unit`.
    unit: Unit | None = None


@dataclass(frozen=True)
class ScaleEvidence:
    """Why a table whose unit line names a currency but no scale (`Unit: us $`) is read at `scale`.

    The report's own prose, near the table, states one of its cells with a scale word (`$1.49 trillion` for the
    cell 14897.6 at 1e8); `agreeing` counts the table's cells that prose nearby states at this scale.
    """

    scale: float
    label: str
    line: int
    sentence: str
    prose_text: str
    row_label: str
    column: str
    cell_text: str
    agreeing: int


@dataclass(frozen=True)
class Table:
    """A structured table parsed from tab-separated lines of a document."""

    doc_name: str
    table_id: str
    printed_id: str
    title: str
    toc_title: str
    unit: Unit | None
    unit_line: str
    source: str
    label_header: str
    header_rows: tuple[tuple[str, ...], ...]
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    title_line: int
    start_line: int
    end_line: int
    notes: tuple[str, ...] = ()
    # Set by `rag.ingest.scales` when the unit line gives no scale and the prose around the table shows which it is.
    scale_evidence: ScaleEvidence | None = None

    @property
    def id(self) -> str:
        return content_id(self.doc_name, self.table_id, self.start_line, self.end_line)


@dataclass(frozen=True)
class Chunk:
    """A unit of retrieval: a few prose sentences, one table row, or a whole table.

    `text` is what is embedded and matched by BM25 (it carries the heading path and English glosses);
    `kind` is "prose", "table_row" or "table". Table chunks name their table and row.
    """

    doc_name: str
    kind: str
    text: str
    start_line: int
    end_line: int
    heading: tuple[str, ...] = ()
    table_id: str = ""
    row_label: str = ""
    row_index: int = -1
    meta: dict = field(default_factory=dict, compare=False, hash=False)
    # The context line that opens `text` (document title and heading, or the table title). The embedder gets it
    # in its title slot (EmbeddingGemma: "title: {title} | text: {body}"), the way the model was trained.
    title: str = ""
    # First and last page of the passage in a paged document (PDF); 0 where the document has no pages.
    page: int = 0
    end_page: int = 0

    @shared_cached_property
    def id(self) -> str:
        """The content hash, worked out once per chunk: the reader keys its caches and picks by it, thousands of
        times a question, and hashing the whole text each time cost about a tenth of the reading."""
        return content_id(self.doc_name, self.kind, self.start_line, self.end_line, self.row_index, self.text)

    @property
    def body(self) -> str:
        """`text` without its opening title line."""
        if self.title and self.text.startswith(self.title):
            return self.text[len(self.title) :].lstrip("\n")
        return self.text

    @property
    def locator(self) -> str:
        """Where the passage is: by page in a paged document, by line in a text file."""
        pages = page_span(self.page, self.end_page)
        if self.kind == "table_row":
            return f"table {self.table_id}, row {self.row_label} ({pages or f'line {self.start_line}'})"
        if self.kind == "table":
            return f"table {self.table_id} ({pages or f'lines {self.start_line}-{self.end_line}'})"
        return pages or f"lines {self.start_line}-{self.end_line}"


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the per-retriever ranks that produced it."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    bm25_rank: int | None = None


@dataclass(frozen=True)
class Citation:
    """One numbered source of an answer: where it is (document, table cell or line range) and what it says.

    `locator` is human-readable (`table 1-9, row 制造业, column 流量 (line 449)` or `lines 214-216`); `quote` is the
    passage as it stands in the source (a table row rendered with its headers, or the sentence).
    """

    n: int
    doc_name: str
    locator: str
    quote: str
    start_line: int
    end_line: int
    chunk_id: str = ""
    heading: tuple[str, ...] = ()
    table_id: str = ""
    row_label: str = ""
    column: str = ""
    value_text: str = ""
    # First and last page of the passage in a paged document (PDF); 0 otherwise. The locator names them too.
    page: int = 0
    end_page: int = 0

    @property
    def id(self) -> str:
        return content_id(self.doc_name, self.locator, self.quote)


@dataclass(frozen=True)
class Step:
    """How an answer made one of its derived numbers: an operation from a closed set over cited operands.

    `op` is an arithmetic operation of `rag.text.numbers.Formula` (sum, difference, change, ratio, share, mean,
    growth_rate, annual_growth_rate, before_growth, before_multiple, part_from_share, whole_from_share; `rescale`, a
    printed figure times the power of ten that restates it in another scale of its unit) over `operands` as printed,
    giving `result` rounded to `decimals`; `scale` is the result's scale when the answer restates it in another unit
    (1e9 for USD billion). `count` counts `rows` (each `section / label`, or the label alone) of table `table_id` of
    `doc_name`, or, without a table, the items of a list, each as quoted. `unit` names the scale `result` (1e9) a
    table without one is read at, from a cited sentence stating a figure at that scale. `rag.answer.verify`
    recomputes each step and traces its operands to the citations.
    """

    op: str
    result: float
    operands: tuple[float, ...] = ()
    decimals: int = 0
    scale: float = 1.0
    rows: tuple[str, ...] = ()
    table_id: str = ""
    doc_name: str = ""


@dataclass(frozen=True)
class Answer:
    """What every answer path returns (grounded reader or LLM).

    `value`/`unit` hold the principal number of the answer in a natural unit (27.15, "USD billion"); for a table
    figure, `source_value`/`source_unit` hold it as printed in the table's own unit (271.5, "USD 100 million").
    `formula` shows a derived value's arithmetic with the cited cells. A refusal carries no number.
    `steps` are the typed provenance of its derived numbers (`Step`), which the verifier recomputes and traces.
    `spans` is the answer itself as printed in the sources, one item per span (a cell's text `1,568.6`, a phrase
    `the modified retrospective method`, a prose figure `$0.5 million`), for scoring against extractive gold answers
    (TAT-QA); empty when the reader gave none.
    """

    question: str
    text: str
    citations: tuple[Citation, ...] = ()
    value: float | None = None
    unit: str = ""
    source_value: float | None = None
    source_unit: str = ""
    formula: str = ""
    spans: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    refused: bool = False
    confidence: float = 0.0
    lang: str = "en"
    mode: str = "grounded"
    notes: tuple[str, ...] = ()
    timings_ms: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        return content_id(self.question, self.text)


@dataclass(frozen=True)
class Fact:
    """One figure the reports state, typed at index time: a table cell, or a number in a prose sentence.

    `row` is the row path (section parts, then the label) and `column` the column path (group header, then the
    column's own header) of a cell; a prose figure has neither and names its `clause` and `subject` instead.
    `periods` are the years its row, column or clause name (empty when none is printed beside it). `kind` is one of
    amount, count, percent, rank, ratio, growth. `statement` is the fact in one short English line, e.g.
    `Manufacturing (制造业), flow, 2022: 271.5 USD 100 million — Table 1-9 ...`.
    """

    doc_name: str
    source: str  # "table" or "prose"
    value: float
    text: str  # the figure as printed
    kind: str
    statement: str
    line: int
    page: int = 0
    unit: Unit | None = None
    periods: tuple[int, ...] = ()
    table_id: str = ""
    table_title: str = ""
    row: tuple[str, ...] = ()
    column: tuple[str, ...] = ()
    column_index: int = -1
    clause: str = ""
    subject: str = ""
    heading: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return content_id(
            self.doc_name, self.source, self.line, self.table_id, self.row, self.column, self.text, self.clause
        )

    @property
    def locator(self) -> str:
        where = page_span(self.page) or f"line {self.line}"
        if self.source == "table":
            row, column = " / ".join(self.row), " ".join(self.column)
            return f"{self.doc_name}, table {self.table_id}, row {row}, column {column} ({where})"
        return f"{self.doc_name}, {where}"
