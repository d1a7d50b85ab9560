"""The on-disk index: round trip, manifest, staleness, corrupt files, atomic replacement. Fake embedder only."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

import rag.index.build
import rag.index.embedding
from rag.index.build import build_index, expected_manifest, index_status, open_index
from rag.index.chunking import CHUNKER_VERSION, chunk_corpus
from rag.index.store import FILES, SCHEMA_VERSION, IndexError_, Manifest, load_index, read_manifest, staleness
from rag.ingest.corpus import load_documents
from rag.settings import Settings
from rag.text.glossary import Glossary
from rag.types import Cell, Column, Table, TableRow, Unit
from tests.fakes import EmbedderFailure, HashEmbedder


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def build(settings: Settings, embedder: HashEmbedder, glossary: Glossary):
    return build_index(settings, embedder, glossary, log=lambda _msg: None, progress=False)


@pytest.fixture
def built(settings: Settings, glossary: Glossary) -> HashEmbedder:
    embedder = HashEmbedder()
    build(settings, embedder, glossary)
    return embedder


def snapshot(index_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(index_dir.iterdir())}


def expected_corpus(settings: Settings, glossary: Glossary):
    documents, problems = load_documents(settings.seeds_dir)
    assert problems == []
    return chunk_corpus(documents, glossary, settings)


# --- round trip ----------------------------------------------------------------------------------------------


def test_load_index_round_trips_chunks_and_tables(settings, glossary, built):
    corpus = expected_corpus(settings, glossary)
    stored = load_index(settings.index_dir)
    assert list(stored.chunks) == corpus.chunks
    assert [c.id for c in stored.chunks] == [c.id for c in corpus.chunks]
    assert [c.meta for c in stored.chunks] == [c.meta for c in corpus.chunks]  # meta is excluded from ==
    assert [c.heading for c in stored.chunks] == [c.heading for c in corpus.chunks]
    assert all(isinstance(c.heading, tuple) for c in stored.chunks)
    assert list(stored.tables) == corpus.tables
    assert stored.vectors.ntotal == len(corpus.chunks)
    assert stored.vectors.d == built.dimension


def test_round_trip_keeps_nested_table_records(settings, built):
    table = load_index(settings.index_dir).table("1-1")
    assert isinstance(table, Table)
    assert table.doc_name == "b_tables.txt"
    assert isinstance(table.unit, Unit) and table.unit.scale == 1e8 and table.unit.currency == "USD"
    assert table.unit_line == "Unit: USD 100 million, %"
    assert table.source == "Ministry of Commerce statistical bulletin."
    assert table.header_rows == (("行业", "2021", "2022", "增长率"),)
    assert all(isinstance(column, Column) for column in table.columns)
    assert [c.header for c in table.columns] == ["2021", "2022", "增长率"]
    assert table.columns[0].parts == ("2021",)
    assert table.columns[2].unit == Unit(raw="%", label="%", kind="percent")
    assert all(isinstance(row, TableRow) for row in table.rows)
    assert [row.label for row in table.rows] == ["制造业", "金融业", "合计"]
    assert table.rows[1].cells == (Cell("268.0", 268.0), Cell("221.2", 221.2), Cell("-17.5", -17.5))
    assert table.rows[0].line == 6
    assert load_index(settings.index_dir).table("1-1", doc_name="a_policy.txt") is None
    assert load_index(settings.index_dir).table("9-9") is None


def test_vectors_are_the_embedders_vectors(settings, built):
    stored = load_index(settings.index_dir)
    chunk = stored.chunks[0]
    vector = stored.vectors.reconstruct(0)
    assert vector == pytest.approx(built.vector(f"{chunk.title}\n{chunk.body}"), abs=1e-6)


# --- manifest ------------------------------------------------------------------------------------------------


def test_manifest_records_what_the_index_was_built_from(settings, glossary, built, small_seeds):
    import hashlib

    manifest = read_manifest(settings.index_dir)
    raw = json.loads((settings.index_dir / "manifest.json").read_text(encoding="utf-8"))
    assert raw["schema_version"] == SCHEMA_VERSION == manifest.schema_version
    assert manifest.chunker_version == f"{CHUNKER_VERSION}/s4o1m900"
    assert manifest.embedder == "hash-embedder"
    assert manifest.embedder_files == {"hash-embedder": "v1"}
    assert manifest.dimension == built.dimension == 128
    assert manifest.sources == {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(small_seeds.iterdir())
    }
    assert len(manifest.sources) == 2
    corpus = expected_corpus(settings, glossary)
    coverage = manifest.documents["b_tables.txt"]["table_coverage"]
    assert (coverage["tables"], coverage["numeric_cells"], coverage["cells_without_value"]) == (1, 9, 0)
    assert manifest.documents["a_policy.txt"]["table_coverage"]["tables"] == 0
    assert manifest.counts == {
        "documents": 2,
        "chunks": len(corpus.chunks),
        "tables": 1,
        "prose": corpus.count("prose"),
        "table_rows": 3,
        "labels_glossed": corpus.labels_glossed,
        "labels_total": corpus.labels_total,
        "facts": len(corpus.facts),
    }
    assert manifest.counts["chunks"] == manifest.counts["prose"] + 3 + 1
    assert manifest.built_at.endswith("Z")


def test_index_reports_table_coverage_per_document(settings, built):
    coverage = load_index(settings.index_dir).table_coverage
    assert sorted(coverage) == ["a_policy.txt", "b_tables.txt"]
    tables = coverage["b_tables.txt"]
    assert (tables.tables, tables.missed_blocks, tables.cell_share) == (1, 0, 1.0)
    assert tables.complete and tables.line().startswith("b_tables.txt: 1 tables, 0 tab blocks")


def test_chunker_version_follows_the_chunking_settings(settings):
    embedder = HashEmbedder()
    a = expected_manifest(settings, embedder).chunker_version
    b = expected_manifest(replace(settings, chunk_overlap=0), embedder).chunker_version
    c = expected_manifest(replace(settings, chunk_max_chars=500), embedder).chunker_version
    assert len({a, b, c}) == 3


# --- staleness -----------------------------------------------------------------------------------------------


def test_unchanged_setup_is_current(settings, built):
    assert index_status(settings, HashEmbedder()) == []
    assert staleness(read_manifest(settings.index_dir), read_manifest(settings.index_dir)) == []


def test_changed_seed_file_is_stale(settings, built, small_seeds):
    with (small_seeds / "a_policy.txt").open("a", encoding="utf-8") as handle:
        handle.write("A new closing sentence.\n")
    reasons = index_status(settings, HashEmbedder())
    assert reasons == ["sources changed: a_policy.txt"]


def test_added_file_is_stale(settings, built, small_seeds):
    (small_seeds / "c_new.md").write_text("# New\n\nMore text.\n", encoding="utf-8")
    assert index_status(settings, HashEmbedder()) == ["sources changed: c_new.md"]


def test_removed_file_is_stale(settings, built, small_seeds):
    (small_seeds / "b_tables.txt").unlink()
    assert index_status(settings, HashEmbedder()) == ["sources changed: b_tables.txt"]


def test_different_embedder_name_is_stale(settings, built):
    reasons = index_status(settings, HashEmbedder(name="other-model"))
    assert len(reasons) == 1 and "different embedding model" in reasons[0]


def test_different_embedder_fingerprint_is_stale(settings, built):
    reasons = index_status(settings, HashEmbedder(fingerprint={"hash-embedder": "v2"}))
    assert len(reasons) == 1 and "different embedding model" in reasons[0]


def test_different_chunker_settings_are_stale(settings, built):
    reasons = index_status(replace(settings, chunk_sentences=3), HashEmbedder())
    assert len(reasons) == 1 and reasons[0].startswith("chunker ")


def test_different_chunker_version_is_stale(settings, built, monkeypatch):
    monkeypatch.setattr(rag.index.build, "CHUNKER_VERSION", CHUNKER_VERSION + "-next")
    reasons = index_status(settings, HashEmbedder())
    assert len(reasons) == 1 and reasons[0].startswith("chunker ")


def test_staleness_compares_dimension_and_schema(settings, built):
    on_disk = read_manifest(settings.index_dir)
    assert staleness(on_disk, replace(on_disk, dimension=256)) == ["dimension 128 != 256"]
    assert staleness(on_disk, replace(on_disk, dimension=0)) == []  # dimension not known yet: not compared
    assert staleness(on_disk, replace(on_disk, schema_version=SCHEMA_VERSION + 1)) == [
        f"index format {SCHEMA_VERSION} != {SCHEMA_VERSION + 1}"
    ]


def test_missing_index_is_reported(settings):
    reasons = index_status(settings, HashEmbedder())
    assert len(reasons) == 1 and "rag index" in reasons[0]


# --- open_index ----------------------------------------------------------------------------------------------


def test_open_index_loads_a_current_index_without_embedding(settings, glossary, built):
    embedder = HashEmbedder()
    stored = open_index(settings, embedder, glossary, rebuild=False, log=lambda _m: None)
    assert len(stored.chunks) == read_manifest(settings.index_dir).counts["chunks"]
    assert embedder.calls == 0


def test_open_index_refuses_a_stale_index_without_rebuild(settings, glossary, built, small_seeds):
    (small_seeds / "c_new.txt").write_text("Another report about trade.\n", encoding="utf-8")
    before = snapshot(settings.index_dir)
    with pytest.raises(IndexError_) as info:
        open_index(settings, HashEmbedder(), glossary, rebuild=False, log=lambda _m: None)
    message = str(info.value)
    assert "rag index" in message and "c_new.txt" in message and "\n" not in message
    assert snapshot(settings.index_dir) == before


def test_open_index_refuses_a_missing_index_without_rebuild(settings, glossary):
    with pytest.raises(IndexError_, match="rag index"):
        open_index(settings, HashEmbedder(), glossary, rebuild=False, log=lambda _m: None)
    assert not settings.index_dir.exists()


def test_open_index_rebuilds_a_stale_index(settings, glossary, built, small_seeds):
    with (small_seeds / "a_policy.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nChapter 3 Annex\n\nThe annex lists 42 projects in detail.\n")
    embedder = HashEmbedder()
    messages: list[str] = []
    stored = open_index(settings, embedder, glossary, rebuild=True, log=messages.append)
    assert embedder.document_calls > 0  # the new chunk had to be embedded
    assert any("building the index" in m and "a_policy.txt" in m for m in messages)
    assert any("42 projects" in chunk.text for chunk in stored.chunks)
    assert index_status(settings, embedder) == []


def test_open_index_builds_a_missing_index(settings, glossary):
    embedder = HashEmbedder()
    stored = open_index(settings, embedder, glossary, rebuild=True, log=lambda _m: None)
    assert embedder.document_calls == len(stored.chunks)
    assert sorted(p.name for p in settings.index_dir.iterdir()) == sorted(FILES)


def test_open_index_rebuilds_for_another_embedder(settings, glossary, built):
    other = HashEmbedder(name="other-model", dimension=32)
    stored = open_index(settings, other, glossary, rebuild=True, log=lambda _m: None)
    assert other.document_calls == len(stored.chunks)  # no vectors reused across models
    assert stored.vectors.d == 32
    assert read_manifest(settings.index_dir).embedder == "other-model"


def test_open_index_rebuilds_a_corrupt_index(settings, glossary, built):
    (settings.index_dir / "vectors.faiss").write_bytes(b"not a faiss index")
    stored = open_index(settings, HashEmbedder(), glossary, rebuild=True, log=lambda _m: None)
    assert stored.vectors.ntotal == len(stored.chunks)


def test_embedding_cache_reuses_vectors_on_a_forced_rebuild(settings, glossary, built):
    again = HashEmbedder()
    build(settings, again, glossary)
    assert again.document_calls == 0
    assert built.document_calls == read_manifest(settings.index_dir).counts["chunks"]


# --- corrupt files -------------------------------------------------------------------------------------------


def assert_one_line_naming(exc: IndexError_, path: Path) -> None:
    message = str(exc)
    assert "\n" not in message
    assert str(path) in message
    assert "rag index" in message


def test_truncated_chunks_line_is_reported(settings, built):
    path = settings.index_dir / "chunks.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2][: len(lines[2]) // 2] + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(IndexError_) as info:
        load_index(settings.index_dir)
    assert_one_line_naming(info.value, path)
    assert "line 3" in str(info.value)


def test_truncated_chunks_file_is_reported(settings, built):
    path = settings.index_dir / "chunks.jsonl"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    with pytest.raises(IndexError_) as info:
        load_index(settings.index_dir)
    assert_one_line_naming(info.value, path)


def test_garbage_vectors_are_reported(settings, built):
    path = settings.index_dir / "vectors.faiss"
    path.write_bytes(b"\x00garbage" * 10)
    with pytest.raises(IndexError_) as info:
        load_index(settings.index_dir)
    assert_one_line_naming(info.value, path)


@pytest.mark.parametrize("content", ["{not json", '{"schema_version": 1}', ""])
def test_invalid_manifest_is_reported(settings, built, content):
    path = settings.index_dir / "manifest.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IndexError_) as info:
        load_index(settings.index_dir)
    assert_one_line_naming(info.value, path)


@pytest.mark.parametrize("content", ["[]", "null"])
def test_non_object_manifest_is_reported(settings, built, content):
    path = settings.index_dir / "manifest.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IndexError_) as info:
        load_index(settings.index_dir)
    assert_one_line_naming(info.value, path)


def test_null_chunk_line_is_reported(settings, built):
    path = settings.index_dir / "chunks.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = "null\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(IndexError_) as info:
        load_index(settings.index_dir)
    assert_one_line_naming(info.value, path)


def test_corrupt_tables_are_reported(settings, built):
    path = settings.index_dir / "tables.json"
    path.write_text('[{"doc_name": "x"}]', encoding="utf-8")
    with pytest.raises(IndexError_) as info:
        load_index(settings.index_dir)
    assert_one_line_naming(info.value, path)


@pytest.mark.parametrize("name", ["tables.json", "chunks.jsonl", "vectors.faiss"])
def test_missing_file_is_reported(settings, built, name):
    path = settings.index_dir / name
    path.unlink()
    with pytest.raises(IndexError_) as info:
        load_index(settings.index_dir)
    assert_one_line_naming(info.value, path)
    assert "missing" in str(info.value)


def test_missing_manifest_means_no_index(settings, built):
    (settings.index_dir / "manifest.json").unlink()
    with pytest.raises(IndexError_, match="no index in .*rag index"):
        load_index(settings.index_dir)


def test_chunk_count_mismatch_is_reported(settings, built):
    path = settings.index_dir / "chunks.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(IndexError_, match="inconsistent"):
        load_index(settings.index_dir)


# --- files written -------------------------------------------------------------------------------------------


def test_only_the_four_known_files_are_written(settings, built, tmp_path):
    assert sorted(p.name for p in settings.index_dir.iterdir()) == sorted(FILES)
    assert not list(tmp_path.rglob("*.pkl")) and not list(tmp_path.rglob("*.pickle"))
    assert not [p for p in settings.index_dir.parent.iterdir() if p.name.startswith(".index-")]  # no staging left
    for name in ("manifest.json", "tables.json"):
        json.loads((settings.index_dir / name).read_text(encoding="utf-8"))
    for line in (settings.index_dir / "chunks.jsonl").read_text(encoding="utf-8").splitlines():
        assert isinstance(json.loads(line)["id"], str)


def test_rebuild_keeps_foreign_files_in_the_index_folder(settings, glossary, built):
    (settings.index_dir / "README.md").write_text("keep me", encoding="utf-8")
    build(settings, HashEmbedder(), glossary)
    assert (settings.index_dir / "README.md").read_text(encoding="utf-8") == "keep me"


def test_same_seeds_give_the_same_index_files(settings, glossary, built):
    first = snapshot(settings.index_dir)
    build(settings, HashEmbedder(), glossary)
    second = snapshot(settings.index_dir)
    for name in ("chunks.jsonl", "tables.json", "vectors.faiss"):
        assert first[name] == second[name]


# --- failed builds -------------------------------------------------------------------------------------------


def test_failed_embedding_leaves_the_previous_index_intact(settings, glossary, built, small_seeds):
    before = snapshot(settings.index_dir)
    with (small_seeds / "a_policy.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nChapter 3 Annex\n\nThe annex lists 42 projects in detail.\n")
    failing = HashEmbedder(name="other-model", fail_after=2)  # another model: nothing cached, all to embed
    with pytest.raises(EmbedderFailure):
        build(settings, failing, glossary)
    assert failing.document_calls == 2  # it did fail mid-way
    assert snapshot(settings.index_dir) == before
    assert len(load_index(settings.index_dir).chunks) == read_manifest(settings.index_dir).counts["chunks"]
    assert not [p for p in settings.index_dir.parent.iterdir() if p.name.startswith(".index-")]


def test_an_interrupted_build_keeps_the_embeddings_it_made(settings, glossary, monkeypatch):
    """The cache is written part by part: a build that fails after two parts re-embeds only the rest next time."""
    monkeypatch.setattr(rag.index.embedding, "CACHE_PART", 2)
    texts = len({chunk.text for chunk in expected_corpus(settings, glossary).chunks})
    assert texts > 6  # more than three parts to embed

    class FailsOnThirdPart(HashEmbedder):
        def embed_documents(self, texts, titles=None, show_progress=False):
            if self.document_calls >= 4:
                raise EmbedderFailure("simulated failure on the third part")
            return super().embed_documents(texts, titles, show_progress)

    with pytest.raises(EmbedderFailure):
        build(settings, FailsOnThirdPart(name="fresh-model"), glossary)
    again = HashEmbedder(name="fresh-model")
    build(settings, again, glossary)
    assert again.document_calls == texts - 4


def test_failed_write_leaves_the_previous_index_intact(settings, glossary, built, monkeypatch):
    before = snapshot(settings.index_dir)

    def broken_save(index_dir, manifest, chunks, tables, vectors):
        chunks = [replace(chunks[0], meta={"unserialisable": object()}), *chunks[1:]]
        return original(index_dir, manifest, chunks, tables, vectors)

    original = rag.index.build.save_index
    monkeypatch.setattr(rag.index.build, "save_index", broken_save)
    with pytest.raises(TypeError):
        build(settings, HashEmbedder(), glossary)
    assert snapshot(settings.index_dir) == before
    assert not [p for p in settings.index_dir.parent.iterdir() if p.name.startswith(".index-")]


def test_interrupted_swap_never_passes_a_stale_index_as_current(settings, glossary, built, small_seeds, monkeypatch):
    with (small_seeds / "a_policy.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nChapter 3 Annex\n\nThe annex lists 42 projects in detail.\n")
    real_replace = Path.replace
    renamed: list[str] = []
    crash = [True]

    def flaky_replace(self, target):
        if crash[0] and Path(target).parent == settings.index_dir:
            if renamed:
                raise OSError("simulated crash during the swap")
            renamed.append(Path(target).name)
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", flaky_replace)
    with pytest.raises(OSError):
        build(settings, HashEmbedder(), glossary)
    crash[0] = False
    assert len(renamed) == 1  # exactly one file of the new index was swapped in
    # Whatever is on disk now must either be reported stale or hold the new content.
    if not index_status(settings, HashEmbedder()):
        stored = load_index(settings.index_dir)
        assert any("42 projects" in chunk.text for chunk in stored.chunks)


def test_manifest_from_dict_ignores_unknown_keys(settings, built):
    data = json.loads((settings.index_dir / "manifest.json").read_text(encoding="utf-8"))
    data["future_field"] = 1
    assert Manifest.from_dict(data) == read_manifest(settings.index_dir)


@pytest.mark.parametrize(
    ("change", "suffix"),
    [
        ({"embed_max_tokens": 256}, "+max256"),
        ({"embed_quantize": "int8"}, "+int8"),
        ({"embed_dim": 256}, "@256"),
        ({"embed_dtype": "bfloat16"}, "+bfloat16"),
    ],
)
def test_settings_that_change_the_vectors_make_the_index_stale(settings, change, suffix):
    """An index built with one embedding set-up is stale for another (the model name carries the set-up)."""
    from rag.index.embedding import SentenceTransformerEmbedder

    unlimited = replace(settings, embedder="local-model", embed_max_tokens=None, embed_backend="torch")
    plain = SentenceTransformerEmbedder(unlimited)
    changed = SentenceTransformerEmbedder(replace(unlimited, **change))
    assert plain.name == "local-model" and changed.name == "local-model" + suffix
    on_disk = expected_manifest(settings, plain, 768)
    reasons = staleness(on_disk, expected_manifest(settings, changed, 768))
    assert any("different embedding model" in reason for reason in reasons)
    assert staleness(on_disk, expected_manifest(settings, plain, 768)) == []


# --- typed records and file hashes --------------------------------------------------------------------------------


def test_manifest_records_the_sha256_of_each_index_file(settings, built):
    import hashlib

    manifest = read_manifest(settings.index_dir)
    assert set(manifest.files) == {"chunks.jsonl", "tables.json", "facts.jsonl", "vectors.faiss"}
    for name, digest in manifest.files.items():
        assert hashlib.sha256((settings.index_dir / name).read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"sources": None}, "sources is null"),
        ({"dimension": "128"}, "dimension is text ('128'), expected a whole number"),
        ({"dimension": True}, "dimension is true/false"),
        ({"counts": {"chunks": "9"}}, "counts['chunks'] is text"),
        ({"sources": {"a.txt": 5}}, "sources['a.txt'] is a number"),
    ],
)
def test_mistyped_manifest_fields_are_named(settings, built, change, words):
    path = settings.index_dir / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(change)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IndexError_) as info:
        load_index(settings.index_dir)
    assert_one_line_naming(info.value, path)
    assert words in str(info.value)


def test_a_replaced_index_file_fails_its_hash(settings, built):
    path = settings.index_dir / "tables.json"
    path.write_text(path.read_text(encoding="utf-8").replace("271.5", "171.5"), encoding="utf-8")
    with pytest.raises(IndexError_, match="SHA-256 differs"):
        load_index(settings.index_dir)


def test_dimension_mismatch_is_named(settings, built):
    path = settings.index_dir / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["dimension"] = 64
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IndexError_, match="vectors of dimension 128, the manifest says 64"):
        load_index(settings.index_dir)


def test_facts_are_stored_and_read_on_first_use(settings, glossary, built):
    corpus = expected_corpus(settings, glossary)
    stored = load_index(settings.index_dir)
    assert "facts" not in stored.__dict__  # not read when the index is opened
    assert stored.facts == corpus.facts and stored.facts
    assert stored.manifest.counts["facts"] == len(corpus.facts)
    assert stored.scoped([corpus.facts[0].doc_name]).facts == tuple(
        fact for fact in corpus.facts if fact.doc_name == corpus.facts[0].doc_name
    )


def test_a_replaced_facts_file_is_caught_when_read(settings, built):
    path = settings.index_dir / "facts.jsonl"
    path.write_text(path.read_text(encoding="utf-8").replace('"value": ', '"value": 1', 1), encoding="utf-8")
    stored = load_index(settings.index_dir)
    with pytest.raises(IndexError_, match="facts.jsonl is not the file"):
        _ = stored.facts
