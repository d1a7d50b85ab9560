"""The chat app (`rag chat`): follow-up rewriting, the sources panel, feedback, and the API of a live server."""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from rag.chat import (
    answer_markdown,
    build_app,
    give_feedback,
    launch_app,
    link_markers,
    render_sources,
    rewrite_followup,
    write_feedback,
)
from rag.types import Answer, Cell, Citation, Column, Table, TableRow, Unit

# --- a canned engine -------------------------------------------------------------------------------------------

UNIT = Unit(raw="USD 100 million, %", label="USD 100 million", kind="currency", currency="USD", scale=1e8, base="USD")
TABLE = Table(
    doc_name="b_tables.txt",
    table_id="1-1",
    printed_id="1-1",
    title="Table 1-1: Outward investment flows by industry, 2021-2022",
    toc_title="",
    unit=UNIT,
    unit_line="Unit: USD 100 million, %",
    source="Ministry of Commerce statistical bulletin.",
    label_header="行业",
    header_rows=(("行业", "2021", "2022", "增长率"),),
    columns=(Column("2021", ("2021",), UNIT), Column("2022", ("2022",), UNIT), Column("增长率", ("增长率",))),
    rows=(
        TableRow(6, "制造业", (Cell("268.7", 268.7), Cell("271.5", 271.5), Cell("1.0", 1.0))),
        TableRow(7, "金融业", (Cell("268.0", 268.0), Cell("221.2", 221.2), Cell("-17.5", -17.5))),
    ),
    title_line=3,
    start_line=4,
    end_line=8,
)


def table_citation(n: int, column: str, value: str) -> Citation:
    return Citation(
        n=n,
        doc_name="b_tables.txt",
        locator=f"table 1-1, row 制造业, column {column} (line 6)",
        quote=f"制造业 | {column}: {value}",
        start_line=6,
        end_line=6,
        heading=("Industry statistics",),
        table_id="1-1",
        row_label="制造业",
        column=column,
        value_text=value,
    )


PROSE = Citation(
    n=2,
    doc_name="a_policy.txt",
    locator="lines 5-8",
    quote="Manufacturing investment grew strongly to USD 27.2 billion.",
    start_line=5,
    end_line=8,
    heading=("Chapter 1 Overview of outward investment",),
)


def canned_answer(question: str) -> Answer:
    if "weather" in question.lower():
        return Answer(question, "The reports do not say; I cannot answer that.", refused=True)
    year = "2021" if "2021" in question else "2022"
    value = "268.7" if year == "2021" else "271.5"
    text = f"Manufacturing outward investment in {year} was USD {value} 100 million [1], a strong year [2]."
    return Answer(question, text, (table_citation(1, year, value), PROSE), value=float(value), confidence=0.9)


@dataclass
class FakeIndex:
    def table(self, table_id: str, doc_name: str | None = None) -> Table | None:
        return TABLE if table_id == TABLE.table_id and doc_name in (None, TABLE.doc_name) else None


@dataclass
class FakeRetriever:
    index: FakeIndex = field(default_factory=FakeIndex)


@dataclass
class FakeEngine:
    """Streams the canned answer in two pieces, then yields the `Answer` (as `AnswerEngine.stream` does)."""

    retriever: FakeRetriever = field(default_factory=FakeRetriever)
    asked: list = field(default_factory=list)

    def stream(self, question: str, mode: str = "grounded"):
        from rag.answer.chain import validate_question

        question = validate_question(question)
        self.asked.append(question)
        answer = canned_answer(question)
        half = len(answer.text) // 2
        yield answer.text[:half]
        yield answer.text[half:]
        yield answer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- follow-up rewriting ---------------------------------------------------------------------------------------

EN = "How much did Japan invest overseas in manufacturing in 2022?"
ZH = "2022年日本对外投资中制造业的流量是多少？"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("and in 2021?", "How much did Japan invest overseas in manufacturing in 2021?"),
        ("What about 2021?", "How much did Japan invest overseas in manufacturing in 2021?"),
        ("what about mining?", "How much did Japan invest overseas in mining in 2022?"),
        ("and mining in 2020?", "How much did Japan invest overseas in mining in 2020?"),
        # a full question is not a follow-up
        ("How large were Japan's FDI outflows in 2016?", "How large were Japan's FDI outflows in 2016?"),
    ],
)
def test_rewrite_followup_english(question: str, expected: str) -> None:
    assert rewrite_followup(question, EN) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("那2021年呢？", "2021年日本对外投资中制造业的流量是多少？"),
        ("2021年呢", "2021年日本对外投资中制造业的流量是多少？"),
        ("那采矿业呢？", "2022年日本对外投资中采矿业的流量是多少？"),
        ("那金融业2021年呢？", "2021年日本对外投资中金融业的流量是多少？"),
        ("2022年英国的对外投资流量是多少？", "2022年英国的对外投资流量是多少？"),
    ],
)
def test_rewrite_followup_chinese(question: str, expected: str) -> None:
    assert rewrite_followup(question, ZH) == expected


def test_rewrite_followup_without_previous_question_or_year() -> None:
    assert rewrite_followup("and in 2021?", None) == "and in 2021?"
    assert rewrite_followup("and in 2021?", "") == "and in 2021?"
    # the previous question had no year: the follow-up's year is added
    assert rewrite_followup("and in 2021?", "How much did Japan invest in mining?") == (
        "How much did Japan invest in mining in 2021?"
    )
    assert rewrite_followup("那2021年呢？", "日本对外投资是多少？") == "2021年日本对外投资是多少？"


# --- rendering -------------------------------------------------------------------------------------------------


def test_markers_become_anchors_and_text_is_escaped() -> None:
    html = link_markers("x <b>y</b> [1] and [12].")
    assert '<a class="cite" href="#src-1">[1]</a>' in html
    assert '<a class="cite" href="#src-12">[12]</a>' in html
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_sources_panel_highlights_the_cited_row_and_cell() -> None:
    answer = canned_answer(EN)
    html = render_sources(answer, FakeIndex().table)
    # one block per citation, each with the id its [n] anchor points to
    assert 'id="src-1"' in html and 'id="src-2"' in html
    for n in (1, 2):
        assert f'href="#src-{n}"' in answer_markdown(answer)
    # the table: cited row and cell highlighted, unit and source shown
    assert html.count('class="cited-row"') == 1
    assert html.count('class="cited-cell"') == 1
    assert '<tr class="cited-row"><th class="row-label" scope="row">制造业</th>' in html
    assert '<td class="cited-cell">271.5</td>' in html
    assert "Unit: USD 100 million, %" in html
    assert "Source: Ministry of Commerce statistical bulletin." in html
    assert "Table 1-1: Outward investment flows by industry" in html
    # the prose source: document, heading path, line range and the quote
    assert "a_policy.txt" in html and "Chapter 1 Overview of outward investment" in html
    assert "lines 5-8" in html and "USD 27.2 billion" in html


def test_sources_panel_column_with_gloss_and_value_fallback() -> None:
    glossed = table_citation(1, "增长率 (growth rate)", "1.0")
    html = render_sources(Answer("q", "t [1]", (glossed,)), FakeIndex().table)
    assert '<td class="cited-cell">1.0</td>' in html
    unknown_column = table_citation(1, "something else", "268.7")
    html = render_sources(Answer("q", "t [1]", (unknown_column,)), FakeIndex().table)
    assert '<td class="cited-cell">268.7</td>' in html


def test_sources_panel_without_table_lookup_quotes_the_passage() -> None:
    html = render_sources(canned_answer(EN), None)
    assert "<table" not in html and "制造业 | 2022: 271.5" in html


def test_refusal_is_styled_as_a_refusal() -> None:
    answer = canned_answer("what is the weather")
    assert 'class="refusal"' in answer_markdown(answer)
    assert 'class="refusal"' in render_sources(answer, None)


# --- feedback --------------------------------------------------------------------------------------------------


def test_write_feedback_appends_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "feedback.jsonl"
    record = {"question": "q", "rewritten": "q2", "answer": "a", "citations": [{"n": 1}]}
    write_feedback(path, record, "up")
    write_feedback(path, record, "down")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["verdict"] for line in lines] == ["up", "down"]
    assert set(lines[0]) >= {"time", "question", "rewritten", "answer", "citations", "verdict"}


def test_like_event_records_the_turn(tmp_path: Path) -> None:
    import gradio as gr

    from rag.chat import respond

    engine = FakeEngine()
    *_, last = respond(engine, "grounded", None, EN, [], {})
    history, _, _, _, memory = last
    *_, last = respond(engine, "grounded", None, "and in 2021?", history, memory)
    history, _, status, _, memory = last
    assert engine.asked[-1] == "How much did Japan invest overseas in manufacturing in 2021?"
    assert "Searching for: How much did Japan invest overseas in manufacturing in 2021?" in status
    path = tmp_path / "feedback.jsonl"
    message = give_feedback(path, memory, gr.LikeData(None, {"index": 3, "value": history[3], "liked": False}))
    assert "saved" in message
    line = json.loads(path.read_text(encoding="utf-8"))
    assert line["question"] == "and in 2021?" and line["verdict"] == "down"
    assert line["rewritten"].endswith("in 2021?") and "268.7" in line["answer"]
    assert line["citations"][0]["doc"] == "b_tables.txt"
    # a thumbs on a user message records nothing
    assert "answers only" in give_feedback(path, memory, gr.LikeData(None, {"index": 0, "value": "", "liked": True}))


def test_empty_question_is_a_one_line_message() -> None:
    from rag.chat import respond

    (history, _, status, _, _), *rest = list(respond(FakeEngine(), "grounded", None, "   ", [], {}))
    assert not rest and history == []
    assert "empty question" in status and "Traceback" not in status


def test_engine_error_is_a_one_line_message() -> None:
    from rag.chat import respond

    class Broken(FakeEngine):
        def stream(self, question, mode="grounded"):
            raise ValueError("LLM mode needs a chat model\nsecond line")
            yield  # pragma: no cover

    *_, (history, _, status, box, _) = respond(Broken(), "grounded", None, "a question", [], {})
    assert history == [] and box == "a question"
    assert "LLM mode needs a chat model second line" in status


# --- the document picker ---------------------------------------------------------------------------------------


@dataclass
class ChunkName:
    doc_name: str


@dataclass
class ScopedIndex(FakeIndex):
    chunks: tuple = (ChunkName("a_policy.txt"), ChunkName("b_tables.txt"), ChunkName("b_tables.txt"))


@dataclass
class ScopedEngine(FakeEngine):
    """The canned engine over an index of two documents; records the scope of each question."""

    retriever: FakeRetriever = field(default_factory=lambda: FakeRetriever(ScopedIndex()))
    scopes: list = field(default_factory=list)

    def stream(self, question: str, mode: str = "grounded", documents: tuple[str, ...] | None = None):
        self.scopes.append(documents)
        yield from super().stream(question, mode)


def test_document_picker_choice_scopes_the_question() -> None:
    from rag.chat import ALL_DOCUMENTS, chosen_scope, respond
    from rag.engine import EngineError

    known = ("a_policy.txt", "b_tables.txt")
    assert chosen_scope([], known) is None and chosen_scope([ALL_DOCUMENTS], known) is None
    assert chosen_scope([ALL_DOCUMENTS, "b_tables.txt"], known) == ("b_tables.txt",)
    assert chosen_scope("a_policy.txt", known) == ("a_policy.txt",)
    with pytest.raises(EngineError, match="no document matches 'c.txt'; the index holds: a_policy.txt, b_tables.txt"):
        chosen_scope(["c.txt"], known)
    engine = ScopedEngine()
    *_, (history, sources, status, _, _) = respond(engine, "grounded", None, EN, [], {}, ("b_tables.txt",))
    assert engine.scopes == [("b_tables.txt",)]
    assert "(in b_tables.txt)" in status and "271.5" in history[-1]["content"]
    *_, (_, _, status, _, _) = respond(engine, "grounded", None, EN, [], {})
    assert engine.scopes[-1] is None and "(in " not in status


def test_document_picker_through_the_api(tmp_path: Path) -> None:
    from gradio_client import Client

    engine = ScopedEngine()
    app = build_app(engine, feedback_path=tmp_path / "feedback.jsonl")
    picker = next(c for c in app.config["components"] if c.get("props", {}).get("elem_id") == "documents")
    assert [choice[0] for choice in picker["props"]["choices"]] == ["All documents", "a_policy.txt", "b_tables.txt"]
    assert picker["props"]["value"] == ["All documents"]
    port = free_port()
    launch_app(app, "127.0.0.1", port, block=False, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        client.predict(EN, [], ["b_tables.txt"], api_name="/chat")
        client.predict(EN, [], ["All documents"], api_name="/chat")
        client.predict(EN, [], api_name="/chat")  # the picker's default: all documents
        client.close()
    finally:
        app.close()
    assert engine.scopes == [("b_tables.txt",), None, None]


# --- the live server through gradio_client ---------------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path):
    app = build_app(FakeEngine(), feedback_path=tmp_path / "feedback.jsonl")
    port = free_port()
    launch_app(app, "127.0.0.1", port, block=False, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()


def test_api_answers_with_sources(server: str) -> None:
    from gradio_client import Client

    client = Client(server, verbose=False)
    history, sources, status, box = client.predict(EN, [], api_name="/chat")
    assert box == ""
    assert history[-1]["role"] == "assistant"
    text = history[-1]["content"][0]["text"] if isinstance(history[-1]["content"], list) else history[-1]["content"]
    assert "271.5" in text and 'href="#src-1"' in text
    assert 'id="src-1"' in sources and '<td class="cited-cell">271.5</td>' in sources
    assert status.startswith("Searching for: ")
    # the same client session remembers the previous question: a follow-up is rewritten
    history, sources, status, _ = client.predict("and in 2021?", history, api_name="/chat")
    assert "manufacturing in 2021" in status
    assert '<td class="cited-cell">268.7</td>' in sources
    client.close()


# --- login limits ------------------------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_login_guard_locks_a_client_after_repeated_failures() -> None:
    from rag.chat import LoginGuard

    clock = Clock()
    guard = LoginGuard(max_client_failures=3, max_user_failures=100, lockout_s=60, delay_s=1.0, clock=clock)
    delays = [guard.failed("10.0.0.1", f"user{i}") for i in range(3)]
    assert delays == [1.0, 2.0, 3.0]  # each failure answered later than the one before
    assert guard.locked_for("10.0.0.1", "anyone") == 60
    assert guard.locked_for("10.0.0.2", "user0") == 0  # another address is not locked
    clock.now += 61
    assert guard.locked_for("10.0.0.1", "anyone") == 0
    for i in range(3):
        guard.failed("10.0.0.1", f"user{i}")
    assert guard.locked_for("10.0.0.1", "x") == 120  # the second lock-out lasts twice as long


def test_login_guard_locks_a_user_tried_from_many_addresses() -> None:
    from rag.chat import LoginGuard

    clock = Clock()
    guard = LoginGuard(max_client_failures=100, max_user_failures=4, lockout_s=30, clock=clock)
    for i in range(4):
        guard.failed(f"10.0.0.{i}", "Ana")
    assert guard.locked_for("10.9.9.9", "ana") == 30  # user names compare without case
    guard.succeeded("10.9.9.9", "ana")
    assert guard.locked_for("10.9.9.9", "ana") == 0


def test_login_guard_forgets_failures_outside_its_window() -> None:
    from rag.chat import LoginGuard

    clock = Clock()
    guard = LoginGuard(max_client_failures=3, window_s=100, clock=clock)
    guard.failed("c", "u")
    guard.failed("c", "u")
    clock.now += 101
    guard.failed("c", "u")
    assert guard.locked_for("c", "u") == 0


def test_live_login_is_limited_per_client(tmp_path: Path) -> None:
    """100 wrong passwords in a second used to be 100 attempts; now the sixth try is refused, even a right one."""
    import httpx

    from rag.chat import LoginGuard

    app = build_app(FakeEngine(), feedback_path=tmp_path / "feedback.jsonl")
    port = free_port()
    guard = LoginGuard(max_client_failures=5, delay_s=0.01, lockout_s=30)
    launch_app(app, "127.0.0.1", port, auth=("ana", "right"), block=False, quiet=True, login_guard=guard)
    url = f"http://127.0.0.1:{port}/login"
    try:
        assert httpx.post(url, data={"username": "ana", "password": "right"}).status_code == 200
        codes = [httpx.post(url, data={"username": "ana", "password": f"guess{i}"}).status_code for i in range(8)]
        assert codes[:5] == [400] * 5 and codes[5:] == [429] * 3
        locked = httpx.post(url, data={"username": "ana", "password": "right"})
        assert locked.status_code == 429 and "Too many failed logins" in locked.json()["detail"]
        assert int(locked.headers["retry-after"]) > 0
    finally:
        app.close()


def test_cli_registers_chat() -> None:
    from rag.cli import build_parser

    args = build_parser().parse_args(["chat", "--port", "7999", "--mode", "llm"])
    assert (args.host, args.port, args.mode) == ("127.0.0.1", 7999, "llm")
    assert args.func.__name__ == "cmd_chat"


@pytest.mark.model
def test_real_engine_answers_through_the_api() -> None:
    from gradio_client import Client

    from rag.engine import engine_over, open_retriever
    from rag.settings import Settings

    retriever = open_retriever(Settings.from_env(), rebuild=False, log=lambda message: None)
    app = build_app(engine_over(retriever, "grounded"), feedback_path=Path("/dev/null"))
    port = free_port()
    launch_app(app, "127.0.0.1", port, block=False, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        history, sources, status, _ = client.predict(EN, [], api_name="/chat")
        content = history[-1]["content"]
        text = content[0]["text"] if isinstance(content, list) else content
        assert "[1]" in text and 'id="src-1"' in sources
        client.close()
    finally:
        app.close()
