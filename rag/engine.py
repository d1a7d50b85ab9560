"""The one way to open the pipeline: `Settings` in, a ready `AnswerEngine` (index, retriever, reader) out.

The CLI, the chat, batch runs, the HTTP API, the benchmarks and the evals all open the engine here, so each gets
the same index checks, the same models (loaded once, lazily) and the same answer chain.
"""

from __future__ import annotations

import fnmatch
import sys
import threading
from collections.abc import Callable, Sequence

from rag.settings import Settings
from rag.text.redact import redact


class EngineError(ValueError):
    """A user-facing problem opening the engine (no LLM configured, an unknown document): one line."""


def log(message: str) -> None:
    """Progress and notices go to stderr, so stdout stays clean for --json; keys and credentials redacted."""
    print(redact(message), file=sys.stderr)


def load_components(settings: Settings):
    """The embedding model (loaded lazily on first use) and the glossary."""
    from rag.index.embedding import SentenceTransformerEmbedder
    from rag.text.glossary import Glossary

    return SentenceTransformerEmbedder(settings), Glossary.load()


def open_retriever(settings: Settings, rebuild: bool = True, log: Callable[[str], None] = log):
    """The hybrid retriever over a current index (built or rebuilt first when `rebuild` and it is stale)."""
    from rag.index.build import open_index
    from rag.retrieve.hybrid import HybridRetriever
    from rag.text.thesaurus import Thesaurus

    embedder, glossary = load_components(settings)
    index = open_index(settings, embedder, glossary, rebuild=rebuild, log=log)
    return HybridRetriever(index, embedder, settings, glossary, Thesaurus.load())


def reopen_retriever(retriever, log: Callable[[str], None] = log):
    """A retriever over the index as it is on disk now (after `add_reports`), keeping the loaded models."""
    from rag.index.build import open_index
    from rag.retrieve.hybrid import HybridRetriever

    index = open_index(retriever.settings, retriever.embedder, retriever.glossary, log=log)
    return HybridRetriever(index, retriever.embedder, retriever.settings, retriever.glossary, retriever.thesaurus)


def add_reports(
    settings: Settings,
    paths: Sequence,
    retriever=None,
    log: Callable[[str], None] = log,
):
    """Copy report files into the corpus folder and update the index (`rag add` and the chat's upload).

    Returns the `AddResult`. With an open `retriever`, its models are reused rather than loaded again.
    """
    from rag.index.add import add_files

    if retriever is not None:
        embedder, glossary = retriever.embedder, retriever.glossary
    else:
        embedder, glossary = load_components(settings)
    return add_files(settings, paths, embedder, glossary, log=log)


_ADDING = threading.Lock()


def add_to_engine(engine, paths: Sequence, settings: Settings | None = None, log: Callable[[str], None] = log):
    """Add report files (`add_reports`) and point `engine` at the updated index, one addition at a time: the chat's
    upload box and the HTTP API's `POST /v1/documents`. Returns the `AddResult`."""
    retriever = getattr(engine, "retriever", None)
    with _ADDING:
        result = add_reports(settings or retriever.settings, paths, retriever=retriever, log=log)
        if result.build is not None and retriever is not None:
            engine.retriever = reopen_retriever(engine.retriever, log=log)
    return result


def chat_model_for(mode: str, config=None):
    """The chat model the `llm` mode writes with (None for `grounded`), from the RAG_LLM_* environment."""
    if mode != "llm":
        return None
    from rag.answer.llm import LLMConfig, check_endpoint, make_chat_model

    config = config or LLMConfig.from_env()
    if config.backend == "none":
        raise EngineError(
            "--mode llm needs an LLM: set RAG_LLM_BACKEND=openai and RAG_LLM_BASE_URL, or "
            "RAG_LLM_BACKEND=gguf and RAG_LLM_GGUF (see README)"
        )
    if config.backend == "openai":
        check_endpoint(config)
    return make_chat_model(config)


def engine_over(retriever, mode: str = "grounded", llm_fallback: bool = True):
    """An answer engine over an open retriever (one retriever can serve several engines).

    `llm_fallback`: when the LLM endpoint fails mid-run, answer with the grounded reader and a note (True), or
    raise `LLMUnavailable` (False: a batch run stops, resumable, rather than quietly answering every row without it).
    """
    from rag.answer.chain import AnswerEngine
    from rag.answer.llm import LLMConfig, RetryPolicy

    config = LLMConfig.from_env() if mode == "llm" else None
    retry = config.retry if config else RetryPolicy()
    model = chat_model_for(mode, config)
    return AnswerEngine(retriever, retriever.settings.prompts_dir, model, retry=retry, llm_fallback=llm_fallback)


def open_engine(settings: Settings, mode: str = "grounded", rebuild: bool = True, log: Callable[[str], None] = log):
    """Index, retriever and answer chain from one `Settings`."""
    return engine_over(open_retriever(settings, rebuild=rebuild, log=log), mode)


def document_names(index) -> tuple[str, ...]:
    """The documents an index holds, by file name, sorted."""
    return tuple(sorted({chunk.doc_name for chunk in index.chunks}))


def resolve_documents(patterns: Sequence[str] | None, known: Sequence[str]) -> tuple[str, ...] | None:
    """The documents named by `patterns` (file names or globs); None when no pattern is given.

    An unknown name is one clear line that lists the documents there are.
    """
    if not patterns:
        return None
    chosen: list[str] = []
    for pattern in patterns:
        matches = [name for name in known if fnmatch.fnmatchcase(name, pattern) or name == pattern]
        if not matches:
            listing = ", ".join(known[:20]) + (f" … ({len(known)} in all)" if len(known) > 20 else "")
            raise EngineError(f"no document matches {pattern!r}; the index holds: {listing}")
        chosen.extend(name for name in matches if name not in chosen)
    return tuple(chosen)
