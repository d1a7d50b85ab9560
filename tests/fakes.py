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
