"""The corpus folder: which files are documents, which are refused and why, and the reader for each format.

Every file that cannot be used is named in one line and skipped, and the rest of the corpus is read: a file over
the size limit (`Settings.max_file_mb`), a link that leads out of the corpus folder or nowhere, and whatever a
reader refuses (an encrypted or scanned PDF, an empty Word file, a workbook that is really CSV text). A reader
that fails in a way nobody foresaw (the parsers read untrusted files) is reported the same way, never as a
traceback.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

from rag.ingest.documents import DocumentError, file_label, read_bytes, read_document
from rag.text.clean import one_line
from rag.types import Document

# suffix -> format; the format names the reader below and is what `rag documents` shows.
FORMATS = {
    ".txt": "text",
    ".md": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
}
SUFFIXES = tuple(FORMATS)
DEFAULT_MAX_FILE_MB = 50.0
_MB = 1024 * 1024


def format_of(path: Path) -> str:
    return FORMATS.get(path.suffix.lower(), "")


def _is_candidate(path: Path) -> bool:
    """A file of a supported format that is not hidden or an editor's lock file (`~$report.docx`)."""
    return bool(format_of(path)) and not path.name.startswith((".", "~$"))


def check_file(path: Path, folder: Path, max_file_mb: float) -> str:
    """Why `path` cannot be read as a document of `folder` ("" when it can): a link out of the folder or to
    nothing, or a file over the size limit."""
    label = file_label(path)
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            return f"{label}: broken link (to {file_label(target)}); skipped (fix or remove the link)"
        if not target.is_relative_to(folder.resolve()):
            return f"{label}: links outside the corpus folder; skipped (copy the file into the folder instead)"
    return check_size(path, max_file_mb)


def check_size(path: Path, max_file_mb: float) -> str:
    """The message for a file over the size limit; "" for one within it."""
    size = path.stat().st_size
    if size <= max_file_mb * _MB:
        return ""
    return (
        f"{file_label(path)}: {size / _MB:.0f} MB, over the {max_file_mb:g} MB limit; skipped "
        "(split the file, or raise the limit with RAG_MAX_FILE_MB)"
    )


def corpus_files(folder: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> list[tuple[Path, str]]:
    """(path, problem) for every document file directly in `folder`, sorted by name; problem "" when readable.

    Raises OSError when the folder cannot be listed. Sub-folders are not documents.
    """
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not _is_candidate(path):
            continue
        try:
            if not path.is_symlink() and not path.is_file():
                continue
            problem = check_file(path, folder, max_file_mb)
        except OSError as err:
            problem = f"{file_label(path)}: cannot be read ({err.strerror or err}); skipped (check the file)"
        found.append((path, problem))
    return found


def _reader(fmt: str) -> Callable[[Path, bytes, str], Document]:
    """The reader of a format, imported only when a file of that format is read (each wraps a heavy library)."""
    if fmt == "pdf":
        from rag.ingest.pdf import read_pdf

        return read_pdf
    if fmt == "docx":
        from rag.ingest.docx import read_docx

        return read_docx
    if fmt in ("xlsx", "xls", "csv"):
        from rag.ingest.sheets import read_sheets

        return read_sheets
    from rag.ingest.html import read_html

    return read_html


def read_file(path: Path) -> Document:
    """Read one document of any supported format. Raises `DocumentError` with a one-line message."""
    fmt = format_of(path)
    if fmt == "text":
        return read_document(path)
    label = file_label(path)
    if not fmt:
        raise DocumentError(f"{label}: not a supported format; skipped (supported: {' '.join(SUFFIXES)})")
    raw = read_bytes(path)
    if not raw:
        raise DocumentError(f"{label}: empty file (0 bytes); skipped (add the report again)")
    try:
        return _reader(fmt)(path, raw, label)
    except DocumentError:
        raise
    except Exception as err:  # noqa: BLE001 - third-party parsers on untrusted files raise anything
        detail = one_line(err, 120) or type(err).__name__
        raise DocumentError(f"{label}: cannot be read as {fmt.upper()} ({detail}); skipped (check the file)") from err


def read_corpus(
    folder: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB, log: Callable[[str], None] | None = None
) -> tuple[list[Document], dict[str, str]]:
    """Every usable document in `folder`, and file name -> one-line message for each file skipped. Never raises.

    With `log`, one progress line per file that is not plain text (a PDF of a few hundred pages takes seconds).
    """
    try:
        files = corpus_files(folder, max_file_mb)
    except OSError as err:
        return [], {"": f"{folder}: cannot list the folder ({err.strerror or err}); check the seeds path"}
    documents, skipped = [], {}
    for number, (path, problem) in enumerate(files, 1):
        if problem:
            skipped[path.name] = problem
            continue
        started = time.perf_counter()
        try:
            document = read_file(path)
        except DocumentError as err:
            skipped[path.name] = str(err)
            continue
        documents.append(document)
        if log and document.format != "text":
            pages = f", {document.page_count} pages" if document.page_count else ""
            seconds = time.perf_counter() - started
            log(f"read {number}/{len(files)} {file_label(path)} ({document.format}{pages}, {seconds:.1f} s)")
    return documents, skipped


def load_documents(folder: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> tuple[list[Document], list[str]]:
    """All usable documents in `folder` and one-line messages for the files skipped. Never raises."""
    documents, skipped = read_corpus(folder, max_file_mb)
    return documents, list(skipped.values())


def source_hashes(folder: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> dict[str, str]:
    """File name -> SHA-256 of the raw bytes of each document file, without parsing them (to detect a stale index).

    A file refused before reading (too large, a link out of the folder) is recorded by its refusal, so adding,
    fixing or removing it still makes the index stale and the next build says why it was skipped.
    """
    hashes = {}
    try:
        files = corpus_files(folder, max_file_mb)
    except OSError:
        return {}
    for path, problem in files:
        if problem:
            hashes[path.name] = "skipped:" + hashlib.sha256(problem.encode("utf-8")).hexdigest()[:16]
            continue
        try:
            hashes[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
    return hashes
