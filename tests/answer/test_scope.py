"""Questions scoped to a document: retrieval and everything the reader looks up beyond its hits (operand rows,
related tables, table lookups) stay inside the scope. Two made-up reports share a table number and row labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.answer.chain import AnswerEngine
from rag.index.build import open_index
from rag.retrieve.hybrid import HybridRetriever
from rag.settings import PROJECT_ROOT, Settings
from rag.text.glossary import Glossary
from tests.fakes import HashEmbedder

ALPHA = """Alpha Corp annual report 2019

Alpha Corp sold widgets and gadgets in 2018 and 2019.

Table 1-1: Segment revenue
Unit: USD 100 million
Segment\t2018\t2019
Widgets\t120.5\t130.2
Gadgets\t80.1\t85.7
"""

BETA = """Beta Corp annual report 2019

Beta Corp sold widgets, gadgets and gizmos in 2018 and 2019.

Table 1-1: Segment revenue
Unit: USD 100 million
Segment\t2018\t2019
Widgets\t220.4\t240.9
Gadgets\t60.3\t58.1
Gizmos\t40.0\t50.0
"""


@pytest.fixture
def engine(tmp_path: Path, isolated_env) -> AnswerEngine:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (seeds / "beta.txt").write_text(BETA, encoding="utf-8")
    settings = Settings(seeds_dir=seeds, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")
    embedder, glossary = HashEmbedder(), Glossary.load()
    index = open_index(settings, embedder, glossary, log=lambda _m: None)
    return AnswerEngine(HybridRetriever(index, embedder, settings, glossary), PROJECT_ROOT / "prompts")


def test_scoped_view_holds_only_the_scope(engine: AnswerEngine) -> None:
    index = engine.retriever.index
    alpha = index.scoped(["alpha.txt"])
    assert {chunk.doc_name for chunk in alpha.chunks} == {"alpha.txt"}
    assert [table.doc_name for table in alpha.tables] == ["alpha.txt"]
    assert alpha.table("1-1").doc_name == "alpha.txt" and index.table("1-1", "beta.txt") is not None
    assert alpha.table("1-1", "beta.txt") is None
    assert index.scoped(("alpha.txt",)) is alpha  # one view per scope, made once
    assert index.scoped(None) is index
    both = index.scoped(["beta.txt", "alpha.txt"])
    assert len(both.chunks) == len(index.chunks) and both is index.scoped(["alpha.txt", "beta.txt"])


@pytest.mark.parametrize(("doc", "value"), [("alpha.txt", "130.2"), ("beta.txt", "240.9")])
def test_a_shared_label_is_answered_from_the_named_document(engine: AnswerEngine, doc: str, value: str) -> None:
    answer = engine.ask("What was the revenue of Widgets in 2019?", documents=(doc,))
    assert not answer.refused, answer.text
    assert value in answer.text
    assert {citation.doc_name for citation in answer.citations} == {doc}


def test_a_derived_answer_takes_its_operands_from_the_scope(engine: AnswerEngine) -> None:
    answer = engine.ask("How much did the revenue of Widgets grow from 2018 to 2019?", documents=("alpha.txt",))
    assert answer.citations and {c.doc_name for c in answer.citations} == {"alpha.txt"}
    assert "220.4" not in answer.text and "240.9" not in answer.text


def test_a_row_only_another_document_has_is_not_borrowed(engine: AnswerEngine) -> None:
    question = "How much did the revenue of Gizmos grow from 2018 to 2019?"
    unscoped = engine.ask(question)
    assert any(c.doc_name == "beta.txt" for c in unscoped.citations)  # the row exists, in beta
    scoped = engine.ask(question, documents=("alpha.txt",))
    assert all(c.doc_name == "alpha.txt" for c in scoped.citations)
    assert "50.0" not in scoped.text and "25" not in scoped.text


def test_chat_picker_scope_with_the_answer_engine(engine: AnswerEngine) -> None:
    from rag.chat import chosen_scope, respond

    known = ("alpha.txt", "beta.txt")
    scope = chosen_scope(["beta.txt"], known)
    *_, (history, sources, status, _, _) = respond(
        engine, "grounded", engine.retriever.index.table, "What was the revenue of Widgets in 2019?", [], {}, scope
    )
    assert "240.9" in history[-1]["content"] and "(in beta.txt)" in status
    assert "beta.txt" in sources and "alpha.txt" not in sources
