"""Reading a PDF with a text layer into a `Document` whose every line knows its page.

Two libraries, each for what it does best. PDFium (pypdfium2, Apache-2.0/BSD-3, the engine of Chrome's viewer)
gives the characters with their boxes, font sizes and weights: it decodes the fonts real reports use, Chinese
fonts with embedded CMaps included, where pdfminer.six returns nothing. pdfplumber (MIT) finds the ruled tables
from the lines and rectangles on the page and gives their cells, merged cells included; its cells are filled with
PDFium's characters. A page without ruling lines is not handed to pdfplumber at all.

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
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from pathlib import Path

from rag.ingest.builder import DocumentBuilder, GridCell, clean
from rag.ingest.documents import DocumentError, detect_headings, heading_text
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
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class _Line:
    """A line of text on a page; its measures are computed once (a report has tens of thousands of lines)."""

    chars: list[_Char]
    page: int

    @cached_property
    def text(self) -> str:
        return _join_chars(self.chars)

    @cached_property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @cached_property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @cached_property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @cached_property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @cached_property
    def size(self) -> float:
        sizes = Counter(round(c.size, 1) for c in self.chars if c.text.strip())
        return sizes.most_common(1)[0][0] if sizes else 0.0

    @cached_property
    def bold(self) -> bool:
        visible = [c for c in self.chars if c.text.strip()]
        return bool(visible) and all(c.bold for c in visible)


@dataclass
class _Table:
    page: int
    top: float
    bottom: float
    right: float
    columns: list[float]  # left edges of the columns
    rows: list[list[GridCell]]
    row_pages: list[int] = field(default_factory=list)


@dataclass
class _Page:
    number: int
    width: float
    height: float
    items: list[_Line | _Table]


# ---------------------------------------------------------------------------------------------------- characters


def _join_chars(chars: list[_Char]) -> str:
    """Characters of one line as text: a space where the gap between two letters is wider than a quarter of the
    font size, none between Chinese characters."""
    out: list[str] = []
    previous: _Char | None = None
    for char in chars:
        if previous is not None and char.text != " " and (not out or out[-1] != " "):
            gap = char.x0 - previous.x1
            cjk = _CJK.match(char.text) or _CJK.match(previous.text)
            if gap > max(char.size, previous.size) * (0.6 if cjk else 0.25):
                out.append(" ")
        out.append(char.text)
        previous = char
    return clean("".join(out))


def _open(raw: bytes, label: str):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise DocumentError(f"{label}: encrypted PDF; skipped (save a copy without the password)") from err
        raise DocumentError(f"{label}: not a readable PDF (corrupt or truncated); skipped (export it again)") from err


def _page_chars(page) -> list[_Char]:
    """The page's characters in drawing order, with boxes measured from the top of the page."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    height = page.get_height()
    chars: list[_Char] = []
    try:
        for index in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(textpage, index)
            if code in (0, 0xFFFE, 0xFFFF, 13, 10, 2):
                continue
            text = chr(code)
            if text.isspace():
                if chars and pdfium_c.FPDFText_IsGenerated(textpage, index) != 1:
                    chars.append(_Char(" ", chars[-1].x1, chars[-1].x1, chars[-1].top, chars[-1].bottom, 0, False))
                continue
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            size = pdfium_c.FPDFText_GetFontSize(textpage, index)
            weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
            chars.append(_Char(text, left, right, height - top, height - bottom, size or top - bottom, weight >= 600))
    finally:
        textpage.close()
    return chars


def _lines(chars: list[_Char], page: int) -> list[_Line]:
    """Characters grouped into lines in drawing order: a character starts a new line when it is not level with
    the current line or jumps back to the left."""
    lines: list[_Line] = []
    current: list[_Char] = []
    for char in chars:
        if current:
            last = current[-1]
            middle = (char.top + char.bottom) / 2
            level = current[0].top - 1 <= middle <= current[0].bottom + 1 or char.text == " "
            if not level or char.x0 < last.x0 - last.size:
                lines.append(_Line(current, page))
                current = []
        if current or char.text != " ":
            current.append(char)
    if current:
        lines.append(_Line(current, page))
    return [line for line in lines if line.text]


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Drawing order, unless it runs upwards more often than down (a PDF drawn in no useful order): then top to
    bottom, left to right."""
    ups = sum(b.top < a.top - a.size and b.x0 < a.x1 and a.x0 < b.x1 for a, b in pairwise(lines))
    if ups * 3 > len(lines):
        return sorted(lines, key=lambda line: (round(line.top), line.x0))
    return lines


# ---------------------------------------------------------------------------------------------------- tables


def _centre_in(char: _Char, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (char.x0 + char.x1) / 2 <= x1 and top <= (char.top + char.bottom) / 2 <= bottom


def _cell_text(chars: list[_Char], box: tuple[float, float, float, float]) -> str:
    text = ""
    for line in _lines([c for c in chars if _centre_in(c, box)], 0):
        text = _glue(text, line.text) if text else line.text
    return text


def _grid(table, chars: list[_Char]) -> tuple[list[list[GridCell]], list[float]]:
    """pdfplumber's table as GridCells: each position takes the cell covering its centre; a position covered by a
    cell that starts in another column is a column span, one covered by a cell starting in a row above a row span."""
    rows = [row.bbox for row in table.rows]
    columns = sorted({round(cell[0], 1) for cell in table.cells})
    edges = [*columns, max(cell[2] for cell in table.cells)]
    chars = [c for c in chars if _centre_in(c, table.bbox)]
    texts = {cell: _cell_text(chars, cell) for cell in table.cells}
    grid: list[list[GridCell]] = []
    for _, top, _, bottom in rows:
        y = (top + bottom) / 2
        out = []
        for left, right in pairwise(edges):
            x = (left + right) / 2
            cell = next((c for c in table.cells if c[0] <= x <= c[2] and c[1] <= y <= c[3]), None)
            if cell is None:
                out.append(GridCell(""))
            elif abs(cell[1] - top) > 1:
                out.append(GridCell(texts[cell], "row"))
            elif abs(cell[0] - left) > 1:
                out.append(GridCell(texts[cell], "col"))
            else:
                out.append(GridCell(texts[cell]))
        grid.append(out)
    return grid, columns


def _page_tables(plumber_page, chars: list[_Char], number: int, rules: tuple[list, list] | None) -> list[_Table]:
    """The ruled tables of a page. With `rules` (the page's horizontal and vertical edges, read by PDFium),
    pdfplumber only joins them into cells; without, it parses the page for them itself (slower)."""
    settings = None
    if rules is not None:
        settings = {
            "vertical_strategy": "explicit",
            "horizontal_strategy": "explicit",
            "explicit_horizontal_lines": rules[0],
            "explicit_vertical_lines": rules[1],
        }
    tables = []
    for found in plumber_page.find_tables(settings):
        if not found.cells:
            continue
        grid, columns = _grid(found, chars)
        if len(grid) >= 2 and len(columns) >= 2:
            x0, top, x1, bottom = found.bbox
            tables.append(_Table(number, top, bottom, x1, columns, grid, [number] * len(grid)))
    return tables


def _edge(start: tuple[float, float], end: tuple[float, float], height: float) -> dict | None:
    """A horizontal or vertical stroke between two points (PDF space) as a pdfplumber edge; None for a slanted or
    tiny one."""
    (x0, y0), (x1, y1) = sorted([start, end])
    if abs(y1 - y0) < 1 and abs(x1 - x0) >= 1:
        top = height - (y0 + y1) / 2
        box = {"x0": x0, "x1": x1, "top": top, "bottom": top, "width": x1 - x0, "height": 0.0, "orientation": "h"}
    elif abs(x1 - x0) < 1 and abs(y1 - y0) >= 1:
        low, high = sorted((y0, y1))
        x = (x0 + x1) / 2
        box = {"x0": x, "x1": x, "top": height - high, "bottom": height - low, "width": 0.0, "height": high - low}
        box["orientation"] = "v"
    else:
        return None
    return {**box, "object_type": "line_edge"}


def _path_edges(path, height: float) -> list[dict]:
    """The straight horizontal and vertical strokes of one path object (a ruling line, a cell's box)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    matrix = path.get_matrix()
    edges: list[dict | None] = []
    start = previous = None
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        x, y = ctypes.c_float(), ctypes.c_float()
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (
            matrix.a * x.value + matrix.c * y.value + matrix.e,
            matrix.b * x.value + matrix.d * y.value + matrix.f,
        )
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            edges.append(_edge(previous, point, height))
        previous = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            edges.append(_edge(point, start, height))
            previous = start
    return [edge for edge in edges if edge is not None]


def _rules(page) -> tuple[list, list] | None:
    """(horizontal, vertical) ruling edges of the page, or None when pdfplumber should find them itself: a page
    whose drawing sits inside form objects (their coordinates are not the page's)."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    edges: list[dict] = []
    forms = False
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM], max_depth=0):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            forms = True
        else:
            edges.extend(_path_edges(obj, height))
    horizontal = [edge for edge in edges if edge["orientation"] == "h"]
    vertical = [edge for edge in edges if edge["orientation"] == "v"]
    if len(horizontal) >= 2 and len(vertical) >= 2:
        return horizontal, vertical
    return None if forms else ([], [])


def _inside(char: _Char, table: _Table) -> bool:
    return _centre_in(char, (table.columns[0] - 1, table.top - 1, table.right + 1, table.bottom + 1))


def _place(lines: list[_Line], tables: list[_Table]) -> list[_Line | _Table]:
    """Tables among the lines: each before the first line (in reading order) that lies below its top."""
    items: list[_Line | _Table] = list(lines)
    for table in sorted(tables, key=lambda t: t.top):
        at = next((i for i, item in enumerate(items) if isinstance(item, _Line) and item.top >= table.top), len(items))
        items.insert(at, table)
    return items


# ---------------------------------------------------------------------------------------------------- pages


def _read_pages(raw: bytes, label: str, builder: DocumentBuilder) -> list[_Page]:
    pdf = _open(raw, label)
    plumber = None
    pages: list[_Page] = []
    try:
        builder.page_count = len(pdf)
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                chars = _page_chars(page)
                tables: list[_Table] = []
                rules = _rules(page) if chars else ([], [])
                if rules != ([], []):
                    plumber = plumber or _open_plumber(raw)
                    tables = _page_tables(plumber.pages[index], chars, index + 1, rules)
                free = [c for c in chars if not any(_inside(c, t) for t in tables)]
                lines = _reading_order(_lines(free, index + 1))
                pages.append(_Page(index + 1, page.get_width(), page.get_height(), _place(lines, tables)))
            finally:
                page.close()
    finally:
        pdf.close()
        if plumber:
            plumber.close()
    return pages


def _open_plumber(raw: bytes):
    import pdfplumber

    return pdfplumber.open(io.BytesIO(raw))


def _margin_key(line: _Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower())


def _drop_running_lines(pages: list[_Page]) -> None:
    """Remove page numbers and the headers and footers that repeat (digits aside) on most pages."""

    def in_margin(item: _Line | _Table, page: _Page) -> bool:
        return isinstance(item, _Line) and (item.bottom < page.height * MARGIN or item.top > page.height * (1 - MARGIN))

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
        while after.items and isinstance(after.items[0], _Line) and _CONTINUED.match(after.items[0].text):
            after.items.pop(0)
        if not before.items or not after.items:
            continue
        last, first = before.items[-1], after.items[0]
        if not (isinstance(last, _Table) and isinstance(first, _Table)) or len(last.columns) != len(first.columns):
            continue
        if any(abs(a - b) > 3 for a, b in zip(last.columns, first.columns, strict=False)):
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
            if isinstance(item, _Line):
                sizes[item.size] += len(item.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _right_edges(pages: list[_Page]) -> dict[tuple[int, int], float]:
    """(page, column) -> where full lines of text end there: the rightmost edge that many lines of that column
    reach. Lines starting left of the middle of the page are column 0, the others column 1 (a two-column page)."""
    edges: dict[tuple[int, int], Counter] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, _Line):
                edges.setdefault((page.number, _column(item, page.width)), Counter())[round(item.x1)] += 1
    right = {}
    for key, counts in edges.items():
        most = counts.most_common(1)[0][1]
        right[key] = max(edge for edge, n in counts.items() if n * 3 >= most)
    return right


def _column(line: _Line, width: float) -> int:
    return int(line.x0 > width / 2)


def _heading_levels(pages: list[_Page], body: float) -> dict[float, int]:
    """Font size -> heading level (1 for the largest); bold lines at body size come last."""
    sizes = {
        item.size
        for page in pages
        for item in page.items
        if isinstance(item, _Line) and item.size >= body * HEADING_RATIO and _heading_like(item.text)
    }
    return {size: level for level, size in enumerate(sorted(sizes, reverse=True), 1)}


def _heading_like(text: str) -> bool:
    """Short, not a sentence, and not a table or figure caption, unit or source line (the text reader's test)."""
    return bool(heading_text(text))


def _heading_level(line: _Line, levels: dict[float, int], body: float) -> int:
    if not _heading_like(line.text):
        return 0
    if line.size in levels:
        return levels[line.size]
    if line.bold and abs(line.size - body) < 0.5 and len(line.text) <= 80:
        return len(levels) + 1
    return 0


def _joins(previous: _Line, line: _Line, right: float) -> bool:
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


def _glue(text: str, more: str) -> str:
    if text.endswith("-") and re.match(r"[a-z]", more) and re.search(r"[A-Za-z]-$", text):
        return text[:-1] + more
    if _CJK.match(text[-1:]) and _CJK.match(more[:1]):
        return text + more
    return f"{text} {more}"


def _write(pages: list[_Page], builder: DocumentBuilder) -> bool:
    """Paragraphs, headings and tables into the builder; True when font sizes gave headings."""
    body = _body_size(pages)
    levels = _heading_levels(pages, body)
    right = _right_edges(pages)
    found_headings = False
    paragraph: list[_Line] = []

    def flush() -> None:
        if paragraph:
            builder.page = paragraph[0].page
            text = paragraph[0].text
            for line in paragraph[1:]:
                text = _glue(text, line.text)
            builder.paragraph(text)
            paragraph.clear()

    heading: list[_Line] = []
    for page in pages:
        for item in page.items:
            if isinstance(item, _Table):
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


def _flush_heading(lines: list[_Line], levels: dict[float, int], body: float, builder: DocumentBuilder) -> None:
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
