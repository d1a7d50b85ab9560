"""Reading text files (.txt, .md) into `Document`s: lines, a title, and the heading path in force at every line.

The seeds are machine-translated Chinese reports, so headings come in many shapes: `The first chapter of ...`,
`Chapter vi ...`, `Section 1 ...`, `First quarter basics` (节 mistranslated as "quarter"), `I. ...`, `Second, ...`,
`1. ...`, `(4) ...`, and the Chinese originals `第一章`, `第一节`, `一、`, `（一）`. Markdown files use `#` headings
only.

Heading levels are part > chapter > section > items. Items nest by numbering rather than by style, because the
translation mixes styles within one list (`1. ...`, `Second, ...`, `Third, ...`, `4. ...`): an item whose number
follows on from an open item is that item's sibling; an item numbered 1 opens a nested list.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rag.text.sentences import split_sentences
from rag.types import Document

MAX_HEADING_CHARS = 130
MAX_TITLE_CHARS = 100
MAX_ITEM_DEPTH = 3
CONTENTS = "Contents"


class DocumentError(ValueError):
    """A seed file that cannot be used; the message is one line naming the file and what to do."""


# ---------------------------------------------------------------------------------------------------- reading


def display_name(name: str) -> str:
    """A file name fit for a one-line message: control characters (a newline, an escape) shown as `\\x..` escapes."""
    return "".join(ascii(ch)[1:-1] if unicodedata.category(ch).startswith("C") else ch for ch in name)


def file_label(path: Path) -> str:
    """`folder/name` as messages name a file, escaped for printing."""
    return display_name(f"{path.parent.name}/{path.name}" if path.parent.name else path.name)


def _split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: CRLF, LF and lone CR all end a line; a final newline adds no line."""
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _decode(raw: bytes, label: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DocumentError(f"{label}: not UTF-8 text; skipped (save it as UTF-8)") from err
    if "\x00" in text:
        raise DocumentError(f"{label}: looks like a binary file; skipped (save it as UTF-8 text)")
    if not text.strip():
        raise DocumentError(f"{label}: empty; skipped (add text or remove the file)")
    return text


# A backslash before a sign Markdown would read as markup (`US \$130.1 billion` as the seeds print it); not `\|`
# or `\#`, which keep a pipe inside a table's cell and a line from being a heading.
_MARKDOWN_ESCAPE = re.compile(r"\\([$*_`])")


def unescape_markdown(text: str) -> str:
    """The text as a reader sees it: a Markdown escape (`\\$`, `\\*`) is the sign alone, removed once here where
    the text is read so that every quote and answer shows `US $130.1 billion`."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a `DocumentError` naming it."""
    try:
        return path.read_bytes()
    except OSError as err:
        label = file_label(path)
        raise DocumentError(f"{label}: cannot be read ({err.strerror or err}); skipped (check the file)") from err


def read_document(path: Path) -> Document:
    """Read one .txt or .md file. Raises `DocumentError` (a one-line message) for a file that cannot be used."""
    label = file_label(path)
    raw = read_bytes(path)
    lines = tuple(_split_lines(unescape_markdown(_decode(raw, label))))
    markdown = path.suffix.lower() == ".md"
    return Document(
        name=path.name,
        title=find_title(lines),
        lines=lines,
        headings=detect_headings(lines, markdown=markdown),
        sha256=hashlib.sha256(raw).hexdigest(),
    )


# ---------------------------------------------------------------------------------------------------- title

_BOILERPLATE = frozenset(
    ("cart", "menu", "home", "search", "login", "picture", "recommend", "hot", "share", "print", "more", "contents")
)
_HEX_ID = re.compile(r"^[0-9a-fA-F]{16,}$")
_FILE_NAME = re.compile(r"^\S+\.(?:jpe?g|png|gif|bmp|webp|svg|pdf|docx?)$", re.IGNORECASE)
_HAS_WORD = re.compile(r"[A-Za-z\u4e00-\u9fff]{2,}")


def _clean(line: str) -> str:
    """A line without Markdown emphasis/heading marks and surrounding (also full-width) spaces."""
    return line.replace("**", "").strip().lstrip("#").strip(" \t\u3000")


def _looks_like_title(line: str) -> bool:
    return (
        bool(_HAS_WORD.search(line))
        and line.lower() not in _BOILERPLATE
        and not _HEX_ID.match(line)
        and not _FILE_NAME.match(line)
    )


def _shorten(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """First sentence of `text`, cut at a word boundary to at most `limit` characters."""
    sentences = split_sentences(text)
    first = sentences[0] if sentences else text
    if len(first) <= limit:
        return first
    cut = first[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:，；：") + "…"


def find_title(lines: tuple[str, ...] | list[str]) -> str:
    """The first non-empty line that looks like a title, shortened; "" if there is none."""
    for line in lines:
        cleaned = _clean(line)
        if cleaned and _looks_like_title(cleaned):
            return _shorten(cleaned)
    return ""


# ---------------------------------------------------------------------------------------------------- headings

_ORDINALS = re.findall(
    r"\w+",
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth",
)
_NUMBER_WORDS = re.findall(r"\w+", "one two three four five six seven eight nine ten")
_WORD_VALUES = {w: i for i, w in enumerate(_ORDINALS, 1)} | {w: i for i, w in enumerate(_NUMBER_WORDS, 1)}
_ORD = "|".join(_ORDINALS)
_CN_DIGITS = "零一二三四五六七八九"
_CN_NUM = "[一二三四五六七八九十百零〇两]+"
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}

_NUMBER = rf"(?:\d+|[ivx]+|{_ORD}|{'|'.join(_NUMBER_WORDS)})"
_PART = re.compile(
    rf"^(?:the\s+)?(?:{_ORD})\s+(?:\S+\s+){{0,3}}article\b|^part\s+{_NUMBER}\b|^第{_CN_NUM}(?:篇|部分)", re.I
)
_CHAPTER = re.compile(rf"^(?:the\s+)?(?:{_ORD})\s+chapter\b|^chapter\s+{_NUMBER}\b|^第{_CN_NUM}章", re.I)
_SECTION = re.compile(
    rf"^section\b|^§\s*section\b|\bsection\s+\d+\b|\b(?:{_ORD})\s+(?:section|quarter|period)\b"
    rf"|^(?:the\s+)?(?:{_ORD}|\d+(?:st|nd|rd|th))\s+day\b|^第{_CN_NUM}节",
    re.I,
)
_ITEM_PATTERNS = (
    ("cjk", re.compile(rf"^({_CN_NUM})\s*[、．.]")),
    ("paren", re.compile(rf"^[（(]\s*({_CN_NUM}|\d{{1,2}}|[a-z])\s*[)）]")),
    ("roman", re.compile(r"^([ivx]{1,5})\.\s", re.I)),
    ("arabic", re.compile(r"^(\d{1,2})(?:\s*[.．、,，]\s*(?!\d)|\s+(?=[A-Za-z\u4e00-\u9fff]))")),
    ("word", re.compile(rf"^({'|'.join(_ORDINALS + _NUMBER_WORDS)}|a)\b[,，]?\s", re.I)),
)
# captions, units, sources, and footnote credits such as `工业和信息化部规划司供稿` ("contributed by ...")
_NOT_HEADING = re.compile(
    r"^(?:table|figure|fig\.|box|units?|sources?|data source|notes?)\b|^(?:表|图|单位|资料来源|来源|注)|供稿$",
    re.I,
)
_SENTENCE_END = tuple(".。!！?？;；:：,，、")
_FOOTNOTE_MARKS = str.maketrans("", "", "¹²³⁴⁵⁶⁷⁸⁹⁰")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_CONTENTS_TITLE = re.compile(r"^(?:(?:table\s+of\s+)?contents|目\s*录)$", re.I)
_TOC_ENTRY = re.compile(r"(?:\d+|\.{2,}|…+)\s*$")
_TOC_PAGE = re.compile(r"[\s.…]*\d*\s*$")
_BANNER_CHARS = 12


def _cn_number(text: str) -> int:
    """Value of a small Chinese numeral such as 十二 or 二十三."""
    if "十" not in text:
        return int("".join(str(_CN_DIGITS.index(c)) for c in text if c in _CN_DIGITS) or 0)
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0)


def _roman_number(text: str) -> int:
    values = [_ROMAN[c] for c in text.lower()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _ordinal(kind: str, token: str) -> int:
    if token.isdigit():
        return int(token)
    if kind == "roman":
        return _roman_number(token)
    if kind in ("cjk", "paren") and re.fullmatch(_CN_NUM, token):
        return _cn_number(token)
    if kind == "paren":
        return ord(token.lower()) - ord("a") + 1
    return _WORD_VALUES.get(token.lower(), 1)


def heading_text(line: str) -> str:
    """The text of a heading candidate, or "" when the line cannot be a heading."""
    if "\t" in line:
        return ""
    text = _clean(line).translate(_FOOTNOTE_MARKS).strip()
    if not text or len(text) > MAX_HEADING_CHARS or text.endswith(_SENTENCE_END):
        return ""
    if _NOT_HEADING.match(text) or _FILE_NAME.match(text) or not _HAS_WORD.search(text):
        return ""
    return text


def _part_key(text: str) -> str:
    """A loose key for matching a body heading to a table-of-contents part title.

    `The first development overview article` and `The first development overview` share the key
    `1 development overview`; so do `The fourth article local development` and `Chapter 4 Local Development`.
    """
    words = re.findall(r"[a-z0-9]+", text.lower())
    skip = {"the", "article", "chapter", "part", "of", "a", "an", "is"}
    return " ".join(str(_WORD_VALUES.get(w, w)) for w in words if w not in skip)


@dataclass
class _Item:
    family: str
    number: int
    text: str


_FAMILY = {"cjk": "major", "roman": "major", "word": "major", "arabic": "minor", "paren": "paren"}


def _place_item(items: list[_Item], kind: str, number: int, text: str) -> list[_Item]:
    """The open items after a new item heading.

    An item whose number follows on from an open item replaces it as its sibling and keeps that level's family,
    so `1. ...`, `Second, ...`, `Third, ...` form one list. Otherwise an item of a family already open restarts
    that level, an item numbered 1 of a new family opens a nested list, and anything else starts afresh.
    """
    family = _FAMILY[kind]
    for same_family_only in (True, False):
        for i in range(len(items) - 1, -1, -1):
            if items[i].number == number - 1 and (items[i].family == family or not same_family_only):
                return [*items[:i], _Item(items[i].family, number, text)]
    for i in range(len(items) - 1, -1, -1):
        if items[i].family == family:
            return [*items[:i], _Item(family, number, text)]
    if number == 1:
        return [*items[: MAX_ITEM_DEPTH - 1], _Item(family, number, text)]
    return [_Item(family, number, text)]


@dataclass
class _Outline:
    """The heading state while walking a document: part, chapter, section and the open items."""

    toc_parts: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=lambda: ["", "", ""])
    items: list[_Item] = field(default_factory=list)
    part_index: int = -1

    def path(self) -> tuple[str, ...]:
        return tuple(level for level in self.levels if level) + tuple(item.text for item in self.items)

    def set_level(self, level: int, text: str) -> None:
        self.levels = [*self.levels[:level], text, *[""] * (len(self.levels) - level - 1)]
        self.items = []

    def next_part(self) -> None:
        """A part banner whose text is unreadable (split over lines): take the next part named in the contents."""
        if self.part_index + 1 < len(self.toc_parts):
            self.part_index += 1
            self.set_level(0, self.toc_parts[self.part_index])

    def see(self, text: str) -> None:
        """Update the state for one heading candidate."""
        key = _part_key(text)
        toc_keys = [_part_key(part) for part in self.toc_parts]
        if key in toc_keys:
            self.part_index = toc_keys.index(key)
            self.set_level(0, self.toc_parts[self.part_index])
        elif _PART.match(text):
            self.set_level(0, text)
        elif _CHAPTER.match(text):
            self.set_level(1, text)
        elif _SECTION.search(text):
            self.set_level(2, text)
        else:
            for kind, pattern in _ITEM_PATTERNS:
                match = pattern.match(text)
                if match:
                    self.items = _place_item(self.items, kind, _ordinal(kind, match.group(1)), text)
                    return


def _toc_end(lines: tuple[str, ...] | list[str], start: int) -> int:
    """Index just past a table of contents starting at `lines[start]`: it runs while lines are blank, contents
    titles, or entries ending in a page number or dot leaders."""
    end = start + 1
    while end < len(lines):
        line = lines[end].strip()
        if line and not (_CONTENTS_TITLE.match(line) or _TOC_ENTRY.search(line)):
            break
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _toc_regions(lines: tuple[str, ...] | list[str]) -> list[range]:
    regions, i = [], 0
    while i < len(lines):
        if _CONTENTS_TITLE.match(_clean(lines[i])):
            end = _toc_end(lines, i)
            regions.append(range(i, end))
            i = end
        else:
            i += 1
    return regions


def _toc_parts(lines: tuple[str, ...] | list[str], regions: list[range]) -> list[str]:
    """Part titles named in the tables of contents, without page numbers."""
    entries = (_TOC_PAGE.sub("", lines[i].strip()) for region in regions for i in region)
    return [entry for entry in entries if entry and _PART.match(entry)]


def _banner_end(lines: tuple[str, ...] | list[str], i: int) -> int:
    """End index of a heading broken over several very short lines (`The **eco**`, `is`, `policy mea`,
    `sures`) starting at `i`, or `i` when there is none. Such a banner must stand between blank lines."""
    if i > 0 and lines[i - 1].strip():
        return i
    end = i
    while end < len(lines) and 0 < len(_clean(lines[end])) <= _BANNER_CHARS and "\t" not in lines[end]:
        end += 1
    blank_after = end == len(lines) or not lines[end].strip()
    return end if end - i >= 3 and blank_after else i


def detect_headings(lines: tuple[str, ...] | list[str], markdown: bool = False) -> tuple[tuple[str, ...], ...]:
    """The heading path in force at each line (see the module docstring for the rules)."""
    if markdown:
        return _markdown_headings(lines)
    regions = _toc_regions(lines)
    in_toc = {i for region in regions for i in region}
    outline = _Outline(toc_parts=_toc_parts(lines, regions))
    paths: list[tuple[str, ...]] = []
    i = 0
    while i < len(lines):
        if i in in_toc:
            paths.append((CONTENTS,))
            i += 1
            continue
        banner_end = _banner_end(lines, i) if outline.toc_parts else i
        if banner_end > i:
            outline.next_part()
            paths.extend([outline.path()] * (banner_end - i))
            i = banner_end
            continue
        text = heading_text(lines[i])
        if text:
            outline.see(text)
        paths.append(outline.path())
        i += 1
    return tuple(paths)


def _markdown_headings(lines: tuple[str, ...] | list[str]) -> tuple[tuple[str, ...], ...]:
    """Heading paths from `#` headings only; `##` nests under `#` and so on. Fenced code blocks are skipped."""
    stack: list[str] = []
    paths: list[tuple[str, ...]] = []
    in_fence = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else _MARKDOWN_HEADING.match(line.strip())
        if match:
            depth = len(match.group(1))
            stack = [*stack[: depth - 1], *[""] * max(0, depth - 1 - len(stack)), match.group(2).replace("**", "")]
        paths.append(tuple(part for part in stack if part))
    return tuple(paths)
