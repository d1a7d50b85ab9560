"""The index on disk: `vectors.faiss` + `chunks.jsonl` + `tables.json` + `manifest.json`. Never pickle.

The manifest records what the index was built from (embedding model and its file hashes, dimension, chunker
version, SHA-256 of every source file). `staleness` compares it with the present; a stale or foreign index is
rebuilt by the caller or refused with a message that says how to rebuild. Writes go to a temporary folder that
replaces the old index by rename, so an interrupted build never leaves a half-written index.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from pathlib import Path

import numpy as np

from rag.ingest.coverage import TableCoverage
from rag.ingest.documents import display_name
from rag.types import Cell, Chunk, Column, ScaleEvidence, Table, TableRow, Unit

SCHEMA_VERSION = 1
FILES = ("manifest.json", "chunks.jsonl", "tables.json", "vectors.faiss")


class IndexError_(RuntimeError):
    """The index is missing, corrupt, stale or foreign. The message is one line and says what to do."""


@dataclass(frozen=True)
class Manifest:
    schema_version: int
    chunker_version: str
    embedder: str
    embedder_files: dict
    dimension: int
    sources: dict
    counts: dict
    built_at: str = ""
    build_seconds: float = 0.0
    # file name -> {format, title, pages, chunks, tables, warnings} of each document indexed, and file name -> the
    # one-line reason of each file skipped (`rag documents` lists both). Absent from indexes built before them.
    documents: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> Manifest:
        if not isinstance(data, dict):
            raise TypeError(f"expected a JSON object, got {type(data).__name__}")
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class StoredIndex:
    manifest: Manifest
    chunks: tuple[Chunk, ...]
    tables: tuple[Table, ...]
    vectors: object  # a faiss.Index; None in a document-scoped view (`scoped`)

    def table(self, table_id: str, doc_name: str | None = None) -> Table | None:
        return next((t for t in self.tables if t.table_id == table_id and doc_name in (None, t.doc_name)), None)

    def scoped(self, documents: Iterable[str] | None) -> StoredIndex:
        """This index seen through a document scope: only the named documents' chunks and tables (by file name).

        Everything the reader looks up beyond its hits (operand rows, related tables, `table(...)`) then stays inside
        the scope. A view holds no vectors: search the full index with `HybridRetriever.search(..., documents=)`.
        Views are made once per scope and kept; None (no scope) is the index itself.
        """
        if documents is None:
            return self
        key = tuple(sorted(set(documents)))
        view = self._views.get(key)
        if view is None:
            wanted = set(key)
            chunks = tuple(chunk for chunk in self.chunks if chunk.doc_name in wanted)
            tables = tuple(table for table in self.tables if table.doc_name in wanted)
            view = self._views[key] = StoredIndex(self.manifest, chunks, tables, None)
        return view

    @cached_property
    def _views(self) -> dict[tuple[str, ...], StoredIndex]:
        return {}

    @cached_property
    def table_coverage(self) -> dict[str, TableCoverage]:
        """Per document (by file name): tables found and numeric cells read, as measured when the index was built
        (`rag.ingest.coverage`); empty for an index built before the report existed."""
        documents = self.manifest.documents if isinstance(self.manifest.documents, dict) else {}
        return {
            name: TableCoverage.from_dict(info["table_coverage"])
            for name, info in documents.items()
            if isinstance(info, dict) and info.get("table_coverage")
        }

    @cached_property
    def lowered_texts(self) -> tuple[str, ...]:
        """Every chunk's text in lower case, made once per index (the reader counts rare terms over them for every
        question)."""
        return tuple(chunk.text.lower() for chunk in self.chunks)


def staleness(manifest: Manifest, expected: Manifest) -> list[str]:
    """Why `manifest` (on disk) does not match `expected` (now); empty when the index is current."""
    reasons = []
    if manifest.schema_version != expected.schema_version:
        reasons.append(f"index format {manifest.schema_version} != {expected.schema_version}")
    if manifest.chunker_version != expected.chunker_version:
        reasons.append(f"chunker {manifest.chunker_version} != {expected.chunker_version}")
    if manifest.embedder != expected.embedder or (
        expected.embedder_files and manifest.embedder_files != expected.embedder_files
    ):
        reasons.append(f"built with a different embedding model ({manifest.embedder})")
    if expected.dimension and manifest.dimension != expected.dimension:
        reasons.append(f"dimension {manifest.dimension} != {expected.dimension}")
    changed = sorted(
        set(manifest.sources) ^ set(expected.sources)
        | {n for n in set(manifest.sources) & set(expected.sources) if manifest.sources[n] != expected.sources[n]}
    )
    if changed:
        reasons.append("sources changed: " + ", ".join(display_name(name) for name in changed))
    return reasons


def save_index(
    index_dir: Path, manifest: Manifest, chunks: list[Chunk], tables: list[Table], vectors: np.ndarray
) -> None:
    import faiss

    index_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".index-", dir=index_dir.parent))
    try:
        flat = faiss.IndexFlatIP(int(vectors.shape[1]))
        flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
        faiss.write_index(flat, str(staging / "vectors.faiss"))
        with (staging / "chunks.jsonl").open("w", encoding="utf-8") as out:
            for chunk in chunks:
                out.write(json.dumps({"id": chunk.id, **asdict(chunk)}, ensure_ascii=False) + "\n")
        (staging / "tables.json").write_text(
            json.dumps([asdict(t) for t in tables], ensure_ascii=False, indent=1), encoding="utf-8"
        )
        (staging / "manifest.json").write_text(
            json.dumps(asdict(manifest), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        _replace_dir(staging, index_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _replace_dir(staging: Path, index_dir: Path) -> None:
    """Swap the new index in. Only the files we own are replaced; a README or .gitkeep in index/ stays.

    The old manifest goes first and the new one comes last, so a swap cut short leaves no manifest (an index
    that reads as missing and is rebuilt), never a manifest vouching for files it does not describe.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    (index_dir / "manifest.json").unlink(missing_ok=True)
    for name in sorted(FILES, key=lambda name: name == "manifest.json"):
        (staging / name).replace(index_dir / name)


def read_manifest(index_dir: Path) -> Manifest:
    path = index_dir / "manifest.json"
    if not path.is_file():
        raise IndexError_(f"no index in {index_dir}; run `rag index` to build it")
    try:
        return Manifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise IndexError_(f"{path} is corrupt ({exc}); run `rag index --force` to rebuild") from exc


def load_index(index_dir: Path) -> StoredIndex:
    """Read an index from disk. Raises IndexError_ with a one-line message for anything missing or corrupt."""
    import faiss

    manifest = read_manifest(index_dir)
    for name in FILES:
        if not (index_dir / name).is_file():
            raise IndexError_(f"{index_dir / name} is missing; run `rag index --force` to rebuild")
    chunks = _read_chunks(index_dir / "chunks.jsonl")
    tables = _read_tables(index_dir / "tables.json")
    try:
        vectors = faiss.read_index(str(index_dir / "vectors.faiss"))
    except RuntimeError as exc:
        raise IndexError_(f"{index_dir / 'vectors.faiss'} is corrupt; run `rag index --force` to rebuild") from exc
    if vectors.ntotal != len(chunks) or vectors.d != manifest.dimension:
        raise IndexError_(
            f"{index_dir} is inconsistent ({vectors.ntotal} vectors for {len(chunks)} chunks); "
            "run `rag index --force` to rebuild"
        )
    return StoredIndex(manifest, tuple(chunks), tuple(tables), vectors)


def _read_chunks(path: Path) -> list[Chunk]:
    chunks = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                data = json.loads(line)
                if not isinstance(data, dict):
                    raise TypeError(f"expected a JSON object, got {type(data).__name__}")
                data.pop("id", None)
                data["heading"] = tuple(data.get("heading", ()))
                chunks.append(Chunk(**data))
            except (ValueError, TypeError) as exc:
                raise IndexError_(
                    f"{path} line {number} is corrupt ({exc}); run `rag index --force` to rebuild"
                ) from exc
    return chunks


def _read_tables(path: Path) -> list[Table]:
    try:
        return [table_from_dict(item) for item in json.loads(path.read_text(encoding="utf-8"))]
    except (ValueError, TypeError, KeyError) as exc:
        raise IndexError_(f"{path} is corrupt ({exc}); run `rag index --force` to rebuild") from exc


def _unit(data: dict | None) -> Unit | None:
    return Unit(**data) if data else None


def _cell(data: dict) -> Cell:
    return Cell(**{**data, "unit": _unit(data.get("unit"))})


def table_from_dict(data: dict) -> Table:
    """Rebuild a Table (and its nested records) from its `asdict` form."""
    data = dict(data)
    data["unit"] = _unit(data.get("unit"))
    data["header_rows"] = tuple(tuple(row) for row in data["header_rows"])
    data["notes"] = tuple(data.get("notes", ()))
    data["scale_evidence"] = ScaleEvidence(**data["scale_evidence"]) if data.get("scale_evidence") else None
    data["columns"] = tuple(
        Column(header=c["header"], parts=tuple(c.get("parts", ())), unit=_unit(c.get("unit"))) for c in data["columns"]
    )
    data["rows"] = tuple(
        TableRow(**{**r, "cells": tuple(_cell(cell) for cell in r["cells"]), "unit": _unit(r.get("unit"))})
        for r in data["rows"]
    )
    return Table(**data)


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
