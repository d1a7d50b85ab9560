"""`rag batch`: input formats and encodings, pass-through columns, bad rows, early errors, the journal and resume.

A fake answer engine replaces the models (monkeypatched into `rag.cli`), so these run in well under a second each;
the SIGKILL test runs `rag.cli.main` in a subprocess with the same fake engine made slow.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

import rag.batch
import rag.cli
import rag.engine
from rag.answer.chain import validate_question
from rag.batch import OUTPUT_COLUMNS, PARTIAL_SUFFIX, PREFETCH_ROWS, decode_text, run_batch
from rag.cli import main
from rag.types import Answer, Citation

pytestmark = pytest.mark.usefixtures("isolated_env")

REPO_ROOT = Path(__file__).resolve().parents[2]


class FakeEngine:
    """Deterministic answers from the question's hash; optionally slow, failing or interrupting."""

    def __init__(self, delay: float = 0.0, interrupt_after: int | None = None, fail_on: str = ""):
        self.delay = delay
        self.interrupt_after = interrupt_after
        self.fail_on = fail_on
        self.calls: list[tuple[str, str]] = []

    def ask(self, question: str, mode: str = "grounded") -> Answer:
        if self.interrupt_after is not None and len(self.calls) >= self.interrupt_after:
            raise KeyboardInterrupt
        self.calls.append((question, mode))
        if self.delay:
            time.sleep(self.delay)
        if self.fail_on and self.fail_on in question:
            raise RuntimeError("reader crashed\non this row")
        if "Antarctica" in question:
            return Answer(question, "The reports do not say.", refused=True, confidence=0.1)
        n = int(hashlib.sha256(question.encode()).hexdigest()[:6], 16) % 1000
        citations = (
            Citation(1, "000_f2b7a4193a625dc4.txt", f"table 1-9, row 制造业, column 流量 (line {n})", "q", n, n),
            Citation(2, "001_report.txt", "lines 214-216", "quote", 214, 216),
        )
        text = f"{mode} answer to “{question}”: {n}.5 [1]\nsecond line, with a comma [2]"
        return Answer(question, text, citations, value=n + 0.5, unit="USD 100 million", confidence=0.875)


@pytest.fixture
def engine(monkeypatch) -> FakeEngine:
    """The fake engine behind `rag batch`; `engine.loads` counts model loads (open_retriever calls)."""
    fake = FakeEngine()
    fake.loads = []

    def open_retriever(settings, rebuild=True, log=print):
        fake.loads.append(settings)
        return "retriever"

    monkeypatch.setattr(rag.engine, "open_retriever", open_retriever)
    monkeypatch.setattr(rag.engine, "engine_over", lambda retriever, mode, **options: fake)
    return fake


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def read_output(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def header_of(path: Path) -> list[str]:
    return next(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def batch(*args: object) -> int:
    return main(["batch", *(str(a) for a in args), "--quiet"])


def one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("rag batch: error: ")
    assert "Traceback" not in captured.err
    assert captured.out == ""
    return lines[0]


QUESTIONS = [
    "What was the 2022 outward FDI flow of China's manufacturing industry?",
    "2022年，中国对拉丁美洲直接投资的流量为多少？",
    "What was the OFDI flow from China to Antarctica in 2022?",
]


# --- formats and columns ------------------------------------------------------------------------------------------


def test_columns_pass_through_in_order(tmp_path, engine, capsys):
    rows = [
        ["id", "note", "question", "owner"],
        ["7", 'a "quoted", multi\nline note', QUESTIONS[0], "ann"],
        ["8", "", QUESTIONS[1], "李"],
        ["9", "x", QUESTIONS[2], ""],
    ]
    source = write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "out.csv"
    assert batch(source, "-o", out) == 0
    assert header_of(out) == [*rows[0], *OUTPUT_COLUMNS]
    result = read_output(out)
    assert [[r[c] for c in rows[0]] for r in result] == rows[1:]
    first = result[0]
    assert first["answer"].startswith("grounded answer to") and "\n" in first["answer"]
    assert first["unit"] == "USD 100 million" and float(first["value"]) % 1 == 0.5
    assert first["refused"] == "false" and first["confidence"] == "0.875" and first["error"] == ""
    assert json.loads(first["citations"])[0]["document"] == "000_f2b7a4193a625dc4.txt"
    cited = json.loads(first["citations"])[0]
    assert set(cited) == {"n", "document", "locator", "quote"} and cited["quote"] == "q"
    assert first["sources"].startswith("[1] 000_f2b7a4193a625dc4.txt, table 1-9, row 制造业, column 流量 (line ")
    assert "; [2] 001_report.txt, lines 214-216" in first["sources"]
    assert float(first["latency_ms"]) >= 0
    refused = result[2]
    assert (refused["refused"], refused["value"], refused["citations"]) == ("true", "", "[]")
    assert len(engine.loads) == 1  # models load once for the whole run
    assert [q for q, _ in engine.calls] == QUESTIONS
    assert "answered 3 rows (1 refused, 0 errors)" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]  # no journal or temp file left


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8", "utf-16"])
def test_input_encodings(tmp_path, engine, encoding):
    rows = [["question", "备注"], [QUESTIONS[1], "浙江省"], ["制造业投资", "表1-9"]]
    source = write_csv(tmp_path / "in.csv", rows, encoding)
    out = tmp_path / "out.csv"
    assert batch(source, "-o", out) == 0
    result = read_output(out)
    assert [[r["question"], r["备注"]] for r in result] == rows[1:]
    assert [q for q, _ in engine.calls] == [QUESTIONS[1], "制造业投资"]


def test_utf8_is_preferred_over_gb18030():
    """UTF-8 Chinese also decodes as GB18030 (into mojibake), so UTF-8 must be tried first."""
    text = "question\n中文问题\n"
    assert decode_text(text.encode("utf-8"), "x") == (text, "utf-8")
    assert decode_text(text.encode("gbk"), "x") == (text, "gb18030")


def test_latin1_input_is_read_as_windows_1252_with_a_note(tmp_path, engine, capsys):
    """Latin-1 decodes as GB18030 without error (into 閤-style mojibake); plausibility picks Windows-1252."""
    rows = [["question", "place"], ["Crédit Agricole lending in 2022?", "México"]]
    source = write_csv(tmp_path / "in.csv", rows, "latin-1")
    assert batch(source, "-o", tmp_path / "out.csv") == 0
    result = read_output(tmp_path / "out.csv")
    assert [[r["question"], r["place"]] for r in result] == rows[1:]
    assert "Windows-1252" in capsys.readouterr().err


def test_encoding_option_overrides_detection(tmp_path, engine, capsys):
    source = write_csv(tmp_path / "in.csv", [["question"], ["中文问题"]], "gbk")
    assert batch(source, "-o", tmp_path / "out.csv", "--encoding", "gbk") == 0
    assert read_output(tmp_path / "out.csv")[0]["question"] == "中文问题"
    assert "note:" not in capsys.readouterr().err
    assert batch(source, "-o", tmp_path / "out2.csv", "--encoding", "utf-8") == 2
    assert "cannot decode" in one_error_line(capsys)
    assert batch(source, "-o", tmp_path / "out3.csv", "--encoding", "klingon") == 2
    assert "unknown encoding" in one_error_line(capsys)


def test_semicolon_and_tab_separated_input(tmp_path, engine):
    (tmp_path / "semi.csv").write_text("id;question\n1;制造业投资\n", encoding="utf-8")
    (tmp_path / "tab.csv").write_text("id\tquestion\n1\t制造业投资\n", encoding="utf-8")
    for name in ("semi.csv", "tab.csv"):
        assert batch(tmp_path / name, "-o", tmp_path / f"{name}.out.csv") == 0
        assert read_output(tmp_path / f"{name}.out.csv")[0]["question"] == "制造业投资"


def test_question_column_option_and_case(tmp_path, engine):
    write_csv(tmp_path / "a.csv", [["问题", "id"], ["制造业投资", "1"]])
    assert batch(tmp_path / "a.csv", "-o", tmp_path / "a.out.csv", "--question-column", "问题") == 0
    write_csv(tmp_path / "b.csv", [["ID", " Question "], ["1", "manufacturing"]])
    assert batch(tmp_path / "b.csv", "-o", tmp_path / "b.out.csv") == 0
    assert [q for q, _ in engine.calls] == ["制造业投资", "manufacturing"]


def test_xlsx_input_and_output(tmp_path, engine):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "question", "share"])
    sheet.append([1, QUESTIONS[0], 0.25])
    sheet.append([None, None, None])  # blank rows are not questions
    sheet.append([2, QUESTIONS[1], None])
    book.create_sheet("ignored").append(["question"])
    book.save(tmp_path / "in.xlsx")

    assert batch(tmp_path / "in.xlsx", "-o", tmp_path / "out.csv") == 0
    result = read_output(tmp_path / "out.csv")
    assert [(r["id"], r["question"], r["share"]) for r in result] == [
        ("1", QUESTIONS[0], "0.25"),
        ("2", QUESTIONS[1], ""),
    ]

    assert batch(tmp_path / "in.xlsx", "-o", tmp_path / "out.xlsx") == 0
    rows = list(openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == ["id", "question", "share", *OUTPUT_COLUMNS]
    assert rows[1][:3] == (1, QUESTIONS[0], 0.25)  # typed cells stay typed
    answer = dict(zip(rows[0], rows[1], strict=True))
    assert isinstance(answer["value"], float) and answer["refused"] is False and answer["error"] is None


# --- bad rows -----------------------------------------------------------------------------------------------------


def test_bad_rows_get_an_error_and_the_run_goes_on(tmp_path, engine):
    engine.fail_on = "crash me"
    bad = {
        "empty": "   ",
        "long": "x" * 20_000,
        "nul": "how much\x00 investment",
        "junk": "\x01\x02\x7f\x1b[31m\x08",
        "undecodable": "\ufffd\ufffd manufacturing",
        "crash": "crash me please",
    }
    rows = [["id", "question"], ["ok1", QUESTIONS[0]], *([k, v] for k, v in bad.items()), ["ok2", QUESTIONS[1]]]
    out = tmp_path / "out.csv"
    assert batch(write_csv(tmp_path / "in.csv", rows), "-o", out) == 0
    result = {r["id"]: r for r in read_output(out)}
    assert list(result) == [r[0] for r in rows[1:]]
    for key in bad:
        error = result[key]["error"]
        assert error and "\n" not in error and len(error) <= 300, (key, error)
        assert result[key]["answer"] == "" and result[key]["refused"] == ""
    assert "empty question" in result["empty"]["error"]
    assert "20000 characters" in result["long"]["error"]
    assert "NUL" in result["nul"]["error"]
    assert "control characters" in result["junk"]["error"]
    assert result["crash"]["error"] == "RuntimeError: reader crashed on this row"
    assert result["long"]["question"] == "x" * 20_000  # passed through unchanged all the same
    assert result["ok1"]["error"] == result["ok2"]["error"] == ""
    assert result["ok2"]["answer"]


def test_binary_cell_in_a_utf8_file_is_a_row_error(tmp_path, engine):
    """A few undecodable bytes in an otherwise UTF-8 file spoil one row, not the whole file (nor its Chinese)."""
    data = "id,question\n1,制造业投资多少？\n2,".encode() + b"\x89PNG\xff\xfe\x00\x81" + "\n3,浙江省对外投资\n".encode()
    (tmp_path / "in.csv").write_bytes(data)
    assert batch(tmp_path / "in.csv", "-o", tmp_path / "out.csv") == 0
    result = read_output(tmp_path / "out.csv")
    assert [r["question"] for r in (result[0], result[2])] == ["制造业投资多少？", "浙江省对外投资"]
    assert result[1]["error"] and not result[0]["error"] and not result[2]["error"]


# --- errors before any work ---------------------------------------------------------------------------------------


def _no_output(tmp_path: Path, before: set[str]) -> None:
    assert {p.name for p in tmp_path.iterdir()} == before


def test_missing_question_column(tmp_path, engine, capsys):
    source = write_csv(tmp_path / "in.csv", [["id", "query"], ["1", "x"]])
    assert batch(source, "-o", tmp_path / "out.csv") == 2
    line = one_error_line(capsys)
    assert "no 'question' column" in line and "'query'" in line and "--question-column" in line
    assert engine.loads == [] and engine.calls == []
    _no_output(tmp_path, {"in.csv"})


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("missing.csv", None, "No such file"),
        ("mixed.csv", b"question\ncaf\xe9 \x81\x8d\x8f\x90\x9d\n", "cannot decode"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old-format .xls"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "Excel workbook"),
        ("empty.csv", b"", "is empty"),
        ("bad-bom.csv", codecs.BOM_UTF8 + b"question\n\xff\xff\n", "cannot decode"),
    ],
)
def test_unreadable_input(tmp_path, engine, capsys, name, data, expected):
    if data is not None:
        (tmp_path / name).write_bytes(data)
    before = {p.name for p in tmp_path.iterdir()}
    assert batch(tmp_path / name, "-o", tmp_path / "out.csv") == 2
    assert expected in one_error_line(capsys)
    assert engine.loads == []
    _no_output(tmp_path, before)


def test_input_is_a_folder(tmp_path, engine, capsys):
    (tmp_path / "folder").mkdir()
    assert batch(tmp_path / "folder", "-o", tmp_path / "out.csv") == 2
    assert "cannot read" in one_error_line(capsys)
    assert engine.loads == []


@pytest.mark.parametrize(
    ("output", "expected"),
    [("nowhere/out.csv", "does not exist"), ("folder", "it is a folder"), ("in.csv", "overwrite the input")],
)
def test_unwritable_output(tmp_path, engine, capsys, output, expected):
    source = write_csv(tmp_path / "in.csv", [["question"], ["x"]])
    (tmp_path / "folder").mkdir()
    assert batch(source, "-o", tmp_path / output) == 2
    assert expected in one_error_line(capsys)
    assert engine.loads == []
    _no_output(tmp_path, {"in.csv", "folder"})
    assert source.read_bytes() == b"question\r\nx\r\n"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_output_folder_without_permission(tmp_path, engine, capsys):
    source = write_csv(tmp_path / "in.csv", [["question"], ["x"]])
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    try:
        assert batch(source, "-o", locked / "out.csv") == 2
        assert "no permission" in one_error_line(capsys)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)
    assert engine.loads == []


def test_output_folder_without_permission_as_root(tmp_path, engine, capsys, monkeypatch):
    """The permission check itself (root passes any chmod, so `os.access` is made to say no)."""
    source = write_csv(tmp_path / "in.csv", [["question"], ["x"]])
    monkeypatch.setattr(rag.batch.os, "access", lambda path, mode: False)
    assert batch(source, "-o", tmp_path / "out.csv") == 2
    assert "no permission to create files in" in one_error_line(capsys)
    assert engine.loads == []
    _no_output(tmp_path, {"in.csv"})


def test_model_failure_leaves_no_journal(tmp_path, monkeypatch, capsys):
    from rag.index.models import ModelError

    def open_retriever(settings, rebuild=True, log=print):
        raise ModelError("model files failed verification; run `make model`")

    monkeypatch.setattr(rag.engine, "open_retriever", open_retriever)
    source = write_csv(tmp_path / "in.csv", [["question"], ["x"]])
    assert batch(source, "-o", tmp_path / "out.csv") == 2
    assert "failed verification" in one_error_line(capsys)
    _no_output(tmp_path, {"in.csv"})  # a run that answered nothing leaves nothing to resume


# --- journal and resume -------------------------------------------------------------------------------------------


def many_questions(n: int) -> list[list[str]]:
    topics = ["manufacturing", "制造业", "Latin America", "拉丁美洲", "Zhejiang", "宁波舟山港", "India", "Antarctica"]
    return [["id", "question"]] + [[str(i), f"Q{i}: {topics[i % len(topics)]} in {2015 + i % 8}?"] for i in range(n)]


def comparable(path: Path) -> list[dict[str, str]]:
    """Output rows without the timing column (the only one that differs between runs)."""
    return [{k: v for k, v in row.items() if k != "latency_ms"} for row in read_output(path)]


def test_existing_partial_needs_resume(tmp_path, engine, capsys):
    source = write_csv(tmp_path / "in.csv", many_questions(3))
    (tmp_path / ("out.csv" + PARTIAL_SUFFIX)).write_text("left over\n")
    assert batch(source, "-o", tmp_path / "out.csv") == 2
    line = one_error_line(capsys)
    assert "--resume" in line and "delete it" in line
    assert engine.loads == []


def test_interrupt_then_resume_redoes_nothing(tmp_path, engine, capsys):
    source = write_csv(tmp_path / "in.csv", many_questions(12))
    assert batch(source, "-o", tmp_path / "whole.csv") == 0
    engine.calls.clear()

    engine.interrupt_after = 5
    out = tmp_path / "out.csv"
    assert batch(source, "-o", out) == 130
    err = capsys.readouterr().err
    assert "5 answered rows are kept" in err and "--resume" in err
    assert not out.exists()
    journal = out.with_name(out.name + PARTIAL_SUFFIX)
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 1 + 5

    engine.interrupt_after = None
    engine.calls.clear()
    assert batch(source, "-o", out, "--resume") == 0
    assert [q for q, _ in engine.calls] == [row[1] for row in many_questions(12)[6:]]
    assert "5 of 12 rows already done" in capsys.readouterr().err
    assert comparable(out) == comparable(tmp_path / "whole.csv")
    assert not journal.exists()


def test_resume_drops_a_torn_last_line_and_redoes_changed_rows(tmp_path, engine, capsys):
    rows = many_questions(8)
    source = write_csv(tmp_path / "in.csv", rows)
    assert batch(source, "-o", tmp_path / "whole.csv") == 0
    engine.interrupt_after = len(engine.calls) + 4
    out = tmp_path / "out.csv"
    assert batch(source, "-o", out) == 130
    journal = out.with_name(out.name + PARTIAL_SUFFIX)
    with journal.open("ab") as file:  # what a SIGKILL in the middle of a write leaves
        file.write(b'{"row": 4, "q": "0123", "cells": {"answer": "half wri')
    rows[3][1] = "an edited question"  # data row 2, already answered
    write_csv(source, rows)

    engine.interrupt_after = None
    engine.calls.clear()
    assert batch(source, "-o", out, "--resume") == 0
    assert "incomplete last line" in capsys.readouterr().err
    asked = [q for q, _ in engine.calls]
    assert asked == ["an edited question"] + [row[1] for row in rows[5:]]
    result = comparable(out)
    whole = comparable(tmp_path / "whole.csv")
    assert [r["id"] for r in result] == [str(i) for i in range(8)]
    assert result[:2] + result[3:] == whole[:2] + whole[3:]
    assert "an edited question" in result[2]["answer"]


def test_resume_with_another_mode_is_refused(tmp_path, engine, capsys):
    source = write_csv(tmp_path / "in.csv", many_questions(4))
    engine.interrupt_after = 2
    assert batch(source, "-o", tmp_path / "out.csv") == 130
    capsys.readouterr()
    assert batch(source, "-o", tmp_path / "out.csv", "--resume", "--mode", "llm") == 2
    assert "'grounded', not 'llm'" in one_error_line(capsys)


def test_resume_without_partial_starts_over(tmp_path, engine):
    source = write_csv(tmp_path / "in.csv", many_questions(2))
    assert batch(source, "-o", tmp_path / "out.csv", "--resume") == 0
    assert len(read_output(tmp_path / "out.csv")) == 2


def test_run_batch_api_loads_no_engine_when_all_rows_are_done(tmp_path):
    source = write_csv(tmp_path / "in.csv", many_questions(3))
    fake = FakeEngine()
    counts = run_batch(source, tmp_path / "out.csv", lambda: fake, progress=False, log=lambda _m: None)
    assert counts["rows"] == 3 and counts["errors"] == 0 and len(fake.calls) == 3


class BatchEmbedder:
    """Records single and batched query embeddings; like `rag.index.embedding.Embedder`, `embed_queries` fills the cache
    that `embed_query` reads (`test_real_embedder_serves_prefetched_queries_from_its_cache` checks the real one)."""

    def __init__(self, fail: bool = False):
        self.fail = fail
        self.single: list[str] = []
        self.batches: list[list[str]] = []
        self.cache: dict[str, tuple[str, str]] = {}

    def embed_query(self, text: str):
        if text in self.cache:
            return self.cache[text]
        self.single.append(text)
        return ("vector", text)

    def embed_queries(self, texts: list[str]):
        if self.fail:
            raise RuntimeError("out of memory")
        self.batches.append(list(texts))
        self.cache.update((text, ("vector", text)) for text in texts)
        return [("vector", text) for text in texts]


class RetrievingEngine(FakeEngine):
    """Embeds its query the way `AnswerEngine` + `HybridRetriever` do: validated, thesaurus-expanded."""

    def __init__(self, embedder: BatchEmbedder):
        super().__init__()
        thesaurus = SimpleNamespace(expand=lambda query: f"{query} (expanded)")
        self.retriever = SimpleNamespace(embedder=embedder, thesaurus=thesaurus)
        self.vectors: list[object] = []

    def ask(self, question: str, mode: str = "grounded") -> Answer:
        query = self.retriever.thesaurus.expand(validate_question(question))
        self.vectors.append(self.retriever.embedder.embed_query(query))
        return super().ask(question, mode)


def test_queries_are_embedded_in_batches_ahead(tmp_path):
    rows = many_questions(PREFETCH_ROWS + 8)
    rows.insert(5, ["bad", "\x00\x01"])  # a bad row is not prefetched and fails in its own row
    source = write_csv(tmp_path / "in.csv", rows)
    embedder = BatchEmbedder()
    engine = RetrievingEngine(embedder)
    counts = run_batch(source, tmp_path / "out.csv", lambda: engine, progress=False, log=lambda _m: None)
    assert counts["errors"] == 1
    assert [len(b) for b in embedder.batches] == [PREFETCH_ROWS - 1, 9]  # 41 rows in windows of 32
    assert embedder.single == []  # every query was served from a batch
    assert engine.vectors == [("vector", f"{row[1]} (expanded)") for row in rows[1:] if row[0] != "bad"]
    assert engine.retriever.embedder is embedder  # nothing is swapped into the engine


def test_a_failed_batch_falls_back_to_single_queries(tmp_path):
    source = write_csv(tmp_path / "in.csv", many_questions(5))
    embedder = BatchEmbedder(fail=True)
    engine = RetrievingEngine(embedder)
    counts = run_batch(source, tmp_path / "out.csv", lambda: engine, progress=False, log=lambda _m: None)
    assert counts["errors"] == 0
    assert embedder.single == [f"{row[1]} (expanded)" for row in many_questions(5)[1:]]


SLOW_MAIN = """
import sys
sys.path.insert(0, {root!r})
import rag.cli
import rag.engine
from tests.interfaces.test_batch import FakeEngine

engine = FakeEngine(delay=float(sys.argv[1]))
rag.engine.open_retriever = lambda settings, rebuild=True, log=None: None
rag.engine.engine_over = lambda retriever, mode, **options: engine
sys.exit(rag.cli.main(sys.argv[2:]))
"""


def test_sigkill_mid_run_then_resume_matches_an_uninterrupted_run(tmp_path, engine):
    rows = many_questions(40)
    source = write_csv(tmp_path / "in.csv", rows)
    assert batch(source, "-o", tmp_path / "whole.csv") == 0

    out = tmp_path / "out.csv"
    journal = out.with_name(out.name + PARTIAL_SUFFIX)
    script = SLOW_MAIN.format(root=str(REPO_ROOT))
    argv = [sys.executable, "-c", script, "0.05", "batch", str(source), "-o", str(out), "--quiet"]
    process = subprocess.Popen(argv, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if journal.exists() and journal.read_bytes().count(b"\n") >= 1 + 8:
                break
            time.sleep(0.01)
        assert process.poll() is None, process.communicate()
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.communicate(timeout=30)  # reaps the child and closes its pipes
    assert process.returncode == -signal.SIGKILL
    assert not out.exists()
    kept = journal.read_bytes().count(b"\n") - 1
    assert 8 <= kept < 40

    engine.calls.clear()
    assert batch(source, "-o", out, "--resume") == 0
    assert len(engine.calls) <= 40 - kept + 1  # at most the row being written when killed is redone
    result = comparable(out)
    assert [r["id"] for r in result] == [str(i) for i in range(40)]  # no duplicates, none missing
    assert result == comparable(tmp_path / "whole.csv")
    assert not journal.exists()


# --- the real model -----------------------------------------------------------------------------------------------


@pytest.mark.model
def test_real_embedder_serves_prefetched_queries_from_its_cache(monkeypatch):
    """What `QueryPrefetcher` relies on: after `embed_queries`, `embed_query` of the same text runs no model."""
    import numpy as np

    from rag.index.embedding import SentenceTransformerEmbedder
    from rag.settings import Settings

    embedder = SentenceTransformerEmbedder(Settings.from_env())
    batch = embedder.embed_queries(["manufacturing investment 2022", "制造业投资"])
    monkeypatch.setattr(type(embedder), "model", property(lambda _self: pytest.fail("the model ran again")))
    assert np.allclose(embedder.embed_query("制造业投资"), batch[1])


@pytest.mark.model
def test_batch_with_the_real_index(tmp_path, capsys):
    from rag.settings import Settings

    settings = Settings.from_env()
    source = write_csv(tmp_path / "in.csv", [["lang", "question"], ["en", QUESTIONS[0]], ["zh", QUESTIONS[1]]])
    with source.open("a", encoding="utf-8") as file:
        file.write(f"none,{QUESTIONS[2]}\r\n")
    out = tmp_path / "out.csv"
    args = ["--seeds", settings.seeds_dir, "--index", settings.index_dir]
    assert main(["batch", str(source), "-o", str(out), "--quiet", *map(str, args)]) == 0
    assert header_of(out) == ["lang", "question", *OUTPUT_COLUMNS]
    english, chinese, unanswerable = read_output(out)
    for row in (english, chinese):
        assert row["error"] == "" and row["refused"] == "false", row
        assert row["value"] and row["unit"] and row["sources"].startswith("[1] ")
        assert json.loads(row["citations"])[0]["document"].endswith(".txt")
        assert 0 < float(row["confidence"]) <= 1 and float(row["latency_ms"]) > 0
    assert "table 1-9" in english["sources"] and "制造业" in english["sources"]
    assert unanswerable["refused"] == "true" and unanswerable["value"] == "" and unanswerable["error"] == ""


# --- the document column ------------------------------------------------------------------------------------------


class ScopedFakeEngine(FakeEngine):
    """The fake engine, also taking a document scope, over an index that holds two documents."""

    def __init__(self):
        super().__init__()
        self.scopes: list[tuple[str, ...] | None] = []
        chunks = [SimpleNamespace(doc_name=name) for name in ("alpha_2019.txt", "beta_2019.txt", "beta_2020.txt")]
        self.retriever = SimpleNamespace(index=SimpleNamespace(chunks=chunks))

    def ask(self, question: str, mode: str = "grounded", documents: tuple[str, ...] | None = None) -> Answer:
        self.scopes.append(documents)
        return super().ask(question, mode)


def test_document_column_scopes_each_row(tmp_path):
    rows = [
        ["id", "Document", "question"],
        ["1", "alpha_2019.txt", QUESTIONS[0]],
        ["2", "", QUESTIONS[1]],
        ["3", "beta_*", QUESTIONS[0]],
        ["4", "gamma.txt", QUESTIONS[0]],
        ["5", " beta_2020.txt ", QUESTIONS[1]],
    ]
    fake = ScopedFakeEngine()
    out = tmp_path / "out.csv"
    counts = run_batch(write_csv(tmp_path / "in.csv", rows), out, lambda: fake, progress=False, log=lambda _m: None)
    assert counts["errors"] == 1
    result = {r["id"]: r for r in read_output(out)}
    assert fake.scopes == [("alpha_2019.txt",), None, ("beta_2019.txt", "beta_2020.txt"), ("beta_2020.txt",)]
    error = result["4"]["error"]
    assert error.startswith("no document matches 'gamma.txt'; the index holds: alpha_2019.txt, beta_2019.txt")
    assert result["4"]["answer"] == "" and result["5"]["error"] == "" and result["5"]["answer"]
    assert [r["Document"] for r in result.values()] == [r[1] for r in rows[1:]]  # passed through as given


def test_resume_redoes_a_row_whose_document_changed(tmp_path):
    rows = [["document", "question"], ["alpha_2019.txt", QUESTIONS[0]], ["beta_2019.txt", QUESTIONS[1]]]
    source, out = write_csv(tmp_path / "in.csv", rows), tmp_path / "out.csv"
    interrupted = ScopedFakeEngine()
    interrupted.interrupt_after = 1
    with pytest.raises(KeyboardInterrupt):
        run_batch(source, out, lambda: interrupted, progress=False, log=lambda _m: None)
    rows[1][0] = "beta_2020.txt"
    write_csv(source, rows)
    resumed = ScopedFakeEngine()
    run_batch(source, out, lambda: resumed, resume=True, progress=False, log=lambda _m: None)
    assert resumed.scopes == [("beta_2020.txt",), ("beta_2019.txt",)]


def test_document_column_with_the_answer_engine(tmp_path, settings):
    """The real chain (hash embedder, no model): a row scoped to a document cites only that document."""
    from rag.answer.chain import AnswerEngine
    from rag.index.build import open_index
    from rag.retrieve.hybrid import HybridRetriever
    from rag.settings import PROJECT_ROOT
    from rag.text.glossary import Glossary
    from tests.fakes import HashEmbedder

    embedder, glossary = HashEmbedder(), Glossary.load()
    index = open_index(settings, embedder, glossary, log=lambda _m: None)
    engine = AnswerEngine(HybridRetriever(index, embedder, settings, glossary), PROJECT_ROOT / "prompts")
    question = "How much did manufacturing investment reach in 2022?"
    rows = [["question", "document"], [question, "b_tables.txt"], [question, "a_policy.txt"], [question, "c.txt"]]
    out = tmp_path / "out.csv"
    run_batch(write_csv(tmp_path / "in.csv", rows), out, lambda: engine, progress=False, log=lambda _m: None)
    tables, policy, unknown = read_output(out)
    for row, doc in ((tables, "b_tables.txt"), (policy, "a_policy.txt")):
        assert row["error"] == ""
        assert {c["document"] for c in json.loads(row["citations"])} <= {doc}
    assert unknown["error"] == "no document matches 'c.txt'; the index holds: a_policy.txt, b_tables.txt"
