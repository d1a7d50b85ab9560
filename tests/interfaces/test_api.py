"""The HTTP API (`rag serve`) through real clients: the openai package, LangChain's ChatOpenAI, httpx, gradio_client.

The server is real (uvicorn on a free 127.0.0.1 port, in a thread) and so is the engine: the grounded reader over a
small made-up corpus (tests/conftest.py), indexed with the hash embedder. One test (`model`) serves the real index.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import pytest

from rag.answer.chain import AnswerEngine
from rag.answer.llm import free_port
from rag.api import (
    MAX_BODY_BYTES,
    ServeError,
    Service,
    check_binding,
    conversation_question,
    create_app,
    key_matches,
    mount_chat,
)
from rag.index.build import build_index
from rag.index.store import load_index
from rag.retrieve.hybrid import HybridRetriever
from rag.settings import PROJECT_ROOT, Settings
from rag.text.glossary import Glossary
from rag.text.thesaurus import Thesaurus
from tests.conftest import PROSE_DOC, PROSE_TEXT, TABLE_DOC, TABLE_TEXT
from tests.fakes import HashEmbedder

KEY = "test-key-0123456789"
EN = "How much did manufacturing invest abroad in 2022?"
ZH = "2022年制造业对外投资流量是多少？"
UNANSWERABLE = "What was the weather in Paris in 2022?"


@pytest.fixture(scope="module")
def retriever(tmp_path_factory) -> HybridRetriever:
    root = tmp_path_factory.mktemp("api")
    seeds = root / "seeds"
    seeds.mkdir()
    (seeds / PROSE_DOC).write_text(PROSE_TEXT, encoding="utf-8")
    (seeds / TABLE_DOC).write_text(TABLE_TEXT, encoding="utf-8")
    settings = Settings(seeds_dir=seeds, index_dir=root / "index", cache_dir=root / "cache")
    embedder, glossary = HashEmbedder(), Glossary.load()
    build_index(settings, embedder, glossary, log=lambda _m: None, progress=False)
    return HybridRetriever(load_index(settings.index_dir), embedder, settings, glossary, Thesaurus.load())


def engine_over(retriever: HybridRetriever, *replies: str) -> AnswerEngine:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    chat = FakeListChatModel(responses=list(replies)) if replies else None
    return AnswerEngine(retriever, PROJECT_ROOT / "prompts", chat)


@contextmanager
def serving(service: Service, chat: bool = False) -> Iterator[str]:
    """uvicorn serving the API over `service` on a free port; yields the base URL once /healthz says ready."""
    import uvicorn

    port = free_port()
    app = create_app(service)
    if chat:
        mount_chat(app, service.engine, "127.0.0.1", port)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.started and httpx.get(f"{base}/healthz").status_code == 200:
                break
            assert thread.is_alive(), "the server stopped"
            time.sleep(0.05)
        else:
            pytest.fail("the server did not become ready in 60 s")
        yield base
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def server(retriever) -> Iterator[str]:
    """The API with a key, and the chat mounted at /."""
    with serving(Service(engine_over(retriever), keys=(KEY, "another-key")), chat=True) as base:
        yield base


@pytest.fixture
def openai_client(server):
    from openai import OpenAI

    return OpenAI(base_url=f"{server}/v1", api_key=KEY, max_retries=0)


def auth(key: str = KEY) -> dict:
    return {"Authorization": f"Bearer {key}"}


def ask(client, *messages: str, **options):
    turns = [{"role": "user" if i % 2 == 0 else "assistant", "content": m} for i, m in enumerate(messages)]
    return client.chat.completions.create(model="grounded", messages=turns, **options)


# --- the openai client ---------------------------------------------------------------------------------------------


def test_openai_client_gets_an_answer_with_markers_and_citations(openai_client):
    completion = ask(openai_client, EN)
    choice = completion.choices[0]
    assert completion.object == "chat.completion" and completion.model == "grounded"
    assert choice.message.role == "assistant" and choice.finish_reason == "stop"
    assert "USD 27.15 billion" in choice.message.content and "[1]" in choice.message.content
    citation = choice.citations[0]  # the extra field beside the message
    assert citation["n"] == 1 and citation["document"] == TABLE_DOC
    assert citation["locator"].startswith("table 1-1, row 制造业") and "271.5" in citation["quote"]
    assert "page" not in citation  # plain-text documents have no pages
    assert choice.refused is False


def test_openai_client_in_chinese(openai_client):
    choice = ask(openai_client, ZH).choices[0]
    assert "271.5亿美元" in choice.message.content and "[1]" in choice.message.content
    assert choice.citations[0]["document"] == TABLE_DOC


def test_openai_client_streams_chunks_that_add_up_to_the_answer(openai_client):
    plain = ask(openai_client, ZH).choices[0]
    chunks = list(ask(openai_client, ZH, stream=True))
    assert all(chunk.object == "chat.completion.chunk" for chunk in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    assert text == plain.message.content
    last = chunks[-1].choices[0]
    assert last.finish_reason == "stop" and last.citations == plain.citations


def test_stream_is_server_sent_events_ending_with_done(server):
    body = {"model": "grounded", "stream": True, "messages": [{"role": "user", "content": EN}]}
    with httpx.stream("POST", f"{server}/v1/chat/completions", json=body, headers=auth()) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = [line for line in response.iter_lines() if line]
    assert all(line.startswith("data: ") for line in events)
    assert events[-1] == "data: [DONE]"
    assert json.loads(events[-2][6:])["choices"][0]["finish_reason"] == "stop"


def test_a_refusal_is_a_normal_answer(openai_client):
    choice = ask(openai_client, UNANSWERABLE).choices[0]
    assert choice.finish_reason == "stop" and choice.refused is True
    assert choice.message.content.startswith("The reports do not") and choice.citations == []


def test_earlier_turns_rewrite_a_follow_up(openai_client):
    choice = ask(openai_client, EN, "In table 1-1 ... [1].", "and in 2021?").choices[0]
    assert choice.question == EN.replace("2022", "2021")
    assert "USD 26.87 billion" in choice.message.content


def test_a_citation_names_its_pages_where_the_document_has_pages():
    from rag.api import citation_record
    from rag.types import Citation

    text = Citation(1, "a.txt", "lines 3-4", "Quote.", 3, 4)
    assert citation_record(text) == {"n": 1, "document": "a.txt", "locator": "lines 3-4", "quote": "Quote."}
    pdf = Citation(2, "r.pdf", "page 7, lines 3-4", "Quote.", 3, 4, page=7)
    assert citation_record(pdf)["page"] == 7 and "end_page" not in citation_record(pdf)
    spread = Citation(3, "r.pdf", "pages 7-8, lines 3-9", "Quote.", 3, 9, page=7, end_page=8)
    assert (citation_record(spread)["page"], citation_record(spread)["end_page"]) == (7, 8)


def test_follow_up_rewriting_goes_turn_by_turn():
    turns = [("system", "be brief"), ("user", EN), ("assistant", "..."), ("user", "and in 2021?")]
    turns.append(("user", "那金融业呢？"))
    assert conversation_question(turns) == ("那金融业呢？", "How much did finance invest abroad in 2021?")
    turns = [("user", ZH), ("user", "那金融业呢？"), ("user", "2021年呢？")]
    assert conversation_question(turns)[1] == "2021年金融业对外投资流量是多少？"
    assert conversation_question([("user", "Is it 2022?")])[1] == "Is it 2022?"  # nothing before: unchanged


# --- keys and bad input --------------------------------------------------------------------------------------------


def test_openai_client_without_the_key_gets_401(server):
    from openai import AuthenticationError, OpenAI

    client = OpenAI(base_url=f"{server}/v1", api_key="wrong-key", max_retries=0)
    with pytest.raises(AuthenticationError) as info:
        ask(client, EN)
    assert info.value.status_code == 401 and info.value.body["code"] == "invalid_api_key"
    assert "wrong-key" not in str(info.value) and KEY not in str(info.value)


ROUTES = [
    ("GET", "/v1/models"),
    ("POST", "/v1/answers"),
    ("GET", "/v1/search?q=x"),
    ("GET", "/v1/documents"),
    ("POST", "/v1/chat/completions"),
    ("GET", "/v1/nothing"),
]


@pytest.mark.parametrize("headers", [{}, auth("wrong-key"), {"Authorization": KEY}, {"Authorization": "Basic a2V5"}])
def test_every_v1_route_needs_the_key(server, headers):
    for method, path in ROUTES:
        response = httpx.request(method, f"{server}{path}", headers=headers, json={})
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"] == "Bearer"
        error = response.json()["error"]
        assert set(error) == {"message", "type", "param", "code"} and "Bearer KEY" in error["message"]
        assert KEY not in response.text and "wrong-key" not in response.text
    assert httpx.get(f"{server}/healthz").status_code == 200  # no key needed


def test_any_listed_key_is_accepted(server):
    assert httpx.get(f"{server}/v1/models", headers=auth("another-key")).status_code == 200
    assert httpx.get(f"{server}/v1/models", headers={"Authorization": f"bearer {KEY}"}).status_code == 200


def test_key_comparison():
    assert key_matches(f"Bearer {KEY}", (KEY,)) and key_matches(f"  bearer   {KEY} ", ("a", KEY))
    assert not key_matches(KEY, (KEY,)) and not key_matches(f"Basic {KEY}", (KEY,))
    assert not key_matches("Bearer ", (KEY,)) and not key_matches(None, (KEY,)) and not key_matches(f"Bearer {KEY}", ())
    assert not key_matches(f"Bearer {KEY}x", (KEY,)) and not key_matches("Bearer 密钥", (KEY,))


def test_bad_input_is_400_in_openai_error_shape(openai_client, server):
    from openai import BadRequestError

    with pytest.raises(BadRequestError) as info:
        openai_client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": EN}])
    assert info.value.body["param"] == "model" and "grounded" in info.value.body["message"]
    cases = [
        ({"model": "grounded", "messages": []}, "messages"),
        (
            {"model": "grounded", "messages": [{"role": "user", "content": EN}, {"role": "assistant", "content": "x"}]},
            "messages",
        ),
        ({"model": "grounded", "messages": [{"role": "user", "content": "   "}]}, "messages"),
        ({"model": "grounded", "messages": [{"role": "user", "content": "x" * 5000}]}, "messages"),
        (
            {"model": "grounded", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]},
            "messages.0",
        ),
        ({"model": "grounded", "messages": [{"role": "wizard", "content": EN}]}, "messages.0.role"),
        ({"model": "grounded", "messages": [{"role": "user", "content": EN}], "documents": ["nope.txt"]}, "documents"),
        ({"messages": [{"role": "user", "content": EN}]}, "model"),
    ]
    for body, param in cases:
        response = httpx.post(f"{server}/v1/chat/completions", json=body, headers=auth())
        assert response.status_code == 400, body
        error = response.json()["error"]
        assert error["type"] == "invalid_request_error" and error["param"] == param, error
        assert "\n" not in error["message"]
    json_headers = {**auth(), "Content-Type": "application/json"}
    response = httpx.post(f"{server}/v1/chat/completions", content=b"{oops", headers=json_headers)
    assert response.status_code == 400 and "not valid JSON" in response.json()["error"]["message"]
    response = httpx.post(f"{server}/v1/answers", content=b'{"question": "x"}', headers=auth())  # no content type
    assert response.status_code == 400 and "Content-Type: application/json" in response.json()["error"]["message"]


def test_a_too_long_question_says_the_limit(server):
    response = httpx.post(f"{server}/v1/answers", json={"question": "x" * 5000}, headers=auth())
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "question is 5000 characters; keep it under 2000"


def test_an_oversized_body_is_413_declared_or_chunked(server):
    big = json.dumps({"question": "x" * (MAX_BODY_BYTES + 10)}).encode()
    response = httpx.post(f"{server}/v1/answers", content=big, headers=auth())
    assert response.status_code == 413 and "KiB" in response.json()["error"]["message"]

    def pieces():
        for start in range(0, len(big), 8192):
            yield big[start : start + 8192]

    response = httpx.post(f"{server}/v1/answers", content=pieces(), headers=auth())  # no Content-Length
    assert response.status_code == 413


def test_binding_beyond_this_machine_needs_keys():
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.5"):
        check_binding(host, ())
    with pytest.raises(ServeError, match="RAG_API_KEYS") as info:
        check_binding("0.0.0.0", ())
    assert "\n" not in str(info.value)
    check_binding("0.0.0.0", ("k",))


def test_rag_serve_refuses_an_open_host_in_one_line(capsys, monkeypatch):
    from rag.cli import main

    monkeypatch.delenv("RAG_API_KEYS", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--port", "8999"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("rag serve: error: refusing to serve on 0.0.0.0 without API keys") and "\n" not in err


def test_access_lines_print_redacted_under_the_cli_log_redaction(capsys):
    """`rag main` redacts every log record (arguments folded into the message); rag serve's log config prints
    uvicorn's access lines anyway, with a key in a query string redacted, and no logging error."""
    import logging
    import logging.config

    from rag.api import uvicorn_log_config
    from rag.text.redact import install_log_redaction

    factory = logging.getLogRecordFactory()
    loggers = {name: logging.getLogger(name) for name in ("uvicorn", "uvicorn.access")}
    saved = {name: (lg.handlers[:], lg.level, lg.propagate) for name, lg in loggers.items()}
    try:
        logging.config.dictConfig(uvicorn_log_config())
        install_log_redaction()
        access = '%s - "%s %s HTTP/%s" %d'
        loggers["uvicorn.access"].info(access, "127.0.0.1:5", "GET", "/v1/search?q=x&key=abcdef123456", "1.1", 200)
    finally:
        logging.setLogRecordFactory(factory)
        for name, (handlers, level, propagate) in saved.items():
            loggers[name].handlers[:], loggers[name].level, loggers[name].propagate = handlers, level, propagate
    err = capsys.readouterr().err
    assert 'INFO: 127.0.0.1:5 - "GET /v1/search?q=x&key=[redacted] HTTP/1.1" 200' in err
    assert "Logging error" not in err and "abcdef123456" not in err


def test_cli_registers_serve():
    from rag.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.no_chat, args.func.__name__) == ("127.0.0.1", 8000, False, "cmd_serve")


# --- REST routes ---------------------------------------------------------------------------------------------------


def test_answers_returns_the_full_answer(server):
    response = httpx.post(f"{server}/v1/answers", json={"question": EN, "mode": "grounded"}, headers=auth())
    assert response.status_code == 200
    answer = response.json()
    assert answer["value"] == pytest.approx(27.15) and answer["unit"] == "USD billion"
    assert answer["source_value"] == pytest.approx(271.5) and answer["source_unit"] == "USD 100 million"
    assert answer["refused"] is False and 0 < answer["confidence"] <= 1 and answer["mode"] == "grounded"
    assert answer["citations"][0]["doc_name"] == TABLE_DOC and answer["citations"][0]["row_label"] == "制造业"
    assert {"retrieve", "read", "verify", "total"} <= set(answer["timings_ms"])


def test_answers_scoped_to_documents(server):
    question = {"question": "What was port throughput growth?"}
    scoped = httpx.post(f"{server}/v1/answers", json={**question, "documents": ["a_*"]}, headers=auth()).json()
    assert {c["doc_name"] for c in scoped["citations"]} == {PROSE_DOC}
    other = httpx.post(f"{server}/v1/answers", json={**question, "documents": [TABLE_DOC]}, headers=auth()).json()
    assert all(c["doc_name"] == TABLE_DOC for c in other["citations"])
    bad = httpx.post(f"{server}/v1/answers", json={**question, "documents": ["z*"]}, headers=auth())
    assert bad.status_code == 400 and PROSE_DOC in bad.json()["error"]["message"]
    typo = httpx.post(f"{server}/v1/answers", json={**question, "document": ["a_*"]}, headers=auth())
    assert typo.status_code == 400 and typo.json()["error"]["param"] == "document"


def test_search_ranks_passages(server):
    response = httpx.get(f"{server}/v1/search", params={"q": "制造业 2022", "k": 3}, headers=auth())
    hits = response.json()["hits"]
    assert [hit["rank"] for hit in hits] == [1, 2, 3]
    assert [hit["score"] for hit in hits] == sorted((hit["score"] for hit in hits), reverse=True)
    assert {"doc", "locator", "text", "chunk_id"} <= set(hits[0])
    scoped = httpx.get(f"{server}/v1/search", params={"q": "investment", "document": PROSE_DOC}, headers=auth())
    assert {hit["doc"] for hit in scoped.json()["hits"]} == {PROSE_DOC}
    for params in ({"q": "x", "k": 0}, {"q": "x", "k": 51}, {"q": "x", "mode": "magic"}, {"q": " "}, {}):
        response = httpx.get(f"{server}/v1/search", params=params, headers=auth())
        assert response.status_code == 400 and response.json()["error"]["param"] in ("k", "mode", "q"), params


def test_documents_and_models(server):
    documents = httpx.get(f"{server}/v1/documents", headers=auth()).json()["data"]
    assert [(d["name"], d["format"], d["pages"], d["tables"]) for d in documents] == [
        (PROSE_DOC, "text", 0, 0),
        (TABLE_DOC, "text", 0, 1),
    ]
    assert documents[0]["title"] == "Outward Investment Review 2022"
    assert documents[0]["chunks"] > 0 and documents[1]["chunks"] > 0
    models = httpx.get(f"{server}/v1/models", headers=auth()).json()
    assert [m["id"] for m in models["data"]] == ["grounded"] and models["data"][0]["object"] == "model"


def test_docs_and_chat_share_the_server(server):
    assert httpx.get(f"{server}/docs").status_code == 200
    paths = httpx.get(f"{server}/openapi.json").json()["paths"]
    assert {"/v1/chat/completions", "/v1/answers", "/v1/search", "/v1/documents", "/v1/models", "/healthz"} <= set(
        paths
    )
    from gradio_client import Client

    client = Client(f"{server}/", verbose=False)
    history, sources, status, _ = client.predict(EN, [], api_name="/chat")
    content = history[-1]["content"]
    text = content[0]["text"] if isinstance(content, list) else content
    assert "27.15" in text and 'id="src-1"' in sources
    client.close()


def test_the_chat_keeps_its_login(retriever, monkeypatch):
    from fastapi.testclient import TestClient

    monkeypatch.setenv("RAG_CHAT_USER", "analyst")
    monkeypatch.setenv("RAG_CHAT_PASSWORD", "pass-word")
    service = Service(engine_over(retriever))
    app = create_app(service)
    mount_chat(app, service.engine)
    client = TestClient(app)
    assert client.get("/config").status_code == 401  # the chat's API needs the login
    assert client.post("/login", data={"username": "analyst", "password": "wrong"}).status_code == 400
    assert client.post("/login", data={"username": "analyst", "password": "pass-word"}).status_code == 200
    assert client.get("/config").status_code == 200


# --- concurrency, readiness, the LLM mode --------------------------------------------------------------------------


def test_concurrent_clients_get_the_same_answers(openai_client):
    questions = [EN, ZH, UNANSWERABLE, "How much did the financial sector invest in 2021?"] * 5
    expected = {q: ask(openai_client, q).choices[0].message.content for q in set(questions)}
    with ThreadPoolExecutor(20) as pool:
        got = list(pool.map(lambda q: ask(openai_client, q).choices[0].message.content, questions))
    assert got == [expected[q] for q in questions]


def test_a_report_added_through_the_chat_is_served_without_a_restart(retriever, tmp_path):
    """The chat's upload points the shared engine at a new index; the API's documents and scopes follow it."""
    engine = engine_over(retriever)
    with serving(Service(engine)) as base:
        seeds = tmp_path / "seeds"
        seeds.mkdir()
        (seeds / PROSE_DOC).write_text(PROSE_TEXT, encoding="utf-8")
        (seeds / TABLE_DOC).write_text(TABLE_TEXT, encoding="utf-8")
        (seeds / "c_added.txt").write_text("Added report\n\nShipyard orders rose 12.5 percent in 2023.\n")
        settings = Settings(seeds_dir=seeds, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")
        build_index(settings, retriever.embedder, retriever.glossary, log=lambda _m: None, progress=False)
        engine.retriever = HybridRetriever(
            load_index(settings.index_dir), retriever.embedder, settings, retriever.glossary, retriever.thesaurus
        )
        names = [d["name"] for d in httpx.get(f"{base}/v1/documents").json()["data"]]
        assert names == [PROSE_DOC, TABLE_DOC, "c_added.txt"]
        question = {"question": "How much did shipyard orders rise in 2023?", "documents": ["c_*"]}
        answer = httpx.post(f"{base}/v1/answers", json=question).json()
        assert "12.5" in answer["text"] and answer["citations"][0]["doc_name"] == "c_added.txt"


class GatedEngine:
    """An engine whose first answer (the warm-up) waits for a signal, or fails."""

    def __init__(self, engine: AnswerEngine, fail: bool = False):
        self.inner, self.retriever, self.fail = engine, engine.retriever, fail
        self.gate = threading.Event()

    def ask(self, *args, **kwargs):
        if not self.gate.wait(30) or self.fail:
            raise RuntimeError("model files are missing; run make model")
        return self.inner.ask(*args, **kwargs)


@contextmanager
def unready_server(engine) -> Iterator[tuple[str, object]]:
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Service(engine)), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", engine
    finally:
        engine.gate.set()
        server.should_exit = True
        thread.join(10)


def test_healthz_is_ready_only_after_warm_up(retriever):
    with unready_server(GatedEngine(engine_over(retriever))) as (base, engine):
        response = httpx.get(f"{base}/healthz")
        assert response.status_code == 503 and response.json() == {"status": "loading"}
        engine.gate.set()
        deadline = time.monotonic() + 10
        while httpx.get(f"{base}/healthz").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.05)
        ready = httpx.get(f"{base}/healthz").json()
        assert ready["status"] == "ok" and ready["documents"] == 2 and ready["chunks"] > 0


def test_healthz_reports_a_failed_warm_up(retriever):
    engine = GatedEngine(engine_over(retriever), fail=True)
    with unready_server(engine) as (base, _):
        engine.gate.set()
        deadline = time.monotonic() + 10
        while httpx.get(f"{base}/healthz").json()["status"] == "loading" and time.monotonic() < deadline:
            time.sleep(0.05)
        response = httpx.get(f"{base}/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "error", "error": "model files are missing; run make model"}


def test_llm_mode_streams_only_the_checked_answer(retriever):
    """An LLM draft with an invented number is never sent: the stream carries the grounded answer instead."""
    from openai import OpenAI

    engine = engine_over(retriever, "Manufacturing received 999.9 (USD 100 million) in 2022 [1].")
    with serving(Service(engine, modes=("grounded", "llm"))) as base:
        client = OpenAI(base_url=f"{base}/v1", api_key="unused", max_retries=0)
        assert [m.id for m in client.models.list()] == ["grounded", "llm"]
        chunks = list(
            client.chat.completions.create(model="llm", messages=[{"role": "user", "content": EN}], stream=True)
        )
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    assert "999.9" not in text and "27.15" in text


class FailingEngine:
    """The real engine, except that questions naming "boom" hit a bug, and its LLM cannot be reached."""

    def __init__(self, engine: AnswerEngine):
        self.inner, self.retriever = engine, engine.retriever

    def ask(self, question, mode="grounded", documents=None):
        if "boom" in question:
            raise RuntimeError("internal detail of the bug")
        return self.inner.ask(question, mode, documents)


class UnreachableLLM:
    def invoke(self, messages):
        raise ConnectionError("Connection error.")


def test_engine_failures_are_500_and_llm_failures_502(retriever):
    from rag.answer.llm import RetryPolicy

    chat = UnreachableLLM()
    engine = FailingEngine(AnswerEngine(retriever, PROJECT_ROOT / "prompts", chat, retry=RetryPolicy(attempts=1)))
    with serving(Service(engine, modes=("grounded", "llm"))) as base:
        url = f"{base}/v1/chat/completions"
        bug = {"model": "grounded", "messages": [{"role": "user", "content": "boom in 2022?"}]}
        response = httpx.post(url, json=bug)
        assert response.status_code == 500 and response.json()["error"]["type"] == "server_error"
        assert "internal detail" not in response.text
        with httpx.stream("POST", url, json={**bug, "stream": True}) as stream:
            events = [line for line in stream.iter_lines() if line]
        assert json.loads(events[-2][6:])["error"]["type"] == "server_error" and events[-1] == "data: [DONE]"
        llm = {"model": "llm", "messages": [{"role": "user", "content": EN}]}
        grounded = httpx.post(url, json={**llm, "model": "grounded"}).json()["choices"][0]["message"]["content"]
        fallback = httpx.post(url, json=llm)  # as in the CLI and the chat: the grounded answer, with a note
        assert fallback.status_code == 200 and fallback.json()["choices"][0]["message"]["content"] == grounded
        notes = httpx.post(f"{base}/v1/answers", json={"question": EN, "mode": "llm"}).json()["notes"]
        assert any(note.startswith("LLM answer not available") for note in notes)
        engine.inner.llm_fallback = False  # an engine told not to fall back: the LLM's failure is a 502
        response = httpx.post(url, json=llm)
        assert response.status_code == 502 and response.json()["error"]["code"] == "llm_error"
        assert response.json()["error"]["message"].startswith("the LLM failed: ")


# --- LangChain and the real index ----------------------------------------------------------------------------------


def test_langchain_chat_openai_pointed_at_the_api(server):
    from langchain_openai import ChatOpenAI

    llm = ChatOpenAI(model="grounded", base_url=f"{server}/v1", api_key=KEY, max_retries=0)
    reply = llm.invoke(EN)
    assert "USD 27.15 billion" in reply.content and "[1]" in reply.content
    streamed = "".join(chunk.content for chunk in llm.stream(ZH))
    assert "271.5亿美元" in streamed
    refusal = llm.invoke([("system", "You are helpful."), ("human", UNANSWERABLE)])
    assert refusal.content.startswith("The reports do not")


@pytest.mark.model
def test_real_index_through_the_openai_client():
    from openai import OpenAI

    from rag.engine import engine_over as open_engine_over
    from rag.engine import open_retriever

    retriever = open_retriever(Settings.from_env(), rebuild=False, log=lambda _m: None)
    with serving(Service(open_engine_over(retriever, "grounded"))) as base:
        client = OpenAI(base_url=f"{base}/v1", api_key="unused", max_retries=0)
        choice = ask(client, "What was the 2022 outward FDI flow of China's manufacturing industry?").choices[0]
        assert "USD 27.15 billion" in choice.message.content and "[1]" in choice.message.content
        assert choice.citations[0]["locator"].startswith("table 1-9, row 制造业")
        zh = ask(client, "中国制造业2022年对外直接投资的流量有多少？", stream=True)
        assert "271.5亿美元" in "".join(chunk.choices[0].delta.content or "" for chunk in zh)
        refused = ask(client, "In 2022, what direct investment flow went from China to Mars?").choices[0]
        assert refused.refused is True and refused.citations == []


def test_load_benchmark_harness_counts_what_the_clients_saw(server):
    """evals/bench_api.py's clients against the test server (its figures are not asserted: not a timed test)."""
    from evals.bench_api import drive, summarize

    result = summarize(drive(server, [EN, ZH], clients=3, seconds=1.0, key=KEY))
    assert result["requests"] >= 3 and result["errors"] == 0
    assert result["latency_first_asking"]["count"] == 2
    assert result["latency"]["count"] == result["requests"] and result["latency"]["p95_ms"] > 0
    refused = summarize(drive(server, [EN], clients=2, seconds=0.3, key="wrong-key"))
    assert refused["errors"] == refused["requests"] > 0 and refused["error_examples"][0].startswith("HTTP 401")


@pytest.mark.llm
def test_llm_model_through_the_real_tiny_llm(retriever, llm_server):
    """`llm` over SmolLM2-135M behind a real OpenAI-compatible server: answered plain and streamed, and what the
    API returns has every number in a cited passage (the LLM's text, or the grounded answer in its place)."""
    from openai import OpenAI

    from rag.answer.llm import LLMConfig, make_chat_model
    from rag.answer.verify import verify_numbers
    from rag.types import Citation

    base_url, name = llm_server
    chat = make_chat_model(LLMConfig(backend="openai", base_url=base_url, model=name, max_tokens=96, timeout_s=60))
    engine = AnswerEngine(retriever, PROJECT_ROOT / "prompts", chat)
    with serving(Service(engine, modes=("grounded", "llm"))) as base:
        client = OpenAI(base_url=f"{base}/v1", api_key="unused", max_retries=0)
        plain = client.chat.completions.create(model="llm", messages=[{"role": "user", "content": EN}])
        turns = [{"role": "user", "content": ZH}]
        chunks = list(client.chat.completions.create(model="llm", messages=turns, stream=True))
        answer = httpx.post(f"{base}/v1/answers", json={"question": EN, "mode": "llm"}, timeout=120).json()
    assert plain.choices[0].message.content and plain.choices[0].finish_reason == "stop"
    assert "".join(c.choices[0].delta.content or "" for c in chunks) and chunks[-1].choices[0].finish_reason == "stop"
    citations = [Citation(**{**c, "heading": tuple(c["heading"])}) for c in answer["citations"]]
    formula = answer["formula"] if answer["mode"] == "grounded" else ""
    assert verify_numbers(answer["text"], citations, formula, retriever.index.table) == []
    if answer["mode"] == "grounded" and not answer["refused"]:
        assert any(note.startswith("LLM answer not shown") for note in answer["notes"])


def own_retriever(tmp_path, **settings_options) -> HybridRetriever:
    """A retriever over a one-report corpus of its own (uploads change its corpus, not the shared one)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / PROSE_DOC).write_text(PROSE_TEXT, encoding="utf-8")
    settings = Settings(seeds_dir=seeds, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache", **settings_options)
    embedder, glossary = HashEmbedder(), Glossary.load()
    build_index(settings, embedder, glossary, log=lambda _m: None, progress=False)
    return HybridRetriever(load_index(settings.index_dir), embedder, settings, glossary, Thesaurus.load())


def test_a_report_uploaded_over_http_is_indexed_and_answered(tmp_path):
    retriever = own_retriever(tmp_path)
    with serving(Service(engine_over(retriever))) as base:
        sheet = "Port,2022,2023\nNorth Harbour,410.5,455.2\nSouth Quay,120.0,131.7\n"
        files = [("files", ("ports.csv", sheet.encode(), "text/csv")), ("files", ("empty.docx", b"", "text/plain"))]
        reply = httpx.post(f"{base}/v1/documents", files=files, headers=auth(), timeout=120)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        assert body["added"] == ["ports.csv"] and len(body["refused"]) == 1 and "empty.docx" in body["refused"][0]
        assert "ports.csv" in [record["name"] for record in body["data"]]
        seeds = retriever.settings.seeds_dir
        assert (seeds / "ports.csv").is_file() and not (seeds / "empty.docx").exists()
        query = {"q": "North Harbour 2023", "document": "ports.csv"}
        hits = httpx.get(f"{base}/v1/search", params=query, headers=auth())
        assert hits.status_code == 200 and hits.json()["hits"][0]["doc"] == "ports.csv"


def test_an_upload_over_the_file_size_limit_is_413(tmp_path):
    retriever = own_retriever(tmp_path, max_file_mb=0.001)
    with serving(Service(engine_over(retriever))) as base:
        files = [("files", ("big.csv", b"a,b\n" * 2000, "text/csv"))]
        reply = httpx.post(f"{base}/v1/documents", files=files, headers=auth(), timeout=60)
        assert reply.status_code == 413 and "RAG_MAX_FILE_MB" in reply.json()["error"]["message"]
        assert not (retriever.settings.seeds_dir / "big.csv").exists()


# --- overload and browsers ----------------------------------------------------------------------------------------


class HeldEngine:
    """The real engine, except that questions naming "held" wait until released (a slow answer, on demand)."""

    def __init__(self, engine: AnswerEngine):
        self.inner, self.retriever = engine, engine.retriever
        self.release, self.started = threading.Event(), threading.Semaphore(0)

    def ask(self, question, mode="grounded", documents=None):
        if "held" in question:
            self.started.release()
            assert self.release.wait(30), "never released"
        return self.inner.ask(question, mode, documents)


def test_a_full_queue_is_503_with_retry_after_in_openai_error_shape(retriever):
    """One worker busy and one request waiting (max_queue=1): the next request is told to come back at once, in
    OpenAI's error shape with Retry-After (which the openai client honours); the held ones are answered."""
    from openai import APIStatusError, OpenAI

    engine = HeldEngine(engine_over(retriever))
    service = Service(engine, workers=1, max_queue=1)
    with serving(service) as base, ThreadPoolExecutor(2) as pool:
        url = f"{base}/v1/chat/completions"
        held = {"model": "grounded", "messages": [{"role": "user", "content": f"{EN} held"}]}
        running = pool.submit(httpx.post, url, json=held, timeout=60)
        assert engine.started.acquire(timeout=10)  # the worker is busy
        waiting = pool.submit(httpx.post, url, json=held, timeout=60)
        deadline = time.monotonic() + 10
        while service.waiting < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        busy = httpx.post(url, json=held)
        assert busy.status_code == 503 and int(busy.headers["Retry-After"]) >= 1
        error = busy.json()["error"]
        assert error["type"] == "server_error" and error["code"] == "server_busy" and "retry" in error["message"]
        streamed = httpx.post(url, json={**held, "stream": True})  # refused before any stream begins
        assert streamed.status_code == 503 and streamed.json()["error"]["code"] == "server_busy"
        client = OpenAI(base_url=f"{base}/v1", api_key="unused", max_retries=0)
        with pytest.raises(APIStatusError) as raised:
            ask(client, EN)
        assert raised.value.status_code == 503
        engine.release.set()
        assert running.result().status_code == 200 and waiting.result().status_code == 200
        assert "27.15" in ask(client, EN).choices[0].message.content  # the queue emptied: answered again


def test_cors_is_off_by_default(server):
    origin = {"Origin": "https://notebook.example"}
    response = httpx.get(f"{server}/v1/models", headers={**auth(), **origin})
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers


def test_cors_origins_let_those_pages_call_the_api(tmp_path):
    retriever = own_retriever(tmp_path, cors_origins=("https://notebook.example",))
    with serving(Service(engine_over(retriever), keys=(KEY,))) as base:
        preflight = {
            "Origin": "https://notebook.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        }
        response = httpx.options(f"{base}/v1/chat/completions", headers=preflight)  # a preflight carries no key
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "https://notebook.example"
        assert "authorization" in response.headers["access-control-allow-headers"].lower()
        allowed = httpx.get(f"{base}/v1/models", headers={**auth(), "Origin": "https://notebook.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://notebook.example"
        assert "retry-after" in allowed.headers["access-control-expose-headers"].lower()
        other = httpx.get(f"{base}/v1/models", headers={**auth(), "Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
        refused = httpx.options(
            f"{base}/v1/chat/completions", headers={**preflight, "Origin": "https://elsewhere.example"}
        )
        assert refused.status_code == 400


def test_serve_settings_share_the_cores_and_bound_the_queue(monkeypatch):
    from rag.api import embedding_threads, serve_settings

    assert embedding_threads(2, cores=2) == 1 and embedding_threads(2, cores=8) == 4 and embedding_threads(8, 2) == 1
    settings = serve_settings(Settings(), workers=2, max_queue=5)
    assert settings.max_queue == 5 and settings.torch_threads == embedding_threads(2)
    assert serve_settings(Settings(torch_threads=3), workers=2).torch_threads == 3  # RAG_TORCH_THREADS wins
    monkeypatch.setenv("RAG_MAX_QUEUE", "7")
    monkeypatch.setenv("RAG_CORS_ORIGINS", "https://a.example, https://b.example")
    from_env = Settings.from_env()
    assert from_env.max_queue == 7 and from_env.cors_origins == ("https://a.example", "https://b.example")
    with pytest.raises(ServeError, match="max-queue"):
        serve_settings(Settings(), workers=2, max_queue=-1)
