"""Test doubles: a deterministic hashing embedder that implements `rag.index.embedding.Embedder` without a model."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from rag.text.tokens import tokenize


class EmbedderFailure(RuntimeError):
    """Raised by a HashEmbedder told to fail, to simulate a model crashing mid-build."""


class HashEmbedder:
    """Bag-of-tokens vectors: each `rag.text.tokens.tokenize` token hashes (SHA-256) to an index and a sign.

    Texts that share tokens get closer vectors (inner product counts shared tokens), so dense search over a fake
    index is meaningful. A small whole-text component keeps distinct texts distinct even when their tokens are
    the same. Vectors are L2-normalised float32. `calls` counts the texts embedded (documents and queries).
    """

    def __init__(
        self,
        name: str = "hash-embedder",
        dimension: int = 128,
        fingerprint: dict[str, str] | None = None,
        fail_after: int | None = None,
    ):
        self._name = name
        self._dimension = dimension
        self._fingerprint = dict(fingerprint or {"hash-embedder": "v1"})
        self.fail_after = fail_after  # raise once this many document texts have been embedded in one call
        self.calls = 0
        self.document_calls = 0
        self.query_calls = 0

    @property
    def name(self) -> str:
        return self._name

    @property
    def dimension(self) -> int:
        return self._dimension

    def fingerprint(self) -> dict[str, str]:
        return dict(self._fingerprint)

    def _slot(self, key: str) -> tuple[int, float]:
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        return int.from_bytes(digest[:4], "big") % self._dimension, (1.0 if digest[4] & 1 else -1.0)

    def vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self._dimension, dtype=np.float64)
        for token in tokenize(text):
            index, sign = self._slot(token)
            vec[index] += sign
        index, sign = self._slot("\x00whole\x00" + text)
        vec[index] += sign * 0.05
        norm = np.linalg.norm(vec)
        return (vec / norm).astype(np.float32)

    def embed_documents(
        self, texts: Sequence[str], titles: Sequence[str] | None = None, show_progress: bool = False
    ) -> np.ndarray:
        titles = list(titles) if titles is not None else [""] * len(texts)
        out = []
        for done, (title, text) in enumerate(zip(titles, texts, strict=True)):
            if self.fail_after is not None and done >= self.fail_after:
                raise EmbedderFailure(f"simulated embedder failure after {done} texts")
            out.append(self.vector(f"{title}\n{text}" if title else text))
            self.calls += 1
            self.document_calls += 1
        return np.stack(out) if out else np.zeros((0, self._dimension), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        self.calls += 1
        self.query_calls += 1
        return self.vector(text)


class FakeLLMServer:
    """An OpenAI-compatible endpoint on 127.0.0.1 that fails on purpose, for the LLM failure paths.

    `GET /v1/models` answers 200 (so the start-up check passes) unless `models_status` says otherwise;
    `POST /v1/chat/completions` behaves as `mode` says:

    * ``ok``: a streamed (or plain) completion of `reply`;
    * ``500``: HTTP 500; ``401echo``: HTTP 401 whose body echoes the request's Authorization header (as some
      gateways do), so the key is in the error text;
    * ``drop``: the connection is closed without a response; ``cut``: two pieces of `reply`, then the connection
      drops mid-stream; ``slow``: the answer comes after `delay_s` (past a short client timeout);
    * ``flaky``: HTTP 503 for the first `failures` requests, then ``ok``.

    `requests` counts the completion requests (to see retries). Use as a context manager.
    """

    def __init__(self, mode: str = "ok", reply: str = "Manufacturing received 271.5 [1].", **options):
        self.mode = mode
        self.reply = reply
        self.delay_s = options.get("delay_s", 3.0)
        self.failures = options.get("failures", 1)
        self.models_status = options.get("models_status", 200)
        self.requests = 0
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeLLMServer:
        import threading
        from http.server import ThreadingHTTPServer

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:  # a client that hung up is part of the test
                pass

        self._server = QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _handler(self):
        import json
        import time
        from http.server import BaseHTTPRequestHandler

        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # chunked streams: a dropped connection is visible as one

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    if fake.models_status != 200:
                        self._json(fake.models_status, {"error": {"message": "no"}})
                        return
                    self._json(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
                else:
                    self._json(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                fake.requests += 1
                mode = fake.mode
                if mode == "flaky":
                    mode = "503" if fake.requests <= fake.failures else "ok"
                if mode in ("500", "503"):
                    self._json(int(mode), {"error": {"message": "upstream exploded", "type": "server_error"}})
                elif mode == "401echo":
                    echoed = self.headers.get("Authorization", "")
                    self._json(401, {"error": {"message": f"Invalid credentials in header: {echoed}"}})
                elif mode == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                elif mode == "slow":
                    time.sleep(fake.delay_s)
                    self._complete(request, fake.reply)
                elif mode == "cut":
                    self._complete(request, fake.reply, cut=True)
                else:
                    self._complete(request, fake.reply)

            def _complete(self, request: dict, text: str, cut: bool = False) -> None:
                if not request.get("stream"):
                    message = {"role": "assistant", "content": text}
                    choice = {"index": 0, "message": message, "finish_reason": "stop"}
                    self._json(
                        200,
                        {
                            "id": "x",
                            "object": "chat.completion",
                            "created": 0,
                            "model": "fake",
                            "choices": [choice],
                            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                        },
                    )
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                words = text.split(" ")
                pieces = [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
                for n, piece in enumerate(pieces):
                    if cut and n == 2:  # the connection drops mid-answer: no final chunk, so the client sees it
                        self.close_connection = True
                        self.connection.shutdown(2)
                        return
                    chunk = {
                        "id": "x",
                        "object": "chat.completion.chunk",
                        "created": 0,
                        "model": "fake",
                        "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
                    }
                    self._chunk(f"data: {json.dumps(chunk)}\n\n")
                end = {
                    "id": "x",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": "fake",
                    "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                }
                self._chunk(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n")
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()

            def _chunk(self, text: str) -> None:
                data = text.encode()
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

        return Handler
