"""Dense embeddings: EmbeddingGemma-300M (default) or any sentence-transformers model.

torch and sentence-transformers are imported only here, when a model is first used. The model loads lazily
and once per `SentenceTransformerEmbedder` instance; callers share the instance they create.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.models import ensure_embeddinggemma, model_fingerprint
from rag.settings import DEFAULT_EMBEDDER, Settings


class Embedder(Protocol):
    """What the index and the retriever need from an embedding model."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def fingerprint(self) -> dict[str, str]: ...

    def embed_documents(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model used with its retrieval prompts (`encode_query` / `encode_document`).

    Vectors are L2-normalised float32, so inner product is cosine similarity.
    """

    def __init__(self, settings: Settings):
        self._settings = settings
        self._query_cache: dict[str, np.ndarray] = {}

    @property
    def name(self) -> str:
        """The model plus any Matryoshka truncation: vectors of different sizes never share an index."""
        dim = self._settings.embed_dim
        return f"{self._settings.embedder}@{dim}" if dim else self._settings.embedder

    @cached_property
    def model_path(self) -> str:
        if self._settings.embedder == DEFAULT_EMBEDDER:
            return str(ensure_embeddinggemma(self._settings.model_dir))
        return self._settings.embedder

    @cached_property
    def model(self):
        if self._settings.embedder == DEFAULT_EMBEDDER:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is local; never reach for a hub
        import torch
        from sentence_transformers import SentenceTransformer

        if self._settings.torch_threads:
            torch.set_num_threads(self._settings.torch_threads)
        return SentenceTransformer(
            self.model_path,
            device="cpu",
            truncate_dim=self._settings.embed_dim,
            model_kwargs={"torch_dtype": getattr(torch, self._settings.embed_dtype)},
        )

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def fingerprint(self) -> dict[str, str]:
        path = Path(self.model_path)
        return model_fingerprint(path) if path.is_dir() else {"name": self.name}

    def embed_documents(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        encode = getattr(self.model, "encode_document", self.model.encode)
        vectors = encode(
            list(texts),
            batch_size=self._settings.embed_batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query; repeated queries (batch reruns, follow-ups) are served from a small cache."""
        cached = self._query_cache.get(text)
        if cached is None:
            encode = getattr(self.model, "encode_query", self.model.encode)
            cached = np.asarray(encode([text], normalize_embeddings=True, convert_to_numpy=True)[0], dtype=np.float32)
            if len(self._query_cache) > 4096:
                self._query_cache.clear()
            self._query_cache[text] = cached
        return cached
