"""Reading an HTML report (a saved web page) with lxml's HTML parser: headings, paragraphs and list items as lines,
`<table>` elements as tables with rowspan and colspan spread over the grid, the caption as the table's title.

Scripts, styles, forms and navigation (`<nav>`, `role="navigation"`, and the page's `<header>`/`<footer>`
banners) are not report text and are dropped. The parser copes with the unclosed tags of real pages and reads the
encoding from the page's `<meta charset>`.
"""

from __future__ import annotations

from pathlib import Path

from rag.ingest.builder import DocumentBuilder, GridCell, clean
from rag.ingest.documents import DocumentError
from rag.types import Document

DROPPED = ("script", "style", "noscript", "template", "nav", "form", "button", "select", "svg", "iframe", "head")
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = frozenset(
    ("p", "div", "li", "dt", "dd", "blockquote", "pre", "section", "article", "main", "aside", "figure")
    + ("figcaption", "address", "center", "body", "td", "th")
)
LAYOUT_TAGS = frozenset(("table", "p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "article"))
MAX_CELL_CHARS = 400
MAX_SPAN = 100  # a colspan/rowspan larger than this is taken as this (a page cannot make a table of a million cells)


def _span(element, name: str) -> int:
    try:
        return max(1, min(MAX_SPAN, int(element.get(name, "1").strip() or 1)))
    except ValueError:
        return 1


def _rows(table) -> list:
    """The table's own rows (not those of tables nested in its cells), head first, in document order."""
    return [row for row in table.iter("tr") if next(row.iterancestors("table"), None) is table]


def table_grid(table) -> list[list[GridCell]]:
    """The rows of a `<table>` as a grid: a cell with colspan/rowspan fills the positions it covers, marked as
    spans of it."""
    grid: dict[tuple[int, int], GridCell] = {}
    rows = _rows(table)
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            text = clean(cell.text_content())
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    span = "" if (dr, dc) == (0, 0) else ("col" if dc else "row")
                    grid.setdefault((r + dr, c + dc), GridCell(text, span))
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    return [[grid.get((r, c), GridCell("")) for c in range(width)] for r in range(len(rows))]


def is_layout_table(table) -> bool:
    """A `<table>` used to lay out a page rather than to hold data: it holds another table, headings, paragraphs
    or lists, or a cell of more than a paragraph's text. Its cells are read as text."""
    for cell in table.iter("td", "th"):
        if next(cell.iterancestors("table"), None) is not table:
            continue
        if len(cell.text_content()) > MAX_CELL_CHARS:
            return True
        if any(isinstance(child.tag, str) and child.tag in LAYOUT_TAGS for child in cell.iterdescendants()):
            return True
    return False


def _is_dropped(element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in DROPPED or (element.get("role") or "").lower() in ("navigation", "banner", "contentinfo"):
        return True
    return tag in ("header", "footer") and next(element.iterancestors("article", "main", "section"), None) is None


class _Walker:
    def __init__(self, builder: DocumentBuilder):
        self.builder = builder
        self.text: list[str] = []

    def flush(self) -> None:
        text = clean(" ".join(self.text))
        self.text = []
        if text:
            self.builder.paragraph(text)

    def walk(self, element) -> None:
        if not isinstance(element.tag, str) or _is_dropped(element):
            self.text.append(element.tail or "")
            return
        tag = element.tag.lower()
        if tag in HEADINGS:
            self.flush()
            self.builder.heading(element.text_content(), HEADINGS[tag])
        elif tag == "table" and not is_layout_table(element):
            self.flush()
            caption = element.find("caption")
            self.builder.table(table_grid(element), title=clean(caption.text_content()) if caption is not None else "")
        elif tag == "br":
            self.flush()
        else:
            block = tag in BLOCKS
            if block:
                self.flush()
            self.text.append(element.text or "")
            for child in element:
                self.walk(child)
            if block:
                self.flush()
        self.text.append(element.tail or "")


def read_html(path: Path, raw: bytes, label: str) -> Document:
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.document_fromstring(raw)
    except (ParserError, ValueError) as err:
        raise DocumentError(f"{label}: not a readable HTML page; skipped (check the file)") from err
    title_element = root.find(".//title")
    title = clean(title_element.text_content()) if title_element is not None else ""
    builder = DocumentBuilder(path.name, raw, "html")
    walker = _Walker(builder)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    if not any(builder.lines):
        raise DocumentError(f"{label}: no text; skipped (add text or remove the file)")
    return builder.build(title)
