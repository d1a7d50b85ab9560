"""The HTTP API: `rag serve` answers over HTTP with the engine the CLI and the chat use, the chat at `/` beside it.

One FastAPI app under uvicorn. `/v1/chat/completions` speaks OpenAI's Chat Completions protocol, so chat front-ends,
notebooks and LangChain's `ChatOpenAI` can use the reports as a "model" (`grounded`, and `llm` when an LLM is
configured); `/v1/answers` returns the full `Answer`; `/v1/search` ranked passages; `/v1/documents` what the index
holds; `/healthz` says when the engine is ready; `/docs` is the OpenAPI page. The Gradio chat is mounted at `/`.

One engine (one index, one embedding model) serves every request: the synchronous chain runs in a bounded thread
pool, so slow answers never block the event loop, and the models' first loads are guarded (`rag.lazy`).

Security: with `RAG_API_KEYS` set (comma-separated), every /v1 route needs `Authorization: Bearer KEY`, compared in
constant time; binding a non-loopback address with no keys is refused; bodies over `MAX_BODY_BYTES` get 413 and
questions over the chain's limit 400. Keys are never logged or echoed. Errors have OpenAI's shape:
`{"error": {"message", "type", "param", "code"}}`.

fastapi, pydantic, uvicorn and gradio are imported inside the functions that need them, so other `rag` commands
start without them. (No `from __future__ import annotations` here: FastAPI reads the request models of routes defined
inside `create_app` from their annotations, which must be the classes themselves.)
"""

import argparse
import asyncio
import hmac
import ipaddress
import json
import math
import os
import socket
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from rag.settings import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# Threads answering at once: one per core (2 to 8). Grounded answers are CPU work (the embedding model, then Python
# under the GIL), so more threads only share the cores: 20 clients on 2 busy cores got 5.4-5.5 answers/s with 2, 4
# or 8 workers. An LLM's answers wait on its server; give `llm` more (--workers). Each worker's query embedding
# runs on cores // workers ONNX Runtime threads (`embedding_threads`), so the workers never ask for more threads
# than there are cores.
DEFAULT_WORKERS = max(2, min(8, os.cpu_count() or 2))
# Retry-After of a 503 when the queue is full: about how long the waiting answers take (seconds, at least 1).
RETRY_AFTER_MIN_S = 1
# A conversation of a few dozen turns; a question itself is capped by the chain (rag.answer.chain.MAX_QUESTION_CHARS).
MAX_BODY_BYTES = 256 * 1024
UPLOAD_PATH = "/v1/documents"
MAX_SEARCH_K = 50
OWNER = "econ-rag"
KEYS_ENV = "RAG_API_KEYS"
WARM_UP_QUESTION = "direct investment abroad, 2022"


class ServeError(ValueError):
    """`rag serve` cannot start as asked; one line that says why and what to do."""


class ApiError(Exception):
    """A request the API answers with an error in OpenAI's shape."""

    def __init__(
        self,
        status: int,
        message: str,
        param: str | None = None,
        code: str | None = None,
        kind: str = "",
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code
        self.kind = kind or ("invalid_request_error" if status < 500 else "server_error")
        self.headers = dict(headers or {})
        if status == 401:
            self.headers.setdefault("WWW-Authenticate", "Bearer")

    def body(self) -> dict:
        return error_body(self.message, self.kind, self.param, self.code)


def error_body(message: str, kind: str = "invalid_request_error", param: str | None = None, code=None) -> dict:
    """OpenAI's error object, which its clients turn into BadRequestError, AuthenticationError, ..."""
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


# --- keys and binding ----------------------------------------------------------------------------------------------


def api_keys(environ=None) -> tuple[str, ...]:
    """The keys in `RAG_API_KEYS` (comma-separated, blanks ignored); empty when unset."""
    raw = (os.environ if environ is None else environ).get(KEYS_ENV, "")
    return tuple(key.strip() for key in raw.split(",") if key.strip())


def key_matches(authorization: str | None, keys: Sequence[str]) -> bool:
    """Whether an `Authorization: Bearer KEY` header carries one of `keys`, compared in constant time (every key is
    compared, so the time does not say which one came close)."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return False
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(token.encode("utf-8"), key.encode("utf-8"))
    return matched


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_binding(host: str, keys: Sequence[str]) -> None:
    """Refuse to serve the reports to a network without keys."""
    if not is_loopback(host) and not keys:
        raise ServeError(
            f"refusing to serve on {host} without API keys: anyone who can reach it could query the reports; "
            f"set {KEYS_ENV}=KEY[,KEY...] or bind 127.0.0.1"
        )


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise ServeError(f"cannot listen on {host}:{port} ({exc.strerror}); pick another --port") from exc


# --- what the routes return ----------------------------------------------------------------------------------------


def citation_record(citation) -> dict:
    """A citation for API clients: its number, document, locator, page (and last page, when the passage runs over
    several) where the document has pages (a PDF), and quote."""
    record = {"n": citation.n, "document": citation.doc_name, "locator": citation.locator}
    if citation.page:
        record["page"] = citation.page
        if citation.end_page > citation.page:
            record["end_page"] = citation.end_page
    record["quote"] = citation.quote
    return record


def answer_extras(answer, question: str) -> dict:
    """What a chat completion's choice carries beside the message: OpenAI clients ignore it, ours read it."""
    return {
        "citations": [citation_record(c) for c in answer.citations],
        "refused": answer.refused,
        "question": question,
    }


def completion_body(answer, model: str, question: str, ident: str, created: int) -> dict:
    message = {"role": "assistant", "content": answer.text}
    choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": "stop"}
    return {
        "id": ident,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [{**choice, **answer_extras(answer, question)}],
    }


def chunk_body(ident: str, created: int, model: str, delta: dict, finish: str | None = None, **extras) -> dict:
    choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish, **extras}
    return {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model, "choices": [choice]}


def sse(data: dict | str) -> str:
    """One server-sent event (`data: ...` and a blank line)."""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return f"data: {payload}\n\n"


def message_text(content, index: int) -> str:
    """The text of a chat message: a string, or OpenAI's list of content parts of which only text is read."""
    if content is None or isinstance(content, str):
        return content or ""
    texts = []
    for part in content:
        kind = part.get("type") if isinstance(part, dict) else None
        if kind != "text" or not isinstance(part.get("text"), str):
            message = f"messages[{index}]: only text content is supported (got {kind!r})"
            raise ApiError(400, message, f"messages.{index}")
        texts.append(part["text"])
    return "\n".join(texts)


def conversation_question(messages: Sequence[tuple[str, str]]) -> tuple[str, str]:
    """(the last user message, the question to answer) from (role, text) turns.

    The last message must be the user's. Earlier user turns feed the chat's follow-up rewriting, turn by turn as the
    chat does (each follow-up is rewritten against the previous question as rewritten), so "and in 2021?" after a
    question about 2022 asks that question for 2021. System and assistant turns are read by no one: the answer
    comes from the reports, not from instructions.
    """
    from rag.answer.chain import validate_question
    from rag.chat import rewrite_followup

    if not messages or messages[-1][0] != "user":
        raise ApiError(400, "the last message must be the user's question (role 'user')", "messages")
    try:
        last = validate_question(messages[-1][1])
    except ValueError as exc:
        raise ApiError(400, f"messages[{len(messages) - 1}]: {exc}", "messages") from exc
    previous = None
    for role, text in messages[:-1]:
        if role == "user" and text.strip():
            previous = rewrite_followup(text, previous)
    return last, rewrite_followup(last, previous)


def document_records(index) -> list[dict]:
    """Every document of the index, by name: its title, format and pages as the index recorded them when it was
    built (`rag documents`), and its chunk and table counts in the loaded index."""
    chunks = Counter(chunk.doc_name for chunk in index.chunks)
    tables = Counter(table.doc_name for table in index.tables)
    recorded = index.manifest.documents if isinstance(index.manifest.documents, dict) else {}
    records = []
    for name in sorted(chunks):
        info = recorded.get(name) if isinstance(recorded.get(name), dict) else {}
        described = {key: info[key] for key in ("title", "format", "pages") if key in info}
        records.append({"name": name, **described, "chunks": chunks[name], "tables": tables[name]})
    return records


# --- the shared engine -----------------------------------------------------------------------------------------------


@dataclass
class Service:
    """What every request shares: one engine (index, retriever, models), the answer modes, the keys, the pool."""

    engine: object
    modes: tuple[str, ...] = ("grounded",)
    keys: tuple[str, ...] = ()
    workers: int = DEFAULT_WORKERS
    log: Callable[[str], None] = field(default=lambda message: print(message, file=sys.stderr), repr=False)
    started: int = field(default_factory=lambda: int(time.time()))
    ready: threading.Event = field(default_factory=threading.Event, repr=False)
    failure: str = ""
    # Requests that may wait for a worker (Settings.max_queue); one more gets 503 with Retry-After.
    max_queue: int = Settings.max_queue

    def __post_init__(self) -> None:
        self.pool = ThreadPoolExecutor(self.workers, thread_name_prefix="rag-api")
        self._names: tuple[object, tuple[str, ...]] = (None, ())
        self._pending = 0  # submitted to the pool and not finished: running (up to `workers`) and waiting
        self._pending_lock = threading.Lock()
        self._seconds = 0.1  # a running mean of how long a call takes in the pool, for Retry-After

    @property
    def retriever(self):
        """The engine's retriever as it is now: a report added through the chat points the engine at a new one."""
        return self.engine.retriever

    @property
    def index(self):
        return self.engine.retriever.index

    @property
    def documents(self) -> tuple[str, ...]:
        """The names of the current index's documents (listed again only when the index changes)."""
        from rag.engine import document_names

        index = self.index
        if self._names[0] is not index:
            self._names = (index, document_names(index))
        return self._names[1]

    @property
    def waiting(self) -> int:
        """Requests waiting for a worker now."""
        with self._pending_lock:
            return max(0, self._pending - self.workers)

    def submit(self, fn: Callable, *args, **kwargs) -> asyncio.Future:
        """Start the synchronous `fn` in the worker pool; await the returned future without blocking the event loop.

        When `max_queue` calls are already waiting for a worker, a 503 (`server_busy`) with Retry-After instead:
        waiting longer helps nobody under overload, and OpenAI's clients retry after the time it says."""
        with self._pending_lock:
            waiting = self._pending - self.workers
            if waiting >= self.max_queue:
                retry = max(RETRY_AFTER_MIN_S, math.ceil((waiting + 1) * self._seconds / self.workers))
                raise ApiError(
                    503,
                    f"the server is busy ({self._pending} requests in hand); retry in {retry} s",
                    code="server_busy",
                    headers={"Retry-After": str(retry)},
                )
            self._pending += 1
        task = partial(self._timed, fn, *args, **kwargs)
        try:
            future = self.pool.submit(task)
        except RuntimeError:  # the pool is shut down: the server is stopping
            self._release()
            raise ApiError(503, "the server is stopping", code="server_busy", headers={"Retry-After": "5"}) from None
        future.add_done_callback(self._release)  # when done, failed or cancelled (a client that left)
        return asyncio.wrap_future(future)

    async def call(self, fn: Callable, *args, **kwargs):
        """Run the synchronous `fn` in the worker pool (`submit`) and wait for it."""
        return await self.submit(fn, *args, **kwargs)

    def _timed(self, fn: Callable, *args, **kwargs):
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self._seconds = 0.9 * self._seconds + 0.1 * (time.perf_counter() - started)

    def _release(self, _future=None) -> None:
        with self._pending_lock:
            self._pending -= 1

    def warm_up(self) -> None:
        """Load the embedding model, the BM25 index and the reader's tables now, not in the first request; the
        server reports ready (/healthz) when this is done."""
        started = time.perf_counter()
        try:
            self.engine.ask(WARM_UP_QUESTION, "grounded")
            self.retriever.search(WARM_UP_QUESTION, k=1, documents=self.documents[:1])
        except Exception as exc:  # noqa: BLE001 - reported by /healthz and in one log line
            self.failure = one_line(exc)
            self.log(f"rag serve: warm-up failed: {self.failure}")
            return
        self.ready.set()
        self.log(f"ready: models loaded in {time.perf_counter() - started:.1f} s")

    def mode(self, name: str | None, param: str) -> str:
        """`name` when it is a mode this server answers with (a model, to OpenAI clients), else a 400."""
        if name not in self.modes:
            message = f"unknown {param} {name!r}; this server answers with: {', '.join(self.modes)} (GET /v1/models)"
            raise ApiError(400, message, param, "model_not_found")
        return name

    def scope(self, patterns: Sequence[str] | None, param: str) -> tuple[str, ...] | None:
        from rag.engine import EngineError, resolve_documents

        try:
            return resolve_documents(list(patterns or ()), self.documents)
        except EngineError as exc:
            raise ApiError(400, str(exc), param) from exc

    def ask(self, question: str, mode: str, documents: tuple[str, ...] | None) -> asyncio.Future:
        """The engine's answer, started in the pool (`submit`: a 503 when the queue is full); `answer` waits for it."""
        return self.submit(self.engine.ask, question, mode, documents)

    async def answer(self, asked: asyncio.Future, mode: str, param: str):
        """The `Answer` of a question started with `ask`. The chain's one-line ValueErrors (a question too long once a
        follow-up is rewritten) are a 400. An LLM that fails is answered by the chain as in the CLI and the chat (the
        grounded answer, with a note); an engine told not to fall back raises, a 502. Anything else is a 500 whose
        traceback goes to the server log only."""
        try:
            return await asked
        except ValueError as exc:
            raise ApiError(400, one_line(exc), param) from exc
        except Exception as exc:
            if mode == "llm":
                raise ApiError(502, f"the LLM failed: {one_line(exc)}", code="llm_error") from exc
            traceback.print_exception(exc, file=sys.stderr)
            raise ApiError(500, "internal error; the server log has the details") from exc


# --- the app ---------------------------------------------------------------------------------------------------------


class BodyLimit:
    """ASGI middleware: a /v1 request body over `limit` bytes is answered 413 before any route reads it (declared
    by Content-Length or counted as it arrives, for chunked uploads)."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES, prefix: str = "/v1", upload_limit: int = 0):
        self.app, self.limit, self.prefix, self.upload_limit = app, limit, prefix, upload_limit

    def limit_for(self, scope) -> int:
        """Report uploads (`POST /v1/documents`) may be as large as a corpus file may be; other bodies are small."""
        upload = scope.get("method") == "POST" and scope["path"].rstrip("/") == UPLOAD_PATH
        return self.upload_limit if upload and self.upload_limit else self.limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            return await self.app(scope, receive, send)
        limit = self.limit_for(scope)
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            return await self._too_large(scope, receive, send, limit)
        parts, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, receive, send)
            parts.append(message.get("body", b""))
            size += len(parts[-1])
            if size > limit:
                return await self._too_large(scope, receive, send, limit)
            if not message.get("more_body"):
                break
        from rag.chat import replaying

        await self.app(scope, replaying(b"".join(parts), receive), send)

    async def _too_large(self, scope, receive, send, limit: int):
        from fastapi.responses import JSONResponse

        if limit == self.limit:
            message = f"request body over {limit // 1024} KiB; send a shorter conversation or question"
        else:
            message = f"upload over {limit // (1024 * 1024)} MB (RAG_MAX_FILE_MB); send the reports one by one"
        await JSONResponse(error_body(message, code="request_too_large"), status_code=413)(scope, receive, send)


def create_app(service: Service):
    """The FastAPI app over `service` (routes, error shapes, key check, body limit); mount the chat with
    `mount_chat` after this, so that the chat's catch-all `/` comes after these routes."""
    from contextlib import asynccontextmanager
    from typing import Annotated, Any, Literal

    from fastapi import Depends, FastAPI, Query, Request, UploadFile
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, StreamingResponse
    from pydantic import BaseModel, ConfigDict, Field
    from starlette.exceptions import HTTPException

    from rag.answer.chain import validate_question
    from rag.engine import add_to_engine
    from rag.retrieve.hybrid import MODES as SEARCH_MODES
    from rag.retrieve.hybrid import hit_record

    @asynccontextmanager
    async def lifespan(_app):
        warm = asyncio.get_running_loop().run_in_executor(service.pool, service.warm_up)
        yield
        warm.cancel()
        service.pool.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        title="Economic-policy reports Q&A",
        version="1",
        summary="Answers with cited, checked numbers; OpenAI-compatible chat completions.",
        lifespan=lifespan,
    )
    app.state.service = service
    settings = getattr(getattr(service.engine, "retriever", None), "settings", None) or Settings()
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES, upload_limit=int(settings.max_file_mb * 1024 * 1024))
    if settings.cors_origins:  # added last, so outermost: a 413 or 503 reaches the browser's page too
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["Retry-After"],
        )

    @app.exception_handler(ApiError)
    async def api_error(_request, exc: ApiError):
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers or None)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request, exc: RequestValidationError):
        problem = exc.errors()[0] if exc.errors() else {}
        loc = [str(part) for part in problem.get("loc", ()) if part not in ("body", "query")]
        if problem.get("type") == "json_invalid":
            return JSONResponse(error_body("the request body is not valid JSON"), status_code=400)
        if tuple(problem.get("loc", ())) == ("body",):
            message = "the request body must be a JSON object, sent with Content-Type: application/json"
            return JSONResponse(error_body(message), status_code=400)
        param = ".".join(loc) or None
        message = f"{param}: {problem.get('msg', 'invalid value')}" if param else problem.get("msg", "invalid request")
        return JSONResponse(error_body(message, param=param, code="invalid_value"), status_code=400)

    @app.exception_handler(HTTPException)
    async def http_error(_request, exc: HTTPException):
        return JSONResponse(error_body(str(exc.detail), code=str(exc.status_code)), status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def server_error(_request, exc: Exception):
        traceback.print_exception(exc, file=sys.stderr)
        return JSONResponse(error_body("internal error; the server log has the details", "server_error"), 500)

    def require_key(request: Request) -> None:
        if service.keys and not key_matches(request.headers.get("authorization"), service.keys):
            raise ApiError(401, "missing or wrong API key; send Authorization: Bearer KEY", code="invalid_api_key")

    # --- request shapes (the /docs page shows them) ---

    class ChatMessage(BaseModel):
        model_config = ConfigDict(extra="allow")
        role: Literal["system", "developer", "user", "assistant", "tool", "function"]
        content: str | list[dict[str, Any]] | None = None

    class ChatRequest(BaseModel):
        """OpenAI's chat completion request; sampling fields (temperature, max_tokens, ...) are accepted and
        ignored. `documents` (file names or globs; `extra_body` in the openai client) limits the sources."""

        model_config = ConfigDict(extra="allow")
        model: str
        messages: list[ChatMessage] = Field(min_length=1)
        stream: bool = False
        n: int = 1
        documents: list[str] | None = None

    class AnswerRequest(BaseModel):
        model_config = ConfigDict(extra="forbid")
        question: str
        mode: str = "grounded"
        documents: list[str] | None = Field(default=None, description="file names or globs (GET /v1/documents)")

    # --- routes ---

    @app.get("/healthz", tags=["health"])
    async def healthz():
        """Ready (200) once the index is loaded and the models are warm; 503 before, or when loading failed."""
        if service.ready.is_set():
            counts = {"documents": len(service.documents), "chunks": len(service.index.chunks)}
            return {"status": "ok", **counts, "models": list(service.modes)}
        status = {"status": "error", "error": service.failure} if service.failure else {"status": "loading"}
        return JSONResponse(status, status_code=503)

    v1 = dict(dependencies=[Depends(require_key)])

    @app.get("/v1/models", tags=["openai"], **v1)
    async def models():
        """The answer modes, as models: `grounded` (numbers read by code), and `llm` when an LLM is configured."""
        data = [{"id": m, "object": "model", "created": service.started, "owned_by": OWNER} for m in service.modes]
        return {"object": "list", "data": data}

    @app.post("/v1/chat/completions", tags=["openai"], **v1)
    async def chat_completions(body: ChatRequest):
        """The last user message is the question (earlier user turns rewrite a follow-up); the answer keeps its
        [n] markers, and `choices[0].citations` lists the sources. With `stream`, server-sent chunks end with
        `data: [DONE]`; the text is sent once it is checked (an LLM's unverified draft is never streamed)."""
        model = service.mode(body.model, "model")
        if body.n != 1:
            raise ApiError(400, "only n=1 is supported", "n")
        turns = [(m.role, message_text(m.content, i)) for i, m in enumerate(body.messages)]
        _, question = conversation_question(turns)
        documents = service.scope(body.documents, "documents")
        ident, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        asked = service.ask(question, model, documents)  # a full queue is a 503 here, before a stream begins
        if not body.stream:
            answer = await service.answer(asked, model, "messages")
            return completion_body(answer, model, question, ident, created)

        async def events():
            yield sse(chunk_body(ident, created, model, {"role": "assistant", "content": ""}))
            try:
                answer = await service.answer(asked, model, "messages")
            except ApiError as exc:
                yield sse(exc.body())
            else:
                yield sse(chunk_body(ident, created, model, {"content": answer.text}))
                yield sse(chunk_body(ident, created, model, {}, "stop", **answer_extras(answer, question)))
            yield sse("[DONE]")

        headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        return StreamingResponse(events(), media_type="text/event-stream", headers=headers)

    @app.post("/v1/answers", tags=["answers"], **v1)
    async def answers(body: AnswerRequest):
        """The full `Answer`: text, value and unit, source value and unit, formula, citations, refused,
        confidence, notes and per-stage timings."""
        mode = service.mode(body.mode, "mode")
        try:
            question = validate_question(body.question)
        except ValueError as exc:
            raise ApiError(400, str(exc), "question") from exc
        asked = service.ask(question, mode, service.scope(body.documents, "documents"))
        return asdict(await service.answer(asked, mode, "question"))

    @app.get("/v1/search", tags=["answers"], **v1)
    async def search(
        q: Annotated[str, Query(description="the question or search words")],
        k: Annotated[int, Query(ge=1, le=MAX_SEARCH_K)] = 5,
        document: Annotated[list[str] | None, Query(description="only these documents (file names or globs)")] = None,
        mode: Annotated[Literal[SEARCH_MODES] | None, Query(description="hybrid (default), dense or bm25")] = None,
    ):
        """Ranked passages, best first, as `rag search --json` prints them."""
        try:
            question = validate_question(q)
        except ValueError as exc:
            raise ApiError(400, str(exc), "q") from exc
        documents = service.scope(document, "document")
        started = time.perf_counter()
        hits = await service.call(service.retriever.search, question, k, mode, documents)
        return {
            "question": question,
            "mode": mode or service.retriever.settings.retrieval_mode,
            "latency_ms": round((time.perf_counter() - started) * 1000, 1),
            "hits": [hit_record(rank, hit) for rank, hit in enumerate(hits, 1)],
        }

    @app.get("/v1/documents", tags=["answers"], **v1)
    async def documents():
        """The documents the answers come from, with their chunk and table counts."""
        return {"object": "list", "data": document_records(service.index)}

    @app.post("/v1/documents", tags=["answers"], **v1)
    async def add_documents(files: list[UploadFile]):
        """Add report files (multipart field `files`; PDF, Word, Excel, CSV, HTML, text): each is read first and
        refused with its reason when it cannot be used; the index is updated and served at once."""
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for upload in files:
                name = Path(upload.filename or "").name
                if not name:
                    raise ApiError(400, "an uploaded file has no name", param="files", code="invalid_file")
                paths.append(Path(folder) / name)
                paths[-1].write_bytes(await upload.read())
            result = await service.call(add_to_engine, service.engine, paths, log=service.log)
        changes = {key: list(getattr(result, key)) for key in ("added", "replaced", "unchanged", "refused")}
        return {"object": "list", **changes, "data": document_records(service.index)}

    @app.api_route("/v1/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False, **v1)
    async def unknown(rest: str):
        raise ApiError(404, f"no route /v1/{rest}; see /docs", code="not_found")

    return app


def mount_chat(app, engine, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, mode: str = "grounded"):
    """The Gradio chat (`rag.chat.build_app`) at `/` of `app`, with its stylesheet and its optional login."""
    import gradio as gr

    from rag.chat import CSS, auth_from_env, build_app, default_feedback_path

    blocks = build_app(engine, engine.retriever.settings, default_feedback_path(), mode=mode)
    return gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        server_name=host,
        server_port=port,
        auth=auth_from_env(),
        css=CSS,
        ssr_mode=False,
        show_error=False,
    )


# --- `rag serve` -----------------------------------------------------------------------------------------------------


def uvicorn_log_config(level: str = "INFO") -> dict:
    """uvicorn's log lines through plain `logging.Formatter`s. The CLI redacts every log record as it is made
    (`rag.text.redact.install_log_redaction` folds the arguments into the message), and uvicorn's own formatters,
    which read an access line's arguments, would fail on every request."""
    handler = {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(levelname)s: %(message)s"}},
        "handlers": {"stderr": handler},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": ["stderr"], "level": level, "propagate": False},
        },
    }


def served_modes() -> tuple[str, ...]:
    """`grounded`, and `llm` when `RAG_LLM_BACKEND` names an LLM."""
    from rag.answer.llm import LLMConfig

    return ("grounded", "llm") if LLMConfig.from_env().backend != "none" else ("grounded",)


def embedding_threads(workers: int, cores: int | None = None) -> int:
    """ONNX Runtime threads per query embedding when `workers` answer at once: the cores shared out, at least one.
    On 2 cores with 2 workers, 1: two threads each would put four on two cores, and one thread embeds a query with
    less CPU than two (49-51 against 55-57 ms; the vectors are the same to the bit)."""
    return max(1, (cores or os.cpu_count() or 1) // workers)


def serve_settings(settings: Settings, workers: int, max_queue: int | None = None) -> Settings:
    """`rag serve`'s settings: the queue bound from --max-queue (else RAG_MAX_QUEUE), and the embedding threads
    shared out between the workers unless RAG_TORCH_THREADS sets them."""
    from dataclasses import replace

    if max_queue is not None:
        settings = replace(settings, max_queue=max_queue)
    if settings.max_queue < 0:
        raise ServeError("--max-queue (RAG_MAX_QUEUE) must be 0 or more")
    if not settings.torch_threads:
        settings = replace(settings, torch_threads=embedding_threads(workers))
    return settings


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from rag import engine as pipeline
    from rag.chat import auth_from_env

    keys = api_keys()
    check_binding(args.host, keys)
    if args.workers < 1:
        raise ServeError("--workers must be at least 1")
    settings = serve_settings(Settings.from_args(args), args.workers, args.max_queue)
    check_port_free(args.host, args.port)
    retriever = pipeline.open_retriever(settings, rebuild=not args.no_rebuild, log=pipeline.log)
    modes = served_modes()
    engine = pipeline.engine_over(retriever, modes[-1])
    app = create_app(Service(engine, modes, keys, args.workers, log=pipeline.log, max_queue=settings.max_queue))
    where = f"http://{args.host}:{args.port}"
    if not args.no_chat:
        mount_chat(app, engine, args.host, args.port)
        if not is_loopback(args.host) and auth_from_env() is None:
            pipeline.log(
                f"warning: the chat at {where}/ has no login (the API keys do not cover it); set RAG_CHAT_USER and "
                "RAG_CHAT_PASSWORD, or serve the API alone with --no-chat"
            )
    keys_note = f"{len(keys)} API key(s) required" if keys else "no API key (this machine only)"
    chat_note = "" if args.no_chat else f"; chat at {where}/"
    pipeline.log(f"API on {where}/v1 ({', '.join(modes)}; {keys_note}; docs at {where}/docs){chat_note}")
    uvicorn.run(app, host=args.host, port=args.port, log_config=uvicorn_log_config(), server_header=False)
    return 0


def register(sub, common) -> None:
    """Add the `serve` subcommand to the CLI."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "serve", help="serve the HTTP API (OpenAI-compatible) and the chat on one port"
    )
    common(parser)
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    parser.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        help=f"answers computed at once (default: {DEFAULT_WORKERS}, one per core)",
    )
    parser.add_argument(
        "--max-queue",
        type=int,
        help=f"requests that may wait for a worker; more get 503 with Retry-After (default: RAG_MAX_QUEUE or "
        f"{Settings.max_queue})",
    )
    parser.add_argument("--no-chat", action="store_true", help="serve the API only, without the chat at /")
    parser.add_argument("--no-rebuild", action="store_true", help="refuse a stale index instead of rebuilding")
    parser.set_defaults(func=cmd_serve)
