"""Tables on a PDF page: ruled tables (cells drawn with lines), and tables set between horizontal rules only.

Ruled tables: PDFium reads the page's straight strokes (path segments, in page coordinates) and pdfplumber (MIT)
joins them into cells, merged cells included (`explicit` edges: pdfplumber does not parse the page itself, which
took 0.6 s a page). A page whose drawing sits inside form objects, whose coordinates are not the page's, is left
to pdfplumber's own parsing. Cell text comes from PDFium's characters.

Tables between rules (a rule above the header, one below it, one under the last row, and no vertical lines, as
statistical reports set them): inside the band two equally wide horizontal rules enclose, a row's text is cut
into cells where it leaves a gap wider than the font size, and the columns are where the numeric rows' cells
stand. A header cell that spans several columns is a spanning header. Text in the band that is not a row of
the table (prose between two rules) stays text.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from itertools import pairwise

from rag.ingest.builder import GridCell, is_header_row
from rag.ingest.pdf_layout import Box, Char, Line, centre_in, glue, group_lines
from rag.text.numbers import parse_number

RULE_TOLERANCE = 5.0  # points two rules' ends may differ by and still frame one table
MAX_BAND_SHARE = 0.6  # a band taller than this share of the page is the page's frame, not a table
CELL_GAP = 0.9  # a gap wider than this many font sizes separates two cells of a row


@dataclass
class Table:
    """A table found on a page: its box, the left edges of its columns, its rows and the page of each row."""

    page: int
    top: float
    bottom: float
    left: float
    right: float
    columns: list[float]
    rows: list[list[GridCell]]
    row_pages: list[int] = field(default_factory=list)
    aligned: bool = False  # columns read from text alignment, not from drawn lines

    def covers(self, char: Char) -> bool:
        return centre_in(char, (self.left - 1, self.top - 1, self.right + 1, self.bottom + 1))


@dataclass(frozen=True)
class Rules:
    """The page's horizontal and vertical strokes as pdfplumber edges; `forms` when some drawing is in forms."""

    horizontal: list[dict]
    vertical: list[dict]
    forms: bool = False


# ---------------------------------------------------------------------------------------------------- strokes


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


def page_rules(page) -> Rules:
    """The straight strokes PDFium finds on the page (top-level path objects)."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    edges: list[dict] = []
    forms = False
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM], max_depth=0):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            forms = True
        else:
            edges.extend(_path_edges(obj, height))
    return Rules(
        [edge for edge in edges if edge["orientation"] == "h"],
        [edge for edge in edges if edge["orientation"] == "v"],
        forms,
    )


# ---------------------------------------------------------------------------------------------------- ruled tables


def _cell_text(chars: list[Char], box: Box) -> str:
    text = ""
    for line in group_lines([c for c in chars if centre_in(c, box)], 0):
        text = glue(text, line.text) if text else line.text
    return text


def _grid(table, chars: list[Char]) -> tuple[list[list[GridCell]], list[float]]:
    """pdfplumber's table as GridCells: each position takes the cell covering its centre; a position covered by a
    cell that starts in another column is a column span, one covered by a cell starting in a row above a row span."""
    rows = [row.bbox for row in table.rows]
    columns = sorted({round(cell[0], 1) for cell in table.cells})
    edges = [*columns, max(cell[2] for cell in table.cells)]
    chars = [c for c in chars if centre_in(c, table.bbox)]
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


def ruled_tables(plumber_page, chars: list[Char], number: int, rules: Rules) -> list[Table]:
    """The ruled tables of a page. With PDFium's strokes pdfplumber only joins them into cells; for a page drawn
    inside forms it parses the page for them itself (slower)."""
    settings = None
    if len(rules.horizontal) >= 2 and len(rules.vertical) >= 2:
        settings = {
            "vertical_strategy": "explicit",
            "horizontal_strategy": "explicit",
            "explicit_horizontal_lines": rules.horizontal,
            "explicit_vertical_lines": rules.vertical,
        }
    elif not rules.forms:
        return []
    tables = []
    for found in plumber_page.find_tables(settings):
        if not found.cells:
            continue
        grid, columns = _grid(found, chars)
        if len(grid) >= 2 and len(columns) >= 2:
            x0, top, x1, bottom = found.bbox
            tables.append(Table(number, top, bottom, x0, x1, columns, grid, [number] * len(grid)))
    return tables


# ---------------------------------------------------------------------------------------------------- between rules


def _bands(horizontal: list[dict], page_height: float) -> list[Box]:
    """Boxes between the first and last of two or more rules with the same ends (a table's top and bottom rules)."""
    groups: list[list[dict]] = []
    for edge in sorted(horizontal, key=lambda e: e["top"]):
        if edge["width"] < 50:
            continue
        group = next(
            (
                g
                for g in groups
                if abs(g[0]["x0"] - edge["x0"]) <= RULE_TOLERANCE and abs(g[0]["x1"] - edge["x1"]) <= RULE_TOLERANCE
            ),
            None,
        )
        if group is None:
            groups.append([edge])
        elif edge["top"] - group[-1]["top"] > 1:
            group.append(edge)
    bands = []
    for group in groups:
        top, bottom = group[0]["top"], group[-1]["top"]
        if len(group) >= 2 and 0 < bottom - top <= page_height * MAX_BAND_SHARE:
            bands.append((group[0]["x0"], top, group[0]["x1"], bottom))
    return bands


def _rows(chars: list[Char], page: int) -> list[Line]:
    """The band's text as rows, top to bottom: characters level with each other are one row, however drawn."""
    rows: list[list[Char]] = []
    for line in sorted(group_lines(chars, page), key=lambda line: line.top):
        middle = (line.top + line.bottom) / 2
        if rows and rows[-1][0].top <= middle <= rows[-1][0].bottom:
            rows[-1].extend(line.chars)
        else:
            rows.append(list(line.chars))
    return [Line(sorted(row, key=lambda c: c.x0), page) for row in rows]


def _segments(row: Line) -> list[Line]:
    """The row cut into cells where the text leaves a gap wider than CELL_GAP font sizes."""
    cells: list[list[Char]] = []
    for char in row.chars:
        if char.text == " ":
            continue
        if cells and char.x0 - cells[-1][-1].x1 <= CELL_GAP * max(char.size, 1):
            cells[-1].append(char)
        else:
            cells.append([char])
    return [Line(cell, row.page) for cell in cells]


def _is_body(segments: list[Line]) -> bool:
    """A data row: a label (or not) and at least one number after it."""
    values = [segment.text for segment in segments[1:]]
    return bool(values) and all(parse_number(value) is not None for value in values)


def _is_header(segments: list[Line], columns: list[tuple[float, float]]) -> bool:
    """A header row above the data: several cells, or one cell over the value columns (a spanning header)."""
    return len(segments) >= 2 or (len(segments) == 1 and segments[0].x0 > columns[0][1])


def _columns(body: list[list[Line]]) -> list[tuple[float, float]]:
    """Column extents: the x-ranges the body rows' cells cover, merged where they overlap."""
    spans = sorted((segment.x0, segment.x1) for segments in body for segment in segments)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1] + 1:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(x0, x1) for x0, x1 in columns]


def _grid_row(segments: list[Line], columns: list[tuple[float, float]]) -> list[GridCell]:
    """One row's cells by column; a cell over several columns spans them (a spanning header)."""
    texts = [""] * len(columns)
    origins: list[int | None] = [None] * len(columns)  # the column a spanned position belongs to
    for segment in segments:
        hit = [i for i, (x0, x1) in enumerate(columns) if segment.x0 <= x1 and x0 <= segment.x1]
        if not hit:
            centre = (segment.x0 + segment.x1) / 2
            hit = [min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - centre))]
        texts[hit[0]] = f"{texts[hit[0]]} {segment.text}".strip()
        for i in hit[1:]:
            origins[i] = hit[0]
    return [
        GridCell(texts[origin], "col") if origin is not None else GridCell(text)
        for text, origin in zip(texts, origins, strict=True)
    ]


def aligned_tables(chars: list[Char], rules: Rules, number: int, page_height: float) -> list[Table]:
    """Tables set between horizontal rules, with columns read from where the text stands (see the module doc)."""
    tables = []
    for band in _bands(rules.horizontal, page_height):
        rows = _rows([c for c in chars if centre_in(c, band)], number)
        segmented = [_segments(row) for row in rows]
        body = [i for i, segments in enumerate(segmented) if len(segments) >= 2 and _is_body(segments)]
        if len(body) < 2:
            continue
        columns = _columns([segmented[i] for i in body])
        if len(columns) < 2:
            continue
        first, last = body[0], body[-1]
        while first > max(0, body[0] - 2) and _is_header(segmented[first - 1], columns):
            first -= 1
        grid = [_grid_row(segmented[i], columns) for i in range(first, last + 1)]
        if first == body[0] and not is_header_row([cell.text for cell in grid[0]]):
            continue  # no header: the parser could not name the columns
        top, bottom = rows[first].top, rows[last].bottom
        tables.append(
            Table(number, top, bottom, band[0], band[2], [x0 for x0, _ in columns], grid, [number] * len(grid), True)
        )
    return tables


def find_tables(page, chars: list[Char], number: int, plumber_page) -> list[Table]:
    """Every table on the page: ruled ones first, then tables between rules where no ruled table stands.

    `plumber_page` is called for pdfplumber's page only when the page has strokes that could be a ruled table.
    """
    rules = page_rules(page)
    tables: list[Table] = []
    if len(rules.horizontal) >= 2 and len(rules.vertical) >= 2 or rules.forms:
        tables = ruled_tables(plumber_page(), chars, number, rules)
    free = [c for c in chars if not any(table.covers(c) for table in tables)]
    return tables + aligned_tables(free, rules, number, page.get_height())
