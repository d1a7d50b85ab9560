"""Adding reports to the corpus: `rag add FILE…` and the chat's upload both come here.

Each file is read first (the same readers as the index build); one that cannot be used is refused with its
one-line reason and not copied, so a bad upload never lands in the corpus folder. Good files are copied into
`Settings.seeds_dir` (a file of the same name is replaced: a new edition of the report), then the index is
rebuilt. The rebuild embeds only chunk texts the embedding cache has not seen: the new report's, and nothing of
the reports already indexed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.index.build import BuildReport, build_index, index_status
from rag.index.embedding import Embedder
from rag.ingest.corpus import SUFFIXES, check_size, format_of, read_file
from rag.ingest.documents import DocumentError, display_name, file_label
from rag.settings import Settings
from rag.text.glossary import Glossary


@dataclass(frozen=True)
class AddResult:
    """What `add_files` did: file names added, replaced and already there, one line per file refused, and the
    index build (None when nothing changed and the index was current)."""

    added: tuple[str, ...]
    replaced: tuple[str, ...]
    unchanged: tuple[str, ...]
    refused: tuple[str, ...]
    build: BuildReport | None

    def summary(self) -> str:
        parts = [
            f"{label} {', '.join(display_name(name) for name in names)}"
            for label, names in (("added", self.added), ("replaced", self.replaced), ("unchanged", self.unchanged))
            if names
        ]
        if self.build is not None:
            parts.append(f"index rebuilt: {len(self.build.corpus.chunks)} chunks, {self.build.embedded} newly embedded")
        return "; ".join(parts) or "nothing added"


def check_upload(path: Path, max_file_mb: float) -> str:
    """Why `path` cannot be added ("" when it can): missing, a format with no reader, a hidden name, too large,
    or refused by its reader."""
    label = file_label(path)
    if not path.is_file():
        return f"{label}: no such file; not added"
    if not format_of(path):
        return f"{label}: not a supported format; not added (supported: {' '.join(SUFFIXES)})"
    if path.name.startswith((".", "~$")):
        return f"{label}: hidden or lock-file name, which the index ignores; not added (rename it)"
    problem = check_size(path, max_file_mb)
    if problem:
        return problem.replace("; skipped", "; not added")
    try:
        read_file(path)
    except DocumentError as err:
        return str(err).replace("; skipped", "; not added")
    return ""


def _copy(source: Path, target: Path) -> None:
    """Copy through a temporary file in the target folder, so a half-copied report is never indexed."""
    handle, temporary = tempfile.mkstemp(prefix=".adding-", dir=target.parent)
    os.close(handle)
    try:
        shutil.copyfile(source, temporary)
        Path(temporary).replace(target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def add_files(
    settings: Settings,
    paths: Sequence[Path | str],
    embedder: Embedder,
    glossary: Glossary,
    log: Callable[[str], None] = print,
) -> AddResult:
    """Copy the usable files into the corpus folder (under their own names) and bring the index up to date."""
    folder = settings.seeds_dir
    folder.mkdir(parents=True, exist_ok=True)
    added, replaced, unchanged, refused = [], [], [], []
    for raw_path in paths:
        path = Path(raw_path)
        name = path.name
        problem = check_upload(path, settings.max_file_mb)
        if problem:
            refused.append(problem)
            log(problem)
            continue
        target = folder / name
        if target.is_file() and target.read_bytes() == path.read_bytes():
            unchanged.append(name)
            continue
        (replaced if target.exists() else added).append(name)
        _copy(path, target)
    build = None
    if added or replaced or index_status(settings, embedder):
        build = build_index(settings, embedder, glossary, log=log, progress=False)
    return AddResult(tuple(added), tuple(replaced), tuple(unchanged), tuple(refused), build)
