"""Reading a Word (.docx) file with python-docx: headings give the heading path, tables become tables, and
paragraphs and list items are lines, all in the order the document has them.

Word has no pages until it lays the text out, so a .docx `Document` has no page numbers; citations give the
heading path and line instead. Merged cells come from the table's XML (python-docx returns the same cell object
for every grid position a merged cell covers).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from rag.ingest.builder import DocumentBuilder, GridCell
from rag.ingest.documents import DocumentError
from rag.types import Document

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _open(raw: bytes, label: str):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise DocumentError(f"{label}: not a Word .docx file (an old .doc, or damaged); skipped (save it as .docx)")
    try:
        return docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile) as err:
        raise DocumentError(f"{label}: not a Word .docx document; skipped (save it again as .docx)") from err


def _level(paragraph) -> int:
    """1.. for a heading (Title is 1, Heading 1 is 2, ...), 0 for body text."""
    style = paragraph.style.name if paragraph.style is not None else ""
    if style.lower() == "title":
        return 1
    match = _HEADING_STYLE.match(style)
    return int(match.group(1)) + 1 if match else 0


def _grid(table) -> list[list[GridCell]]:
    """The table's cells with spans: a grid position repeating the cell to its left is a column span, one
    repeating the cell above (a vertical merge) a row span."""
    rows: list[list[GridCell]] = []
    previous: list = []
    for row in table.rows:
        cells = list(row.cells)
        out = []
        for i, cell in enumerate(cells):
            text = " ".join(p.text for p in cell.paragraphs)
            if i > 0 and cells[i - 1]._tc is cell._tc:
                out.append(GridCell(text, "col"))
            elif i < len(previous) and previous[i]._tc is cell._tc:
                out.append(GridCell(text, "row"))
            else:
                out.append(GridCell(text))
        rows.append(out)
        previous = cells
    return rows


def read_docx(path: Path, raw: bytes, label: str) -> Document:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = _open(raw, label)
    builder = DocumentBuilder(path.name, raw, "docx")
    title = ""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            builder.table(_grid(block))
        elif isinstance(block, Paragraph):
            level = _level(block)
            if level:
                builder.heading(block.text, level)
                title = title or block.text
            else:
                builder.paragraph(block.text)
    if not any(builder.lines):
        raise DocumentError(f"{label}: no text; skipped (add text or remove the file)")
    core_title = (document.core_properties.title or "").strip()
    return builder.build(core_title or title)
