"""The index on disk: `vectors.faiss` + `chunks.jsonl` + `tables.json` + `facts.jsonl` + `manifest.json`. Never pickle.

The manifest records what the index was built from (embedding model and its file hashes, dimension, chunker
version, SHA-256 of every source file) and the SHA-256 of each index file it vouches for. `staleness` compares it
with the present; a stale or foreign index is rebuilt by the caller or refused with a message that says how to
rebuild. Loading checks every record against its type (a `null` text or a `"768"` dimension is corruption, said in
one line, never a TypeError later) and every file against its recorded hash (chunks, vectors or tables copied in
from another index are caught). Writes go to a temporary folder that replaces the old index by rename, so an
interrupted build never leaves a half-written index. The facts (`rag.index.facts`) are read on first use, not at
load: most questions need only a few of them, and a process that never answers never reads them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import MISSING, asdict, dataclass, field, fields, is_dataclass, replace
from pathlib import Path

import numpy as np

from rag.ingest.coverage import TableCoverage
from rag.ingest.documents import display_name
from rag.lazy import BoundedCache, shared_cached_property
from rag.types import Chunk, Fact, Table

# 2: the manifest records the SHA-256 of every index file (`files`). 3: typed facts (`facts.jsonl`).
SCHEMA_VERSION = 3
FILES = ("manifest.json", "chunks.jsonl", "tables.json", "facts.jsonl", "vectors.faiss")
HASHED_FILES = ("chunks.jsonl", "tables.json", "facts.jsonl", "vectors.faiss")
# Checked when the index is opened; facts.jsonl is checked when it is first read (`StoredIndex.facts`).
LOAD_HASHED = tuple(name for name in HASHED_FILES if name != "facts.jsonl")
REBUILD = "run `rag index --force` to rebuild"


class IndexError_(RuntimeError):
    """The index is missing, corrupt, stale or foreign. The message is one line and says what to do."""


@dataclass(frozen=True)
class Manifest:
    schema_version: int
    chunker_version: str
    embedder: str
    embedder_files: dict[str, str]
    dimension: int
    sources: dict[str, str]
    counts: dict[str, int]
    built_at: str = ""
    build_seconds: float = 0.0
    # file name -> {format, title, pages, chunks, tables, warnings} of each document indexed, and file name -> the
    # one-line reason of each file skipped (`rag documents` lists both). Absent from indexes built before them.
    documents: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    # SHA-256 of each of HASHED_FILES as written.
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> Manifest:
        """The manifest from its JSON form; a TypeError naming the field for a missing or mistyped one."""
        return typed_record(cls, data, "")


@dataclass(frozen=True)
class StoredIndex:
    manifest: Manifest
    chunks: tuple[Chunk, ...]
    tables: tuple[Table, ...]
    vectors: object  # a faiss.Index; None in a document-scoped view (`scoped`)
    # Reads the facts on first use (`facts`); None where the index has none (one made in memory by a test).
    fact_source: Callable[[], tuple[Fact, ...]] | None = field(default=None, compare=False, repr=False)

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
            view = self._views[key] = StoredIndex(
                self.manifest, chunks, tables, None, lambda: tuple(f for f in self.facts if f.doc_name in wanted)
            )
        return view

    @shared_cached_property
    def facts(self) -> tuple[Fact, ...]:
        """Every table cell and prose figure of the indexed documents, typed (`rag.index.facts`); read on first use."""
        return self.fact_source() if self.fact_source is not None else ()

    @shared_cached_property
    def chunk_titles(self) -> dict[str, str]:
        """Each chunk's title (document title and heading path, or table title) by chunk id."""
        return {chunk.id: chunk.title for chunk in self.chunks}

    @shared_cached_property
    def chunk_texts(self) -> dict[str, str]:
        """Each chunk's text by chunk id: the passage a cited sentence stands in."""
        return {chunk.id: chunk.text for chunk in self.chunks}

    @shared_cached_property
    def facts_by_place(self) -> dict[tuple[str, int], tuple[Fact, ...]]:
        """The facts by (document, line): how a citation finds the facts it cites."""
        places: dict[tuple[str, int], list[Fact]] = {}
        for fact in self.facts:
            places.setdefault((fact.doc_name, fact.line), []).append(fact)
        return {place: tuple(found) for place, found in places.items()}

    @shared_cached_property
    def _views(self) -> dict[tuple[str, ...], StoredIndex]:
        return {}

    @shared_cached_property
    def table_coverage(self) -> dict[str, TableCoverage]:
        """Per document (by file name): tables found and numeric cells read, as measured when the index was built
        (`rag.ingest.coverage`); empty for an index built before the report existed."""
        documents = self.manifest.documents if isinstance(self.manifest.documents, dict) else {}
        return {
            name: TableCoverage.from_dict(info["table_coverage"])
            for name, info in documents.items()
            if isinstance(info, dict) and info.get("table_coverage")
        }

    @shared_cached_property
    def lowered_texts(self) -> tuple[str, ...]:
        """Every chunk's text in lower case, made once per index (the reader counts rare terms over them for every
        question)."""
        return tuple(chunk.text.lower() for chunk in self.chunks)

    def memo(self, name: str, size: int = 4096) -> BoundedCache:
        """The cache named `name` of values the reader derives from this index alone (a passage's context years, how
        many passages hold a word), made on first use. It lives and dies with this index object: an addition makes
        a new index (`rag.engine.add_to_engine`), whose caches start empty, so no value outlives the index it is
        about; a document-scoped view (`scoped`) has its own."""
        memos = self._memos
        cache = memos.get(name)
        if cache is None:
            cache = memos.setdefault(name, BoundedCache(size))
        return cache

    @shared_cached_property
    def _memos(self) -> dict[str, BoundedCache]:
        return {}

    def holding(self, word: str) -> int:
        """How many chunk texts (lower-cased) hold `word` (lower case) anywhere, counted once per index and word."""
        return self.memo("holding").get(word, lambda: sum(word in text for text in self.lowered_texts))


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
    index_dir: Path,
    manifest: Manifest,
    chunks: list[Chunk],
    tables: list[Table],
    vectors: np.ndarray,
    facts: Iterable[Fact] = (),
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
        with (staging / "facts.jsonl").open("w", encoding="utf-8") as out:
            for fact in facts:
                out.write(json.dumps({"id": fact.id, **asdict(fact)}, ensure_ascii=False) + "\n")
        manifest = replace(manifest, files={name: file_sha256(staging / name) for name in HASHED_FILES})
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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(index_dir: Path) -> Manifest:
    path = index_dir / "manifest.json"
    if not path.is_file():
        raise IndexError_(f"no index in {index_dir}; run `rag index` to build it")
    try:
        return Manifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise IndexError_(f"{path} is corrupt ({exc}); {REBUILD}") from exc


def load_index(index_dir: Path) -> StoredIndex:
    """Read an index from disk. Raises IndexError_ with a one-line message for anything missing, corrupt,
    inconsistent or not the files the manifest vouches for."""
    import faiss

    manifest = read_manifest(index_dir)
    for name in FILES:
        if not (index_dir / name).is_file():
            raise IndexError_(f"{index_dir / name} is missing; {REBUILD}")
    chunks = _read_chunks(index_dir / "chunks.jsonl")
    tables = _read_tables(index_dir / "tables.json")
    try:
        vectors = faiss.read_index(str(index_dir / "vectors.faiss"))
    except RuntimeError as exc:
        raise IndexError_(f"{index_dir / 'vectors.faiss'} is corrupt; {REBUILD}") from exc
    if vectors.ntotal != len(chunks):
        raise IndexError_(f"{index_dir} is inconsistent ({vectors.ntotal} vectors for {len(chunks)} chunks); {REBUILD}")
    if vectors.d != manifest.dimension:
        raise IndexError_(
            f"{index_dir} is inconsistent (vectors of dimension {vectors.d}, the manifest says "
            f"{manifest.dimension}); {REBUILD}"
        )
    check_file_hashes(index_dir, manifest, LOAD_HASHED)

    def read_facts() -> tuple[Fact, ...]:
        check_file_hashes(index_dir, manifest, ("facts.jsonl",))
        return tuple(_read_records(index_dir / "facts.jsonl", Fact))

    return StoredIndex(manifest, tuple(chunks), tuple(tables), vectors, read_facts)


def check_file_hashes(index_dir: Path, manifest: Manifest, names: Iterable[str] = HASHED_FILES) -> None:
    """Every index file must be the one the manifest was written with (not copied in from another index)."""
    for name in names:
        recorded = manifest.files.get(name)
        if not recorded:
            raise IndexError_(f"{index_dir / 'manifest.json'} records no SHA-256 for {name}; {REBUILD}")
        if file_sha256(index_dir / name) != recorded:
            raise IndexError_(
                f"{index_dir / name} is not the file this index was built with (its SHA-256 differs from the "
                f"manifest's: replaced or edited since); {REBUILD}"
            )


def _read_chunks(path: Path) -> list[Chunk]:
    return _read_records(path, Chunk)


def _read_records(path: Path, cls: type) -> list:
    """One `cls` record per line of a JSONL index file (its stored `id` dropped: it is derived)."""
    records = []
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise IndexError_(f"{path} cannot be read ({exc}); {REBUILD}") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            try:
                data = json.loads(line)
                if isinstance(data, dict):
                    data.pop("id", None)
                records.append(typed_record(cls, data))
            except (ValueError, TypeError) as exc:
                raise IndexError_(f"{path} line {number} is corrupt ({exc}); {REBUILD}") from exc
    return records


def _read_tables(path: Path) -> list[Table]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise TypeError(f"the file is {_json_type(data)}, expected a list of tables")
        return [table_from_dict(item, f"table {i + 1}") for i, item in enumerate(data)]
    except (ValueError, TypeError) as exc:
        raise IndexError_(f"{path} is corrupt ({exc}); {REBUILD}") from exc


def table_from_dict(data: dict, where: str = "") -> Table:
    """Rebuild a Table (and its nested records) from its `asdict` form, every field type-checked."""
    return typed_record(Table, data, where)


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# --- typed records from JSON -----------------------------------------------------------------------------------------


_JSON_TYPES = {type(None): "null", bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list"}


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), "an object" if isinstance(value, dict) else type(value).__name__)


def _typed_value(hint: object, value: object, where: str) -> object:
    """`value` checked against the type `hint` (str, int, float, bool, X | None, tuple[X, ...], dict[K, V], a
    dataclass), converted where JSON differs (lists to tuples); a TypeError naming `where` otherwise."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        return _typed_value(next(a for a in args if a is not type(None)), value, where)
    expected = None
    if hint is str and not isinstance(value, str):
        expected = "text"
    elif hint is bool and not isinstance(value, bool):
        expected = "true or false"
    elif hint is int and (isinstance(value, bool) or not isinstance(value, int)):
        expected = "a whole number"
    elif hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            expected = "a number"
        else:
            return float(value)
    elif origin is tuple:
        if not isinstance(value, list | tuple):  # a list from JSON; a tuple from `asdict` in Python
            expected = "a list"
        else:
            return tuple(_typed_value(args[0], item, f"{where}[{i}]") for i, item in enumerate(value))
    elif hint is dict or origin is dict:
        if not isinstance(value, dict):
            expected = "an object"
        elif args:
            return {
                _typed_value(args[0], key, f"{where} key"): _typed_value(args[1], item, f"{where}[{key!r}]")
                for key, item in value.items()
            }
    elif is_dataclass(hint):
        return typed_record(hint, value, where)
    if expected:
        raise TypeError(f"{where or 'the record'} is {_json_type(value)} ({str(value)[:40]!r}), expected {expected}")
    return value


def typed_record(cls: type, data: object, where: str = ""):
    """An instance of the frozen dataclass `cls` from its `asdict` JSON form, every field type-checked."""
    if not isinstance(data, dict):
        raise TypeError(f"{where or 'the record'} is {_json_type(data)}, expected an object")
    hints = typing.get_type_hints(cls)
    values = {}
    for item in fields(cls):
        if not item.init:
            continue
        name = f"{where}.{item.name}" if where else item.name
        if item.name not in data:
            if item.default is MISSING and item.default_factory is MISSING:
                raise TypeError(f"{name} is missing")
            continue
        values[item.name] = _typed_value(hints[item.name], data[item.name], name)
    return cls(**values)
