"""Reading a PDF with a text layer into a `Document` whose every line knows its page.

Two libraries, each for what it does best. PDFium (pypdfium2, Apache-2.0/BSD-3, the engine of Chrome's viewer)
gives the characters with their boxes, font sizes and weights (`pdf_layout`): it decodes the fonts real reports
use, Chinese fonts with embedded CMaps included, where pdfminer.six returns nothing. pdfplumber (MIT) joins the
page's ruling lines into table cells, merged cells included (`pdf_tables`, which also reads tables set between
horizontal rules only); the cells are filled with PDFium's characters.

The text is rebuilt in reading order (the order the page draws its lines, unless that order runs backwards), lines
joined into paragraphs, with running headers and footers (a line in the top or bottom margin that repeats on most
pages, digits aside) and page numbers dropped. Headings come from font size (and bold short lines); without any,
the numbered-heading rules of the text reader apply. A table that ends a page and one that starts the next with
the same columns are one table: the repeated header is dropped and every row keeps its own page.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from rag.ingest.builder import DocumentBuilder
from rag.ingest.documents import DocumentError, detect_headings, heading_text
from rag.ingest.pdf_layout import Line, glue, group_lines, page_chars, reading_order
from rag.ingest.pdf_tables import Table, find_tables
from rag.types import Document

MARGIN = 0.08  # top and bottom share of the page where running headers, footers and page numbers live
HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—·|]*(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[\s\-–—·|]*$|^第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?$"
    r"|^[ivxlc]{1,6}$",
    re.IGNORECASE,
)
_CONTINUED = re.compile(r"^(?:续表|续|\(?continued\)?|table\s+\S+\s*\(?(?:continued|cont'?d\.?)\)?)\s*$", re.I)
_SENTENCE_END = tuple(".。!！?？;；:：")


@dataclass
class _Page:
    number: int
    width: float
    height: float
    items: list[Line | Table]


def _open(raw: bytes, label: str):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise DocumentError(f"{label}: encrypted PDF; skipped (save a copy without the password)") from err
        raise DocumentError(f"{label}: not a readable PDF (corrupt or truncated); skipped (export it again)") from err


def _place(lines: list[Line], tables: list[Table]) -> list[Line | Table]:
    """Tables among the lines: each before the first line (in reading order) that lies below its top."""
    items: list[Line | Table] = list(lines)
    for table in sorted(tables, key=lambda t: t.top):
        at = next((i for i, item in enumerate(items) if isinstance(item, Line) and item.top >= table.top), len(items))
        items.insert(at, table)
    return items


# ---------------------------------------------------------------------------------------------------- pages


def _read_pages(raw: bytes, label: str, builder: DocumentBuilder) -> list[_Page]:
    pdf = _open(raw, label)
    plumber = None

    def plumber_page(index: int):
        nonlocal plumber
        plumber = plumber or _open_plumber(raw)
        return plumber.pages[index]

    pages: list[_Page] = []
    try:
        builder.page_count = len(pdf)
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                chars = page_chars(page)
                tables = find_tables(page, chars, index + 1, lambda i=index: plumber_page(i)) if chars else []
                free = [c for c in chars if not any(table.covers(c) for table in tables)]
                lines = reading_order(group_lines(free, index + 1))
                pages.append(_Page(index + 1, page.get_width(), page.get_height(), _place(lines, tables)))
            finally:
                page.close()
    finally:
        pdf.close()
        if plumber:
            plumber.close()
    return pages


def _open_plumber(raw: bytes):
    import logging

    import pdfplumber

    # pdfminer logs every damaged xref entry it repairs; the reader reports a file once, in one line.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    return pdfplumber.open(io.BytesIO(raw))


def _margin_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower())


def _drop_running_lines(pages: list[_Page]) -> None:
    """Remove page numbers and the headers and footers that repeat (digits aside) on most pages."""

    def in_margin(item: Line | Table, page: _Page) -> bool:
        return isinstance(item, Line) and (item.bottom < page.height * MARGIN or item.top > page.height * (1 - MARGIN))

    counts = Counter(key for page in pages for key in {_margin_key(i) for i in page.items if in_margin(i, page)})
    repeated = {key for key, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    for page in pages:
        page.items = [
            item
            for item in page.items
            if not in_margin(item, page) or (_margin_key(item) not in repeated and not _PAGE_NUMBER.match(item.text))
        ]


def _join_continued_tables(pages: list[_Page]) -> None:
    """A table that starts a page with the columns of the table that ended the page before continues it."""
    for before, after in pairwise(pages):
        while after.items and isinstance(after.items[0], Line) and _CONTINUED.match(after.items[0].text):
            after.items.pop(0)
        if not before.items or not after.items:
            continue
        last, first = before.items[-1], after.items[0]
        if not (isinstance(last, Table) and isinstance(first, Table)) or len(last.columns) != len(first.columns):
            continue
        aligned = last.aligned or first.aligned  # columns read from text alignment shift with the figures
        if not aligned and any(abs(a - b) > 3 for a, b in zip(last.columns, first.columns, strict=True)):
            continue
        rows, row_pages = first.rows, first.row_pages
        header = [cell.text for cell in last.rows[0]]
        if [cell.text for cell in rows[0]] == header:
            n_repeat = 1
            while n_repeat < len(rows) and n_repeat < len(last.rows) and rows[n_repeat] == last.rows[n_repeat]:
                n_repeat += 1
            rows, row_pages = rows[n_repeat:], row_pages[n_repeat:]
        last.rows = last.rows + rows
        last.row_pages = last.row_pages + row_pages
        after.items.pop(0)


# ---------------------------------------------------------------------------------------------------- text


def _body_size(pages: list[_Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for item in page.items:
            if isinstance(item, Line):
                sizes[item.size] += len(item.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _right_edges(pages: list[_Page]) -> dict[tuple[int, int], float]:
    """(page, column) -> where full lines of text end there: the rightmost edge that many lines of that column
    reach. Lines starting left of the middle of the page are column 0, the others column 1 (a two-column page)."""
    edges: dict[tuple[int, int], Counter] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, Line):
                edges.setdefault((page.number, _column(item, page.width)), Counter())[round(item.x1)] += 1
    right = {}
    for key, counts in edges.items():
        most = counts.most_common(1)[0][1]
        right[key] = max(edge for edge, n in counts.items() if n * 3 >= most)
    return right


def _column(line: Line, width: float) -> int:
    return int(line.x0 > width / 2)


def _heading_levels(pages: list[_Page], body: float) -> dict[float, int]:
    """Font size -> heading level (1 for the largest); bold lines at body size come last."""
    sizes = {
        item.size
        for page in pages
        for item in page.items
        if isinstance(item, Line) and item.size >= body * HEADING_RATIO and _heading_like(item.text)
    }
    return {size: level for level, size in enumerate(sorted(sizes, reverse=True), 1)}


def _heading_like(text: str) -> bool:
    """Short, not a sentence, and not a table or figure caption, unit or source line (the text reader's test)."""
    return bool(heading_text(text))


def _heading_level(line: Line, levels: dict[float, int], body: float) -> int:
    if not _heading_like(line.text):
        return 0
    if line.size in levels:
        return levels[line.size]
    if line.bold and abs(line.size - body) < 0.5 and len(line.text) <= 80:
        return len(levels) + 1
    return 0


def _joins(previous: Line, line: Line, right: float) -> bool:
    """`line` continues the paragraph of `previous`: same size, the next line down in the same column (or the top
    of the next page after a line that did not end a sentence), not indented as a new paragraph, and `previous`
    ran on to the right edge of its column (`right`) rather than stopping short as a paragraph's last line does."""
    size = max(previous.size, 1)
    if abs(line.size - previous.size) > 0.5 or previous.x1 < right - 4 * size:
        return False
    if line.page != previous.page:
        return not previous.text.endswith(_SENTENCE_END)
    gap = line.top - previous.bottom
    return -1 <= gap <= size * 0.8 and previous.x0 - 2 * size <= line.x0 <= previous.x0 + size * 1.5


def _write(pages: list[_Page], builder: DocumentBuilder) -> bool:
    """Paragraphs, headings and tables into the builder; True when font sizes gave headings."""
    body = _body_size(pages)
    levels = _heading_levels(pages, body)
    right = _right_edges(pages)
    found_headings = False
    paragraph: list[Line] = []

    def flush() -> None:
        if paragraph:
            builder.page = paragraph[0].page
            text = paragraph[0].text
            for line in paragraph[1:]:
                text = glue(text, line.text)
            builder.paragraph(text)
            paragraph.clear()

    heading: list[Line] = []
    for page in pages:
        for item in page.items:
            if isinstance(item, Table):
                flush()
                builder.page = item.page
                builder.table(item.rows, row_pages=item.row_pages)
                continue
            level = _heading_level(item, levels, body)
            if level:
                flush()
                if heading and _heading_level(heading[-1], levels, body) == level and item.page == heading[-1].page:
                    heading.append(item)  # a heading wrapped over two lines
                    continue
                _flush_heading(heading, levels, body, builder)
                heading = [item]
                found_headings = True
                continue
            _flush_heading(heading, levels, body, builder)
            heading = []
            last = paragraph[-1] if paragraph else None
            if last and not _joins(last, item, right.get((last.page, _column(last, page.width)), last.x1)):
                flush()
            paragraph.append(item)
    _flush_heading(heading, levels, body, builder)
    flush()
    return found_headings


def _flush_heading(lines: list[Line], levels: dict[float, int], body: float, builder: DocumentBuilder) -> None:
    if lines:
        builder.page = lines[0].page
        builder.heading(" ".join(line.text for line in lines), _heading_level(lines[0], levels, body))


def read_pdf(path: Path, raw: bytes, label: str) -> Document:
    builder = DocumentBuilder(path.name, raw, "pdf")
    pages = _read_pages(raw, label, builder)
    blank = [page.number for page in pages if not page.items]
    if len(blank) == len(pages):
        raise DocumentError(f"{label}: no text layer; OCR is not supported; skipped (use a PDF that has its text)")
    if blank:
        builder.warn(f"no text on page{'s' if len(blank) > 1 else ''} {_ranges(blank)} (scanned? OCR is not supported)")
    _drop_running_lines(pages)
    _join_continued_tables(pages)
    if not _write(pages, builder):
        builder.headings = list(detect_headings(builder.lines))
    return builder.build()


def _ranges(numbers: list[int]) -> str:
    """`1-3, 7` for [1, 2, 3, 7]."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if b > a else str(a) for a, b in spans)
