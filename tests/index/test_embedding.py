"""The query-vector cache of `SentenceTransformerEmbedder`: bounded, least recently used dropped first."""

from __future__ import annotations

import numpy as np

from rag.index import embedding
from rag.index.embedding import SentenceTransformerEmbedder
from rag.settings import Settings


class CountingModel:
    """Stands in for the model: one vector per text, counting the texts it embeds."""

    def __init__(self):
        self.embedded: list[str] = []

    def encode_query(self, texts, **_options):
        self.embedded += list(texts)
        return np.array([[float(len(text)), 1.0] for text in texts], dtype=np.float32)

    encode = encode_query


def embedder_with(model, monkeypatch, size: int) -> SentenceTransformerEmbedder:
    monkeypatch.setattr(embedding, "QUERY_CACHE", size)
    embedder = SentenceTransformerEmbedder(Settings())
    embedder.__dict__["model"] = model  # what the lazy `model` property would hold once loaded
    return embedder


def test_a_query_is_embedded_once_and_the_least_recently_used_is_dropped(monkeypatch):
    model = CountingModel()
    embedder = embedder_with(model, monkeypatch, size=2)
    first = embedder.embed_query("outward investment")
    assert np.array_equal(embedder.embed_query("outward investment"), first)
    assert model.embedded == ["outward investment"]
    embedder.embed_query("ports")
    embedder.embed_query("outward investment")  # used again: `ports` is now the least recently used
    embedder.embed_query("tonnage")
    embedder.embed_query("outward investment")
    embedder.embed_query("ports")
    assert model.embedded == ["outward investment", "ports", "tonnage", "ports"]


def test_embed_queries_fills_the_cache_in_one_call(monkeypatch):
    model = CountingModel()
    embedder = embedder_with(model, monkeypatch, size=8)
    vectors = embedder.embed_queries(["a b", "c", "a b"])
    assert vectors.shape == (3, 2) and model.embedded == ["a b", "c"]
    assert np.array_equal(embedder.embed_query("c"), vectors[1]) and model.embedded == ["a b", "c"]
    embedder.clear_query_cache()
    embedder.embed_query("c")
    assert model.embedded == ["a b", "c", "c"]
