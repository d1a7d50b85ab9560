"""Build the index from the seeds, and open it for search, rebuilding when it is stale or foreign."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from rag.index.chunking import CHUNKER_VERSION, CorpusChunks, chunk_corpus
from rag.index.embedding import Embedder, embed_with_cache
from rag.index.store import (
    SCHEMA_VERSION,
    IndexError_,
    Manifest,
    StoredIndex,
    load_index,
    now_iso,
    read_manifest,
    save_index,
    staleness,
)
from rag.ingest.corpus import SUFFIXES, read_corpus, source_hashes
from rag.ingest.documents import display_name
from rag.settings import Settings
from rag.text.glossary import Glossary
from rag.types import Document


@dataclass(frozen=True)
class BuildReport:
    corpus: CorpusChunks
    documents: int
    problems: tuple[str, ...]
    seconds: float
    embedded: int = 0  # chunk texts embedded now (the rest came from the embedding cache)


def expected_manifest(settings: Settings, embedder: Embedder, dimension: int = 0) -> Manifest:
    """What a current index's manifest must say (the dimension is only known once the model is loaded)."""
    return Manifest(
        schema_version=SCHEMA_VERSION,
        chunker_version=f"{CHUNKER_VERSION}/s{settings.chunk_sentences}o{settings.chunk_overlap}m{settings.chunk_max_chars}",
        embedder=embedder.name,
        embedder_files=embedder.fingerprint(),
        dimension=dimension,
        sources=source_hashes(settings.seeds_dir, settings.max_file_mb),
        counts={},
    )


def document_records(documents: list[Document], corpus: CorpusChunks) -> dict[str, dict]:
    """What `rag documents` shows of each document: format, title, pages, chunk and table counts, warnings, and the
    table report (`rag.ingest.coverage`: tables found, numeric cells read)."""
    chunks = Counter(chunk.doc_name for chunk in corpus.chunks)
    tables = Counter(table.doc_name for table in corpus.tables)
    coverage = {c.doc_name: c.to_dict() for c in corpus.coverage}
    return {
        doc.name: {
            "format": doc.format,
            "title": doc.title,
            "pages": doc.page_count,
            "chunks": chunks[doc.name],
            "tables": tables[doc.name],
            "warnings": list(doc.warnings),
            "table_coverage": coverage.get(doc.name, {}),
        }
        for doc in documents
    }


def build_index(
    settings: Settings,
    embedder: Embedder,
    glossary: Glossary,
    log: Callable[[str], None] = print,
    progress: bool = True,
) -> BuildReport:
    started = time.perf_counter()
    log(f"reading the documents in {settings.seeds_dir}")
    documents, skipped = read_corpus(settings.seeds_dir, settings.max_file_mb, log=log if progress else None)
    for problem in skipped.values():
        log(f"skipped {problem}")
    for doc in documents:
        for warning in doc.warnings:
            log(f"note {display_name(doc.name)}: {warning}")
    if not documents:
        raise IndexError_(
            f"no readable documents in {settings.seeds_dir}; add reports there ({' '.join(SUFFIXES)}) "
            "or add them with `rag add FILE`"
        )
    corpus = chunk_corpus(documents, glossary, settings)
    log(
        f"{len(documents)} documents -> {corpus.count('prose')} prose chunks, {len(corpus.tables)} tables "
        f"({corpus.count('table_row')} row chunks); glossary covers {corpus.labels_glossed}/{corpus.labels_total} "
        "table labels"
    )
    stats: dict = {}
    vectors = embed_with_cache(
        embedder,
        [chunk.text for chunk in corpus.chunks],
        None,
        settings.cache_dir / "embeddings",
        settings.embed_dtype,
        show_progress=progress,
        stats=stats,
    )
    log(f"embedded {stats.get('embedded', 0)} new chunk texts ({stats.get('cached', 0)} from the cache)")
    seconds = time.perf_counter() - started
    manifest = expected_manifest(settings, embedder, int(vectors.shape[1]))
    manifest = Manifest(
        **{
            **manifest.__dict__,
            "counts": {
                "documents": len(documents),
                "chunks": len(corpus.chunks),
                "tables": len(corpus.tables),
                "prose": corpus.count("prose"),
                "table_rows": corpus.count("table_row"),
                "facts": len(corpus.facts),
                "labels_glossed": corpus.labels_glossed,
                "labels_total": corpus.labels_total,
            },
            "built_at": now_iso(),
            "build_seconds": round(seconds, 1),
            "documents": document_records(documents, corpus),
            "skipped": {name: problem for name, problem in skipped.items() if name},
        }
    )
    save_index(settings.index_dir, manifest, corpus.chunks, corpus.tables, vectors, corpus.facts)
    return BuildReport(corpus, len(documents), tuple(skipped.values()), seconds, stats.get("embedded", 0))


def index_status(settings: Settings, embedder: Embedder) -> list[str]:
    """Reasons the index on disk cannot be used as is; empty when it is current."""
    try:
        manifest = read_manifest(settings.index_dir)
    except IndexError_ as exc:
        return [str(exc)]
    return staleness(manifest, expected_manifest(settings, embedder))


def open_index(
    settings: Settings, embedder: Embedder, glossary: Glossary, rebuild: bool = True, log: Callable[[str], None] = print
) -> StoredIndex:
    """Load a current index; rebuild a missing, stale, foreign or corrupt one, or refuse when `rebuild` is off."""
    reasons = index_status(settings, embedder)
    if not reasons:
        try:
            return load_index(settings.index_dir)
        except IndexError_ as exc:
            reasons = [str(exc)]
    if not rebuild:
        raise IndexError_(f"the index cannot be used ({'; '.join(reasons)}); run `rag index` to rebuild it")
    log(f"building the index ({'; '.join(reasons)})")
    build_index(settings, embedder, glossary, log=log)
    return load_index(settings.index_dir)
