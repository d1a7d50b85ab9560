"""Bad input, bad files, failing endpoints: the probe of issue 16, kept as a suite.

Every probe goes in through a real way in (`rag ask`, `rag batch`, the chat handler) over a small index built with the
hash embedder, or against a real local HTTP server that fails on purpose (`tests.fakes.FakeLLMServer`). Each asserts
one clear line (or the right refusal), no traceback, no secret in any output, and no row or file lost.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import rag.engine
from rag.cli import main
from rag.text.glossary import Glossary
from tests.fakes import FakeLLMServer, HashEmbedder

pytestmark = pytest.mark.usefixtures("isolated_env")

SECRET = "sk-probe-4f9a1c2e7b5d8e0f"
URL_PASSWORD = "hunter2-in-the-url"
SECRETS = (SECRET, URL_PASSWORD)
# The environment before `isolated_env` moves the cache into tmp_path: the real-index test needs the real model cache.
REAL_ENV = dict(os.environ)
# A question the small seeds answer with a figure (so `--mode llm` calls the LLM).
ASKABLE = "How much was invested in manufacturing in 2022?"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def assert_clean(run: Run, *files: Path) -> None:
    """No traceback and no secret in what the run printed or wrote."""
    written = "".join(p.read_text(encoding="utf-8-sig", errors="replace") for p in files if p.is_file())
    assert "Traceback" not in run.text
    for secret in SECRETS:
        assert secret not in run.text and secret not in written, f"secret leaked: {run.text[-600:]}"


def assert_one_error(run: Run, command: str) -> str:
    assert run.code == 2, run.text[-800:]
    lines = run.err.strip().splitlines()
    errors = [line for line in lines if line.startswith(f"rag {command}: error: ")]
    assert len(errors) == 1, run.err
    assert_clean(run)
    return errors[0]


@pytest.fixture
def rag_cli(monkeypatch, small_seeds: Path, tmp_path: Path, capsys):
    """`rag` over the small seeds with the hash embedder; the index is built once, then used with --no-rebuild."""
    monkeypatch.setattr(rag.engine, "load_components", lambda settings: (HashEmbedder(), Glossary.load()))
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    paths = ["--seeds", str(small_seeds), "--index", str(tmp_path / "index")]

    def run(*args: str, rebuild: bool = False) -> Run:
        command, rest = args[0], list(args[1:])
        extra = [] if rebuild or command == "index" else ["--no-rebuild"]
        code = main([command, *rest, *paths, *extra])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    assert run("index", "--quiet").code == 0
    return run


def ask_json(rag_cli, question: str, *options: str) -> dict:
    run = rag_cli("ask", question, "--json", *options)
    assert run.code == 0, run.err
    assert_clean(run)
    return json.loads(run.out)


# --- questions: refused by the gate, with what is missing ----------------------------------------------------------

NO_SUBJECT = [
    "2022",
    "\udcff\udcfe\x01\x02 2022",  # junk bytes from a shell (surrogate-escaped argv), then a year
    "ÿþ\x00 2022",
    "12345.6",
    "How much in 2022?",
    "What was the total value in 2021 and 2022?",
    "?!?! … —— 2022",
    "2022年是多少？",
    "请问2022年的数据是多少",
]
LANGUAGES = [
    "2022年の製造業への投資額はいくらですか？",
    "2022년 제조업 투자는 얼마입니까?",
    "كم بلغ الاستثمار في التصنيع عام 2022؟",
    "Сколько Китай инвестировал в 2022 году?",
    "How much did Китай invest in manufacturing in 2022?",
    "การลงทุนด้านการผลิตในปี 2022 เท่าไร",
    "כמה השקיעה סין בייצור ב-2022?",
    "Πόσο επένδυσε η Κίνα στη μεταποίηση το 2022;",
]


@pytest.mark.parametrize(
    ("question", "kind"),
    [(q, "no_subject") for q in NO_SUBJECT]
    + [(q, "language") for q in LANGUAGES]
    + [("qwzxv plmokn 2022", "unknown_words")],
)
def test_nonsense_and_unserved_languages_are_refused_without_a_figure(rag_cli, question, kind):
    answer = ask_json(rag_cli, question)
    assert answer["refused"] is True
    assert answer["value"] is None and answer["citations"] == []
    assert any(note.startswith(f"refused: {kind} ") for note in answer["notes"])
    assert "\n" not in answer["text"] and not any(ch.isdigit() for ch in answer["text"])


# --- questions: Unicode spaces are text, normalised ----------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        ASKABLE.replace(" ", "\u00a0"),  # no-break spaces
        ASKABLE.replace(" ", "\u3000"),  # ideographic spaces
        ASKABLE.replace("manufacturing", "manu\u00adfac\u00adturing"),  # soft hyphens
        ASKABLE.replace("manufacturing", "manu\u200bfacturing"),  # a zero-width space
        "\ufeff" + ASKABLE,  # a byte-order mark pasted in front
        "\u202a" + ASKABLE + "\u202c",  # bidirectional embedding controls
        ASKABLE.replace(" ", "\n", 2).replace(" ", "\t", 1),  # line breaks and a tab
        ASKABLE.replace("2022", "２０２２"),  # full-width digits
    ],
)
def test_unicode_spaces_and_invisible_marks_are_normalised(rag_cli, question):
    plain = ask_json(rag_cli, ASKABLE)
    answer = ask_json(rag_cli, question)
    assert answer["question"] == ASKABLE  # "How much" stays two words
    assert (answer["text"], answer["value"], answer["refused"]) == (plain["text"], plain["value"], plain["refused"])


def test_the_chat_keeps_a_no_break_space_as_a_space():
    from rag.chat import respond

    class Echo:
        asked: list[str] = []

        def stream(self, question, mode="grounded"):
            from rag.types import Answer

            self.asked.append(question)
            yield Answer(question, "an answer")

    engine = Echo()
    *_, (_, _, status, _, _) = respond(engine, "grounded", None, "How\u00a0much\u200b FDI?", [], {})
    assert engine.asked == ["How much FDI?"] and "How much FDI?" in status


@pytest.mark.parametrize("question", ["", "   ", "\x00\x01", "\u200b\u00ad", "x" * 20_000])
def test_empty_or_oversized_questions_are_one_line_errors(rag_cli, question):
    line = assert_one_error(rag_cli("ask", question), "ask")
    assert "question" in line


# --- batch files ---------------------------------------------------------------------------------------------------


def write_rows(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def output_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def batch(rag_cli, source: Path, output: Path, *options: str) -> Run:
    return rag_cli("batch", str(source), "-o", str(output), "--quiet", *options)


@pytest.mark.parametrize(
    ("encoding", "note"),
    [("latin-1", "Windows-1252"), ("cp1252", "Windows-1252"), ("gbk", "GB18030"), ("utf-16", ""), ("utf-8-sig", "")],
)
def test_batch_input_encodings_are_detected_not_garbled(rag_cli, tmp_path, encoding, note):
    chinese = encoding in ("gbk", "utf-16", "utf-8-sig")
    place = (
        "浙江省" if chinese else "México, Crédit Agricole – “€”" if encoding == "cp1252" else "México, Crédit Agricole"
    )
    rows = [["question", "place"], [ASKABLE, place], ["2022", place]]
    out = tmp_path / "out.csv"
    run = batch(rag_cli, write_rows(tmp_path / "in.csv", rows, encoding), out)
    assert run.code == 0, run.err
    assert_clean(run, out)
    assert [[r["question"], r["place"]] for r in output_rows(out)] == rows[1:]
    assert (note in run.err) if note else "note:" not in run.err


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("junk.csv", b"question\n\x81\x8d\x8f\x90\x9d\xe9 \x00\x07\n", "cannot decode"),
        ("empty.csv", b"", "is empty"),
        ("nocolumn.csv", b"query\nhello\n", "no 'question' column"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old-format .xls"),
        ("broken.xlsx", b"PK\x03\x04 not a zip at all", "Excel workbook"),
        ("bad-bom.csv", codecs.BOM_UTF8 + b"question\n\xff\xfe\xfd\n", "cannot decode"),
    ],
)
def test_unreadable_batch_inputs_are_one_line_before_any_work(rag_cli, tmp_path, name, data, expected):
    (tmp_path / name).write_bytes(data)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert expected in assert_one_error(batch(rag_cli, tmp_path / name, tmp_path / "out.csv"), "batch")
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


@pytest.mark.parametrize(("encoding", "expected"), [("klingon", "unknown encoding"), ("utf-8", "cannot decode")])
def test_a_wrong_encoding_option_is_one_line(rag_cli, tmp_path, encoding, expected):
    source = write_rows(tmp_path / "in.csv", [["question"], ["中文问题"]], "gbk")
    line = assert_one_error(batch(rag_cli, source, tmp_path / "out.csv", "--encoding", encoding), "batch")
    assert expected in line


def test_batch_cells_with_unicode_spaces_are_answered_and_junk_cells_are_row_errors(rag_cli, tmp_path):
    questions = [
        ASKABLE.replace(" ", "\u00a0"),
        ASKABLE.replace(" ", "\u3000", 3),
        ASKABLE.replace("manufacturing", "manu\u200bfac\u00adturing"),
        "bad \x00 cell",
        "bell \x07 cell",
        "2022",
        "2022年の製造業への投資額はいくらですか？",
        ASKABLE,
    ]
    rows = [["id", "question"], *([str(i), q] for i, q in enumerate(questions))]
    out = tmp_path / "out.csv"
    run = batch(rag_cli, write_rows(tmp_path / "in.csv", rows), out)
    assert run.code == 0 and "answered 8 rows" in run.out
    assert_clean(run, out)
    result = output_rows(out)
    assert [r["id"] for r in result] == [str(i) for i in range(8)]  # no row lost or reordered
    assert [bool(r["error"]) for r in result] == [False, False, False, True, True, False, False, False]
    assert [r["answer"] for r in result[:3]] == [result[7]["answer"]] * 3
    assert [r["refused"] for r in result[5:7]] == ["true", "true"]


def test_a_batch_whose_every_row_is_an_error_exits_non_zero(rag_cli, tmp_path):
    out = tmp_path / "out.csv"
    run = batch(rag_cli, write_rows(tmp_path / "in.csv", [["question"], ["a\x00b"], ["\x07"]]), out)
    assert run.code == 1 and "no row was answered" in run.err
    assert [r["error"] != "" for r in output_rows(out)] == [True, True]  # every row kept, with its reason
    assert_clean(run, out)


def test_resume_cleans_a_temporary_file_left_by_a_kill(rag_cli, tmp_path):
    source = write_rows(tmp_path / "in.csv", [["question"], [ASKABLE]])
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftover = tmp_path / f".out.csv.{int(dead.stdout)}.tmp"
    leftover.write_text("half a file", encoding="utf-8")
    run = batch(rag_cli, source, tmp_path / "out.csv", "--resume")
    assert run.code == 0 and "removed .out.csv." in run.err
    assert not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["in.csv", "out.csv"]


def test_resume_after_a_finished_run_says_it_is_complete(rag_cli, tmp_path, monkeypatch):
    source = write_rows(tmp_path / "in.csv", [["question"], [ASKABLE], ["2022"]])
    out = tmp_path / "out.csv"
    assert batch(rag_cli, source, out).code == 0
    finished = out.read_bytes()
    loads = []
    monkeypatch.setattr(rag.engine, "open_retriever", lambda *a, **k: loads.append(1))
    run = batch(rag_cli, source, out, "--resume")
    assert run.code == 0 and "already complete" in run.err
    assert out.read_bytes() == finished and loads == []  # nothing redone, no model loaded


# --- index files ---------------------------------------------------------------------------------------------------


def edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def edit_chunk(change):
    def edit(path: Path) -> None:
        lines = path.read_text(encoding="utf-8").splitlines()
        row = json.loads(lines[1])
        change(row)
        lines[1] = json.dumps(row, ensure_ascii=False)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return edit


def manifest_edit(change):
    return lambda path: edit_json(path, change)


CORRUPTIONS = {
    "sources null": ("manifest.json", manifest_edit(lambda m: m.update(sources=None)), "sources"),
    "dimension as text": (
        "manifest.json",
        manifest_edit(lambda m: m.update(dimension=str(m["dimension"]))),
        "dimension",
    ),
    "dimension wrong": ("manifest.json", manifest_edit(lambda m: m.update(dimension=64)), "dimension"),
    "schema as text": ("manifest.json", manifest_edit(lambda m: m.update(schema_version="2")), "schema_version"),
    "counts a list": ("manifest.json", manifest_edit(lambda m: m.update(counts=[])), "counts"),
    "no file hashes": ("manifest.json", manifest_edit(lambda m: m.update(files={})), "SHA-256"),
    "source hash null": (
        "manifest.json",
        manifest_edit(lambda m: m["sources"].update({"a_policy.txt": None})),
        "sources",
    ),
    "manifest not json": ("manifest.json", lambda p: p.write_text("{oops", encoding="utf-8"), "manifest.json"),
    "manifest a list": ("manifest.json", lambda p: p.write_text("[]", encoding="utf-8"), "manifest.json"),
    "chunk text null": ("chunks.jsonl", edit_chunk(lambda c: c.update(text=None)), "text"),
    "chunk line as text": ("chunks.jsonl", edit_chunk(lambda c: c.update(start_line="3")), "start_line"),
    "chunk heading a string": ("chunks.jsonl", edit_chunk(lambda c: c.update(heading="Chapter")), "heading"),
    "chunk kind missing": ("chunks.jsonl", edit_chunk(lambda c: c.pop("kind")), "kind"),
    "chunk row not object": ("chunks.jsonl", lambda p: p.write_text('"just text"\n', encoding="utf-8"), "line 1"),
    "tables an object": ("tables.json", lambda p: p.write_text("{}", encoding="utf-8"), "tables.json"),
    "table cells null": ("tables.json", manifest_edit(lambda t: t[0]["rows"][0].update(cells=None)), "cells"),
    "table unit a string": ("tables.json", manifest_edit(lambda t: t[0].update(unit="USD")), "unit"),
    "vectors garbage": ("vectors.faiss", lambda p: p.write_bytes(b"\x00garbage" * 50), "vectors.faiss"),
    "chunks edited": (
        "chunks.jsonl",
        lambda p: p.write_text(p.read_text("utf-8").replace("271.5", "999.9"), "utf-8"),
        "SHA-256",
    ),
}


@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_corrupt_index_files_are_one_line_with_no_rebuild(rag_cli, tmp_path, case):
    name, corrupt, expected = CORRUPTIONS[case]
    corrupt(tmp_path / "index" / name)
    line = assert_one_error(rag_cli("ask", ASKABLE), "ask")
    assert expected in line and "rag index" in line


@pytest.mark.parametrize("case", ["sources null", "chunk text null", "dimension as text", "chunks edited"])
def test_corrupt_index_files_are_rebuilt_without_no_rebuild(rag_cli, tmp_path, case):
    name, corrupt, _ = CORRUPTIONS[case]
    corrupt(tmp_path / "index" / name)
    run = rag_cli("ask", ASKABLE, rebuild=True)
    assert run.code == 0 and "building the index" in run.err
    assert_clean(run)


@pytest.fixture
def other_index(tmp_path: Path, monkeypatch) -> Path:
    """An index of another corpus (one different document), built with the same embedder."""
    seeds = tmp_path / "other-seeds"
    seeds.mkdir()
    (seeds / "c_other.txt").write_text("Other corpus\n\nPort throughput rose 4.5 percent in 2021.\n", encoding="utf-8")
    monkeypatch.setattr(rag.engine, "load_components", lambda settings: (HashEmbedder(), Glossary.load()))
    assert main(["index", "--quiet", "--seeds", str(seeds), "--index", str(tmp_path / "other-index")]) == 0
    return tmp_path / "other-index"


@pytest.mark.parametrize(
    "names", [("chunks.jsonl", "vectors.faiss"), ("tables.json",), ("chunks.jsonl", "vectors.faiss", "tables.json")]
)
def test_index_files_swapped_in_from_another_corpus_are_detected(rag_cli, tmp_path, other_index, capsys, names):
    capsys.readouterr()
    for name in names:
        shutil.copyfile(other_index / name, tmp_path / "index" / name)
    line = assert_one_error(rag_cli("ask", ASKABLE), "ask")
    assert "SHA-256" in line and "rag index --force" in line
    run = rag_cli("ask", ASKABLE, rebuild=True)  # without --no-rebuild: rebuilt from the seeds, then answered
    assert run.code == 0 and "building the index" in run.err


# --- LLM endpoints -------------------------------------------------------------------------------------------------


@pytest.fixture
def llm_env(monkeypatch):
    def configure(server: FakeLLMServer | None = None, base_url: str = "", **env: str) -> None:
        monkeypatch.setenv("RAG_LLM_BACKEND", "openai")
        monkeypatch.setenv("RAG_LLM_BASE_URL", base_url or server.base_url)
        monkeypatch.setenv("RAG_LLM_TIMEOUT", env.pop("timeout", "2"))
        monkeypatch.setenv("RAG_LLM_RETRIES", env.pop("retries", "1"))
        monkeypatch.setenv("RAG_LLM_BACKOFF", "0.01")

    return configure


@pytest.mark.parametrize(
    ("mode", "requests", "reason"),
    [
        ("500", 2, "HTTP 500 after 2 tries"),
        ("401echo", 1, "HTTP 401, the API key was refused"),  # not retried: a refused key stays refused
        ("drop", 2, "connection"),
        ("slow", 2, "timed out"),
    ],
)
def test_a_failing_llm_endpoint_gives_the_grounded_answer_with_a_note(rag_cli, llm_env, mode, requests, reason):
    with FakeLLMServer(mode, delay_s=3.0) as server:
        llm_env(server, timeout="0.5")
        started = time.perf_counter()
        run = rag_cli("ask", ASKABLE, "--mode", "llm")
        assert time.perf_counter() - started < 8
        assert server.requests == requests
    assert run.code == 0, run.err
    assert_clean(run)
    assert "the LLM gave no usable answer" in run.out and "Sources:" in run.out
    notes = [line for line in run.err.splitlines() if line.startswith("note: LLM answer not available")]
    assert len(notes) == 1 and reason in notes[0]


def test_an_llm_answer_cut_off_mid_stream_falls_back(rag_cli, llm_env):
    with FakeLLMServer("cut", reply="Manufacturing received 271.5 in 2022 [1].") as server:
        llm_env(server)
        run = rag_cli("ask", ASKABLE, "--mode", "llm")
    assert run.code == 0 and "cut off" in run.err and "Sources:" in run.out
    assert_clean(run)


def test_a_transient_failure_is_retried_and_then_answered(rag_cli, llm_env):
    with FakeLLMServer("flaky", failures=1) as server:
        llm_env(server)
        answer = ask_json(rag_cli, ASKABLE, "--mode", "llm")
        assert server.requests == 2
    assert not any(note.startswith("LLM answer not available") for note in answer["notes"])


def test_a_failing_endpoint_with_json_output_keeps_stdout_json(rag_cli, llm_env):
    with FakeLLMServer("500") as server:
        llm_env(server)
        answer = ask_json(rag_cli, ASKABLE, "--mode", "llm")
    assert answer["mode"] == "grounded" and answer["value"] is not None
    assert any("HTTP 500" in note for note in answer["notes"])


def test_an_empty_llm_answer_does_not_replace_the_grounded_one(rag_cli, llm_env):
    plain = ask_json(rag_cli, ASKABLE)
    with FakeLLMServer("ok", reply="1. [1] 2. [2] 3. [3] 4. [4] 5. [5]") as server:
        llm_env(server)
        answer = ask_json(rag_cli, ASKABLE, "--mode", "llm")
    assert answer["mode"] == "grounded" and answer["text"] == plain["text"]
    assert any("LLM answer not shown: it states no figure" in note for note in answer["notes"])


@pytest.mark.parametrize(
    ("server_options", "base_url", "expected"),
    [
        ({"models_status": 401}, "", "refused the API key"),
        ({"models_status": 503}, "", "not ready"),
        (None, f"http://robot:{URL_PASSWORD}@127.0.0.1:9/v1", "not reachable"),
        (None, f"http://127.0.0.1:9/v1?api-key={SECRET}", "not reachable"),
    ],
)
def test_an_endpoint_that_fails_its_start_up_check_is_one_line(rag_cli, llm_env, server_options, base_url, expected):
    if server_options is None:
        llm_env(base_url=base_url)
        line = assert_one_error(rag_cli("ask", ASKABLE, "--mode", "llm"), "ask")
    else:
        with FakeLLMServer("ok", **server_options) as server:
            llm_env(server)
            line = assert_one_error(rag_cli("ask", ASKABLE, "--mode", "llm"), "ask")
    assert expected in line and "[redacted]" in line if base_url else expected in line


@pytest.mark.parametrize("setting", [("RAG_LLM_TIMEOUT", "soon"), ("RAG_LLM_RETRIES", "-1"), ("RAG_LLM_TIMEOUT", "0")])
def test_bad_llm_settings_are_one_line(rag_cli, llm_env, monkeypatch, setting):
    with FakeLLMServer("ok") as server:
        llm_env(server)
        monkeypatch.setenv(*setting)
        line = assert_one_error(rag_cli("ask", ASKABLE, "--mode", "llm"), "ask")
    assert setting[0] in line


@pytest.mark.parametrize("mode", ["500", "401echo", "drop"])
def test_batch_stops_resumably_when_the_llm_is_down(rag_cli, llm_env, tmp_path, mode):
    """Decided: a batch in llm mode stops (exit 2) at the first row the LLM fails after its retries, rather than
    exiting 0 with every row an error or quietly answering every row without the LLM."""
    source = write_rows(tmp_path / "in.csv", [["question"], [ASKABLE], ["2022"]])
    out = tmp_path / "out.csv"
    with FakeLLMServer(mode) as server:
        llm_env(server)
        line = assert_one_error(batch(rag_cli, source, out, "--mode", "llm"), "batch")
    assert "--resume" in line and "row 1" in line
    assert not out.exists()
    assert_clean(Run(0, "", ""), *tmp_path.glob("out.csv*"))


def test_batch_resumes_after_the_llm_comes_back(rag_cli, llm_env, tmp_path):
    source = write_rows(tmp_path / "in.csv", [["question"], ["2022"], [ASKABLE]])
    out = tmp_path / "out.csv"
    with FakeLLMServer("500") as server:
        llm_env(server)
        assert batch(rag_cli, source, out, "--mode", "llm").code == 2  # row 1 (refused, no LLM) kept
        assert (tmp_path / "out.csv.partial").is_file()
        server.mode = "ok"
        run = batch(rag_cli, source, out, "--mode", "llm", "--resume")
    assert run.code == 0 and "1 of 2 rows already done" in run.err
    assert [r["question"] for r in output_rows(out)] == ["2022", ASKABLE]


# --- secrets in every message --------------------------------------------------------------------------------------


def test_chat_status_and_server_log_redact_an_echoed_key(rag_cli, llm_env, tmp_path, capsys):
    from rag.chat import respond
    from rag.engine import engine_over, open_retriever
    from rag.settings import Settings

    with FakeLLMServer("401echo") as server:
        llm_env(server)
        settings = Settings(seeds_dir=tmp_path / "seeds", index_dir=tmp_path / "index", cache_dir=tmp_path / "c")
        engine = engine_over(open_retriever(settings, rebuild=False, log=lambda m: None), "llm")
        *_, (history, sources, status, _, _) = respond(engine, "llm", None, ASKABLE, [], {})
    shown = json.dumps(history) + sources + status + capsys.readouterr().err
    assert "HTTP 401" in shown and "checked answer follows" in shown
    assert all(secret not in shown for secret in SECRETS)


def test_chat_error_line_and_traceback_in_the_log_are_redacted(capsys):
    from rag.chat import respond

    class Leaky:
        def stream(self, question, mode="grounded"):
            raise RuntimeError(f"gateway said: Authorization: Bearer {SECRET} for http://u:{URL_PASSWORD}@h/v1")
            yield  # pragma: no cover

    *_, (history, _, status, _, _) = respond(Leaky(), "grounded", None, "a question about FDI", [], {})
    log = capsys.readouterr().err
    assert "gateway said" in status and "Traceback" in log  # the server log keeps its traceback, redacted
    assert all(secret not in status + log for secret in SECRETS)


def test_log_records_are_redacted(caplog):
    from rag.text.redact import install_log_redaction

    install_log_redaction()
    with caplog.at_level(logging.INFO):
        logging.getLogger("httpx").info("HTTP Request: POST %s", f"http://u:{URL_PASSWORD}@h/v1?api-key={SECRET}")
        try:
            raise ValueError(f"bad key {SECRET}")
        except ValueError:
            logging.getLogger("probe").exception("failed")
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert "HTTP Request" in text and "bad key" in text
    assert all(secret not in text for secret in SECRETS)


@pytest.mark.parametrize(
    "message",
    [
        f"Incorrect API key provided: {SECRET}",
        f'{{"headers": {{"authorization": "Bearer {SECRET}"}}}}',
        f"https://robot:{URL_PASSWORD}@api.example.com/v1",
        f"https://api.example.com/v1?api-key={SECRET}&model=x",
        f"x-api-key: {SECRET}",
    ],
)
def test_batch_error_cells_are_redacted(message):
    from rag.batch import error_cells

    assert all(secret not in error_cells(message, 1.0)["error"] for secret in SECRETS)


# --- the real pipeline ---------------------------------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize("question", ["2022", "\udcff\udcfe 2022", "2022年の製造業への投資額はいくらですか？"])
def test_real_index_refuses_nonsense_in_a_subprocess(question):
    """The shipped command over the real index: a refusal, exit 0, no figure (the 2022 total was the old answer)."""
    root = Path(__file__).resolve().parents[1]
    argv = [sys.executable, "-m", "rag.cli", "ask", question, "--json", "--no-rebuild"]
    env = {**REAL_ENV, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(argv, cwd=root, capture_output=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert b"Traceback" not in done.stderr
    answer = json.loads(done.stdout)
    assert answer["refused"] is True and answer["value"] is None
