"""`rag add`, `rag documents` and the chat's upload: reports copied into the corpus folder, the index updated with
only the new chunks embedded, bad files refused by name. The embedder is the hashing fake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rag.engine
from rag import cli
from rag.batch import answer_cells
from rag.chat import _document_names, _where, upload_reports
from rag.engine import engine_over, open_retriever
from rag.settings import Settings
from rag.text.glossary import Glossary
from rag.types import Answer, Citation
from tests.fakes import HashEmbedder
from tests.ingest import samples

pytestmark = pytest.mark.usefixtures("isolated_env")


@pytest.fixture
def embedder(monkeypatch: pytest.MonkeyPatch) -> HashEmbedder:
    """One fake embedder for every command, so its counters show what each command embedded."""
    shared = HashEmbedder()
    monkeypatch.setattr(rag.engine, "load_components", lambda settings: (shared, Glossary.load()))
    return shared


@pytest.fixture
def paths(small_seeds: Path, tmp_path: Path) -> list[str]:
    return ["--seeds", str(small_seeds), "--index", str(tmp_path / "index")]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_add_copies_and_embeds_only_the_new_chunks(embedder, paths, small_seeds, inbox, capsys) -> None:
    assert cli.main(["index", *paths, "--quiet"]) == 0
    before = embedder.document_calls
    report = samples.docx_report(inbox)
    assert cli.main(["add", *paths, str(report)]) == 0
    out = capsys.readouterr().out
    assert (small_seeds / "review.docx").read_bytes() == report.read_bytes()
    assert "added review.docx" in out
    index = rag.engine.open_retriever(Settings(seeds_dir=small_seeds, index_dir=Path(paths[3])), rebuild=False).index
    new_chunks = sum(chunk.doc_name == "review.docx" for chunk in index.chunks)
    assert embedder.document_calls - before == new_chunks  # the two text seeds' chunks came from the cache
    assert f"{new_chunks} newly embedded" in out

    calls = embedder.document_calls
    assert cli.main(["add", *paths, str(report)]) == 0
    assert "unchanged review.docx" in capsys.readouterr().out and embedder.document_calls == calls


def test_add_refuses_bad_files_by_name(embedder, paths, small_seeds, inbox, capsys) -> None:
    (inbox / "empty.docx").write_bytes(b"")
    (inbox / "notes.pptx").write_bytes(b"PK")
    locked = samples.encrypted_pdf(inbox)
    good = samples.html_page(inbox)
    assert cli.main(["add", *paths, str(inbox / "empty.docx"), str(inbox / "notes.pptx"), str(locked), str(good)]) == 0
    captured = capsys.readouterr()
    assert "inbox/empty.docx: empty file (0 bytes); not added (add the report again)" in captured.err
    assert "inbox/notes.pptx: not a supported format; not added" in captured.err
    assert "inbox/locked.pdf: encrypted PDF; not added (save a copy without the password)" in captured.err
    assert "Traceback" not in captured.err
    assert sorted(p.name for p in small_seeds.iterdir()) == ["a_policy.txt", "b_tables.txt", "fleet.html"]
    assert cli.main(["add", *paths, str(inbox / "missing.pdf")]) == 1
    assert "inbox/missing.pdf: no such file; not added" in capsys.readouterr().err


def test_documents_lists_format_pages_chunks_tables_and_warnings(embedder, paths, small_seeds, capsys) -> None:
    samples.pdf_table_across_pages(small_seeds)
    samples.xlsx_workbook(small_seeds)
    samples.scanned_pdf(small_seeds)
    assert cli.main(["index", *paths, "--quiet"]) == 0
    capsys.readouterr()
    assert cli.main(["documents", *paths, "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    by_name = {doc["name"]: doc for doc in listing["documents"]}
    assert sorted(by_name) == ["a_policy.txt", "b_tables.txt", "budget.xlsx", "trade.pdf"]
    assert (by_name["trade.pdf"]["format"], by_name["trade.pdf"]["pages"], by_name["trade.pdf"]["tables"]) == (
        "pdf",
        2,
        1,
    )
    assert by_name["trade.pdf"]["chunks"] > 40
    assert by_name["budget.xlsx"]["warnings"][0].startswith("sheet Spending cell B9: formula =VLOOKUP")
    assert listing["skipped"]["scan.pdf"].endswith(
        "no text layer; OCR is not supported; skipped (use a PDF that has its text)"
    )
    assert listing["not_indexed"] == []

    samples.docx_report(small_seeds)
    assert cli.main(["documents", *paths]) == 0
    out = capsys.readouterr().out
    assert "trade.pdf" in out and "pdf" in out and "warning: sheet Spending cell B9" in out
    assert "skipped: " in out and "changed since the index was built: review.docx" in out


def test_documents_shows_the_table_report_of_a_document_short_of_the_goal(embedder, paths, small_seeds, capsys):
    rows = ["Table 1-1: Rates", "\t2019\t2018", "Risk-free rate\t1.7%-1.9%\t2.1%", "Term\t5\t5"]
    (small_seeds / "c_rates.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cli.main(["index", *paths, "--quiet"]) == 0
    capsys.readouterr()
    assert cli.main(["documents", *paths, "--json"]) == 0
    by_name = {doc["name"]: doc for doc in json.loads(capsys.readouterr().out)["documents"]}
    assert by_name["c_rates.txt"]["table_coverage"]["cells_without_value"] == 1
    assert by_name["b_tables.txt"]["table_coverage"]["numeric_cells"] == 9
    assert cli.main(["documents", *paths]) == 0
    out = capsys.readouterr().out
    assert "    tables: 1 tables, 0 tab blocks not read as a table; 3/4 numeric cells read (75.0 %)" in out
    assert out.count("    tables: ") == 1  # complete documents add no line


def test_documents_without_an_index_is_one_line(embedder, paths, capsys) -> None:
    assert cli.main(["documents", *paths]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("rag documents: error: no index in ") and "\n" not in err


def test_chat_upload_adds_a_report_the_next_question_can_cite(embedder, small_seeds, tmp_path, inbox) -> None:
    settings = Settings(seeds_dir=small_seeds, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")
    engine = engine_over(open_retriever(settings, log=lambda message: None))
    assert _document_names(engine) == ("a_policy.txt", "b_tables.txt")
    status = upload_reports(engine, settings, [str(samples.pdf_table_across_pages(inbox)), str(inbox / "nope.pdf")])
    assert "added trade.pdf" in status and "inbox/nope.pdf: no such file; not added" in status
    assert _document_names(engine) == ("a_policy.txt", "b_tables.txt", "trade.pdf")  # what the picker then lists
    answer = engine.ask("What were the exports of Region 25 in 2023?", "grounded", ("trade.pdf",))
    assert answer.source_value == 316.2
    [citation] = answer.citations
    assert _where(citation) == "table T1, row Region 25, column 2023 (page 2)"


def test_batch_sources_carry_the_page() -> None:
    citation = Citation(
        1, "trade.pdf", "table T1, row Region 25, column 2023 (page 2)", "q", 30, 30, page=2, end_page=2
    )
    cells = answer_cells(Answer("q", "text", (citation,), value=316.2), 1.0)
    assert cells["sources"] == "[1] trade.pdf, table T1, row Region 25, column 2023 (page 2)"
    assert json.loads(cells["citations"])[0]["page"] == 2
