"""The answer chain: gate → retrieve → select evidence → read → cite → verify → `Answer`, as a LangChain runnable.

The gate (`rag.read.gate`) refuses, before any model runs, a question in a language the system does not serve or
one that names nothing to look up (only a year, junk, question words).

Two readers return the same `Answer`. The grounded reader (default) finds, converts and computes numbers by code.
The LLM reader asks a chat model to write the answer from numbered passages, then every number it states is
checked against the passages it cites; an answer with an unsupported number is not shown as is: the chain falls
back to the grounded answer and records why in `notes`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from rag.answer.llm import LLMUnavailable, RetryPolicy, call_with_retries, stream_with_retries
from rag.answer.verify import citations_for_markers, substance_problem, verify_answer, verify_numbers
from rag.index.store import StoredIndex
from rag.read.gate import gate_question
from rag.read.question import detect_language
from rag.read.reader import grounded_answer, prepare_reader
from rag.retrieve.hybrid import HybridRetriever
from rag.text.normalise import normalise_text
from rag.types import Answer, Citation, Hit

MODES = ("grounded", "llm")
LLM_PASSAGES = 5
# Opens the note of an answer whose LLM text was not used (failed endpoint); verification failures say "not shown".
LLM_FAILED = "LLM answer not available"


@dataclass(frozen=True)
class Draft:
    """What flows between the chain's stages."""

    question: str
    mode: str
    documents: tuple[str, ...] | None = None
    hits: tuple[Hit, ...] = ()
    grounded: Answer | None = None
    llm_text: str = ""
    llm_failure: str = ""  # why the LLM gave no usable text (its endpoint failed), when it did not
    answer: Answer | None = None
    timings_ms: dict = field(default_factory=dict)
    # The retriever (and so the index) taken when the question arrived: a report added mid-request points the
    # engine at a new index, and one answer must not mix the old index's hits with the new index's tables.
    retriever: object = None

    def timed(self, stage: str, started: float, **changes) -> Draft:
        timings = {**self.timings_ms, stage: round((time.perf_counter() - started) * 1000, 1)}
        return replace(self, timings_ms=timings, **changes)


def load_prompt(prompts_dir: Path, name: str) -> str:
    path = prompts_dir / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"prompt file {path} cannot be read ({exc.strerror}); restore it from the repository") from exc


def passage_citations(hits: tuple[Hit, ...]) -> list[Citation]:
    """Numbered passages for the LLM, one per hit, quoting the chunk text as indexed."""
    return [
        Citation(
            n,
            hit.chunk.doc_name,
            hit.chunk.locator,
            hit.chunk.body,
            hit.chunk.start_line,
            hit.chunk.end_line,
            hit.chunk.id,
            hit.chunk.heading,
            hit.chunk.table_id,
            hit.chunk.row_label,
            page=hit.chunk.page,
            end_page=hit.chunk.end_page,
        )
        for n, hit in enumerate(hits, 1)
    ]


@dataclass
class AnswerEngine:
    """Holds the retriever (and so the loaded models) and answers questions through the chain."""

    retriever: HybridRetriever
    prompts_dir: Path
    chat_model: object | None = None
    k: int = 8
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # When the LLM endpoint fails: True shows the grounded answer with a note (CLI, chat); False raises
    # LLMUnavailable (batch runs stop instead of filling every row with a fallback).
    llm_fallback: bool = True
    _chain: object = field(default=None, init=False, repr=False)
    _vocabulary: tuple[object, str] | None = field(default=None, init=False, repr=False)
    _prepared: object | None = field(default=None, init=False, repr=False)  # the index `prepare_reader` has read

    # --- stages ------------------------------------------------------------------------------------------------

    def _gate(self, draft: Draft) -> Draft:
        """Refuse, before retrieval, a question in an unserved language or naming nothing to look up."""
        started = time.perf_counter()
        self._prepare(draft.retriever)
        lang = detect_language(draft.question)
        refusal = gate_question(draft.question, lang, partial(self._known, draft.retriever))
        if refusal is None:
            return draft.timed("gate", started)
        refused = Answer(draft.question, refusal.text, refused=True, confidence=1.0, lang=lang, notes=(refusal.note,))
        return draft.timed("gate", started, grounded=refused)

    def _prepare(self, retriever) -> None:
        """Prepare the reader once per index (`prepare_reader`), on the first question asked of it: a warm-up
        question (`rag serve`, the benchmarks) takes the one-time reading, even one the gate refuses."""
        index = getattr(retriever, "index", None)
        if isinstance(index, StoredIndex) and self._prepared is not index:
            prepare_reader(index)
            self._prepared = index

    def _known(self, retriever, word: str) -> bool:
        """Whether the reports (any chunk) or the glossary contain `word` (lower case). The text searched is made once
        per index: a report added while serving (`rag.engine.add_to_engine` gives the engine a new retriever and
        index) makes its words known at once."""
        index, glossary = getattr(retriever, "index", None), getattr(retriever, "glossary", None)
        made = self._vocabulary
        if made is None or made[0] is not index:
            texts = list(getattr(index, "lowered_texts", ()))
            texts += [f"{term.zh} {term.en}".lower() for term in getattr(glossary, "terms", ())]
            made = self._vocabulary = (index, "\n".join(texts))
        return not made[1] or word in made[1]

    def _retrieve(self, draft: Draft) -> Draft:
        if draft.grounded is not None:  # refused by the gate
            return draft
        started = time.perf_counter()
        hits = tuple(draft.retriever.search(draft.question, k=self.k, documents=draft.documents))
        return draft.timed("retrieve", started, hits=hits)

    def _index(self, draft: Draft) -> StoredIndex:
        """The index the reader and the verifier see: only the scope's documents when the question has a scope."""
        return draft.retriever.index.scoped(draft.documents)

    def _read(self, draft: Draft) -> Draft:
        if draft.grounded is not None:  # refused by the gate
            return draft
        started = time.perf_counter()
        grounded = grounded_answer(
            draft.question, draft.hits, self._index(draft), draft.retriever.glossary, self.prompts_dir
        )
        draft = draft.timed("read", started, grounded=grounded)
        if draft.mode == "llm" and not grounded.refused:
            started = time.perf_counter()
            try:
                text = self._generate(draft)
            except LLMUnavailable as exc:
                return draft.timed("generate", started, llm_failure=self._failed(exc))
            draft = draft.timed("generate", started, llm_text=text)
        return draft

    def _failed(self, exc: LLMUnavailable) -> str:
        """The note for an LLM that failed, or the failure itself when no fallback is wanted."""
        if not self.llm_fallback:
            raise exc
        return f"{LLM_FAILED} ({exc}); the grounded answer is shown"

    def _verify(self, draft: Draft) -> Draft:
        started = time.perf_counter()
        grounded = draft.grounded
        if draft.llm_failure:
            answer = replace(grounded, notes=grounded.notes + (draft.llm_failure,))
            return draft.timed("verify", started, answer=answer)
        if draft.mode != "llm" or grounded is None or grounded.refused or not draft.llm_text:
            problems = verify_answer(grounded, self._index(draft).table) if grounded else []
            notes = grounded.notes + tuple(f"unverified number {p}" for p in problems)
            answer = replace(grounded, notes=notes, confidence=grounded.confidence * (0.5 if problems else 1.0))
            return draft.timed("verify", started, answer=answer)
        answer = self._checked_llm_answer(draft)
        return draft.timed("verify", started, answer=answer)

    def _checked_llm_answer(self, draft: Draft) -> Answer:
        grounded = draft.grounded
        passages = passage_citations(draft.hits[:LLM_PASSAGES])
        cited = citations_for_markers(draft.llm_text, passages)
        problems = verify_numbers(draft.llm_text, cited, tables=self._index(draft).table)
        if problems:
            reason = "LLM answer not shown: " + "; ".join(str(p) for p in problems[:3])
            return replace(grounded, notes=grounded.notes + (reason,))
        if not cited:
            return replace(grounded, notes=grounded.notes + ("LLM answer not shown: it cited no passage",))
        empty = substance_problem(draft.llm_text, grounded.value, grounded.unit)
        if empty:  # `1. [1] 2. [2]` cites and states nothing false, and nothing at all
            return replace(grounded, notes=grounded.notes + (f"LLM answer not shown: {empty}",))
        renumbered = [replace(c, n=i) for i, c in enumerate(cited, 1)]
        text = draft.llm_text
        for old, new in zip(cited, renumbered, strict=True):
            text = text.replace(f"[{old.n}]", f"[\x00{new.n}]")
        text = text.replace("\x00", "")
        return replace(grounded, text=text, citations=tuple(renumbered), mode="llm")

    def _finish(self, draft: Draft) -> Answer:
        return replace(draft.answer, question=draft.question, timings_ms=dict(draft.timings_ms))

    # --- the LLM ------------------------------------------------------------------------------------------------

    def _messages(self, draft: Draft) -> list[tuple[str, str]]:
        lang = detect_language(draft.question)
        system = load_prompt(self.prompts_dir, f"llm_system_{lang}.txt")
        passages = "\n\n".join(
            f"[{c.n}] ({c.doc_name}, {c.locator})\n{c.quote}" for c in passage_citations(draft.hits[:LLM_PASSAGES])
        )
        user = load_prompt(self.prompts_dir, f"llm_user_{lang}.txt").format(passages=passages, question=draft.question)
        return [("system", system), ("human", user)]

    def _generate(self, draft: Draft) -> str:
        if self.chat_model is None:
            raise ValueError("LLM mode needs a chat model; set RAG_LLM_BACKEND (see README) or use --mode grounded")
        messages = self._messages(draft)
        message = call_with_retries(lambda: self.chat_model.invoke(messages), self.retry)
        return str(getattr(message, "content", message)).strip()

    # --- public -------------------------------------------------------------------------------------------------

    @property
    def chain(self):
        """gate | retrieve | read | verify | finish, as one LangChain runnable (input: a Draft)."""
        if self._chain is None:
            from langchain_core.runnables import RunnableLambda

            self._chain = (
                RunnableLambda(self._gate, name="gate")
                | RunnableLambda(self._retrieve, name="retrieve")
                | RunnableLambda(self._read, name="read")
                | RunnableLambda(self._verify, name="verify")
                | RunnableLambda(self._finish, name="answer")
            )
        return self._chain

    def ask(self, question: str, mode: str = "grounded", documents: tuple[str, ...] | None = None) -> Answer:
        """Answer `question`; with `documents` (file names), only from those documents."""
        question = validate_question(question)
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        started = time.perf_counter()
        answer = self.chain.invoke(Draft(question, mode, documents, retriever=self.retriever))
        return replace(
            answer, timings_ms={**answer.timings_ms, "total": round((time.perf_counter() - started) * 1000, 1)}
        )

    def stream(
        self, question: str, mode: str = "grounded", documents: tuple[str, ...] | None = None
    ) -> Iterator[str | Answer]:
        """Yield text pieces as they are produced, then the final (verified) `Answer`.

        Grounded mode yields the whole answer at once. LLM mode streams the model's tokens; if verification then
        fails, the final `Answer` is the grounded one (its notes say why), which callers show in place of the
        streamed text.
        """
        question = validate_question(question)
        if mode != "llm":
            answer = self.ask(question, mode, documents)
            yield answer.text
            yield answer
            return
        draft = self._read(self._retrieve(self._gate(Draft(question, "grounded", documents, retriever=self.retriever))))
        draft = replace(draft, mode="llm")
        if draft.grounded.refused or self.chat_model is None:
            yield from self._stream_grounded(draft)
            return
        started = time.perf_counter()
        pieces: list[str] = []
        messages = self._messages(draft)
        try:
            for chunk in stream_with_retries(lambda: self.chat_model.stream(messages), self.retry):
                piece = str(getattr(chunk, "content", chunk))
                pieces.append(piece)
                yield piece
        except LLMUnavailable as exc:
            draft = draft.timed("generate", started, llm_failure=self._failed(exc))
        else:
            draft = draft.timed("generate", started, llm_text="".join(pieces).strip())
        yield self._finish(self._verify(draft))

    def _stream_grounded(self, draft: Draft) -> Iterator[str | Answer]:
        answer = self._finish(self._verify(replace(draft, mode="grounded")))
        yield answer.text
        yield answer


MAX_QUESTION_CHARS = 2000


def validate_question(question: str) -> str:
    """A usable question, or a one-line ValueError saying what is wrong with it.

    The shared entry of every way in (CLI, chat, batch, API): Unicode spaces become spaces and invisible
    formatting goes (`normalise_text`), then any control character left is dropped.
    """
    if not isinstance(question, str):
        raise ValueError("the question must be text")
    cleaned = "".join(ch for ch in normalise_text(question) if ch.isprintable()).strip()
    if not cleaned:
        raise ValueError("empty question; type a question about the reports")
    if len(cleaned) > MAX_QUESTION_CHARS:
        raise ValueError(f"question is {len(cleaned)} characters; keep it under {MAX_QUESTION_CHARS}")
    return cleaned
