"""Characters and lines of a PDF page, read with PDFium (pypdfium2): the layer the PDF reader and its table
finder share.

Boxes are measured from the top of the page (pdfplumber's convention), so table cells found by pdfplumber and
characters read by PDFium meet in one coordinate system.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from rag.ingest.builder import clean

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class Line:
    """A line of text on a page; its measures are computed once (a report has tens of thousands of lines)."""

    chars: list[Char]
    page: int

    @cached_property
    def text(self) -> str:
        return join_chars(self.chars)

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


def join_chars(chars: list[Char]) -> str:
    """Characters of one line as text: a space where the gap between two letters is wider than a quarter of the
    font size, none between Chinese characters."""
    out: list[str] = []
    previous: Char | None = None
    for char in chars:
        if previous is not None and char.text != " " and (not out or out[-1] != " "):
            gap = char.x0 - previous.x1
            cjk = CJK.match(char.text) or CJK.match(previous.text)
            if gap > max(char.size, previous.size) * (0.6 if cjk else 0.25):
                out.append(" ")
        out.append(char.text)
        previous = char
    return clean("".join(out))


def page_chars(page) -> list[Char]:
    """The page's characters in drawing order, with boxes measured from the top of the page."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    height = page.get_height()
    chars: list[Char] = []
    try:
        for index in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(textpage, index)
            if code in (0, 0xFFFE, 0xFFFF, 13, 10, 2):
                continue
            text = chr(code)
            if text.isspace():
                if chars and pdfium_c.FPDFText_IsGenerated(textpage, index) != 1:
                    chars.append(Char(" ", chars[-1].x1, chars[-1].x1, chars[-1].top, chars[-1].bottom, 0, False))
                continue
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            size = pdfium_c.FPDFText_GetFontSize(textpage, index)
            weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
            chars.append(Char(text, left, right, height - top, height - bottom, size or top - bottom, weight >= 600))
    finally:
        textpage.close()
    return chars


def group_lines(chars: list[Char], page: int) -> list[Line]:
    """Characters grouped into lines in drawing order: a character starts a new line when it is not level with
    the current line or jumps back to the left."""
    lines: list[Line] = []
    current: list[Char] = []
    for char in chars:
        if current:
            last = current[-1]
            middle = (char.top + char.bottom) / 2
            level = current[0].top - 1 <= middle <= current[0].bottom + 1 or char.text == " "
            if not level or char.x0 < last.x0 - last.size:
                lines.append(Line(current, page))
                current = []
        if current or char.text != " ":
            current.append(char)
    if current:
        lines.append(Line(current, page))
    return [line for line in lines if line.text]


def reading_order(lines: list[Line]) -> list[Line]:
    """Drawing order, unless it runs upwards more often than down (a PDF drawn in no useful order): then top to
    bottom, left to right."""
    ups = sum(b.top < a.top - a.size and b.x0 < a.x1 and a.x0 < b.x1 for a, b in pairwise(lines))
    if ups * 3 > len(lines):
        return sorted(lines, key=lambda line: (round(line.top), line.x0))
    return lines


def centre_in(char: Char, box: Box) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (char.x0 + char.x1) / 2 <= x1 and top <= (char.top + char.bottom) / 2 <= bottom


def glue(text: str, more: str) -> str:
    if text.endswith("-") and re.match(r"[a-z]", more) and re.search(r"[A-Za-z]-$", text):
        return text[:-1] + more
    if CJK.match(text[-1:]) and CJK.match(more[:1]):
        return text + more
    return f"{text} {more}"
