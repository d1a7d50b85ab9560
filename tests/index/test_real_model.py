"""Real-model tests: the verified EmbeddingGemma model, the real index in index/, and the `rag search` CLI.

Marked `model` (slow: the model loads once per session, about 15 s). CI runs them after `rag index`.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from rag.cli import main
from rag.engine import open_retriever
from rag.index.models import EXPECTED_SHA256, is_verified, sha256_file
from rag.settings import Settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="module")
def retriever(settings):
    return open_retriever(settings, rebuild=True, log=lambda _msg: None)


def test_model_files_are_the_published_ones(settings):
    assert is_verified(settings.model_dir)
    assert sha256_file(settings.model_dir / "modules.json") == EXPECTED_SHA256["modules.json"]


def test_embeddings_are_normalised_and_bilingual(retriever):
    embedder = retriever.embedder
    english = embedder.embed_query("manufacturing investment")
    chinese = embedder.embed_query("制造业投资")
    unrelated = embedder.embed_query("container port throughput")
    assert english.shape == (embedder.dimension,)
    assert np.isclose(np.linalg.norm(english), 1.0, atol=1e-3)
    assert float(english @ chinese) > float(english @ unrelated)


def _top(retriever, question: str, k: int = 5):
    return retriever.search(question, k=k)


@pytest.mark.parametrize(
    ("question", "table_id", "row_label"),
    [
        ("What was the 2022 outward FDI flow of China's manufacturing industry?", "1-9", "制造业"),
        ("What was the throughput of Ningbo Zhoushan port?", "3-1", "宁波舟山港"),
        ("IMF growth forecast for India in 2024", "1-11", "印度"),
        ("2022年，中国对拉丁美洲直接投资的流量为多少？", "1-10", "拉丁美洲"),
        ("浙江省制造业2022年对外投资流量", "4-4", "制造业"),
    ],
)
def test_search_puts_the_right_table_row_first(retriever, question, table_id, row_label):
    top = _top(retriever, question)
    rows = [(h.chunk.table_id, h.chunk.row_label) for h in top if h.chunk.kind == "table_row"]
    assert rows, f"no table row in the top 5 for {question!r}"
    assert rows[0] == (table_id, row_label), [h.chunk.locator for h in top]


def test_chinese_question_finds_english_prose(retriever):
    top = _top(retriever, "深圳如何加快集聚国际创新资源？")
    assert any(h.chunk.doc_name.startswith("003_") and "innovation resources" in h.chunk.text for h in top[:3])


def test_cli_search_json_lists_the_row_first(capsys):
    code = main(
        ["search", "Leasing and business services took what share of China's OFDI in 2022?", "-k", "3", "--json"]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    first = out["hits"][0]
    assert (first["table_id"], first["row_label"]) == ("1-9", "租赁和商务服务业")
    assert first["locator"].startswith("table 1-9, row 租赁和商务服务业")


def test_onnx_backend_reproduces_the_torch_float32_vectors(settings):
    """The ONNX graph (exported by `make model` with RAG_EMBED_BACKEND=onnx, or here on first use) gives the torch
    float32 vectors: pooling, both Dense layers and normalisation are inside it, long passages are cut at the same
    token, and texts padded in one batch match texts embedded alone."""
    from dataclasses import replace

    from rag.index.embedding import SentenceTransformerEmbedder

    base = replace(settings, embed_dtype="float32", embed_quantize="", embed_dim=None)
    reference = SentenceTransformerEmbedder(replace(base, embed_backend="torch"))
    onnx = SentenceTransformerEmbedder(replace(base, embed_backend="onnx"))
    long_table = " | ".join(f"2022年 第{i}行 制造业 {i * 3.7:.1f} 亿美元" for i in range(300))
    documents = [long_table, "Shenzhen will gather international innovation resources.", "港口吞吐量增长5%"]
    queries = ["How large was manufacturing outward FDI from China in the year 2022?", "宁波舟山港口去年完成多少吞吐？"]
    assert onnx.dimension == reference.dimension
    documents_cosine = (reference.embed_documents(documents) * onnx.embed_documents(documents)).sum(axis=1)
    queries_cosine = (reference.embed_queries(queries) * onnx.embed_queries(queries)).sum(axis=1)
    assert documents_cosine.min() > 0.999 and queries_cosine.min() > 0.999, (documents_cosine, queries_cosine)


def test_block8_graph_keeps_the_torch_float32_vectors(settings):
    """The default precision (8-bit weights and int8 products in blocks of 32) is held to the float32 bar: cosine
    above 0.999 to torch float32 for Chinese and English passages, a long table cut at 512 tokens, and queries."""
    from dataclasses import replace

    from rag.index.embedding import SentenceTransformerEmbedder

    base = replace(settings, embed_dtype="float32", embed_dim=None)
    reference = SentenceTransformerEmbedder(replace(base, embed_backend="torch", embed_quantize=""))
    block8 = SentenceTransformerEmbedder(replace(base, embed_backend="onnx", embed_quantize="block8"))
    assert block8.name.endswith("+onnx+block8")
    long_table = " | ".join(f"2022年 第{i}行 制造业 {i * 3.7:.1f} 亿美元" for i in range(300))
    documents = [long_table, "Shenzhen will gather international innovation resources.", "港口吞吐量增长5%"]
    queries = ["How large was manufacturing outward FDI from China in the year 2022?", "宁波舟山港口去年完成多少吞吐？"]
    documents_cosine = (reference.embed_documents(documents) * block8.embed_documents(documents)).sum(axis=1)
    queries_cosine = (reference.embed_queries(queries) * block8.embed_queries(queries)).sum(axis=1)
    assert documents_cosine.min() > 0.999 and queries_cosine.min() > 0.999, (documents_cosine, queries_cosine)
