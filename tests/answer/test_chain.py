"""The answer chain: stages, timings, LLM verification and fallback, streaming, bad questions.

Fast tests use a small index built with the hash embedder and LangChain's fake chat model; the real-LLM test runs
the chain through SmolLM2-135M behind a real OpenAI-compatible server with the real EmbeddingGemma index.
"""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from rag.answer.chain import AnswerEngine, validate_question
from rag.answer.verify import verify_numbers
from rag.index.build import open_index
from rag.retrieve.hybrid import HybridRetriever
from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary
from rag.types import Answer
from tests.fakes import HashEmbedder

PROMPTS = PROJECT_ROOT / "prompts"


@pytest.fixture
def retriever(settings):
    embedder, glossary = HashEmbedder(), Glossary.load()
    index = open_index(settings, embedder, glossary, log=lambda _m: None)
    return HybridRetriever(index, embedder, settings, glossary)


def engine_with(retriever, *replies: str) -> AnswerEngine:
    chat = FakeListChatModel(responses=list(replies)) if replies else None
    return AnswerEngine(retriever, PROMPTS, chat)


def test_grounded_answer_carries_stage_timings(retriever):
    answer = engine_with(retriever).ask("How much was invested in manufacturing in 2022?")
    assert isinstance(answer, Answer) and answer.mode == "grounded"
    assert {"retrieve", "read", "verify", "total"} <= set(answer.timings_ms)
    assert verify_numbers(answer.text, answer.citations, answer.formula, retriever.index.table) == []


@pytest.mark.parametrize("bad", ["", "   ", "\x00\x01", "x" * 20_000])
def test_bad_questions_are_one_line_errors(retriever, bad):
    with pytest.raises(ValueError) as info:
        engine_with(retriever).ask(bad)
    assert "\n" not in str(info.value)
    with pytest.raises(ValueError):
        validate_question(bad)


def test_words_of_a_report_added_while_serving_are_known_at_once(retriever):
    """The gate refuses a question none of whose words the reports hold; after an addition (the engine gets a new
    retriever over a new index, as `rag.engine.add_to_engine` does) the new report's words pass."""
    from dataclasses import replace

    from rag.types import Chunk

    engine = engine_with(retriever)
    question = "How much zorblax quuxite?"
    unknown = "The reports do not mention any word of the question"
    assert engine.ask(question).text.startswith(unknown)
    index = retriever.index
    added = Chunk("added.txt", "prose", "Added\nZorblax quuxite was 12 tonnes in 2023.", 1, 1, (), title="Added")
    engine.retriever = replace(retriever, index=replace(index, chunks=(*index.chunks, added)))
    assert not engine.ask(question).text.startswith(unknown)


def test_a_report_added_mid_question_does_not_mix_indexes(retriever, monkeypatch):
    """`add_to_engine` swaps the engine's retriever while a question may be between retrieval and reading: the
    reader and the verifier must still see the index the hits came from."""
    from dataclasses import replace

    from rag.answer import chain

    engine = engine_with(retriever)
    swapped = replace(retriever, index=replace(retriever.index, chunks=retriever.index.chunks[:1]))
    real_search, seen = retriever.search, []

    def search_then_swap(*args, **kwargs):
        engine.retriever = swapped  # an upload lands while this question is being answered
        return real_search(*args, **kwargs)

    def reader(question, hits, index, glossary, prompts_dir):
        seen.append(len(index.chunks))
        return real_reader(question, hits, index, glossary, prompts_dir)

    real_reader = chain.grounded_answer
    monkeypatch.setattr(chain, "grounded_answer", reader)
    monkeypatch.setattr(retriever, "search", search_then_swap)
    engine.ask("How much was invested in manufacturing in 2022?")
    assert seen == [len(retriever.index.chunks)] and engine.retriever is swapped


def test_unknown_mode_is_refused(retriever):
    with pytest.raises(ValueError, match="unknown mode"):
        engine_with(retriever).ask("manufacturing?", mode="magic")


def test_llm_answer_with_supported_numbers_is_shown_and_renumbered(retriever):
    hits = retriever.search("manufacturing 2022 flows", k=5)
    second = next(n for n, h in enumerate(hits, 1) if h.chunk.kind == "table_row" and h.chunk.row_label == "制造业")
    reply = f"Manufacturing received 271.5 (USD 100 million) in 2022 [{second}]."
    engine = engine_with(retriever, reply)
    engine.k = 5
    answer = engine.ask("manufacturing 2022 flows", mode="llm")
    if answer.refused:
        pytest.skip("the grounded reader refused on the tiny fake corpus")
    assert answer.mode == "llm", answer.notes
    assert answer.text == "Manufacturing received 271.5 (USD 100 million) in 2022 [1]."
    assert [c.n for c in answer.citations] == [1] and answer.citations[0].row_label == "制造业"
    assert "generate" in answer.timings_ms


def test_llm_answer_with_an_invented_number_falls_back_to_grounded(retriever):
    engine = engine_with(retriever, "Manufacturing received 999.9 (USD 100 million) in 2022 [1].")
    answer = engine.ask("How much was invested in manufacturing in 2022?", mode="llm")
    assert answer.mode == "grounded"
    assert "999.9" not in answer.text
    if not answer.refused:
        assert any("LLM answer not shown" in note and "999.9" in note for note in answer.notes)


def test_llm_answer_without_citations_falls_back(retriever):
    engine = engine_with(retriever, "Manufacturing grew.")
    answer = engine.ask("How much was invested in manufacturing in 2022?", mode="llm")
    assert answer.mode == "grounded"
    if not answer.refused:
        assert any("cited no passage" in note for note in answer.notes)


def test_stream_yields_pieces_then_the_verified_answer(retriever):
    engine = engine_with(retriever, "Manufacturing received 999.9 in 2022 [1].")
    pieces = list(engine.stream("How much was invested in manufacturing in 2022?", mode="llm"))
    assert isinstance(pieces[-1], Answer)
    assert all(isinstance(p, str) for p in pieces[:-1]) and pieces[:-1]
    assert "999.9" not in pieces[-1].text


def test_llm_mode_without_a_model_is_a_clear_error(retriever):
    engine = engine_with(retriever)
    answer_or_error = None
    try:
        answer_or_error = engine.ask("How much was invested in manufacturing in 2022?", mode="llm")
    except ValueError as exc:
        assert "RAG_LLM_BACKEND" in str(exc)
        return
    assert answer_or_error.refused  # a refused question never reaches the model


@pytest.mark.llm
@pytest.mark.model
def test_chain_through_the_real_tiny_llm_never_shows_an_unverified_number(llm_server):
    from rag.answer.llm import LLMConfig, make_chat_model
    from rag.engine import open_retriever
    from rag.settings import Settings

    base_url, model = llm_server
    chat = make_chat_model(LLMConfig(backend="openai", base_url=base_url, model=model, max_tokens=96, timeout_s=60))
    engine = AnswerEngine(open_retriever(Settings.from_env(), log=lambda _m: None), PROMPTS, chat)
    pieces = list(engine.stream("What was the 2022 outward FDI flow of China's manufacturing industry?", mode="llm"))
    answer = pieces[-1]
    assert isinstance(answer, Answer)
    assert len(pieces) > 2, "the LLM's tokens were not streamed"
    assert answer.mode in ("llm", "grounded")
    if answer.mode == "llm":  # shown as is only when every number is in a cited passage
        assert answer.citations
        assert verify_numbers(answer.text, answer.citations, tables=engine.retriever.index.table) == []
    else:  # the tiny model invented or uncited something: the grounded answer is shown, and why is recorded
        assert any(note.startswith("LLM answer not shown") for note in answer.notes)
