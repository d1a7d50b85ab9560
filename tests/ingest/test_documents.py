"""Tests for reading seed files: skipping bad files, line numbering, titles and heading paths."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rag.ingest.corpus import load_documents, source_hashes
from rag.ingest.documents import (
    DocumentError,
    detect_headings,
    find_title,
    read_document,
)
from rag.settings import PROJECT_ROOT
from rag.types import Document

SEEDS = PROJECT_ROOT / "seeds"
REPORT = "000_f2b7a4193a625dc4.txt"
WORK_PLAN = "003_c71d83345082d34d.txt"
PART_1 = "The first development overview article"
PART_2 = "The second article policy measures"
PART_4 = "The fourth article local development"


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    documents, problems = load_documents(SEEDS)
    assert problems == []
    return {document.name: document for document in documents}


def body_line(document: Document, startswith: str) -> int:
    """1-based number of the first line outside the contents that starts with `startswith`."""
    for number, line in enumerate(document.lines, 1):
        if line.strip().startswith(startswith) and document.heading_at(number) != ("Contents",):
            return number
    raise AssertionError(f"no body line starts with {startswith!r}")


# ---------------------------------------------------------------------------------------------------- real seeds


def test_seeds_load_in_name_order_with_matching_hashes(seeds: dict[str, Document]) -> None:
    assert list(seeds) == sorted(seeds)
    assert len(seeds) == 4
    for name, document in seeds.items():
        assert document.sha256 == hashlib.sha256((SEEDS / name).read_bytes()).hexdigest()
        assert len(document.headings) == len(document.lines)
    assert source_hashes(SEEDS) == {name: document.sha256 for name, document in seeds.items()}


def test_line_numbers_match_the_file(seeds: dict[str, Document]) -> None:
    report = seeds[REPORT]
    raw_lines = (SEEDS / REPORT).read_text(encoding="utf-8").split("\n")
    assert report.lines[209] == raw_lines[209] == "The first chapter of global foreign investment development situation"


def test_titles(seeds: dict[str, Document]) -> None:
    titles = {name[:3]: document.title for name, document in seeds.items()}
    assert titles["000"] == "CHINA'S OUTWARD INVESTMENT AND ECONOMIC COOPERATION REPORT 2023"
    assert titles["002"].startswith("On the morning of September 8, the Information Office")
    assert len(titles["002"]) <= 100
    assert titles["003"] == "Work Plan for Optimizing the International Business Environment in Shenzhen (2023-2025)"
    assert titles["004"].startswith('With the combination of "five external linkages"')


def test_table_1_9_is_cited_under_its_chapter(seeds: dict[str, Document]) -> None:
    report = seeds[REPORT]
    heading = report.heading_at(body_line(report, "Table 1-9"))
    assert heading == (
        PART_1,
        "The second chapter, the development of Chinese foreign investment cooperation",
        "Section 1 Basic information",
        "4. Relatively concentrated areas of investment",
    )


def test_first_chapter_items(seeds: dict[str, Document]) -> None:
    report = seeds[REPORT]
    heading = report.heading_at(body_line(report, "According to the UN conference on trade and development"))
    assert heading == (
        PART_1,
        "The first chapter of global foreign investment development situation",
        "I. Development trend of global outbound investment",
    )
    later = report.heading_at(body_line(report, "One is the stable development"))
    assert later[-1] == "Second, the development trend of global foreign investment"


def test_table_of_contents_does_not_leak(seeds: dict[str, Document]) -> None:
    report = seeds[REPORT]
    contents = report.lines.index("Contents") + 1
    assert report.heading_at(contents) == ("Contents",)
    assert report.heading_at(contents + 20) == ("Contents",)
    assert report.heading_at(report.lines.index("Table OF Contents") + 1) == ("Contents",)
    intro = report.lines.index("绪论") + 1
    assert report.heading_at(intro) == ()
    assert report.heading_at(body_line(report, "The year 2024 is a crucial year")) == ()


def test_parts_from_the_contents(seeds: dict[str, Document]) -> None:
    """Part banners split over short lines and `Chapter 4 Local Development` take the contents' part titles."""
    report = seeds[REPORT]
    assert report.heading_at(body_line(report, "The first chapter is guidance and support")) == (
        PART_2,
        "The first chapter is guidance and support policies and measures",
    )
    assert report.heading_at(body_line(report, "Chapter 1 New development of overseas processing trade"))[0] == (
        "The third mode innovation article"
    )
    qingdao = report.heading_at(body_line(report, "Vi. Safety and compliance guarantee"))
    assert qingdao[:3] == (PART_4, "Chapter VI Qingdao's foreign investment and cooperation", "Section 4 Outlook")


def test_sections_translated_as_quarter(seeds: dict[str, Document]) -> None:
    report = seeds[REPORT]
    heading = report.heading_at(body_line(report, "3. Give full play to the role of the parks"))
    assert heading[2:] == (
        "In the third quarter outlook",
        "3. Give full play to the role of the parks in serving the new pattern of agricultural development",
    )


def test_work_plan_items_nest_under_roman_numerals(seeds: dict[str, Document]) -> None:
    plan = seeds[WORK_PLAN]
    assert plan.heading_at(body_line(plan, "10. Promote the internationalization")) == (
        "Ii. Main tasks",
        "(4) Create a high-quality livable and working environment",
    )
    assert plan.heading_at(body_line(plan, "1. Strengthen organizational leadership")) == ("Third, safeguards",)


# ---------------------------------------------------------------------------------------------------- synthetic files


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_bad_files_are_skipped_with_a_message(tmp_path: Path) -> None:
    write(tmp_path, "a_good.txt", "Title\n\nBody text.\n")
    write(tmp_path, "b_empty.txt", b"")
    write(tmp_path, "c_blank.md", " \n\n")
    write(tmp_path, "d_gbk.txt", "中国对外投资报告".encode("gbk"))
    documents, problems = load_documents(tmp_path)
    assert [document.name for document in documents] == ["a_good.txt"]
    folder = tmp_path.name
    assert problems == [
        f"{folder}/b_empty.txt: empty; skipped (add text or remove the file)",
        f"{folder}/c_blank.md: empty; skipped (add text or remove the file)",
        f"{folder}/d_gbk.txt: not UTF-8 text; skipped (save it as UTF-8)",
    ]
    with pytest.raises(DocumentError, match="not UTF-8"):
        read_document(tmp_path / "d_gbk.txt")
    assert issubclass(DocumentError, ValueError)


def test_unreadable_file_does_not_raise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(tmp_path, "locked.txt", "text")
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    documents, problems = load_documents(tmp_path)
    assert documents == []
    assert problems == [f"{tmp_path.name}/locked.txt: cannot be read (Permission denied); skipped (check the file)"]
    assert source_hashes(tmp_path) == {}


def test_missing_folder_does_not_raise(tmp_path: Path) -> None:
    documents, problems = load_documents(tmp_path / "nope")
    assert documents == [] and len(problems) == 1 and "nope" in problems[0]
    assert source_hashes(tmp_path / "nope") == {}


def test_bom_and_crlf(tmp_path: Path) -> None:
    raw = "\ufeffReport title\r\n\r\nI. First part\r\nText one.\rText two.\r\n".encode()
    document = read_document(write(tmp_path, "crlf.txt", raw))
    assert document.lines == ("Report title", "", "I. First part", "Text one.", "Text two.")
    assert document.title == "Report title"
    assert document.heading_at(4) == ("I. First part",)
    assert document.sha256 == hashlib.sha256(raw).hexdigest()


def test_markdown_headings(tmp_path: Path) -> None:
    text = "# Annual report\n\nIntro.\n\n## Trade\n\n1. Not a heading\n\n### Exports\n\nText.\n\n## **Investment**\n"
    text += "```\n# not a heading\n```\n"
    document = read_document(write(tmp_path, "report.md", text))
    assert document.title == "Annual report"
    assert document.heading_at(3) == ("Annual report",)
    assert document.heading_at(7) == ("Annual report", "Trade")
    assert document.heading_at(11) == ("Annual report", "Trade", "Exports")
    assert document.heading_at(13) == ("Annual report", "Investment")
    assert document.heading_at(15) == ("Annual report", "Investment")


def test_other_files_ignored_and_new_files_picked_up(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "First")
    write(tmp_path, "b.pptx", b"PK\x03\x04")
    write(tmp_path, "c.png", b"\x89PNG")
    write(tmp_path, ".hidden.txt", "temp")
    write(tmp_path, "~$lock.docx", b"\x00")
    (tmp_path / "folder.txt").mkdir()
    assert [document.name for document in load_documents(tmp_path)[0]] == ["a.txt"]
    write(tmp_path, "0_new.MD", "# New")
    documents, problems = load_documents(tmp_path)
    assert [document.name for document in documents] == ["0_new.MD", "a.txt"] and problems == []
    assert set(source_hashes(tmp_path)) == {"0_new.MD", "a.txt"}


def test_broken_report_files_are_named_and_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "First")
    write(tmp_path, "b.pdf", b"%PDF-1.4")
    write(tmp_path, "c.docx", b"PK\x03\x04")
    documents, problems = load_documents(tmp_path)
    assert [document.name for document in documents] == ["a.txt"]
    folder = tmp_path.name
    assert problems == [
        f"{folder}/b.pdf: not a readable PDF (corrupt or truncated); skipped (export it again)",
        f"{folder}/c.docx: not a Word .docx file (an old .doc, or damaged); skipped (save it as .docx)",
    ]


def test_chinese_headings() -> None:
    lines = [
        "第一篇 发展概述",
        "第一章 全球对外投资发展形势",
        "第一节 基本情况",
        "一、总体要求",
        "（一）加快集聚国际创新资源",
        "正文。",
        "（二）建设国际生产性服务体系",
        "二、主要任务",
        "第二章 中国对外投资合作发展形势",
    ]
    headings = detect_headings(lines)
    assert headings[5] == (
        "第一篇 发展概述",
        "第一章 全球对外投资发展形势",
        "第一节 基本情况",
        "一、总体要求",
        "（一）加快集聚国际创新资源",
    )
    assert headings[6][-2:] == ("一、总体要求", "（二）建设国际生产性服务体系")
    assert headings[7][-1] == "二、主要任务" and len(headings[7]) == 4
    assert headings[8] == ("第一篇 发展概述", "第二章 中国对外投资合作发展形势")


def test_non_headings_are_ignored() -> None:
    lines = [
        "Chapter 1 Overview",
        "Table 1-1: Regional distribution",
        "Unit: USD 100 million",
        "地区\t2021\t2022",
        "1.jpg",
        "1. This numbered line is a sentence.",
        "Source: World Investment Report (2023)",
    ]
    assert set(detect_headings(lines)) == {("Chapter 1 Overview",)}


def test_title_skips_boilerplate_and_is_shortened() -> None:
    assert find_title(["", "Cart", "fa956818b4f9053ec6a5811db11b38c1", "1.jpg", "  Real title  "]) == "Real title"
    long_line = "The ministry said " + "many things about trade " * 10 + "today. Then more."
    title = find_title([long_line])
    assert len(title) <= 100 and title.startswith("The ministry said many things") and title.endswith("…")
    assert find_title(["", "2023-06-15 10"]) == ""


def test_a_markdown_escape_is_read_as_the_sign_alone(tmp_path: Path) -> None:
    """`\\$` in a text file is a dollar sign: quotes and answers show `US $4.2 billion`, once, where the text is read;
    an escaped pipe or hash keeps its backslash (a table's cell, a line that is no heading)."""
    path = tmp_path / "ruritania.txt"
    path.write_text("Ruritania drew US \\$4.2 billion in 2031.\nA cell \\| kept, \\# kept.\n", encoding="utf-8")
    lines = read_document(path).lines
    assert lines == ("Ruritania drew US $4.2 billion in 2031.", "A cell \\| kept, \\# kept.")
