"""Batch Q&A from a CSV or XLSX file: `rag batch INPUT.csv -o OUTPUT.csv`.

Every input column is passed through in order and the answer columns (`OUTPUT_COLUMNS`) are appended. The run is
checked before any model loads (input readable and decodable, question column present, output writable), answers
every row with one `AnswerEngine`, records each finished row in a journal next to the output (`OUTPUT.partial`,
flushed per row) and at the end writes the output atomically (temporary file, then rename) and deletes the journal.
`--resume` continues an interrupted run from its journal. When the input has a `document` column, each row is
answered from the document its cell names (a file name or glob; empty: all documents); an unknown name is that row's
`error`, with the names the index holds, and the run goes on.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import glob
import hashlib
import io
import json
import os
import sys
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rag.text.clean import one_line

OUTPUT_COLUMNS = (
    "answer",
    "value",
    "unit",
    "refused",
    "confidence",
    "citations",
    "sources",
    "latency_ms",
    "error",
)
DOCUMENT_COLUMN = "document"  # an input column of this name scopes each row to the document it names
PARTIAL_SUFFIX = ".partial"
JOURNAL_FORMAT = "rag-batch-journal/1"
XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
MAX_FIELD_CHARS = 64 * 1024 * 1024
ERROR_CHARS = 300
# Encodings guessed (not marked in the file, nor UTF-8): a note names the one assumed.
GUESSED_ENCODINGS = {"gb18030": "GB18030 (Chinese)", "cp1252": "Windows-1252 (Western European, Latin-1)"}
# Share of a guessed decoding's non-ASCII characters that must look like its language's text.
PLAUSIBLE_SHARE = 0.9
WESTERN_PUNCTUATION = "€£¥§°±·«»‘’“”–—…¡¿×÷ºª©®™µ¢¤¦¨¬¯´¸¹²³¼½¾\u00a0"
PREFETCH_ROWS = 32
# Exit status of a run that wrote every row but answered none (each row's `error` says why).
EXIT_NOTHING_ANSWERED = 1


class BatchError(ValueError):
    """A one-line problem with the batch's input, output or journal (the CLI prints it and exits 2)."""


def question_hash(question: str) -> str:
    return hashlib.sha256(question.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# --- reading the input ------------------------------------------------------------------------------------------


@dataclass
class Sheet:
    """The input table: header names and data rows (blank rows dropped), every row as wide as the header."""

    header: list[str]
    rows: list[list[Any]]
    question_col: int
    encoding: str = ""
    notes: list[str] = field(default_factory=list)
    document_col: int | None = None

    def question(self, row: int) -> str:
        value = self.rows[row][self.question_col]
        return "" if value is None else str(value)

    def document(self, row: int) -> str:
        """The row's `document` cell, stripped ("" without a document column or for an empty cell)."""
        if self.document_col is None:
            return ""
        value = self.rows[row][self.document_col]
        return "" if value is None else str(value).strip()

    def key(self, row: int) -> tuple[int, str]:
        """The row's journal key: its number and a hash of its question (and document, when it names one)."""
        document = self.document(row)
        return row, question_hash(self.question(row) + (f"\x1f{document}" if document else ""))


def _mostly_utf8(data: bytes) -> int | None:
    """The count of undecodable bytes when `data` is UTF-8 with a few bad bytes (a junk cell), else None.

    A GBK file read as UTF-8 has few valid multi-byte characters (about one in twenty of its bad bytes); a UTF-8
    file with one pasted binary cell has many. Reading the latter as GB18030 would turn all of its Chinese into
    mojibake without an error.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return bad if good >= 2 * bad else None


def plausible_chinese(text: str) -> bool:
    """Text decoded as GB18030 that reads as Chinese: nearly all of its non-ASCII characters are in GB2312 (the
    6,763 common hanzi and their punctuation). A Latin-1 file decodes as GB18030 without error, but each accented
    letter pairs with the ASCII letter after it into a rare GBK extension character ("México" → "M閤ico")."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return True
    common = sum(1 for ch in wide if _encodes(ch, "gb2312"))
    return common >= PLAUSIBLE_SHARE * len(wide)


def plausible_western(text: str) -> bool:
    """Text decoded as Windows-1252 that reads as Western European text: no control characters, and its non-ASCII
    characters mostly letters (é, ñ, ß) rather than symbols or box drawing."""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\r\n" for ch in text):
        return False
    wide = [ch for ch in text if ord(ch) > 0x7F]
    letters = sum(1 for ch in wide if ch.isalpha() or ch in WESTERN_PUNCTUATION)
    return letters >= PLAUSIBLE_SHARE * len(wide)


def _encodes(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _decode_as(data: bytes, encoding: str, name: str) -> tuple[str, str]:
    """`data` decoded with the encoding named by --encoding, or a one-line error."""
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise BatchError(
            f"unknown encoding {encoding!r} (--encoding); use e.g. utf-8, gb18030, cp1252 or latin-1"
        ) from None
    label = "utf-8-sig" if codec.name == "utf-8" else codec.name
    try:
        return data.decode(label), label
    except UnicodeDecodeError as exc:
        raise BatchError(
            f"cannot decode {name} as {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start} is not "
            f"{encoding} text; check --encoding"
        ) from None


def decode_text(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding): as `encoding` when given; else UTF-8 (with or without BOM), UTF-16 with BOM, GB18030
    (Excel in Chinese locales), UTF-8 with a few bad bytes (a junk cell), then Windows-1252 (Excel in Western
    locales, a superset of Latin-1). A guess is taken only when it decodes without error *and* reads as plausible
    text of its language: almost any bytes decode as GB18030 or Windows-1252."""
    if encoding:
        return _decode_as(data, encoding, name)
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, bom_encoding in boms:
        if data.startswith(bom):
            try:
                return data.decode(bom_encoding), bom_encoding
            except UnicodeDecodeError as exc:
                raise BatchError(
                    f"cannot decode {name}: it starts with a {bom_encoding} mark but {exc.reason}"
                ) from None
    with suppress(UnicodeDecodeError):
        return data.decode("utf-8"), "utf-8"
    with suppress(UnicodeDecodeError):
        text = data.decode("gb18030")
        if plausible_chinese(text):
            return text, "gb18030"
    bad = _mostly_utf8(data)
    if bad is not None:
        return data.decode("utf-8", "replace"), f"utf-8 ({bad} undecodable bytes replaced)"
    with suppress(UnicodeDecodeError):
        text = data.decode("cp1252")
        if plausible_western(text):
            return text, "cp1252"
    raise BatchError(
        f"cannot decode {name}: it is not UTF-8 and reads as neither Chinese (GB18030) nor Western (Windows-1252) "
        "text; save it as 'CSV UTF-8' or name its encoding with --encoding"
    )


def _delimiter(text: str) -> str:
    """The header line's most frequent separator (Excel writes ';' in some locales and tabs for 'Unicode text')."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def parse_csv(text: str) -> list[list[str]]:
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    finally:
        csv.field_size_limit(limit)


def parse_xlsx(data: bytes, name: str) -> list[list[Any]]:
    """The first sheet's cell values (numbers and dates stay typed, so an .xlsx output keeps them)."""
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise BatchError("reading .xlsx needs openpyxl (pip install openpyxl)") from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    except (zipfile.BadZipFile, KeyError, ValueError, IndexError, OSError) as exc:
        raise BatchError(f"cannot read {name} as an Excel workbook ({one_line(exc, 120)})") from None


def _blank(row: list[Any]) -> bool:
    return all(value is None or str(value).strip() == "" for value in row)


def column_index(header: list[str], wanted: str) -> int | None:
    """Index of the column named `wanted`: exact match first, then ignoring case and surrounding spaces."""
    names = [h.strip().lstrip("\ufeff") for h in header]
    if wanted in names:
        return names.index(wanted)
    folded = [h.casefold() for h in names]
    if wanted.strip().casefold() in folded:
        return folded.index(wanted.strip().casefold())
    return None


def find_column(header: list[str], wanted: str, name: str) -> int:
    """Index of the column named `wanted` (see `column_index`); a BatchError naming the columns there are."""
    found = column_index(header, wanted)
    if found is not None:
        return found
    names = [h.strip().lstrip("\ufeff") for h in header]
    shown = ", ".join(repr(one_line(h, 30)) for h in names[:12]) + (", …" if len(names) > 12 else "")
    raise BatchError(f"{name} has no {wanted!r} column (its columns: {shown}); name the column with --question-column")


def read_sheet(path: Path, question_column: str = "question", encoding: str | None = None) -> Sheet:
    """Read and check the input (CSV in any supported encoding, or the first sheet of an .xlsx)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BatchError(f"cannot read {path}: {exc.strerror or one_line(exc, ERROR_CHARS)}") from None
    if data.startswith(OLE_MAGIC):
        raise BatchError(f"{path} is an old-format .xls workbook; save it as .xlsx or 'CSV UTF-8'")
    if path.suffix.lower() in XLSX_SUFFIXES or data.startswith(ZIP_MAGIC):
        table, encoding = parse_xlsx(data, str(path)), "xlsx"
    else:
        text, encoding = decode_text(data, str(path), encoding)
        table = parse_csv(text)
    table = [row for row in table if not _blank(row)]
    if not table:
        raise BatchError(f"{path} is empty: it needs a header row with a {question_column!r} column")
    width = max(len(row) for row in table)
    header = ["" if h is None else str(h) for h in table[0]] + [""] * (width - len(table[0]))
    rows = [row + [None] * (width - len(row)) for row in table[1:]]
    sheet = Sheet(header, rows, find_column(header, question_column, str(path)), encoding)
    sheet.document_col = column_index(header, DOCUMENT_COLUMN)
    if "replaced" in encoding:
        sheet.notes.append(f"{path}: read as {encoding}")
    if encoding in GUESSED_ENCODINGS:
        sheet.notes.append(
            f"{path} is not UTF-8; read it as {GUESSED_ENCODINGS[encoding]}. If its text looks wrong in the output, "
            "run again with --encoding NAME"
        )
    clashes = [c for c in OUTPUT_COLUMNS if c in header]
    if clashes:
        sheet.notes.append(f"the input already has columns {', '.join(clashes)}; the new ones are appended after them")
    return sheet


# --- the journal --------------------------------------------------------------------------------------------------


def _lock(file: IO[bytes], path: Path) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        return
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        file.close()
        raise BatchError(f"{path} is in use by another rag batch run") from None


class Journal:
    """Finished rows, one JSON line each, appended and flushed as they finish.

    JSON lines rather than a growing CSV: a CSV record may span lines (quoted newlines), so a record cut short by
    SIGKILL can parse as a complete one; a JSON line is complete exactly when its newline was written. Entries are
    matched to the input by row number and question hash, so a resume against an edited input redoes only the rows
    whose question changed.
    """

    def __init__(self, path: Path, file: IO[bytes], done: dict[tuple[int, str], dict], dropped: int = 0):
        self.path = path
        self.file = file
        self.done = done
        self.dropped = dropped
        self.written = 0

    @classmethod
    def open(cls, path: Path, header: dict, resume: bool) -> Journal:
        if not path.exists():
            return cls._create(path, header)
        if not resume:
            raise BatchError(
                f"{path} is left from an interrupted run: pass --resume to continue it, or delete it to start over"
            )
        try:
            file = open(path, "r+b")  # noqa: SIM115 - the journal stays open for the whole run
        except OSError as exc:
            raise BatchError(f"cannot open {path}: {exc.strerror or one_line(exc, ERROR_CHARS)}") from None
        _lock(file, path)
        try:
            return cls._load(path, file, header)
        except BaseException:
            file.close()
            raise

    @classmethod
    def _create(cls, path: Path, header: dict) -> Journal:
        try:
            file = open(path, "xb")  # noqa: SIM115 - the journal stays open for the whole run
        except OSError as exc:
            reason = exc.strerror or one_line(exc, ERROR_CHARS)
            raise BatchError(f"cannot write next to the output ({path}): {reason}") from None
        _lock(file, path)
        journal = cls(path, file, {})
        journal._append(header)
        return journal

    @classmethod
    def _load(cls, path: Path, file: IO[bytes], header: dict) -> Journal:
        data = file.read()
        end = data.rfind(b"\n") + 1
        dropped = int(end < len(data))  # a line cut short by a kill mid-write: dropped, its row is redone
        file.seek(end)
        file.truncate()
        lines = data[:end].splitlines()
        first = _json_line(lines[0]) if lines else None
        if not isinstance(first, dict) or first.get("format") != JOURNAL_FORMAT:
            file.seek(0)
            file.truncate()
            journal = cls(path, file, {}, dropped)
            journal._append(header)
            return journal
        for key in ("mode", "question_column"):
            if first.get(key) != header[key]:
                raise BatchError(
                    f"{path} was made with {key.replace('_', '-')} {first.get(key)!r}, not {header[key]!r}: "
                    "resume with the same options, or delete it to start over"
                )
        done = {}
        for line in lines[1:]:
            entry = _json_line(line)
            if isinstance(entry, dict) and isinstance(entry.get("cells"), dict):
                done[(entry.get("row"), entry.get("q"))] = entry["cells"]
        return cls(path, file, done, dropped)

    def _append(self, record: dict) -> None:
        self.file.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        self.file.flush()

    def add(self, row: int, qhash: str, cells: dict) -> None:
        self._append({"row": row, "q": qhash, "cells": cells})
        self.done[(row, qhash)] = cells
        self.written += 1

    def close(self) -> None:
        self.file.close()

    def delete(self) -> None:
        self.close()
        with suppress(FileNotFoundError):
            self.path.unlink()


def _json_line(line: bytes) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        return None


# --- answering ----------------------------------------------------------------------------------------------------


def check_question(question: str) -> str:
    """The question as the engine gets it, or a ValueError for a cell that is not a question.

    `validate_question` silently drops control characters; here NUL bytes, other control characters and
    undecodable bytes make the row an error instead, since they mean the cell is binary junk. Unicode spaces and
    invisible formatting (no-break space, zero-width space, soft hyphen) are text: they are normalised first.
    """
    from rag.answer.chain import validate_question
    from rag.text.normalise import normalise_text

    if "\x00" in question:
        raise ValueError("the question contains NUL bytes (binary data, not text)")
    if "\ufffd" in question:
        raise ValueError("the question contains bytes that are not text in the file's encoding")
    if any(not ch.isprintable() for ch in normalise_text(question)):
        raise ValueError("the question contains control characters (binary data, not text)")
    return validate_question(question)


def _citation_record(citation) -> dict:
    """n, document, locator (which names the page in a PDF) and the quoted passage; `page` (and `end_page`) where
    there is a page. The quote is what lets a spreadsheet reader check a figure without opening the report: answers
    worked out from one sentence leave the sentence to the citation."""
    record = {"n": citation.n, "document": citation.doc_name, "locator": citation.locator}
    if citation.quote:
        record["quote"] = citation.quote
    if citation.page:
        record["page"] = citation.page
        if citation.end_page > citation.page:
            record["end_page"] = citation.end_page
    return record


def answer_cells(answer, latency_ms: float) -> dict:
    """The appended columns for one `Answer`, typed (the writer formats them for CSV or XLSX)."""
    citations = [_citation_record(c) for c in answer.citations]
    return {
        "answer": answer.text,
        "value": answer.value,
        "unit": answer.unit,
        "refused": bool(answer.refused),
        "confidence": round(float(answer.confidence), 3),
        "citations": json.dumps(citations, ensure_ascii=False),
        "sources": "; ".join(f"[{c.n}] {c.doc_name}, {c.locator}" for c in answer.citations),
        "latency_ms": round(latency_ms, 1),
        "error": "",
    }


def error_cells(message: str, latency_ms: float) -> dict:
    cells: dict[str, Any] = dict.fromkeys(OUTPUT_COLUMNS, "")
    error = one_line(message, ERROR_CHARS)
    cells.update(value=None, refused=None, confidence=None, latency_ms=round(latency_ms, 1), error=error)
    return cells


def _fatal_errors() -> tuple[type[BaseException], ...]:
    """Errors that stop the run (kept rows are resumable) rather than mark one row: they would fail every row."""
    from rag.answer.llm import LLMError
    from rag.index.models import ModelError
    from rag.index.store import IndexError_

    return (LLMError, ModelError, IndexError_, OSError, MemoryError)


def row_scope(document: str, known: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The documents a row's `document` cell names (None: all); a ValueError naming the known ones for no match."""
    from rag.engine import resolve_documents

    if not document or known is None:
        return None
    return resolve_documents([document], known)


def known_documents(engine) -> tuple[str, ...] | None:
    """The documents the engine's index holds, or None for an engine without one (a stand-in in tests)."""
    from rag.engine import document_names

    index = getattr(getattr(engine, "retriever", None), "index", None)
    return document_names(index) if index is not None else None


def answer_row(
    engine,
    question: str,
    mode: str,
    fatal: tuple[type[BaseException], ...] = (),
    document: str = "",
    known: tuple[str, ...] | None = None,
) -> dict:
    """One row's cells; a bad question, an unknown document or an engine failure on it becomes the row's `error`.

    With a `document` (a file name or glob from the row's document column) the answer comes from that document only.
    """
    started = time.perf_counter()
    try:
        documents = row_scope(document, known)
        question = check_question(question)
        answer = engine.ask(question, mode, documents) if documents else engine.ask(question, mode)
    except fatal:
        raise
    except ValueError as exc:
        return error_cells(str(exc), (time.perf_counter() - started) * 1000)
    except Exception as exc:  # noqa: BLE001 - one failing row must not end a long run
        return error_cells(f"{type(exc).__name__}: {exc}", (time.perf_counter() - started) * 1000)
    return answer_cells(answer, (time.perf_counter() - started) * 1000)


class QueryPrefetcher:
    """Embeds the queries of the next rows in one call, ahead of answering them.

    One query at a time, the embedding model streams all of its weights through the CPU for a dozen tokens; 32
    queries in one call cost little more than a few single ones (on the 2-core machine: about 1.0 s a query alone,
    0.24 s a query in batches of 32). The embedder's `embed_queries` keeps each vector in the query cache that its
    `embed_query` reads, so the retriever then finds them there; nothing is swapped in the engine. A query that was
    not prefetched (e.g. because the retriever changed how it rewrites questions) is embedded as before:
    prefetching can only miss, never change a query.
    """

    def __init__(self, retriever, embed_queries: Callable[[list[str]], Any]):
        self.retriever = retriever
        self.embed_queries = embed_queries

    @classmethod
    def for_engine(cls, engine) -> QueryPrefetcher | None:
        """A prefetcher for the engine's retriever, or None when its embedder cannot embed in batches."""
        retriever = getattr(engine, "retriever", None)
        embed_queries = getattr(getattr(retriever, "embedder", None), "embed_queries", None)
        return cls(retriever, embed_queries) if callable(embed_queries) else None

    def query_text(self, question: str) -> str:
        """The text the retriever embeds for `question` (as `AnswerEngine.ask` and `HybridRetriever.search` do)."""
        query = check_question(question)
        thesaurus = getattr(self.retriever, "thesaurus", None)
        return thesaurus.expand(query) if thesaurus else query

    def prefetch(self, questions: list[str]) -> None:
        """Embed the queries of the next rows in one call; bad questions are left to fail in their own row."""
        texts = []
        for question in questions:
            with suppress(Exception):
                texts.append(self.query_text(question))
        texts = list(dict.fromkeys(texts))
        if texts:
            with suppress(Exception):  # a failed batch only means each row embeds its own query
                self.embed_queries(texts)


# --- writing the output -------------------------------------------------------------------------------------------


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _write_csv(file: IO[bytes], header: list[str], rows: Iterable[list[Any]]) -> None:
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    text.flush()
    text.detach()


def _xlsx_value(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def _write_xlsx(file: IO[bytes], header: list[str], rows: Iterable[list[Any]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("answers")
    sheet.append([_xlsx_value(v) for v in header])
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])
    book.save(file)


def write_output(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    """Write to a temporary file beside `path`, sync it, then rename it over `path` (atomic on POSIX)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "xb") as file:
            (_write_xlsx if path.suffix.lower() in XLSX_SUFFIXES else _write_csv)(file, header, rows)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


# --- the run ------------------------------------------------------------------------------------------------------


def partial_path(output: Path) -> Path:
    return output.with_name(output.name + PARTIAL_SUFFIX)


def _temporary_pid(path: Path, output: Path) -> int | None:
    """The process id in a temporary output's name (`.OUT.csv.<pid>.tmp`), or None for any other file."""
    prefix, suffix = f".{output.name}.", ".tmp"
    if not (path.name.startswith(prefix) and path.name.endswith(suffix)):
        return None
    middle = path.name[len(prefix) : -len(suffix)]
    return int(middle) if middle.isdigit() else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, under another user
        return True
    return True


def remove_stale_temporaries(output: Path) -> list[Path]:
    """Delete the temporary outputs (`write_output`) of runs that were killed during their final write; returns
    them. A temporary file of a process still alive (another run writing now) is left alone."""
    removed = []
    parent = output.absolute().parent
    if not parent.is_dir():
        return removed
    for path in parent.glob(f".{glob.escape(output.name)}.*.tmp"):
        pid = _temporary_pid(path, output)
        if pid is not None and not _alive(pid):
            with suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def output_is_complete(input_path: Path, output: Path, question_column: str, encoding: str | None = None) -> bool:
    """Whether `output` is a finished run over `input_path`: the input's columns then the answer columns, and every
    input row's question in order. Read errors mean no (the run starts over)."""
    if not output.is_file():
        return False
    try:
        given = read_sheet(input_path, question_column, encoding)
        done = read_sheet(output, question_column)
    except BatchError:
        return False
    width = len(given.header)
    if done.header[:width] != given.header or done.header[width:] != list(OUTPUT_COLUMNS):
        return False
    asked = [given.question(i) for i in range(len(given.rows))]
    answered = [done.question(i) for i in range(len(done.rows))]
    return asked == answered


def check_output(output: Path, input_path: Path) -> None:
    """Fail early, with one line, when the output cannot be written."""
    parent = output.absolute().parent
    if not parent.is_dir():
        raise BatchError(f"cannot write {output}: the folder {parent} does not exist")
    if output.is_dir():
        raise BatchError(f"cannot write {output}: it is a folder")
    if output.exists() and input_path.exists() and output.samefile(input_path):
        raise BatchError(f"-o {output} would overwrite the input; choose another output file")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BatchError(f"cannot write {output}: no permission to create files in {parent}")


@dataclass
class BatchRun:
    """A checked batch: the input read, the output writable, the journal open. No model is loaded yet."""

    sheet: Sheet
    output: Path
    mode: str
    journal: Journal

    @classmethod
    def prepare(
        cls, input_path: Path, output: Path, question_column: str, mode: str, resume: bool, encoding: str | None = None
    ) -> BatchRun:
        check_output(output, input_path)
        sheet = read_sheet(input_path, question_column, encoding)
        header = {"format": JOURNAL_FORMAT, "input": str(input_path), "mode": mode, "question_column": question_column}
        return cls(sheet, output, mode, Journal.open(partial_path(output), header, resume))

    def pending(self) -> list[int]:
        return [i for i in range(len(self.sheet.rows)) if self.sheet.key(i) not in self.journal.done]

    def answer(self, engine, progress: bool = True, fatal: tuple[type[BaseException], ...] | None = None) -> None:
        """Answer every row not yet in the journal, in input order, recording each as it finishes."""
        from tqdm import tqdm

        fatal = _fatal_errors() if fatal is None else fatal
        todo = self.pending()
        total = len(self.sheet.rows)
        bar = tqdm(total=total, initial=total - len(todo), unit="q", file=sys.stderr, disable=not progress)
        prefetcher = QueryPrefetcher.for_engine(engine)
        known = known_documents(engine) if self.sheet.document_col is not None else None
        with bar:
            for start in range(0, len(todo), PREFETCH_ROWS):
                window = todo[start : start + PREFETCH_ROWS]
                share_ms = self._prefetch(prefetcher, window) / len(window)
                for row in window:
                    question, document = self.sheet.question(row), self.sheet.document(row)
                    cells = self._answer_row(engine, row, question, fatal, document, known)
                    cells["latency_ms"] = round(cells["latency_ms"] + share_ms, 1)
                    self.journal.add(*self.sheet.key(row), cells)
                    bar.update()

    def _answer_row(
        self,
        engine,
        row: int,
        question: str,
        fatal: tuple[type[BaseException], ...],
        document: str = "",
        known: tuple[str, ...] | None = None,
    ) -> dict:
        """One row's cells. An LLM that fails (after its retries) stops the run: every later row would fail too,
        and answering them without it would hand back a file of grounded answers labelled an `llm` run."""
        from rag.answer.llm import LLMUnavailable

        try:
            return answer_row(engine, question, self.mode, fatal, document, known)
        except LLMUnavailable as exc:
            raise BatchError(
                f"{one_line(exc)} on row {row + 1}; when the endpoint is back run again with --resume "
                "(or use --mode grounded)"
            ) from None

    def _prefetch(self, prefetcher: QueryPrefetcher | None, window: list[int]) -> float:
        """Embed the window's queries in one call; returns its milliseconds (each row's latency gets a share)."""
        if prefetcher is None:
            return 0.0
        started = time.perf_counter()
        prefetcher.prefetch([self.sheet.question(row) for row in window])
        return (time.perf_counter() - started) * 1000

    def finish(self) -> dict[str, int]:
        """Write the output (all rows must be answered), delete the journal; returns counts for the summary."""
        cells = [self.journal.done[self.sheet.key(i)] for i in range(len(self.sheet.rows))]
        header = self.sheet.header + list(OUTPUT_COLUMNS)
        rows = (row + [c[name] for name in OUTPUT_COLUMNS] for row, c in zip(self.sheet.rows, cells, strict=True))
        write_output(self.output, header, rows)
        self.journal.delete()
        return {
            "rows": len(cells),
            "errors": sum(1 for c in cells if c["error"]),
            "refused": sum(1 for c in cells if c["refused"] is True),
        }

    def close(self) -> None:
        """Close the journal; delete it when it holds no answered row (so a failed start leaves nothing behind)."""
        if self.journal.file.closed:
            return
        if not self.journal.done:
            self.journal.delete()
        else:
            self.journal.close()


def run_batch(
    input_path: Path,
    output: Path,
    load_engine: Callable[[], Any],
    *,
    mode: str = "grounded",
    question_column: str = "question",
    resume: bool = False,
    encoding: str | None = None,
    progress: bool = True,
    log: Callable[[str], None] = print,
) -> dict[str, int]:
    """Answer every question of `input_path` into `output`; the Python entry point of `rag batch`.

    `load_engine()` is called once, after the input and output have been checked, and must return an object with
    `ask(question, mode) -> Answer` (an `AnswerEngine`). The queries of each window of rows are embedded ahead in
    one call (`QueryPrefetcher`) into the embedder's query cache. Raises `BatchError` for bad input/output/journal.
    """
    started = time.perf_counter()
    output = Path(output)
    for leftover in remove_stale_temporaries(output):
        log(f"note: removed {leftover.name}, a temporary output left by an interrupted run")
    finished = resume and not partial_path(output).exists()
    if finished and output_is_complete(Path(input_path), output, question_column, encoding):
        log(f"{output} is already complete: nothing to resume (run without --resume to answer every row again)")
        return {"rows": 0, "errors": 0, "refused": 0, "seconds": 0.0, "complete": 1}
    run = BatchRun.prepare(Path(input_path), output, question_column, mode, resume, encoding)
    try:
        for note in run.sheet.notes:
            log(f"note: {note}")
        if run.journal.dropped:
            log(f"note: dropped the incomplete last line of {run.journal.path} (cut short by a kill); redoing its row")
        if run.journal.done or run.journal.dropped:
            log(f"resuming: {len(run.sheet.rows) - len(run.pending())} of {len(run.sheet.rows)} rows already done")
        if run.pending():
            run.answer(load_engine(), progress=progress)
        counts = run.finish()
    except BaseException:
        if run.journal.done and not run.journal.file.closed:
            log(f"{len(run.journal.done)} answered rows are kept in {run.journal.path}; run again with --resume")
        raise
    finally:
        run.close()
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def cmd_batch(args: argparse.Namespace) -> int:
    from rag import engine as pipeline
    from rag.settings import Settings

    def load_engine():
        retriever = pipeline.open_retriever(Settings.from_args(args), rebuild=not args.no_rebuild, log=pipeline.log)
        return pipeline.engine_over(retriever, args.mode, llm_fallback=False)

    counts = run_batch(
        args.input,
        args.output,
        load_engine,
        mode=args.mode,
        question_column=args.question_column,
        resume=args.resume,
        encoding=args.encoding,
        progress=not args.quiet,
        log=pipeline.log,
    )
    if counts.get("complete"):
        return 0
    print(
        f"answered {counts['rows']} rows ({counts['refused']} refused, {counts['errors']} errors) "
        f"in {counts['seconds']:.1f} s -> {args.output}"
    )
    if counts["rows"] and counts["errors"] == counts["rows"]:
        # Every row kept, none answered: a run that produced nothing usable is not a success.
        print(f"rag batch: error: no row was answered; see the error column of {args.output}", file=sys.stderr)
        return EXIT_NOTHING_ANSWERED
    return 0


def register(sub, common) -> None:
    """Add the `batch` subcommand to the CLI."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "batch",
        help="answer every question of a CSV/XLSX file",
        description="Answer every question of a CSV or XLSX file. Input columns are kept; answer columns are "
        f"appended ({', '.join(OUTPUT_COLUMNS)}). The output is written as UTF-8 with BOM (or .xlsx). With a "
        f"{DOCUMENT_COLUMN!r} column, each row is answered from the document it names (file name or glob).",
    )
    common(parser)
    parser.add_argument("input", type=Path, help="CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or .xlsx (first sheet)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="output .csv (or .xlsx)")
    parser.add_argument("--question-column", default="question", help="name of the question column (default: question)")
    parser.add_argument(
        "--encoding",
        help="encoding of a CSV input (e.g. utf-8, gb18030, cp1252, latin-1); default: detected, with a note when "
        "guessed",
    )
    parser.add_argument("--mode", choices=["grounded", "llm"], default="grounded")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted run from OUTPUT.partial")
    parser.add_argument("--no-rebuild", action="store_true", help="refuse a stale index instead of rebuilding")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=cmd_batch)
