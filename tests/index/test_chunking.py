"""Chunking of the real seed reports, and the prose windowing on synthetic documents."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.index.chunking import CorpusChunks, _sentences_by_section, _windows, chunk_corpus, prose_chunks, table_title
from rag.ingest.corpus import load_documents
from rag.ingest.tables import table_line_ranges
from rag.settings import PROJECT_ROOT, Settings
from rag.text.glossary import Glossary
from rag.types import Document

SEEDS = PROJECT_ROOT / "seeds"


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    tmp = tmp_path_factory.mktemp("chunking")
    return Settings(seeds_dir=SEEDS, index_dir=tmp / "index", cache_dir=tmp / "cache")


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    docs, problems = load_documents(SEEDS)
    assert problems == []
    return {doc.name: doc for doc in docs}


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


@pytest.fixture(scope="module")
def corpus(documents, glossary, settings) -> CorpusChunks:
    return chunk_corpus(documents.values(), glossary, settings)


def prose(corpus: CorpusChunks):
    return [chunk for chunk in corpus.chunks if chunk.kind == "prose"]


# --- table chunks --------------------------------------------------------------------------------------------


def test_nineteen_tables_each_with_one_whole_table_chunk(corpus):
    assert len(corpus.tables) == 19
    whole = [chunk for chunk in corpus.chunks if chunk.kind == "table"]
    assert sorted((c.doc_name, c.table_id) for c in whole) == sorted((t.doc_name, t.table_id) for t in corpus.tables)
    for table in corpus.tables:
        chunk = next(c for c in whole if c.table_id == table.table_id and c.doc_name == table.doc_name)
        assert (chunk.start_line, chunk.end_line) == (table.title_line, table.end_line)
        assert chunk.text.startswith(table_title(table))
        assert chunk.title == table_title(table)
        # every record appears in the whole-table chunk
        assert len(chunk.text.splitlines()) >= len(table.rows) + 1


def test_one_row_chunk_per_table_row(corpus):
    rows = [chunk for chunk in corpus.chunks if chunk.kind == "table_row"]
    assert len(rows) == sum(len(table.rows) for table in corpus.tables)
    for table in corpus.tables:
        mine = [c for c in rows if c.table_id == table.table_id and c.doc_name == table.doc_name]
        assert [c.row_index for c in mine] == list(range(len(table.rows)))
        assert [c.row_label for c in mine] == [row.label for row in table.rows]
        assert [c.start_line for c in mine] == [row.line for row in table.rows]


def test_row_chunks_carry_glossed_label_and_values(corpus, glossary):
    for table in corpus.tables:
        chunks = [c for c in corpus.chunks if c.kind == "table_row" and c.table_id == table.table_id]
        for chunk, row in zip(chunks, table.rows, strict=True):
            label_line = chunk.text.splitlines()[1]  # title, then the row, then unit and source
            assert glossary.annotate(row.label) in label_line
            for cell in row.cells[: len(table.columns)]:
                assert cell.text in label_line
            assert chunk.meta == {"table_id": table.table_id}
            assert chunk.text.splitlines()[0] == f"Table {table.table_id}: {table.toc_title}"


def test_manufacturing_row_is_glossed(corpus):
    rows = [c for c in corpus.chunks if c.kind == "table_row" and c.row_label == "制造业"]
    assert rows
    for chunk in rows:
        assert "制造业 (manufacturing)" in chunk.text
    table = next(t for t in corpus.tables if t.table_id == rows[0].table_id)
    row = table.rows[rows[0].row_index]
    assert all(cell.text in rows[0].text for cell in row.cells[: len(table.columns)])
    assert rows[0].locator == f"table {table.table_id}, row 制造业 (line {row.line})"


def test_glossary_covers_every_table_label(corpus):
    assert corpus.labels_total > 100
    assert corpus.labels_glossed == corpus.labels_total
    assert corpus.labels_missing == ()


# --- prose chunks --------------------------------------------------------------------------------------------


def test_prose_chunks_never_include_table_lines(corpus, documents):
    table_rows_text = {documents[t.doc_name].lines[row.line - 1].strip() for t in corpus.tables for row in t.rows}
    for chunk in prose(corpus):
        assert "\t" not in chunk.text
        body = chunk.body
        assert not any(line in body for line in table_rows_text if len(line) > 12)
    for name in documents:
        skipped = table_line_ranges(t for t in corpus.tables if t.doc_name == name)
        for chunk in prose(corpus):
            if chunk.doc_name == name:
                assert chunk.start_line not in skipped and chunk.end_line not in skipped


def test_every_chunk_lies_within_its_document(corpus, documents):
    for chunk in corpus.chunks:
        assert chunk.doc_name in documents
        assert 1 <= chunk.start_line <= chunk.end_line <= len(documents[chunk.doc_name].lines)


def test_prose_chunks_start_with_their_title(corpus, documents):
    for chunk in prose(corpus):
        doc = documents[chunk.doc_name]
        assert chunk.title.startswith(doc.title)
        assert chunk.text == f"{chunk.title}\n{chunk.body}"
        assert chunk.heading == doc.heading_at(chunk.start_line)


def test_chunk_ids_are_unique_and_stable(corpus, documents, glossary, settings):
    ids = [chunk.id for chunk in corpus.chunks]
    assert len(set(ids)) == len(ids)
    again = chunk_corpus(load_documents(SEEDS)[0], glossary, settings)
    assert [chunk.id for chunk in again.chunks] == ids
    assert again.chunks == corpus.chunks


def test_chunk_ids_depend_on_the_text(corpus):
    chunk = prose(corpus)[0]
    assert replace(chunk, text=chunk.text + " ").id != chunk.id
    assert replace(chunk, meta={"x": 1}).id == chunk.id


# --- windowing -----------------------------------------------------------------------------------------------


def sections(documents, corpus):
    for name, doc in documents.items():
        skip = table_line_ranges(t for t in corpus.tables if t.doc_name == name)
        yield from (sentences for _heading, sentences in _sentences_by_section(doc, skip))


@pytest.mark.parametrize(("size", "overlap", "max_chars"), [(4, 1, 900), (3, 0, 400), (5, 2, 300), (1, 0, 900)])
def test_windows_on_the_seeds(documents, corpus, size, overlap, max_chars):
    checked = 0
    for sentences in sections(documents, corpus):
        windows = list(_windows(sentences, size, overlap, max_chars))
        assert windows[0][0] == 0 and windows[-1][1] == len(sentences)  # every sentence is covered
        for start, end in windows:
            assert 1 <= end - start <= size
            chars = sum(len(text) for _, text in sentences[start:end])
            assert chars <= max_chars or end - start == 1  # only a single long sentence may exceed the limit
            if end < len(sentences) and end - start < size:  # stopped early: the next sentence did not fit
                assert chars + len(sentences[end][1]) > max_chars
        for (start, end), (next_start, _next_end) in zip(windows, windows[1:], strict=False):
            expected = min(overlap, end - start - 1)  # a window always moves on by at least one sentence
            carried = sum(len(text) for _, text in sentences[end - expected : end])
            if carried + len(sentences[end][1]) <= max_chars:
                assert end - next_start == expected
            else:  # the overlap would leave no room for the next sentence: it is dropped
                assert next_start == end
            checked += 1
    assert checked > 100


def doc_from(lines: list[str], heading: str = "Section A") -> Document:
    return Document(
        name="synthetic.txt",
        title="Synthetic report",
        lines=tuple(lines),
        headings=tuple((heading,) for _ in lines),
        sha256="0" * 64,
    )


SENTENCES = [f"Sentence number {word} is about exports of {n}0 units." for n, word in enumerate("ABCDEFGHIJ", 1)]


def bodies(doc: Document, **overrides) -> list[str]:
    settings = replace(Settings(), **overrides)
    return [chunk.body for chunk in prose_chunks(doc, set(), settings)]


def test_consecutive_chunks_share_exactly_the_overlap_sentence():
    doc = doc_from([" ".join(SENTENCES[:5]), " ".join(SENTENCES[5:])])
    chunks = bodies(doc, chunk_sentences=4, chunk_overlap=1, chunk_max_chars=900)
    assert chunks == [
        " ".join(SENTENCES[0:4]),
        " ".join(SENTENCES[3:7]),
        " ".join(SENTENCES[6:10]),
    ]


def test_overlap_zero_and_two():
    doc = doc_from([" ".join(SENTENCES)])
    assert bodies(doc, chunk_sentences=3, chunk_overlap=0) == [
        " ".join(SENTENCES[0:3]),
        " ".join(SENTENCES[3:6]),
        " ".join(SENTENCES[6:9]),
        SENTENCES[9],
    ]
    assert bodies(doc, chunk_sentences=4, chunk_overlap=2) == [" ".join(SENTENCES[i : i + 4]) for i in (0, 2, 4, 6)]


def test_max_chars_cuts_windows_and_only_a_long_sentence_exceeds_it():
    long = "This single sentence is deliberately very long " + "and keeps going " * 20 + "until it ends."
    doc = doc_from([SENTENCES[0], SENTENCES[1], long, SENTENCES[2]])
    limit = 2 * len(SENTENCES[0]) + 5
    chunks = bodies(doc, chunk_sentences=4, chunk_overlap=1, chunk_max_chars=limit)
    assert chunks == [f"{SENTENCES[0]} {SENTENCES[1]}", long, SENTENCES[2]]
    assert [len(c) > limit for c in chunks] == [False, True, False]


def test_chunk_line_numbers_follow_the_sentences():
    doc = doc_from(["", SENTENCES[0], "", f"{SENTENCES[1]} {SENTENCES[2]}", SENTENCES[3]])
    chunks = prose_chunks(doc, set(), replace(Settings(), chunk_sentences=2, chunk_overlap=1))
    assert [(c.start_line, c.end_line) for c in chunks] == [(2, 4), (4, 4), (4, 5)]


def test_windows_never_loop_when_overlap_is_not_smaller_than_size():
    sentences = [(1, s) for s in SENTENCES[:4]]
    assert list(_windows(sentences, 2, 2, 900)) == [(0, 2), (1, 3), (2, 4)]
    assert list(_windows(sentences, 1, 3, 900)) == [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_sections_split_chunks_and_skip_lines():
    lines = [SENTENCES[0], SENTENCES[1], "a\tb\tc", SENTENCES[2], SENTENCES[3]]
    doc = Document(
        name="s.txt",
        title="S",
        lines=tuple(lines),
        headings=(("One",), ("One",), ("One",), ("Two",), ("Two",)),
        sha256="0" * 64,
    )
    chunks = prose_chunks(doc, {3}, replace(Settings(), chunk_sentences=4))
    assert [(c.heading, c.body) for c in chunks] == [
        (("One",), f"{SENTENCES[0]} {SENTENCES[1]}"),
        (("Two",), f"{SENTENCES[2]} {SENTENCES[3]}"),
    ]
    assert chunks[1].title == "S / Two"


def test_every_window_adds_a_new_sentence(documents, corpus):
    for sentences in sections(documents, corpus):
        windows = list(_windows(sentences, 4, 1, 900))
        for (_start, end), (_next_start, next_end) in zip(windows, windows[1:], strict=False):
            assert next_end > end


def test_table_title_without_a_toc_names_the_table_once(small_seeds, glossary):
    docs, _ = load_documents(small_seeds)
    small = chunk_corpus(docs, glossary, replace(Settings(), seeds_dir=small_seeds))
    (table,) = small.tables
    assert table.toc_title == ""
    assert table_title(table) == "Table 1-1: Outward investment flows by industry, 2021-2022"
