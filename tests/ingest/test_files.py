"""Report files the tests make (tests/ingest/samples.py) read, indexed and asked about: each question's answer is a
table cell, checked for value, unit and page. The embedder is the hashing fake (no model); the files, readers,
table parser, chunker, index and grounded reader are the real ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rag.engine import engine_over
from rag.index.build import build_index
from rag.index.store import load_index
from rag.ingest.corpus import load_documents, read_file
from rag.ingest.documents import DocumentError
from rag.ingest.tables import parse_tables
from rag.retrieve.hybrid import HybridRetriever
from rag.settings import Settings
from rag.text.glossary import Glossary
from rag.text.thesaurus import Thesaurus
from tests.fakes import HashEmbedder
from tests.ingest import samples

pytestmark = pytest.mark.usefixtures("isolated_env")


def needs_cjk_font() -> None:
    """The Chinese PDF is set in Noto Sans CJK: `make unit` installs it (make cjk-fonts), so CI always has it."""
    if not samples.CJK_FONT.is_file():
        pytest.skip("fonts-noto-cjk is not installed (run `make cjk-fonts`)")


def ask(folder: Path, tmp_path: Path, question: str):
    """Index `folder` with the fake embedder and answer `question` with the grounded reader."""
    settings = Settings(seeds_dir=folder, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")
    embedder, glossary = HashEmbedder(), Glossary.load()
    build_index(settings, embedder, glossary, log=lambda message: None, progress=False)
    retriever = HybridRetriever(load_index(settings.index_dir), embedder, settings, glossary, Thesaurus.load())
    return engine_over(retriever).ask(question, "grounded")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "reports"
    path.mkdir()
    return path


# --- PDF -----------------------------------------------------------------------------------------------------


def test_pdf_table_across_a_page_break_is_one_table_with_pages(folder: Path) -> None:
    document = read_file(samples.pdf_table_across_pages(folder))
    assert (document.format, document.page_count) == ("pdf", 2)
    text = "\n".join(document.lines)
    assert "confidential draft" not in text and "Page 1" not in text and "Page 2" not in text
    assert text.count("Region\t2022\t2023") == 1  # the header repeated on page 2 is dropped
    [table] = parse_tables(document)
    assert [row.label for row in table.rows] == [region for region, _, _ in samples.REGIONS]
    assert table.unit.label == "USD million" and table.title.startswith("Table 1: Exports by region")
    pages = {row.label: document.page_at(row.line) for row in table.rows}
    assert pages["Region 01"] == 1 and pages["Region 40"] == 2
    assert document.heading_at(table.title_line)[-1] == "1 Exports by region"


def test_pdf_answer_cites_the_page_of_the_cell(folder: Path, tmp_path: Path) -> None:
    samples.pdf_table_across_pages(folder)
    answer = ask(folder, tmp_path, "What were the exports of Region 25 in 2023?")
    assert (answer.source_value, answer.source_unit) == (316.2, "USD million")
    [citation] = answer.citations
    assert citation.page == 2 and citation.locator.endswith("column 2023 (page 2)")
    assert citation.doc_name == "trade.pdf" and citation.row_label == "Region 25"


def test_chinese_pdf_reads_as_chinese_text(folder: Path, tmp_path: Path) -> None:
    needs_cjk_font()
    document = read_file(samples.chinese_pdf(folder))
    assert "2023年港口出口总体平稳，机电产品出口增长较快，纺织品出口有所下降。" in document.lines
    assert document.heading_at(len(document.lines))[-1] == "第一章 出口概况"
    answer = ask(folder, tmp_path, "2023年机电产品出口额是多少？")
    assert (answer.source_value, answer.source_unit) == (587.6, "USD 100 million")
    assert "587.6亿美元" in answer.text
    assert [(c.row_label, c.column, c.page) for c in answer.citations] == [("机电产品", "2023", 1)]


def test_bad_pdfs_are_named_and_skipped(folder: Path) -> None:
    samples.pdf_table_across_pages(folder)
    samples.encrypted_pdf(folder)
    samples.scanned_pdf(folder)
    (folder / "broken.pdf").write_bytes(samples.pdf_table_across_pages(folder.parent, "x.pdf").read_bytes()[:900])
    documents, problems = load_documents(folder)
    assert [d.name for d in documents] == ["trade.pdf"]
    assert problems == [
        "reports/broken.pdf: not a readable PDF (corrupt or truncated); skipped (export it again)",
        "reports/locked.pdf: encrypted PDF; skipped (save a copy without the password)",
        "reports/scan.pdf: no text layer; OCR is not supported; skipped (use a PDF that has its text)",
    ]


# --- Word, Excel, HTML -----------------------------------------------------------------------------------------


def test_docx_headings_and_table(folder: Path, tmp_path: Path) -> None:
    document = read_file(samples.docx_report(folder))
    assert document.title == "Port Review 2023" and document.pages == ()
    assert "New berths opened in March." in document.lines  # a list item is a line
    [table] = parse_tables(document)
    assert [column.header for column in table.columns] == ["Cargo 2022", "Cargo 2023"]  # the merged header spans
    assert document.heading_at(table.title_line) == ("Port Review 2023", "Cargo handled")
    answer = ask(folder, tmp_path, "How much cargo did the South terminal handle in 2023?")
    assert (answer.source_value, answer.source_unit) == (471, "thousand tonnes")
    [citation] = answer.citations
    assert (
        citation.page == 0
        and citation.locator == f"table T1, row South, column Cargo 2023 (line {citation.start_line})"
    )


def test_xlsx_formula_values_dates_and_notes_sheet(folder: Path, tmp_path: Path) -> None:
    document = read_file(samples.xlsx_workbook(folder))
    assert "Total\t53.5\t64\t" in document.lines  # =B6+B7 and =SUM(C6:C7), computed: openpyxl saves no values
    assert "Dredging\t41.5\t44.25\t2023-03-14" in document.lines
    assert "The budget covers the harbour authority only." in document.lines  # the notes sheet is prose
    assert document.heading_at(len(document.lines)) == ("Notes",)
    [warning] = document.warnings
    assert warning.startswith("sheet Spending cell B9: formula =VLOOKUP(A1,A1:B2,2) has no saved value")
    [table] = parse_tables(document)
    assert [column.header for column in table.columns][:2] == ["Budget 2022", "Budget 2023"]
    answer = ask(folder, tmp_path, "What was the total budget for 2022?")
    assert (answer.source_value, answer.source_unit) == (53.5, "USD million")
    assert [(c.doc_name, c.row_label, c.column) for c in answer.citations] == [("budget.xlsx", "Total", "Budget 2022")]


def test_old_xls_merged_header_dates_and_chinese_labels(folder: Path, tmp_path: Path) -> None:
    document = read_file(samples.xls_workbook(folder))
    assert "North\t310\t342.5\t2023-04-03" in document.lines  # a date cell reads as a date, not a serial number
    [table] = parse_tables(document)
    assert [column.header for column in table.columns][:2] == ["Tonnage 2022", "Tonnage 2023"]
    answer = ask(folder, tmp_path, "How much tonnage did 东泊位 handle in 2023?")
    assert (answer.source_value, answer.source_unit) == (97, "thousand tonnes")
    assert [(c.doc_name, c.row_label, c.column) for c in answer.citations] == [
        ("tonnage.xls", "东泊位", "Tonnage 2023")
    ]


def test_html_colspan_header_without_scripts_or_navigation(folder: Path, tmp_path: Path) -> None:
    document = read_file(samples.html_page(folder))
    text = "\n".join(document.lines)
    assert "999" not in text and "777" not in text and "color" not in text
    [table] = parse_tables(document)
    assert table.title == "Table 4: Harbour fees by ship type" and table.unit.label == "USD thousand"
    assert [column.header for column in table.columns] == ["Fees 2022", "Fees 2023"]
    answer = ask(folder, tmp_path, "How much did tankers pay in harbour fees in 2023?")
    assert (answer.source_value, answer.source_unit) == (71, "USD thousand")
    assert [(c.row_label, c.column, c.page) for c in answer.citations] == [("Tankers", "Fees 2023", 0)]


# --- bad files -------------------------------------------------------------------------------------------------


def test_bad_office_files_are_named_and_skipped(folder: Path) -> None:
    (folder / "a_good.txt").write_text("Title\n\nBody text.\n", encoding="utf-8")
    (folder / "empty.docx").write_bytes(b"")
    (folder / "table.xlsx").write_text("Item,2022,2023\nCranes,12,19\n", encoding="utf-8")
    (folder / "old.doc.docx").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    documents, problems = load_documents(folder)
    assert [d.name for d in documents] == ["a_good.txt"]
    assert problems == [
        "reports/empty.docx: empty file (0 bytes); skipped (add the report again)",
        "reports/old.doc.docx: not a Word .docx file (an old .doc, or damaged); skipped (save it as .docx)",
        "reports/table.xlsx: not an Excel workbook (it looks like CSV text; rename it to .csv); skipped",
    ]


def test_csv_is_a_table(folder: Path) -> None:
    (folder / "cranes.csv").write_text("Item;2022;2023\nCranes;12;19.5\nTugs;3;4\n", encoding="utf-8")
    [table] = parse_tables(read_file(folder / "cranes.csv"))
    assert [(row.label, [c.value for c in row.cells]) for row in table.rows] == [
        ("Cranes", [12, 19.5]),
        ("Tugs", [3, 4]),
    ]


def test_size_limit_links_and_odd_names(folder: Path, tmp_path: Path) -> None:
    (folder / "a_good.txt").write_text("Title\n\nBody text.\n", encoding="utf-8")
    with (folder / "big.pdf").open("wb") as big:
        big.truncate(200 * 1024 * 1024)  # sparse: 200 MB by its size, no disk used
    outside = tmp_path / "secret.txt"
    outside.write_text("private", encoding="utf-8")
    (folder / "link_out.txt").symlink_to(outside)
    (folder / "link_in.txt").symlink_to(folder / "a_good.txt")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "bad\x1bname.pdf").write_bytes(b"junk")
    documents, problems = load_documents(folder)
    assert sorted(d.name for d in documents) == ["a_good.txt", "link_in.txt"]
    assert problems == [
        "reports/bad\\x1bname.pdf: not a readable PDF (corrupt or truncated); skipped (export it again)",
        "reports/big.pdf: 200 MB, over the 50 MB limit; skipped (split the file, or raise the limit with "
        "RAG_MAX_FILE_MB)",
        "reports/dangling.txt: broken link (to reports/gone.txt); skipped (fix or remove the link)",
        "reports/link_out.txt: links outside the corpus folder; skipped (copy the file into the folder instead)",
    ]


def test_unforeseen_parser_error_is_one_line(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rag.ingest.html

    def explode(*args):
        raise RecursionError("maximum recursion depth exceeded\nwhile parsing")

    monkeypatch.setattr(rag.ingest.html, "read_html", explode)
    with pytest.raises(DocumentError) as caught:
        read_file(samples.html_page(folder))
    assert str(caught.value) == (
        "reports/fleet.html: cannot be read as HTML (maximum recursion depth exceeded while parsing); skipped "
        "(check the file)"
    )


def test_all_formats_index_together(folder: Path, tmp_path: Path) -> None:
    for make in (samples.pdf_table_across_pages, samples.docx_report, samples.xlsx_workbook, samples.html_page):
        make(folder)
    shutil.copy(samples.encrypted_pdf(tmp_path), folder / "locked.pdf")
    settings = Settings(seeds_dir=folder, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")
    messages: list[str] = []
    report = build_index(settings, HashEmbedder(), Glossary.load(), log=messages.append, progress=True)
    assert report.documents == 4
    assert "skipped reports/locked.pdf: encrypted PDF; skipped (save a copy without the password)" in messages
    assert any(m.startswith("read ") and "trade.pdf (pdf, 2 pages" in m for m in messages)
    manifest = load_index(settings.index_dir).manifest
    assert manifest.documents["trade.pdf"]["pages"] == 2 and manifest.documents["trade.pdf"]["tables"] == 1
    assert manifest.documents["budget.xlsx"]["warnings"][0].startswith("sheet Spending cell B9")
    assert set(manifest.skipped) == {"locked.pdf"}
    chunks = load_index(settings.index_dir).chunks
    rows = [c for c in chunks if c.doc_name == "trade.pdf" and c.kind == "table_row" and c.row_label == "Region 40"]
    assert [(c.page, c.locator) for c in rows] == [(2, "table T1, row Region 40 (page 2)")]
    whole = [c for c in chunks if c.doc_name == "trade.pdf" and c.kind == "table"]
    assert [(c.page, c.end_page) for c in whole] == [(1, 2)]


def test_pdf_with_a_scanned_page_is_read_with_a_warning(folder: Path) -> None:
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Exports rose in the second quarter.")
    pdf.add_page()
    pdf.image(Image.new("RGB", (200, 100), "white"), x=10, y=10, w=180)
    pdf.output(str(folder / "mixed.pdf"))
    document = read_file(folder / "mixed.pdf")
    assert document.lines == ("Exports rose in the second quarter.",) and document.page_count == 2
    assert document.warnings == ("no text on page 2 (scanned? OCR is not supported)",)


def test_builder_writes_spanning_headers_in_the_parsers_layout() -> None:
    from rag.ingest.builder import GridCell, table_text_rows

    grid = [
        [GridCell("Item"), GridCell("Amount"), GridCell("Amount", "col")],
        [GridCell("Item", "row"), GridCell("2022"), GridCell("2023")],
        [GridCell("Asia"), GridCell("", ""), GridCell("Asia", "col")],
        [GridCell("China"), GridCell("1,234"), GridCell("5")],
    ]
    rows, indices = table_text_rows(grid)
    assert rows == [["Item", "Amount", ""], ["", "2022", "2023"], ["Asia", "", ""], ["China", "1,234", "5"]]
    assert indices == [0, 1, 2, 3]


def test_pdf_framed_box_is_text_not_a_table(folder: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(120, 6, "Box 1: Freight rates fell by a third during the year.", border=1)
    pdf.output(str(folder / "box.pdf"))
    document = read_file(folder / "box.pdf")
    assert "Box 1: Freight rates fell by a third during the year." in document.lines
    assert parse_tables(document) == []


def test_sheet_with_two_tables_and_a_spaced_out_body(folder: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in [
        ["Table 5: Cranes by berth"],
        ["Unit: units"],
        [],
        ["Berth", "2022", "2023"],
        ["North", 4, 5],
        [],
        ["South", 2, 3],
        [],
        ["Table 6: Tugs by operator"],
        ["Operator", "2022", "2023"],
        ["Harbour Tugs", 7, 8],
    ]:
        sheet.append(row)
    book.save(str(folder / "fleet.xlsx"))
    tables = parse_tables(read_file(folder / "fleet.xlsx"))
    assert [(t.title, [row.label for row in t.rows]) for t in tables] == [
        ("Table 5: Cranes by berth", ["North", "South"]),
        ("Table 6: Tugs by operator", ["Harbour Tugs"]),
    ]
    assert tables[0].unit_line == "Unit: units"


def test_html_layout_table_is_read_as_text(folder: Path) -> None:
    page = (
        "<html><body><table><tr><td><a href='/'>Home</a></td><td><h1>Harbour news</h1>"
        "<p>The new pier opened in May.</p><table><tr><th>Pier</th><th>2022</th><th>2023</th></tr>"
        "<tr><td>East</td><td>10</td><td>12</td></tr></table></td></tr></table></body></html>"
    )
    (folder / "news.html").write_text(page, encoding="utf-8")
    document = read_file(folder / "news.html")
    assert "The new pier opened in May." in document.lines
    assert document.heading_at(len(document.lines)) == ("Harbour news",)
    [table] = parse_tables(document)
    assert [(row.label, row.cells[1].value) for row in table.rows] == [("East", 12)]


def test_pdf_table_between_rules_without_vertical_lines(folder: Path, tmp_path: Path) -> None:
    document = read_file(samples.pdf_rules_only_table(folder))
    assert "Freight volumes recovered in both seasons of the year." in document.lines
    [table] = parse_tables(document)
    assert table.title == "Table 7: Freight volume by season" and table.unit.label == "thousand tonnes"
    assert [column.header for column in table.columns] == ["Volume 2022", "Volume 2023"]
    assert [(row.label, [cell.value for cell in row.cells]) for row in table.rows] == [
        ("Spring", [1204.5, 1377.0]),
        ("Autumn", [988.2, 1015.9]),
    ]
    answer = ask(folder, tmp_path, "What was the freight volume in autumn 2023?")
    assert (answer.source_value, answer.source_unit) == (1015.9, "thousand tonnes")
    assert [(c.row_label, c.page) for c in answer.citations] == [("Autumn", 1)]


@pytest.mark.parametrize(
    "make",
    [
        samples.pdf_table_across_pages,
        samples.docx_report,
        samples.xlsx_workbook,
        samples.xls_workbook,
        samples.html_page,
    ],
)
def test_damaged_files_are_read_or_refused_in_one_line(folder: Path, make) -> None:
    """Truncated, overwritten and padded copies of each format: a Document or one DocumentError line, never
    another exception."""
    import random

    original = make(folder)
    raw = original.read_bytes()
    rng = random.Random(7)
    for k in range(12):
        data = bytearray(raw)
        if k % 3 == 0:
            data = data[: rng.randrange(1, len(data))]
        elif k % 3 == 1:
            for _ in range(20):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            at = rng.randrange(len(data))
            data[at:at] = bytes(rng.randrange(256) for _ in range(100))
        path = folder / f"damaged{k}{original.suffix}"
        path.write_bytes(bytes(data))
        try:
            read_file(path)
        except DocumentError as err:
            assert "\n" not in str(err) and str(err).startswith(f"reports/{path.name}: ")
