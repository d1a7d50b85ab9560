"""The `rag` command line with the fake embedder: one-line errors, exit codes, output formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rag.cli
import rag.engine
from rag.cli import main
from rag.text.glossary import Glossary
from tests.fakes import HashEmbedder

pytestmark = pytest.mark.usefixtures("isolated_env")


@pytest.fixture
def fake_components(monkeypatch):
    """No model: every command gets a HashEmbedder. Records the embedders handed out."""
    made: list[HashEmbedder] = []

    def components(settings):
        made.append(HashEmbedder())
        return made[-1], Glossary.load()

    monkeypatch.setattr(rag.engine, "load_components", components)
    return made


@pytest.fixture
def paths(small_seeds: Path, tmp_path: Path) -> list[str]:
    return ["--seeds", str(small_seeds), "--index", str(tmp_path / "index")]


def one_error_line(capsys, command: str, quiet_stdout: bool = True) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"rag {command}: error: ")
    assert "Traceback" not in captured.err
    if quiet_stdout:
        assert captured.out == ""
    return lines[0]


@pytest.mark.parametrize("question", [["   "], [""], [" ", "\t"]])
def test_empty_question_is_a_usage_error(capsys, paths, fake_components, question):
    assert main(["search", *question, *paths]) == 2
    assert "empty question" in one_error_line(capsys, "search")
    assert fake_components == []  # rejected before anything is loaded


@pytest.mark.parametrize("k", ["0", "-3"])
def test_k_below_one_is_a_usage_error(capsys, paths, fake_components, k):
    assert main(["search", "manufacturing", "-k", k, *paths]) == 2
    assert "-k must be at least 1" in one_error_line(capsys, "search")
    assert fake_components == []


def test_missing_index_with_no_rebuild(capsys, paths, fake_components, tmp_path):
    assert main(["search", "manufacturing", "--no-rebuild", *paths]) == 2
    line = one_error_line(capsys, "search")
    assert "rag index" in line
    assert not (tmp_path / "index").exists()


def test_stale_index_with_no_rebuild(capsys, paths, fake_components, small_seeds):
    assert main(["index", "--quiet", *paths]) == 0
    (small_seeds / "a_policy.txt").write_text("Replaced report.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["search", "manufacturing", "--no-rebuild", *paths]) == 2
    line = one_error_line(capsys, "search")
    assert "a_policy.txt" in line and "rag index" in line


def test_missing_seeds_folder_is_one_line(capsys, fake_components, tmp_path):
    args = ["--seeds", str(tmp_path / "nowhere"), "--index", str(tmp_path / "index")]
    assert main(["index", "--quiet", *args]) == 2
    # `rag index` logs its progress (here: the unreadable folder) to stdout; the error itself is one stderr line.
    assert "no readable" in one_error_line(capsys, "index", quiet_stdout=False)


@pytest.mark.parametrize("mode", ["sparse", "BM25", ""])
def test_bad_mode_is_rejected_by_argparse(capsys, paths, fake_components, mode):
    with pytest.raises(SystemExit) as info:
        main(["search", "manufacturing", "--mode", mode, *paths])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
    assert fake_components == []


def test_missing_command_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2


def test_search_json(capsys, paths, fake_components):
    assert main(["search", "制造业", "-k", "3", "--mode", "bm25", "--json", *paths]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)  # stdout is only the JSON; build notices went to stderr
    assert "building the index" in captured.err
    assert data["question"] == "制造业"
    assert data["mode"] == "bm25"
    assert isinstance(data["latency_ms"], float)
    hits = data["hits"]
    assert len(hits) == 3
    assert [h["rank"] for h in hits] == [1, 2, 3]
    for hit in hits:
        assert {"doc", "locator", "score", "text"} <= set(hit)
        assert isinstance(hit["score"], float)
    top = hits[0]
    assert top["doc"] == "b_tables.txt"
    assert top["locator"] == "table 1-1, row 制造业 (line 6)"
    assert "制造业 (manufacturing)" in top["text"]  # ensure_ascii=False keeps the Chinese readable
    assert "制造业" in captured.out
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_search_plain_lists_ranks(capsys, paths, fake_components):
    assert main(["search", "manufacturing", "investment", "-k", "2", *paths]) == 0
    captured = capsys.readouterr()
    rank_lines = [line for line in captured.out.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in rank_lines] == ["[1", "[2"]
    assert "(2 hits in" in captured.err
    assert "    " in captured.out  # chunk text indented under its rank line


def test_search_uses_an_existing_index_without_rebuilding(capsys, paths, fake_components):
    assert main(["index", "--quiet", *paths]) == 0
    capsys.readouterr()
    assert main(["search", "manufacturing", "--no-rebuild", "--json", *paths]) == 0
    captured = capsys.readouterr()
    assert "building the index" not in captured.err
    assert fake_components[-1].document_calls == 0
    assert json.loads(captured.out)["hits"]


def test_index_twice_second_is_current(capsys, paths, fake_components, tmp_path):
    assert main(["index", "--quiet", *paths]) == 0
    first = capsys.readouterr().out
    assert "\nindexed 2 documents: 9 chunks (5 prose, 3 table rows, 1 tables)" in first
    assert "1 tables parsed" in first
    assert "\ntable report, 2 documents: 1 tables, 0 tab blocks not read as a table; 9/9 numeric cells read" in first
    assert "\n  b_tables.txt: 1 tables" in first and "a_policy.txt" not in first.split("table report")[1]
    manifest = (tmp_path / "index" / "manifest.json").read_bytes()

    assert main(["index", "--quiet", *paths]) == 0
    second = capsys.readouterr().out
    assert "is current" in second and "nothing to do" in second
    assert (tmp_path / "index" / "manifest.json").read_bytes() == manifest
    assert fake_components[-1].document_calls == 0

    assert main(["index", "--quiet", "--force", *paths]) == 0
    assert "indexed 2 documents:" in capsys.readouterr().out


def test_index_uses_the_xdg_cache(capsys, paths, fake_components, tmp_path):
    assert main(["index", "--quiet", *paths]) == 0
    assert (tmp_path / "xdg-cache" / "econ-rag" / "embeddings").is_dir()


@pytest.mark.parametrize("command", ["search", "ask"])
def test_unknown_document_is_one_line_listing_the_known_ones(capsys, paths, fake_components, command):
    assert main(["index", "--quiet", *paths]) == 0
    capsys.readouterr()
    assert main([command, "manufacturing in 2022", "--document", "c_*.txt", *paths]) == 2
    line = one_error_line(capsys, command)
    assert line == f"rag {command}: error: no document matches 'c_*.txt'; the index holds: a_policy.txt, b_tables.txt"


def test_search_scoped_to_a_document_by_glob(capsys, paths, fake_components):
    assert main(["search", "manufacturing in 2022", "--document", "b_*", "--json", *paths]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and {hit["doc"] for hit in hits} == {"b_tables.txt"}


def test_table_report_lists_documents_short_of_the_goal_first():
    from rag.cli import COVERAGE_LINES, coverage_lines
    from rag.ingest.coverage import TableCoverage

    complete = [TableCoverage(f"doc_{n:03}.txt", 1, 1, 10, 0) for n in range(COVERAGE_LINES + 5)]
    short = TableCoverage("zz_short.txt", 1, 2, 10, 4, missed_blocks=1, missed_lines=(7,), examples=("1.7%-1.9%",))
    lines = coverage_lines([*complete, short, TableCoverage("prose.txt", 0, 0, 0, 0)])
    assert lines[0].startswith(f"table report, {COVERAGE_LINES + 7} documents: {COVERAGE_LINES + 6} tables")
    assert lines[1].startswith("  zz_short.txt: 1 tables, 1 tab blocks not read as a table; 6/10 numeric cells read")
    assert "missed at line 7" in lines[1] and "'1.7%-1.9%'" in lines[1]
    assert len(lines) == COVERAGE_LINES + 2 and "prose.txt" not in "".join(lines)
    assert lines[-1] == "  … and 6 more documents with tables (0 of them short of the goal)"
